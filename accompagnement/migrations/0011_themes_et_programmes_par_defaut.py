"""Listes par défaut des thèmes d'ateliers et des programmes de formation (../shared/specs/entreprises-actions.md)."""

from django.db import migrations

THEMES = [
    ("budget", "Budget"),
    ("cv_lettre", "CV et lettre de motivation"),
    ("entretien_embauche", "Entretien d'embauche"),
    ("numerique", "Numérique"),
    ("sante", "Santé"),
    ("logement", "Logement"),
    ("mobilite", "Mobilité"),
    ("decouverte_metiers", "Découverte des métiers"),
    ("alternance", "Alternance"),
    ("autre", "Autre thème"),
]
PROGRAMMES = [
    ("ppi", "Prestation préparatoire à l'insertion (PPI)"),
    ("caq", "Compétences et accès à la qualification (CAQ)"),
    ("afc", "Action de formation conventionnée (AFC)"),
    ("declic_action", "Déclic pour l'action"),
    ("epide", "EPIDE"),
    ("poe", "Préparation opérationnelle à l'emploi (POE)"),
    ("autre", "Autre programme"),
]


def creer(apps, schema_editor):
    for modele, lignes in (("ThemeAtelier", THEMES), ("ProgrammeFormation", PROGRAMMES)):
        classe = apps.get_model("accompagnement", modele)
        for ordre, (code, libelle) in enumerate(lignes):
            classe.objects.get_or_create(code=code, defaults={"libelle": libelle, "ordre": ordre})


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0010_situation_entreprise_programme")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
