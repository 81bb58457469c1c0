"""Trafic mixte de conseillers pour locust (lancé par ``manage.py bench --charge``, voir weker/bench/charge.py).

Variables d'environnement fournies par le lanceur : WEKER_BENCH_UTILISATEUR / WEKER_BENCH_MOT_DE_PASSE (compte
conseiller de démonstration), WEKER_BENCH_JEUNES (identifiants de dossiers, séparés par des virgules) et les
chemins WEKER_URL_* (résolus avec reverse() par le lanceur, pour ne rien coder en dur ici).
"""

import os
import random
import re

from locust import HttpUser, between, task

JEUNES = [int(x) for x in os.environ.get("WEKER_BENCH_JEUNES", "").split(",") if x]
URL_CONNEXION = os.environ.get("WEKER_URL_CONNEXION", "/connexion/")
URL_DOSSIER = os.environ.get("WEKER_URL_DOSSIER", "")  # contient {pk}
URL_PORTEFEUILLE = os.environ.get("WEKER_URL_PORTEFEUILLE", "")
URL_LISTE = os.environ.get("WEKER_URL_LISTE", "")
URL_ACCUEIL = os.environ.get("WEKER_URL_ACCUEIL", "/")
RECHERCHES = ("le go", "martin", "tanguy", "lea", "moreau", "diallo", "le gall", "thomas")
JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Conseiller(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        page = self.client.get(URL_CONNEXION, name="connexion")
        jeton = JETON.search(page.text)
        self.client.post(
            URL_CONNEXION,
            {
                "username": os.environ.get("WEKER_BENCH_UTILISATEUR", "conseiller"),
                "password": os.environ.get("WEKER_BENCH_MOT_DE_PASSE", ""),
                "csrfmiddlewaretoken": jeton.group(1) if jeton else "",
            },
            headers={"Referer": self.host + URL_CONNEXION},
            name="connexion (envoi du formulaire)",
        )

    @task(5)
    def dossier(self):
        if URL_DOSSIER and JEUNES:
            self.client.get(URL_DOSSIER.format(pk=random.choice(JEUNES)), name="dossier jeune")

    @task(3)
    def portefeuille(self):
        if URL_PORTEFEUILLE:
            self.client.get(URL_PORTEFEUILLE, name="portefeuille")

    @task(2)
    def liste(self):
        if URL_LISTE:
            self.client.get(URL_LISTE, params={"q": random.choice(RECHERCHES)}, name="liste des jeunes (recherche)")

    @task(1)
    def accueil(self):
        self.client.get(URL_ACCUEIL, name="accueil")
