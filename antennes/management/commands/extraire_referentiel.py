"""Régénère les fichiers de antennes/donnees/ à partir du paquet npm officiel @etalab/decoupage-administratif.

    npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python manage.py extraire_referentiel package/data

Ne garde que les communes actuelles (code, nom, codes postaux, département, population, EPCI) et les EPCI.
"""

import csv
import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from antennes.referentiel import DOSSIER_DONNEES, FICHIER_COMMUNES, FICHIER_EPCI


class Command(BaseCommand):
    help = "Régénère antennes/donnees/ depuis le dossier data/ du paquet @etalab/decoupage-administratif."

    def add_arguments(self, parser):
        parser.add_argument("dossier_data", type=Path)

    def handle(self, *args, dossier_data, **options):
        communes = json.loads((dossier_data / "communes.json").read_text(encoding="utf-8"))
        epcis = json.loads((dossier_data / "epci.json").read_text(encoding="utf-8"))
        epci_de = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
        DOSSIER_DONNEES.mkdir(parents=True, exist_ok=True)
        with open(DOSSIER_DONNEES / FICHIER_EPCI, "w", encoding="utf-8", newline="") as f:
            ecrivain = csv.writer(f, delimiter=";")
            ecrivain.writerow(["siren", "nom"])
            for e in sorted(epcis, key=lambda e: e["code"]):
                ecrivain.writerow([e["code"], e["nom"]])
        n = 0
        with gzip.open(DOSSIER_DONNEES / FICHIER_COMMUNES, "wt", encoding="utf-8", newline="") as f:
            ecrivain = csv.writer(f, delimiter=";")
            ecrivain.writerow(["code_insee", "nom", "codes_postaux", "departement", "population", "epci_siren"])
            for c in sorted(communes, key=lambda c: c["code"]):
                if c.get("type") != "commune-actuelle":
                    continue
                n += 1
                ecrivain.writerow(
                    [
                        c["code"],
                        c["nom"],
                        " ".join(c.get("codesPostaux", [])),
                        c.get("departement", ""),
                        c.get("population", ""),
                        epci_de.get(c["code"], ""),
                    ]
                )
        self.stdout.write(f"{n} communes et {len(epcis)} EPCI écrits dans {DOSSIER_DONNEES}.")
