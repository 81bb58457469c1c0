from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from weker.formulaires import MontantField


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("12 500,00", Decimal("12500.00")),
        ("12\u00a0500,5", Decimal("12500.5")),
        ("12\u202f500 €", Decimal("12500")),
        ("75,5", Decimal("75.5")),
        ("1234.50", Decimal("1234.50")),
    ],
)
def test_un_montant_saisi_a_la_francaise_est_compris(saisie, attendu):
    assert MontantField(max_digits=9, decimal_places=2).clean(saisie) == attendu


def test_un_montant_illisible_est_refuse_avec_un_message_francais():
    with pytest.raises(ValidationError) as erreur:
        MontantField(max_digits=9, decimal_places=2).clean("douze euros")
    assert "Saisissez un nombre" in str(erreur.value)
