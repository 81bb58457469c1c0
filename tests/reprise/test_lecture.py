"""Conversion des cellules : dates, montants, périodes, codes, séparateur."""

import datetime
from decimal import Decimal

import pytest

from reprise.lecture import (
    ErreurValeur,
    detecter_separateur,
    lire_code,
    lire_date,
    lire_montant,
    lire_periode,
)


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("2024-02-29", datetime.date(2024, 2, 29)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
        ("01/12/1999", datetime.date(1999, 12, 1)),
    ],
)
def test_dates_acceptees(texte, attendu):
    assert lire_date(texte) == attendu


@pytest.mark.parametrize(
    "texte", ["2023-02-29", "31/04/2023", "2023-1-5", "5/1/2023", "20230105", "hier", "1850-01-01"]
)
def test_dates_refusees(texte):
    with pytest.raises(ErreurValeur):
        lire_date(texte)


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [("1234,50", "1234.50"), ("1234.5", "1234.50"), ("12", "12.00"), ("1 234,50", "1234.50"), ("0,01", "0.01")],
)
def test_montants_acceptes(texte, attendu):
    assert lire_montant(texte) == Decimal(attendu)


@pytest.mark.parametrize("texte", ["0", "0,00", "-3", "12,345", "1.234,50", "12 €", "abc", "10000000"])
def test_montants_refuses(texte):
    with pytest.raises(ErreurValeur):
        lire_montant(texte)


def test_periode():
    assert lire_periode("2024-03") == "2024-03"
    for texte in ("2024-00", "2024-13", "2024-3", "03/2024"):
        with pytest.raises(ErreurValeur):
            lire_periode(texte)


def test_codes_insensibles_a_la_casse():
    assert lire_code("Entretien_Individuel", ("entretien_individuel", "contact")) == "entretien_individuel"
    with pytest.raises(
        ErreurValeur, match="code inconnu « rdv » \\(valeurs possibles : entretien_individuel, contact\\)"
    ):
        lire_code("rdv", ("entretien_individuel", "contact"))


@pytest.mark.parametrize(
    ("entete", "separateur"),
    [("identifiant;nom;prenom", ";"), ("identifiant,nom,prenom", ","), ('"a;b",c,d', ","), ("identifiant", ";")],
)
def test_separateur_detecte_sur_l_en_tete(entete, separateur):
    assert detecter_separateur(entete) == separateur
