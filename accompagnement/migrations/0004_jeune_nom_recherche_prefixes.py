"""Index plein texte (GIN, configuration « simple ») sur Jeune.nom_recherche : la recherche d'un fragment de 1 ou
2 lettres en début de mot (« le go ») reste rapide à un million de lignes, là où l'index trigramme ne sert à rien.
L'expression est exactement celle que produit SearchVector("nom_recherche", config="simple") dans
JeuneQuerySet.recherche, sans quoi PostgreSQL n'utiliserait pas l'index. Uniquement sur PostgreSQL."""

from django.db import migrations

INDEX = "accompagnement_jeune_nom_recherche_mots"


def creer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON accompagnement_jeune "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(nom_recherche, '')))"
    )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0003_jeune_nom_recherche_trigramme")]

    operations = [migrations.RunPython(creer_index, supprimer_index, elidable=False)]
