"""Montants dans les libellés des objets (listes déroulantes, administration, historique) : « 1 350,00 € », jamais
« 1350.00 € »."""

import datetime
from decimal import Decimal

from aides.models import DemandeAide, Paiement
from dispositifs.models import ParametreMontant, Versement


def _premier_choix(modele, champ):
    return modele._meta.get_field(champ).choices[0][0]


def test_demande_d_aide():
    demande = DemandeAide(
        type=_premier_choix(DemandeAide, "type"),
        fonds=_premier_choix(DemandeAide, "fonds"),
        montant_demande=Decimal("1350.00"),
    )
    assert "1\u202f350,00\u00a0€" in str(demande)
    assert "1350.00" not in str(demande)


def test_paiement():
    paiement = Paiement(
        montant=Decimal("350.00"), date=datetime.date(2026, 3, 2), mode=_premier_choix(Paiement, "mode")
    )
    assert str(paiement).startswith("350,00\u00a0€ le 02/03/2026")


def test_versement_et_montant_reglementaire():
    versement = Versement(
        fonds=_premier_choix(Versement, "fonds"), montant=Decimal("561.68"), date=datetime.date(2026, 1, 5)
    )
    assert "561,68\u00a0€ le 05/01/2026" in str(versement)
    parametre = ParametreMontant(
        code=_premier_choix(ParametreMontant, "code"), montant=Decimal("350.00"), date_effet=datetime.date(2026, 4, 1)
    )
    assert str(parametre).endswith(": 350,00\u00a0€ au 01/04/2026")
