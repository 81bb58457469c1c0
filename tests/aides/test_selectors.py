import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accompagnement.enums import Niveau, Sexe
from aides import selectors, services
from aides.enums import Fonds, ModePaiement, TypeAide, TypeDecision
from tests.aides.factories import (
    MONTFORT,
    DemandeAideFactory,
    JeuneFactory,
    budget_rennes_metropole,
    demande_accordee_notifiee,
)

pytestmark = pytest.mark.django_db


# --- Projection --------------------------------------------------------------------------------------------------


def test_projection_au_31_decembre_au_rythme_de_l_annee():
    # 1er avril 2026 : 91 jours écoulés sur 365.
    assert selectors.projection_au_31_decembre(Decimal("9100.00"), 2026, datetime.date(2026, 4, 1)) == Decimal(
        "36500.00"
    )
    # Arrondi au centime : 100 € après 3 jours → 100 × 365 / 3 = 12 166,666… → 12 166,67
    assert selectors.projection_au_31_decembre(Decimal("100"), 2026, datetime.date(2026, 1, 3)) == Decimal("12166.67")
    # Année bissextile : 366 jours.
    assert selectors.projection_au_31_decembre(Decimal("61"), 2028, datetime.date(2028, 3, 1)) == Decimal("366.00")
    # Année terminée : pas d'extrapolation.
    assert selectors.projection_au_31_decembre(Decimal("1234.5"), 2025, datetime.date(2026, 4, 1)) == Decimal("1234.50")


@settings(max_examples=50, deadline=None)
@given(
    accorde=st.decimals(min_value=0, max_value=1_000_000, places=2),
    jour=st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 12, 31)),
)
def test_la_projection_ne_descend_jamais_sous_l_accorde(accorde, jour):
    projection = selectors.projection_au_31_decembre(accorde, 2026, jour)
    assert isinstance(projection, Decimal)
    assert projection >= accorde
    if jour == datetime.date(2026, 12, 31):
        assert projection == accorde


# --- Budget ------------------------------------------------------------------------------------------------------


def test_budget_annuel_accorde_paye_restant(conseiller_rennes, secretariat_faj):
    budget = budget_rennes_metropole(agence="1000.00", ccas="500.00", reserve="300.00")
    a = demande_accordee_notifiee(conseiller_rennes, secretariat_faj, montant="250.50")
    demande_accordee_notifiee(conseiller_rennes, secretariat_faj, montant="100.25")
    services.demande_aide_payer(
        demande=a,
        par=secretariat_faj,
        mode=ModePaiement.VIREMENT,
        date=timezone.localdate(),
        reference="M1",
        montant=Decimal("200.10"),
    )
    services.reallocation_enregistrer(
        source=budget["reserve"], destination=budget["ccas"], montant=Decimal("50"), motif="x", par=secretariat_faj
    )
    annee = timezone.localdate().year
    [fonds] = selectors.budget_annuel(annee, aujourd_hui=datetime.date(annee, 12, 31))
    agence, ccas, reserve = sorted(
        fonds.sous_enveloppes, key=lambda s: ["agence", "ccas", "reserve"].index(s.enveloppe.type)
    )
    assert agence.accorde == Decimal("350.75")
    assert agence.paye == Decimal("200.10")
    assert agence.restant == Decimal("649.25")
    assert agence.reste_a_payer == Decimal("150.65")
    assert agence.projection == Decimal("350.75")  # au 31/12, la projection est l'accordé
    assert ccas.dotation == Decimal("550.00") and ccas.restant == Decimal("550.00")
    assert reserve.dotation == Decimal("250.00")
    assert fonds.accorde == Decimal("350.75")
    assert fonds.restant == Decimal("1449.25")
    assert fonds.total_sous_enveloppes == fonds.vote


def test_budget_annuel_en_nombre_de_requetes_constant(conseiller_rennes, secretariat_faj, django_assert_num_queries):
    budget_rennes_metropole()
    demande_accordee_notifiee(conseiller_rennes, secretariat_faj)
    annee = timezone.localdate().year
    with django_assert_num_queries(2):
        selectors.budget_annuel(annee)
    for _ in range(3):
        demande_accordee_notifiee(conseiller_rennes, secretariat_faj)
    with django_assert_num_queries(2):
        selectors.budget_annuel(annee)


# --- Chiffres du rapport d'activité ----------------------------------------------------------------------------------


def accordee(jeune, montant, *, fonds=Fonds.FAJ_RM, type=TypeAide.SUBSISTANCE, date=None, decision=None):
    montant = Decimal(montant)
    return DemandeAideFactory(
        jeune=jeune,
        fonds=fonds,
        type=type,
        date_demande=date or datetime.date(2025, 3, 1),
        montant_demande=montant,
        decision=decision or TypeDecision.ACCORDEE,
        montant_accorde=montant,
        date_decision=date or datetime.date(2025, 3, 10),
    )


def test_chiffres_faj_de_l_annee():
    rennaise = JeuneFactory(sexe=Sexe.FEMME, date_naissance=datetime.date(2005, 6, 1), niveau=Niveau.N4)
    montfortais = JeuneFactory(
        code_commune=MONTFORT, sexe=Sexe.HOMME, date_naissance=datetime.date(2003, 12, 31), niveau=""
    )
    accordee(rennaise, "75.00")
    accordee(rennaise, "75.01", type=TypeAide.MOBILITE)
    accordee(montfortais, "1000.00", fonds=Fonds.FAJ_CD35, type=TypeAide.LOGEMENT)
    accordee(montfortais, "1000.01", fonds=Fonds.FAJ_CD35, type=TypeAide.LOGEMENT)
    # Hors champ : refusée, ajournée, décidée en 2024, demandée en 2025 mais décidée en 2026
    for refus in (TypeDecision.REFUSEE, TypeDecision.AJOURNEE):
        DemandeAideFactory(
            jeune=rennaise,
            date_demande=datetime.date(2025, 4, 1),
            decision=refus,
            date_decision=datetime.date(2025, 5, 1),
        )
    accordee(rennaise, "300", date=datetime.date(2024, 12, 31))
    DemandeAideFactory(
        jeune=rennaise,
        date_demande=datetime.date(2025, 12, 20),
        decision=TypeDecision.ACCORDEE,
        montant_accorde=Decimal("150"),
        date_decision=datetime.date(2026, 1, 5),
    )

    chiffres = selectors.chiffres_faj(2025)

    assert chiffres["aides"] == 4
    assert chiffres["beneficiaires"] == 2
    assert chiffres["montant"] == Decimal("2150.02")
    assert chiffres["par_type"] == {
        "subsistance": 1,
        "mobilite": 1,
        "recherche_emploi": 0,
        "attente_remuneration": 0,
        "formation": 0,
        "logement": 2,
        "sante": 0,
    }
    assert chiffres["par_tranche_montant"] == {"1_75": 1, "76_150": 1, "151_300": 0, "301_1000": 1, "plus_1000": 1}
    assert chiffres["par_fonds"] == {
        "faj_rm": {"beneficiaires": 1, "montant": Decimal("150.01"), "aides": 2},
        "faj_cd35": {"beneficiaires": 1, "montant": Decimal("2000.01"), "aides": 2},
    }
    profil = chiffres["profil"]
    assert profil["beneficiaires"] == 2
    assert profil["rennes"] == 1
    assert profil["par_sexe"] == {"f": 1, "m": 1}
    # Âge au 31/12/2025 : née le 01/06/2005 → 20 ans ; né le 31/12/2003 → 22 ans (anniversaire le jour même)
    assert profil["par_tranche_age"] == {"moins_18": 0, "18_21": 1, "22_25": 1, "26_plus": 0}
    assert profil["par_niveau"] == {"infra_v": 0, "v": 0, "iv": 1, "iii_et_plus": 0, "non_renseigne": 1}


def test_chiffres_faj_accord_partiel_compte_et_annee_vide():
    jeune = JeuneFactory()
    accordee(jeune, "120", decision=TypeDecision.ACCORDEE_PARTIELLEMENT)
    assert selectors.chiffres_faj(2025)["par_fonds"]["faj_rm"]["aides"] == 1
    vide = selectors.chiffres_faj(2019)
    assert vide["aides"] == 0 and vide["montant"] == Decimal("0.00")
    assert vide["par_fonds"]["faj_cd35"] == {"beneficiaires": 0, "montant": Decimal("0.00"), "aides": 0}


def test_chiffres_faj_en_nombre_de_requetes_constant(django_assert_max_num_queries):
    for _ in range(2):
        accordee(JeuneFactory(), "100")
    with django_assert_max_num_queries(5) as avant:
        selectors.chiffres_faj(2025)
    for _ in range(10):
        accordee(JeuneFactory(), "100")
    with django_assert_max_num_queries(len(avant.captured_queries)):
        selectors.chiffres_faj(2025)
