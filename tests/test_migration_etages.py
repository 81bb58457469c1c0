"""Déplacement des journaux et de l'import de reprise hors de l'application « weker » (comptes/migrations/0005,
securite/migrations/0001, reprise/migrations/0001) : une base d'avant le déplacement garde ses lignes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reprise.models import ImportReprise
from securite.models import ConnexionJournal, JournalAcces

AVANT_LE_DEPLACEMENT = [("weker", "0004_importreprise"), ("securite", None), ("reprise", None)]


@pytest.mark.django_db(transaction=True)
def test_les_lignes_d_avant_le_deplacement_se_lisent_par_les_nouveaux_modeles():
    executor = MigrationExecutor(connection)
    feuilles = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(AVANT_LE_DEPLACEMENT)
        executor.loader.build_graph()
        anciennes = executor.loader.project_state(("weker", "0004_importreprise")).apps
        assert {m._meta.model_name for m in anciennes.get_app_config("weker").get_models()} >= {
            "journalacces", "connexionjournal", "importreprise",
        }  # fmt: skip
        anciennes.get_model("weker", "JournalAcces").objects.create(
            identifiant="alice", role="conseiller", action="consultation", objet="dossier d'avant"
        )
        anciennes.get_model("weker", "ConnexionJournal").objects.create(evenement="connexion", identifiant="alice")
        anciennes.get_model("weker", "ImportReprise").objects.create(nom_fichier="ancienne.zip")
        types_avant = {
            ct.model: ct.pk
            for ct in ContentType.objects.filter(model__in=["journalacces", "connexionjournal", "importreprise"])
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(feuilles)
    assert JournalAcces.objects.get().objet == "dossier d'avant"
    assert ConnexionJournal.objects.get().identifiant == "alice"
    assert ImportReprise.objects.get().nom_fichier == "ancienne.zip"
    # Mêmes types de contenu, renommés (permissions et journal de l'administration les gardent).
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(JournalAcces).pk == types_avant["journalacces"]
    assert ContentType.objects.get_for_model(ImportReprise).app_label == "reprise"
    assert not ContentType.objects.filter(app_label="weker", model__in=list(types_avant)).exists()
