"""Affiche les indicateurs d'une année au format du contrat (../shared/specs/indicateurs.md)."""

import csv
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting.models import Snapshot
from reporting.services import snapshot_recalculer


def aplatir(valeur, prefixe=""):
    """JSON → lignes (clé pointée, valeur) ; les territoires sont repérés par antenne/secteur."""
    if isinstance(valeur, dict):
        for cle, sous in valeur.items():
            yield from aplatir(sous, f"{prefixe}.{cle}" if prefixe else str(cle))
    elif isinstance(valeur, list):
        for ligne in valeur:
            cle = ".".join([ligne.get("antenne") or "TOTAL"] + ([ligne["secteur"]] if ligne.get("secteur") else []))
            for champ, sous in ligne.items():
                if champ not in ("antenne", "secteur"):
                    yield f"{prefixe}.{cle}.{champ}", sous
    else:
        yield prefixe, valeur


class Command(BaseCommand):
    help = "Calcule et affiche les indicateurs annuels (JSON du contrat ou CSV « indicateur;valeur »)."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--antenne", default=None, help="Code d'antenne : restreint tous les chiffres.")
        parser.add_argument(
            "--instantane",
            action="store_true",
            help="Réutilise l'instantané déjà calculé s'il existe (sinon le calcule).",
        )

    def handle(self, *args, annee, format, antenne, instantane, **options):
        snapshot = Snapshot.objects.pour(annee, antenne).first() if instantane else None
        if snapshot is None:
            try:
                snapshot = snapshot_recalculer(annee=annee, antenne_code=antenne)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        donnees = snapshot.donnees
        if format == "json":
            self.stdout.write(json.dumps(donnees, ensure_ascii=False, indent=2))
            return
        ecrivain = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
        ecrivain.writerow(["indicateur", "valeur"])
        for cle, valeur in aplatir(donnees):
            ecrivain.writerow([cle, valeur])
