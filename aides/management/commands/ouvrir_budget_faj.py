"""Ouvre le budget FAJ de l'année (enveloppes de chaque fonds) s'il ne l'est pas : idempotent (make migrate)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aides.services import enveloppes_ouvrir_annee


class Command(BaseCommand):
    help = (
        "Crée les enveloppes FAJ de l'année pour chaque fonds qui n'en a aucune (structure de l'année précédente, "
        "sinon budget de fonds, « Mission Locale » et « Réserve »), montants votés à 0 € à saisir dans « Budget FAJ »."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="année à ouvrir (défaut : l'année en cours)")

    def handle(self, *args, annee=None, **options):
        annee = annee or timezone.localdate().year
        if not 2000 <= annee <= 2100:
            raise CommandError("--annee : une année entre 2000 et 2100 est attendue.")
        creees = enveloppes_ouvrir_annee(annee=annee)
        if options["verbosity"] >= 1:
            if creees:
                noms = ", ".join(f"{e.nom} ({e.get_fonds_display()})" for e in creees)
                self.stdout.write(f"Budget FAJ {annee} ouvert : {noms} — montants votés à saisir dans « Budget FAJ ».")
            else:
                self.stdout.write(f"Budget FAJ {annee} déjà ouvert pour chaque fonds.")
