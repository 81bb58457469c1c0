"""Produit le rapport d'activité PDF (même fonction que la tâche de fond du tableau de bord)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting.rapport import produire_rapport_pdf


class Command(BaseCommand):
    help = "Écrit le rapport d'activité d'une année (agence ou antenne) dans un fichier PDF."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, required=True)
        parser.add_argument("--antenne", default=None, help="Code d'antenne (version du comité d'antenne).")
        parser.add_argument("--sortie", required=True, help="Chemin du fichier PDF à écrire.")

    def handle(self, *args, annee, antenne, sortie, **options):
        try:
            contenu = produire_rapport_pdf(annee, antenne)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        Path(sortie).write_bytes(contenu)
        self.stdout.write(f"Rapport écrit dans {sortie} ({len(contenu) // 1024} Kio).")
