from django.db import migrations


def charger_catalogue(apps, schema_editor):
    from dispositifs.catalogue import charger

    charger(apps.get_model("dispositifs", "Dispositif"), apps.get_model("dispositifs", "ParametreMontant"))


class Migration(migrations.Migration):
    dependencies = [("dispositifs", "0003_regles_phases_parametres_paiements_alertes")]

    operations = [migrations.RunPython(charger_catalogue, migrations.RunPython.noop)]
