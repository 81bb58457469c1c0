"""Le jeu de données du banc d'essai est déterministe et valide au regard du format."""

import pytest

from accompagnement.models import Evenement, Jeune
from developpement.management.commands.bench_reprise import generer

pytestmark = pytest.mark.django_db


def test_jeu_genere_deterministe_et_importable(tmp_path, importer):
    premier, second = tmp_path / "a", tmp_path / "b"
    premier.mkdir()
    second.mkdir()

    lignes = generer(premier, 30, 250, graine=7)
    generer(second, 30, 250, graine=7)

    assert lignes["jeunes.csv"] == 30 and lignes["evenements.csv"] == 250
    for nom in lignes:
        assert (premier / nom).read_bytes() == (second / nom).read_bytes()
    resultat = importer(premier)
    assert resultat.code == 0, resultat.sortie
    assert (Jeune.objects.count(), Evenement.objects.count()) == (30, 250)
    assert "evenements.csv : 250 lignes, 0 créés, 0 modifiés" in importer(premier).lignes
