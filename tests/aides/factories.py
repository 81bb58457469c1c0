"""Fabriques du FAJ. Les jeunes viennent des fabriques de l'accompagnement (pas de doublon)."""

from decimal import Decimal

import factory
from django.utils import timezone

from aides import services
from aides.enums import Fonds, TypeAide, TypeDecision, TypeEnveloppe
from aides.models import DemandeAide, Enveloppe, Seance
from tests.accompagnement.factories import (  # noqa: F401  (réexportés pour les tests du FAJ)
    MONTFORT_SUR_MEU as MONTFORT,
)
from tests.accompagnement.factories import PARIS, RENNES, JeuneFactory, commune, ne_il_y_a  # noqa: F401

SAINT_MALO = "35288"  # Ille-et-Vilaine, hors Rennes Métropole et hors bassin


class DemandeAideFactory(factory.django.DjangoModelFactory):
    """Demande brute (sans passer par le circuit) : pour les listes et les chiffres."""

    class Meta:
        model = DemandeAide

    jeune = factory.SubFactory(JeuneFactory)
    fonds = Fonds.FAJ_RM
    type = TypeAide.SUBSISTANCE
    montant_demande = Decimal("150.00")
    motivation = "Rupture de ressources en attendant la première paie."


class SeanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seance

    fonds = Fonds.FAJ_RM
    date = factory.LazyFunction(timezone.localdate)
    lieu = "Maison de l'emploi, salle du conseil"
    presidence = "Mme Le Bihan, vice-présidente de Rennes Métropole"


class EnveloppeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enveloppe
        django_get_or_create = ("fonds", "annee", "nom")

    fonds = Fonds.FAJ_RM
    annee = factory.LazyFunction(lambda: timezone.localdate().year)
    nom = "Enveloppe Mission Locale"
    type = TypeEnveloppe.AGENCE
    montant = Decimal("10000.00")


def budget_rennes_metropole(agence="10000.00", ccas="5000.00", reserve="2000.00", annee=None):
    """Budget FAJ RM de l'année : un budget de fonds découpé en Mission Locale, CCAS et réserve."""
    annee = annee or timezone.localdate().year
    total = Decimal(agence) + Decimal(ccas) + Decimal(reserve)
    fonds = EnveloppeFactory(nom="FAJ Rennes Métropole", type=TypeEnveloppe.FONDS, montant=total, annee=annee)
    return {
        "fonds": fonds,
        "agence": EnveloppeFactory(nom="Mission Locale", montant=Decimal(agence), parent=fonds, annee=annee),
        "ccas": EnveloppeFactory(
            nom="CCAS de Rennes", type=TypeEnveloppe.CCAS, montant=Decimal(ccas), parent=fonds, annee=annee
        ),
        "reserve": EnveloppeFactory(
            nom="Réserve", type=TypeEnveloppe.RESERVE, montant=Decimal(reserve), parent=fonds, annee=annee
        ),
    }


def demande_soumise(par, jeune=None, montant="150.00", type=TypeAide.SUBSISTANCE, **kwargs):
    demande = services.demande_aide_creer(
        jeune=jeune or JeuneFactory(),
        par=par,
        type=type,
        montant_demande=Decimal(montant),
        motivation="Rupture de ressources en attendant la première paie.",
        **kwargs,
    )
    return services.demande_aide_soumettre(demande=demande, par=par)


def seance_ouverte_avec(secretariat, *demandes, membres=()):
    seance = SeanceFactory(fonds=demandes[0].fonds if demandes else Fonds.FAJ_RM)
    seance.membres.set(membres)
    for demande in demandes:
        services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat)
    return services.seance_ouvrir(seance=seance, par=secretariat)


def demande_accordee_notifiee(par, secretariat, montant="150.00", accorde=None, jeune=None):
    """Demande passée en commission, accordée, séance close, notifiée : prête à être payée."""
    demande = demande_soumise(par, jeune=jeune, montant=montant)
    seance = seance_ouverte_avec(secretariat, demande)
    accorde = Decimal(accorde or montant)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat,
        decision=TypeDecision.ACCORDEE if accorde == Decimal(montant) else TypeDecision.ACCORDEE_PARTIELLEMENT,
        montant_accorde=accorde,
        motif="" if accorde == Decimal(montant) else "Montant ajusté au besoin réel.",
    )
    services.seance_clore(seance=seance, par=secretariat)
    return services.demande_aide_notifier(demande=demande, par=secretariat)


def texte_pdf(contenu: bytes) -> str:
    """Texte d'un PDF (pdftotext de poppler), pour vérifier ce que lit l'utilisateur."""
    import shutil
    import subprocess

    import pytest

    assert contenu.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) absent : contenu du PDF non vérifiable")
    resultat = subprocess.run(["pdftotext", "-layout", "-", "-"], input=contenu, capture_output=True, check=True)
    return " ".join(resultat.stdout.decode("utf-8").split())
