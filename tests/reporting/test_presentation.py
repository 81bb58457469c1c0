"""Présentation des instantanés : l'ordre des cases vient des définitions, jamais de l'ordre des clés stockées
(PostgreSQL range les clés d'un jsonb par longueur : « 18_21 » y précède « moins_18 »)."""

from datetime import date

import pytest

from reporting.definitions import libelles_buckets
from reporting.presentation import Indicateurs
from reporting.services import snapshot_recalculer
from tests.reporting.factories import EvenementFactory, JeuneFactory

pytestmark = pytest.mark.django_db

N = 2018


def _inverser(valeur):
    """Mêmes données, clés de chaque dictionnaire dans l'ordre inverse (comme après un passage par jsonb)."""
    if isinstance(valeur, dict):
        return {cle: _inverser(valeur[cle]) for cle in reversed(list(valeur))}
    if isinstance(valeur, list):
        return [_inverser(v) for v in valeur]
    return valeur


@pytest.fixture
def indicateurs():
    for naissance in (date(1995, 6, 1), date(1995, 6, 1), date(1990, 1, 1)):  # 2 jeunes de 22-25 ans, 1 de 26+
        EvenementFactory(jeune=JeuneFactory(date_naissance=naissance), date=date(N, 5, 1))
    n, n1 = snapshot_recalculer(annee=N - 1), snapshot_recalculer(annee=N)
    for snapshot in (n, n1):
        snapshot.donnees, snapshot.details = _inverser(snapshot.donnees), _inverser(snapshot.details)
    return Indicateurs(n1, n)


def test_ventilation_dans_l_ordre_des_definitions(indicateurs):
    tableau = indicateurs.ventilation("par_tranche_age")
    attendu = list(libelles_buckets(N)["par_tranche_age"].values())
    assert [ligne[0] for ligne in tableau.lignes[: len(attendu)]] == attendu
    par_libelle = {ligne[0]: ligne[1] for ligne in tableau.lignes}
    assert par_libelle["22 à 25 ans"] == 2 and par_libelle["26 ans et plus"] == 1 and par_libelle["18 à 21 ans"] == 0


def test_graphique_dans_l_ordre_des_definitions(indicateurs):
    svg = str(indicateurs.graphique("par_tranche_age"))
    positions = [svg.index(libelle) for libelle in libelles_buckets(N)["par_tranche_age"].values()]
    assert positions == sorted(positions)
