"""Deux décisions au même instant ne dépassent jamais l'enveloppe (verrou de ligne PostgreSQL).

Le test a besoin de données validées (visibles des autres connexions) : il utilise `transactional_db`, qui vide
la base à la fin ; la fixture `territoires_recharges` (demandée AVANT `transactional_db`, donc démontée après)
recharge alors le référentiel territorial pour les tests suivants de la session.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from aides import services
from aides.enums import TypeDecision
from aides.models import DemandeAide, Enveloppe, Reallocation
from comptes.enums import Role
from tests.aides.factories import budget_rennes_metropole, demande_soumise, seance_ouverte_avec
from tests.weker.factories import UtilisateurFactory


@pytest.fixture
def territoires_recharges(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        call_command("charger_territoires", verbosity=0)


def decider_en_parallele(appels):
    """Lance les appels dans des fils qui démarrent ensemble ; renvoie (succès, refus)."""
    depart = threading.Barrier(len(appels))
    resultats = []

    def executer(appel):
        try:
            depart.wait()
            appel()
            resultats.append("ok")
        except ValidationError as erreur:
            resultats.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=executer, args=(appel,)) for appel in appels]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)
    succes = [r for r in resultats if r == "ok"]
    refus = [r for r in resultats if r != "ok"]
    return succes, refus


@pytest.mark.postgres
def test_decisions_simultanees_sans_depassement(territoires_recharges, transactional_db):
    conseiller = UtilisateurFactory(username="alice", role=Role.CONSEILLER)
    secretariat = UtilisateurFactory(username="fanny", role=Role.SECRETARIAT_FAJ)
    budget = budget_rennes_metropole(agence="100.00", ccas="0.00", reserve="0.00")
    demandes = [demande_soumise(conseiller, montant="60.00") for _ in range(6)]
    seance = seance_ouverte_avec(secretariat, *demandes)

    def appel(demande):
        return lambda: services.demande_aide_decider(
            demande=demande, seance=seance, par=secretariat, decision=TypeDecision.ACCORDEE
        )

    succes, refus = decider_en_parallele([appel(d) for d in demandes])

    assert len(succes) == 1  # 100 € ne financent qu'une aide de 60 €
    assert len(refus) == 5
    assert all("dépasserait l'enveloppe" in " ".join(e.messages) for e in refus)
    assert Enveloppe.objects.avec_montants().get(pk=budget["agence"].pk).accorde == Decimal("60.00")
    assert DemandeAide.objects.accordees().count() == 1


@pytest.mark.postgres
def test_reallocations_simultanees_depuis_la_reserve(territoires_recharges, transactional_db):
    conseiller = UtilisateurFactory(username="alice", role=Role.CONSEILLER)
    secretariat = UtilisateurFactory(username="fanny", role=Role.SECRETARIAT_FAJ)
    budget = budget_rennes_metropole(agence="0.00", ccas="0.00", reserve="100.00")
    demandes = [demande_soumise(conseiller, montant="40.00") for _ in range(5)]
    seance = seance_ouverte_avec(secretariat, *demandes)

    def appel(demande):
        return lambda: services.demande_aide_decider(
            demande=demande,
            seance=seance,
            par=secretariat,
            decision=TypeDecision.ACCORDEE,
            reallouer_depuis_reserve=True,
        )

    succes, refus = decider_en_parallele([appel(d) for d in demandes])

    assert len(succes) == 2  # la réserve de 100 € couvre deux aides de 40 €, pas trois
    assert services.montant_disponible(budget["reserve"]) == Decimal("20.00")
    assert sum(r.montant for r in Reallocation.objects.all()) == Decimal("80.00")
    assert Enveloppe.objects.avec_montants().get(pk=budget["agence"].pk).accorde == Decimal("80.00")
