"""python manage.py bench_reprise [--jeunes 100000 --evenements 1000000] [--dossier DIR] [--relancer]

Génère un dossier au format d'échange (déterministe : mêmes paramètres, mêmes fichiers), puis lance
`importer_reprise` dans un processus enfant et affiche la durée, le débit (lignes/s) et la mémoire maximale
de l'import (resource.getrusage). À lancer sur une base de test : l'import écrit réellement.
"""

import csv
import datetime
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accompagnement.enums import TYPES_PAR_CATEGORIE, CategorieSituation, Service
from antennes.models import Commune, Secteur
from comptes.enums import Role
from comptes.models import Utilisateur
from dispositifs.models import Dispositif

NB_CONSEILLERS = 20


class Command(BaseCommand):
    help = "Génère un jeu de fichiers volumineux et mesure le débit et la mémoire de importer_reprise."

    def add_arguments(self, parser):
        parser.add_argument("--jeunes", type=int, default=100_000)
        parser.add_argument("--evenements", type=int, default=1_000_000)
        parser.add_argument("--dossier", help="dossier où écrire les fichiers (par défaut : dossier temporaire)")
        parser.add_argument("--relancer", action="store_true", help="relance l'import (mesure d'une 2e passe)")
        parser.add_argument("--graine", type=int, default=2026)

    def handle(self, *args, jeunes, evenements, dossier, relancer, graine, **options):
        dossier = Path(dossier or tempfile.mkdtemp(prefix="reprise-bench-"))
        dossier.mkdir(parents=True, exist_ok=True)
        t = time.monotonic()
        lignes = generer(dossier, jeunes, evenements, graine)
        self.stdout.write(
            f"Fichiers générés dans {dossier} en {time.monotonic() - t:.1f} s : "
            + ", ".join(f"{nom} {n:,}".replace(",", "\u202f") for nom, n in lignes.items())
        )
        total = sum(lignes.values())
        cpu_avant = 0.0
        for passe in range(2 if relancer else 1):
            debut = time.monotonic()
            resultat = subprocess.run(
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "importer_reprise", str(dossier), "-v2"],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "")},
                capture_output=True,
                text=True,
            )
            duree = time.monotonic() - debut
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            memoire = usage.ru_maxrss / 1024  # Ko -> Mo (Linux)
            cpu = usage.ru_utime + usage.ru_stime - cpu_avant  # temps processeur de l'import (hors PostgreSQL)
            cpu_avant += cpu
            self.stdout.write(resultat.stdout)
            if resultat.returncode:
                self.stderr.write(resultat.stderr[-5000:])
                self.stderr.write(f"L'import a échoué (code {resultat.returncode}).")
                return
            self.stdout.write(
                f"Passe {passe + 1} : {total:,} lignes en {duree:.1f} s, soit {total / duree:,.0f} lignes/s ; "
                f"temps processeur de l'import (Python) : {cpu:,.0f} s ; charge de la machine : "
                f"{os.getloadavg()[0]:.1f} ; mémoire maximale du processus d'import : {memoire:,.0f} Mo.".replace(
                    ",", "\u202f"
                )
            )


def generer(dossier, nb_jeunes, nb_evenements, graine):
    alea = random.Random(graine)
    conseillers = []
    for i in range(1, NB_CONSEILLERS + 1):
        user, _ = Utilisateur.objects.get_or_create(
            username=f"bench_conseiller_{i:02d}", defaults={"role": Role.CONSEILLER, "last_name": f"Banc {i}"}
        )
        conseillers.append(user.username)
    secteurs_rennes = list(
        Secteur.objects.filter(antenne__code="RENNES").order_by("code").values_list("code", flat=True)
    )
    communes = list(Commune.objects.du_bassin().order_by("code_insee").values_list("code_insee", "secteur_defaut_id"))
    dispositifs = list(
        Dispositif.objects.filter(ferme_depuis__isnull=True).order_by("code").values_list("code", flat=True)
    )
    types_evenement = ["entretien_individuel"] * 5 + ["contact"] * 3 + ["atelier", "information_collective"]
    services = [s.value for s in Service]
    lignes = dict.fromkeys(
        ["jeunes.csv", "evenements.csv", "situations.csv", "dispositifs.csv", "aides.csv", "versements.csv"], 0
    )
    par_jeune, reste = divmod(nb_evenements, max(nb_jeunes, 1))
    with ExitStack() as pile:
        fichiers = {nom: pile.enter_context(open(dossier / nom, "w", newline="", encoding="utf-8")) for nom in lignes}
        ecrivains = {nom: csv.writer(fichier, delimiter=";") for nom, fichier in fichiers.items()}
        ecrivains["jeunes.csv"].writerow(
            ["identifiant", "nom", "prenom", "sexe", "date_naissance", "commune_insee", "secteur",
             "date_premier_accueil", "niveau", "hebergement", "rsa", "conseiller"]
        )  # fmt: skip
        ecrivains["evenements.csv"].writerow(
            ["identifiant_jeune", "date", "type", "modalite", "services", "conseiller"]
        )
        ecrivains["situations.csv"].writerow(
            ["identifiant_jeune", "categorie", "type", "financeur", "date_debut", "date_fin"]
        )
        ecrivains["dispositifs.csv"].writerow(
            ["identifiant_jeune", "dispositif", "date_entree", "date_sortie", "motif_sortie"]
        )
        ecrivains["aides.csv"].writerow(
            ["identifiant_jeune", "reference", "fonds", "type", "date_demande", "montant_demande", "decision",
             "date_decision", "montant_accorde"]
        )  # fmt: skip
        ecrivains["versements.csv"].writerow(["identifiant_jeune", "fonds", "date", "montant", "periode"])
        for k in range(nb_jeunes):
            identifiant = f"B{k:07d}"
            accueil = datetime.date(2016, 1, 1) + datetime.timedelta(days=alea.randrange(3000))
            naissance = accueil - datetime.timedelta(days=365 * alea.randint(16, 24) + alea.randrange(300))
            commune, secteur_defaut = alea.choice(communes)
            secteur = "" if secteur_defaut else alea.choice(secteurs_rennes)
            conseiller = alea.choice(conseillers)
            ecrivains["jeunes.csv"].writerow(
                [identifiant, f"Nom{k}", f"Prénom{k % 977}", alea.choice("fm"), naissance.isoformat(), commune,
                 secteur, accueil.strftime("%d/%m/%Y"), alea.choice(["infra3", "3", "4", "5", ""]),
                 alea.choice(["famille", "autonome", "precaire"]), alea.choice("01"), conseiller]
            )  # fmt: skip
            lignes["jeunes.csv"] += 1
            for j in range(par_jeune + (1 if k < reste else 0)):
                type_ = alea.choice(types_evenement)
                ecrivains["evenements.csv"].writerow(
                    [identifiant, (accueil + datetime.timedelta(days=7 * j)).isoformat(), type_,
                     "telephone" if type_ == "contact" else "presentiel",
                     alea.choice(services) if alea.random() < 0.1 else "", conseiller]
                )  # fmt: skip
                lignes["evenements.csv"] += 1
            if k % 2 == 0:
                categorie = alea.choice(list(CategorieSituation))
                debut = accueil + datetime.timedelta(days=alea.randrange(30, 400))
                ecrivains["situations.csv"].writerow(
                    [identifiant, categorie.value, alea.choice(TYPES_PAR_CATEGORIE[categorie]).value,
                     "conseil_regional" if categorie == CategorieSituation.FORMATION else "", debut.isoformat(),
                     (debut + datetime.timedelta(days=alea.randrange(10, 300))).isoformat()]
                )  # fmt: skip
                lignes["situations.csv"] += 1
            if dispositifs and k % 2 == 1:
                entree = accueil + datetime.timedelta(days=alea.randrange(1, 60))
                ecrivains["dispositifs.csv"].writerow(
                    [identifiant, alea.choice(dispositifs), entree.isoformat(),
                     (entree + datetime.timedelta(days=alea.randrange(30, 365))).isoformat(), "emploi"]
                )  # fmt: skip
                lignes["dispositifs.csv"] += 1
            if k % 5 == 0:
                demande = accueil + datetime.timedelta(days=alea.randrange(1, 200))
                montant = alea.randrange(50, 500)
                ecrivains["aides.csv"].writerow(
                    [identifiant, f"FAJ-{k}", alea.choice(["faj_rm", "faj_cd35"]), "subsistance", demande.isoformat(),
                     f"{montant},00", "accordee", (demande + datetime.timedelta(days=10)).isoformat(),
                     f"{montant // 2}.50"]
                )  # fmt: skip
                lignes["aides.csv"] += 1
            if k % 3 == 0:
                for mois in range(3):
                    paiement = accueil + datetime.timedelta(days=31 * (mois + 1))
                    ecrivains["versements.csv"].writerow(
                        [identifiant, "allocation_cej", paiement.isoformat(), "528,00", f"{paiement:%Y-%m}"]
                    )
                    lignes["versements.csv"] += 1
    if not dispositifs:
        (dossier / "dispositifs.csv").unlink()
        del lignes["dispositifs.csv"]
    return lignes
