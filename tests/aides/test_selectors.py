import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from aides import selectors, services
from aides.enums import ModePaiement
from tests.aides.factories import (
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
