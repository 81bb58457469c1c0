"""Index trigramme (pg_trgm, GIN) sur Entreprise.nom_recherche : la recherche par nom du registre
(`EntrepriseQuerySet.recherche`, `nom_recherche__contains`) reste rapide avec des dizaines de milliers
d'établissements. Uniquement sur PostgreSQL, comme celui des jeunes (accompagnement 0003)."""

from django.db import migrations

INDEX = "entreprises_entreprise_nom_recherche_trgm"


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON entreprises_entreprise USING gin (nom_recherche gin_trgm_ops)"
    )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("entreprises", "0002_historique_sans_nom_recherche")]

    operations = [migrations.RunPython(creer_index, supprimer_index, elidable=False)]
