"""python manage.py importer_sirene FICHIER.csv : pré-remplit le registre avec un extrait SIRENE (docs/entreprises.md).

Même service que la page d'import des administrateurs, sans la limite de durée d'une requête web."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from entreprises.services import sirene_importer
from entreprises.sirene import ErreursImport


class Command(BaseCommand):
    help = "Crée ou met à jour les établissements d'un extrait SIRENE (StockEtablissement), par SIRET."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="extrait SIRENE en CSV (UTF-8, séparateur « , » ou « ; »)")

    def handle(self, *args, fichier, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            with chemin.open("rb") as contenu:
                rapport = sirene_importer(fichier=contenu, nom_fichier=chemin.name)
        except ErreursImport as echec:
            for erreur in echec.erreurs:
                self.stderr.write(erreur)
            raise CommandError("Rien n'a été importé : corrigez ces lignes puis recommencez.") from echec
        self.stdout.write(
            f"{rapport.creees} créées, {rapport.modifiees} mises à jour, {rapport.inchangees} inchangées, "
            f"{rapport.fermees_ignorees} établissements fermés ignorés."
        )
