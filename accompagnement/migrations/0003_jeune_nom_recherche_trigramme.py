"""Index trigramme (pg_trgm, GIN) sur Jeune.nom_recherche : `nom_recherche__contains` reste rapide à un million de
lignes. Uniquement sur PostgreSQL ; SQLite (développement, tests) se contente d'un parcours de table."""

from django.db import migrations

INDEX = "accompagnement_jeune_nom_recherche_trgm"


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON accompagnement_jeune USING gin (nom_recherche gin_trgm_ops)"
    )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0002_initial")]

    operations = [migrations.RunPython(creer_index, supprimer_index, elidable=False)]
