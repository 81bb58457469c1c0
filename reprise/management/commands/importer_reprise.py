"""python manage.py importer_reprise DOSSIER [--dry-run] : import au format d'échange (docs/reprise.md)."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reprise.fichiers import NOMS_FICHIERS
from reprise.importation import PART_VALIDATION, fichiers_presents, importer_dossier

LIBELLES_PHASE = {"validation": "Validation", "ecriture": "Écriture"}


def _nombre(n):
    return f"{n:,}".replace(",", "\u202f")


class Command(BaseCommand):
    help = "Importe l'historique d'une agence depuis un dossier de fichiers CSV (format d'échange)."

    def add_arguments(self, parser):
        parser.add_argument("dossier", help="dossier contenant jeunes.csv, evenements.csv, situations.csv…")
        parser.add_argument(
            "--dry-run", action="store_true", help="valide et annonce les nombres sans rien enregistrer"
        )

    def handle(self, *args, dossier, dry_run, **options):
        chemin = Path(dossier)
        if not chemin.is_dir():
            raise CommandError(f"Dossier introuvable : {dossier}")
        if not fichiers_presents(chemin):
            raise CommandError(
                f"Aucun fichier du format d'échange dans {dossier} (attendus : {', '.join(NOMS_FICHIERS)})"
            )
        self.interactif = options.get("verbosity", 1) >= 1 and sys.stderr.isatty()
        self.verbeux = options.get("verbosity", 1) >= 1
        self._derniere_ligne = 0.0

        rapport = importer_dossier(
            chemin,
            simulation=dry_run,
            progression=self.afficher_progression if self.verbeux else None,
            signaler=lambda erreur: self.stdout.write(str(erreur)),
        )
        if self.interactif:
            self.stderr.write("")
        if not rapport.valide:
            raise CommandError(
                f"{_nombre(rapport.nb_erreurs)} erreur(s) : rien n'a été importé. Corrigez les fichiers puis relancez.",
                returncode=1,
            )
        titre = "Simulation (--dry-run) : rien n'a été enregistré." if dry_run else "Import terminé."
        self.stdout.write(titre)
        verbe = ("à créer", "à modifier") if dry_run else ("créés", "modifiés")
        for r in rapport.fichiers:
            debit = r.lignes / r.secondes_ecriture if r.secondes_ecriture else 0
            self.stdout.write(
                f"{r.nom} : {_nombre(r.lignes)} lignes, {_nombre(r.crees)} {verbe[0]}, {_nombre(r.modifies)} {verbe[1]}"
                + (
                    f" ({r.secondes_validation:.1f} s de validation, {r.secondes_ecriture:.1f} s d'écriture, "
                    f"{_nombre(int(debit))} lignes/s)"
                    if self.verbeux and options.get("verbosity", 1) >= 2
                    else ""
                )
            )
        self.stdout.write(f"Durée totale : {rapport.secondes:.1f} s.")

    def afficher_progression(self, *, phase, fichier, pourcentage, lignes, debit):
        texte = (
            f"{LIBELLES_PHASE[phase]} {fichier} : {pourcentage:3d} % — {_nombre(lignes)} lignes "
            f"({_nombre(debit)} lignes/s)"
        )
        if self.interactif:
            self.stderr.write("\r" + texte.ljust(90), ending="")
            self.stderr.flush()
        elif pourcentage in (PART_VALIDATION, 100) or time.monotonic() - self._derniere_ligne >= 5:
            # Sortie redirigée : une ligne toutes les 5 s et à la fin de chaque phase.
            self._derniere_ligne = time.monotonic()
            self.stderr.write(texte)
