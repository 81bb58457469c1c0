"""Crée le jeu de données de démonstration (déterministe, à l'échelle de l'agence par défaut)."""

from django.core.management.base import BaseCommand, CommandError

from accompagnement.models import Jeune
from developpement.demo.generateur import generer
from developpement.demo.referentiel import ReferentielAbsent
from dispositifs.services import alertes_calculer

JEUNES_PAR_DEFAUT = 16_000


class Command(BaseCommand):
    help = (
        "Génère des jeunes fictifs avec leurs événements, sessions collectives, situations, dispositifs, "
        "allocations et demandes FAJ (environ 8 000 jeunes accompagnés par an sur trois ans par défaut)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jeunes",
            type=int,
            default=JEUNES_PAR_DEFAUT,
            help=f"nombre total de jeunes à créer (défaut : {JEUNES_PAR_DEFAUT}, ~10 événements par jeune)",
        )
        parser.add_argument("--annees", type=int, default=3, help="nombre d'années civiles couvertes (défaut : 3)")
        parser.add_argument("--graine", type=int, default=42, help="graine du tirage pseudo-aléatoire (défaut : 42)")
        parser.add_argument("--taille-lot", type=int, default=2000, help="jeunes générés et écrits par lot")
        parser.add_argument(
            "--si-vide", action="store_true", help="ne fait rien si la base contient déjà des jeunes (make run)"
        )

    def handle(self, *args, jeunes, annees, graine, taille_lot, si_vide, **options):
        if si_vide and Jeune.objects.exists():
            self.stdout.write("Des jeunes existent déjà : jeu de démonstration non généré (--si-vide).")
            return
        if jeunes < 1 or annees < 1 or taille_lot < 1:
            raise CommandError("--jeunes, --annees et --taille-lot doivent être des entiers positifs.")
        verbeux = options["verbosity"] >= 1
        if verbeux:
            self.stdout.write(f"Génération de {jeunes} jeunes sur {annees} ans (graine {graine})…")
        try:
            bilan = generer(
                jeunes=jeunes,
                annees=annees,
                graine=graine,
                taille_lot=taille_lot,
                sortie=self.stdout.write if options["verbosity"] >= 2 else None,
            )
        except ReferentielAbsent as exc:
            raise CommandError(str(exc)) from exc
        # Écrit en masse, hors des services : les alertes sont calculées une fois, pour que la page des alertes et
        # les badges du portefeuille concordent dès l'installation (make run).
        alertes = alertes_calculer()
        if verbeux:
            for libelle, nombre in bilan.lignes():
                self.stdout.write(f"  {libelle:<32}{nombre:>12,}".replace(",", " "))
            self.stdout.write(f"  {'alertes':<32}{alertes['creees']:>12,}".replace(",", " "))
            debit = bilan.evenements / bilan.duree_secondes if bilan.duree_secondes else 0
            self.stdout.write(
                self.style.SUCCESS(
                    f"Jeu de démonstration créé en {bilan.duree_secondes:.1f} s ({debit:,.0f} événements/s).".replace(
                        ",", " "
                    )
                )
            )
