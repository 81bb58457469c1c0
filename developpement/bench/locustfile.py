"""Clients de la mesure à saturation (lancée par ``manage.py bench``, voir developpement/bench/charge.py).

Deux populations, mesurées l'une après l'autre contre le même gunicorn, sans temps de réflexion :
- ``Plancher`` : la page d'accueil d'un conseiller connecté, en boucle ;
- ``Mix`` : le trafic d'un conseiller (dossiers, saisies rapides en POST, portefeuille, recherches, agenda).

Variables d'environnement fournies par le lanceur : WEKER_BENCH_SESSIONS (une session déjà connectée du conseiller
de démonstration par client, voir charge.ouvrir_sessions) et WEKER_BENCH_COOKIE_SESSION (nom du cookie),
WEKER_BENCH_JEUNES (identifiants de dossiers, séparés par des virgules) et les chemins WEKER_URL_* (résolus avec
reverse() par le lanceur, pour ne rien coder en dur ici).
"""

import datetime
import itertools
import os
import random
import re

from locust import HttpUser, constant, task

JEUNES = [int(x) for x in os.environ.get("WEKER_BENCH_JEUNES", "").split(",") if x]
SESSIONS = itertools.cycle([x for x in os.environ.get("WEKER_BENCH_SESSIONS", "").split(",") if x] or [""])
COOKIE_SESSION = os.environ.get("WEKER_BENCH_COOKIE_SESSION", "sessionid")
URL_DOSSIER = os.environ.get("WEKER_URL_DOSSIER", "")  # contient {pk}
URL_SAISIE_RAPIDE = os.environ.get("WEKER_URL_SAISIE_RAPIDE", "")  # contient {pk}
URL_PORTEFEUILLE = os.environ.get("WEKER_URL_PORTEFEUILLE", "")
URL_LISTE = os.environ.get("WEKER_URL_LISTE", "")
URL_RECHERCHE = os.environ.get("WEKER_URL_RECHERCHE", "")
URL_AGENDA = os.environ.get("WEKER_URL_AGENDA", "")
URL_ACCUEIL = os.environ.get("WEKER_URL_ACCUEIL", "/")
RECHERCHES = ("le go", "martin", "tanguy", "lea", "moreau", "diallo", "le gall", "thomas")
JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Conseiller(HttpUser):
    abstract = True
    wait_time = constant(0)  # saturation : aucune pause entre deux requêtes

    def on_start(self):
        self.client.cookies.set(COOKIE_SESSION, next(SESSIONS))
        self.jeton = ""


class Plancher(Conseiller):
    @task
    def accueil(self):
        self.client.get(URL_ACCUEIL, name="accueil (plancher)")


class Mix(Conseiller):
    @task(5)
    def dossier(self):
        if URL_DOSSIER and JEUNES:
            page = self.client.get(URL_DOSSIER.format(pk=random.choice(JEUNES)), name="dossier jeune")
            jeton = JETON.search(page.text)
            if jeton:
                self.jeton = jeton.group(1)

    @task(1)
    def saisie_rapide(self):
        if not (URL_SAISIE_RAPIDE and JEUNES and self.jeton):
            return
        url = URL_SAISIE_RAPIDE.format(pk=random.choice(JEUNES))
        self.client.post(
            url,
            {
                "csrfmiddlewaretoken": self.jeton,
                "type": "contact",
                "modalite": "telephone",
                "date": datetime.date.today().isoformat(),
                "duree_minutes": "10",
                "compte_rendu": "Appel de suivi (banc de mesure).",
            },
            headers={"HX-Request": "true", "Referer": self.host + url},
            name="saisie rapide (POST)",
        )

    @task(3)
    def portefeuille(self):
        if URL_PORTEFEUILLE:
            self.client.get(URL_PORTEFEUILLE, name="portefeuille")

    @task(2)
    def liste(self):
        if URL_LISTE:
            self.client.get(URL_LISTE, params={"q": random.choice(RECHERCHES)}, name="liste des jeunes (recherche)")

    @task(2)
    def recherche(self):
        if URL_RECHERCHE:
            self.client.get(
                URL_RECHERCHE,
                params={"q": random.choice(RECHERCHES)},
                headers={"HX-Request": "true"},
                name="recherche de l'en-tête",
            )

    @task(1)
    def agenda(self):
        if URL_AGENDA:
            self.client.get(URL_AGENDA, name="agenda de la semaine")

    @task(1)
    def accueil(self):
        self.client.get(URL_ACCUEIL, name="accueil")
