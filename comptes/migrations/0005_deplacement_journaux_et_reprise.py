# Journal des accès, journal des connexions et import de reprise quittent l'application « weker » (comptes) pour
# « securite » et « reprise » (voir securite/migrations/0001 et reprise/migrations/0001) : état seulement, les
# tables gardent leur nom. Les types de contenu sont renommés (mêmes lignes, donc mêmes permissions et mêmes
# entrées du journal de l'administration) au lieu d'être recréés à côté des anciens.

from django.db import migrations

DEPLACES = {"journalacces": "securite", "connexionjournal": "securite", "importreprise": "reprise"}


def renommer_types_de_contenu(apps, schema_editor, *, sens):
    ContentType = apps.get_model("contenttypes", "ContentType")
    base = schema_editor.connection.alias
    for modele, application in DEPLACES.items():
        depart, arrivee = ("weker", application) if sens == "avant" else (application, "weker")
        if not ContentType.objects.using(base).filter(app_label=arrivee, model=modele).exists():
            ContentType.objects.using(base).filter(app_label=depart, model=modele).update(app_label=arrivee)


def vers_les_nouvelles_applications(apps, schema_editor):
    renommer_types_de_contenu(apps, schema_editor, sens="avant")


def vers_weker(apps, schema_editor):
    renommer_types_de_contenu(apps, schema_editor, sens="arriere")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('reprise', '0001_initial'),
        ('securite', '0001_initial'),
        ('weker', '0004_importreprise'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='JournalAcces'),
                migrations.DeleteModel(name='ConnexionJournal'),
                migrations.DeleteModel(name='ImportReprise'),
            ],
        ),
        migrations.RunPython(vers_les_nouvelles_applications, vers_weker, elidable=False),
    ]
