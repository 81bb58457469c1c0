"""Recherche par nom : sans accents ni casse, chaque mot saisi doit figurer ; les fragments courts (1 ou 2 lettres)
commencent un mot. Mêmes résultats sur SQLite et PostgreSQL ; sur PostgreSQL, les index servent vraiment."""

import pytest
from django.db import connection

from accompagnement.models import Jeune
from tests.accompagnement.factories import JeuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeunes():
    return {
        "eloise": JeuneFactory(nom="Le Goff", prenom="Éloïse"),
        "alexandre": JeuneFactory(nom="Gomez", prenom="Alexandre"),
        "yann": JeuneFactory(nom="Legoff", prenom="Yann"),
        "lea": JeuneFactory(nom="Martin", nom_usage="Le Gall", prenom="Léa"),
    }


def trouves(texte):
    return {j.prenom for j in Jeune.objects.recherche(texte)}


def test_mot_de_trois_lettres_ou_plus_n_importe_ou_dans_le_nom(jeunes):
    assert trouves("GOFF") == {"Éloïse", "Yann"}
    assert trouves("éloïse le goff") == {"Éloïse"}
    assert trouves("lexa") == {"Alexandre"}


def test_fragment_court_en_debut_de_mot(jeunes):
    # Ni ALEXANDRE GOMEZ (« le » est dans alexandre, pas en tête) ni LEGOFF (« go » n'y commence pas un mot).
    assert trouves("le go") == {"Éloïse"}
    assert trouves("go") == {"Éloïse", "Alexandre"}
    assert trouves("le") == {"Éloïse", "Yann", "Léa"}  # nom d'usage compris
    assert trouves("Y") == {"Yann"}


def test_ponctuation_sans_erreur(jeunes):
    assert trouves("l: &") == {"Éloïse", "Yann", "Léa"}  # « : » et « & » ignorés, « l » cherché en début de mot
    assert trouves("' !") == {"Éloïse", "Alexandre", "Yann", "Léa"}
    assert trouves("") == {"Éloïse", "Alexandre", "Yann", "Léa"}


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("texte", "index"),
    [("goff", "accompagnement_jeune_nom_recherche_trgm"), ("le go", "accompagnement_jeune_nom_recherche_mots")],
)
def test_les_index_de_recherche_servent(jeunes, texte, index):
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")  # petite table : sans cela le planificateur la parcourt
    plan = Jeune.objects.recherche(texte).explain()
    assert index in plan
