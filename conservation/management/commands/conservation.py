"""python manage.py conservation [--dry-run] [--date AAAA-MM-JJ] : applique (ou simule) les règles de conservation."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from conservation.services import conservation_appliquer
from securite.services import journaux_purger


class Command(BaseCommand):
    help = (
        "Sortie de la base active, anonymisation (sauf obligation légale) et purge des journaux. "
        "--dry-run affiche les nombres sans rien modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Simulation : compte sans rien modifier.")
        parser.add_argument("--date", help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui).")

    def handle(self, *args, **options):
        aujourd_hui = None
        if options["date"]:
            try:
                aujourd_hui = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("Date invalide : format attendu AAAA-MM-JJ.") from exc
        rapport = conservation_appliquer(aujourd_hui=aujourd_hui, simulation=options["dry_run"])
        for ligne in rapport.lignes():
            self.stdout.write(ligne)
        if not options["dry_run"]:
            purges = journaux_purger()
            self.stdout.write(
                f"  lignes de journal purgées : {purges['journalacces']} accès, {purges['connexionjournal']} connexions"
            )
