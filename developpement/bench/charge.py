"""Débit à saturation : gunicorn sur 127.0.0.1 et des clients locust sans temps de réflexion, durée bornée.

Deux phases contre le même serveur : la page plancher seule (accueil d'un conseiller connecté), puis le trafic
mixte d'un conseiller (dossiers, saisies rapides en POST, portefeuille, recherches, agenda). Le rapport des deux
débits se compare d'une machine à l'autre, pas les débits eux-mêmes. Les processus sont lancés et arrêtés ici (par
leur groupe), même en cas d'erreur.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accompagnement.models import Jeune
from comptes.models import Utilisateur

BUDGET_MIX = 0.5  # le trafic mixte doit servir au moins la moitié du débit de la page plancher


def _port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url(nom, **kwargs):
    try:
        return reverse(nom, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _attendre(port, delai=60):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.5)
    return False


@dataclass
class Phase:
    nom: str
    debit: float = 0.0  # requêtes/s, connexions exclues
    requetes: int = 0
    erreurs: int = 0
    p95_ms: float | None = None
    pages: list = field(default_factory=list)  # (nom, requêtes, erreurs, médiane, p95)
    note: str = ""


def lire_phase(nom, chemin):
    """Résultat d'une phase d'après le CSV de statistiques de locust (les connexions ne comptent pas au débit)."""
    phase = Phase(nom)
    if not chemin.exists():  # (aucune connexion à exclure : les clients arrivent avec une session ouverte)
        phase.note = "locust n'a produit aucun résultat."
        return phase
    with open(chemin, encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    total = next((ligne for ligne in lignes if ligne["Name"] == "Aggregated"), None)
    if total is None or not int(total["Request Count"]):
        phase.note = "locust n'a produit aucun résultat."
        return phase
    phase.erreurs = int(total["Failure Count"])
    echecs = chemin.with_name(chemin.name.replace("_stats.csv", "_failures.csv"))
    if phase.erreurs and echecs.exists():
        with open(echecs, encoding="utf-8") as f:
            premiere = next(csv.DictReader(f), None)
        if premiere:
            phase.note = f"{premiere['Method']} {premiere['Name']} : {premiere['Error']}"[:200]
    phase.p95_ms = float(total["95%"])
    for ligne in lignes:
        if ligne["Name"] == "Aggregated" or ligne["Name"].startswith("connexion"):
            continue
        phase.debit += float(ligne["Requests/s"])
        phase.requetes += int(ligne["Request Count"])
        phase.pages.append(
            (ligne["Name"], int(ligne["Request Count"]), int(ligne["Failure Count"]), ligne["50%"], ligne["95%"])
        )
    return phase


@dataclass
class Saturation:
    serveur: str
    clients: int
    duree: int
    plancher: Phase
    mix: Phase

    @property
    def rapport(self):
        return self.mix.debit / self.plancher.debit if self.plancher.debit else None

    @property
    def verdict(self):
        if self.rapport is None:
            return "non mesuré"
        erreurs = self.plancher.erreurs + self.mix.erreurs
        return "tenu" if self.rapport >= BUDGET_MIX and erreurs == 0 else "dépassé"

    def texte(self):
        """Résumé pour le terminal."""
        lignes = [f"Saturation ({self.serveur}, {self.clients} clients, {self.duree} s par phase) :"]
        for phase in (self.plancher, self.mix):
            p95 = "—" if phase.p95_ms is None else f"{phase.p95_ms:.0f} ms"
            lignes.append(
                f"  {phase.nom:<30} {phase.debit:8.1f} requêtes/s  p95 {p95:>8}  {phase.erreurs} erreur(s)"
                + (f"  ({phase.note})" if phase.note else "")
            )
        rapport = "—" if self.rapport is None else f"{self.rapport:.2f}×"
        lignes.append(f"  mix / plancher : {rapport} (budget ≥ {BUDGET_MIX}×, 0 erreur) : {self.verdict}")
        return "\n".join(lignes)

    def markdown(self):
        rapport = "—" if self.rapport is None else f"{self.rapport:.2f}×"
        texte = [
            f"{self.serveur} sur 127.0.0.1, {self.clients} clients locust sans temps de réflexion, {self.duree} s par "
            f"phase (connexions exclues du débit). Budget : le mix sert au moins {BUDGET_MIX}× le débit du plancher, "
            "sans erreur.",
            "",
            "| phase | requêtes/s | requêtes | erreurs | p95 |",
            "|---|---:|---:|---:|---:|",
        ]
        for phase in (self.plancher, self.mix):
            p95 = "—" if phase.p95_ms is None else f"{phase.p95_ms:.0f} ms"
            texte.append(f"| {phase.nom} | {phase.debit:.1f} | {phase.requetes} | {phase.erreurs} | {p95} |")
        texte += ["", f"**Mix / plancher : {rapport}** — {self.verdict}.", ""]
        texte += ["| page (mix) | requêtes | erreurs | médiane | p95 |", "|---|---:|---:|---:|---:|"]
        for nom, requetes, erreurs, mediane, p95 in self.mix.pages:
            texte.append(f"| {nom} | {requetes} | {erreurs} | {mediane} ms | {p95} ms |")
        return "\n".join(texte)


def ouvrir_sessions(user, nombre):
    """Sessions déjà connectées (une par client), écrites dans le moteur de sessions du projet : la mesure porte sur
    le service des pages, pas sur le hachage des mots de passe à la connexion."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    magasin = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    # Le moteur qui relit l'utilisateur de la session (celui d'axes ne fait que surveiller les connexions).
    moteur = next(chemin for chemin in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(chemin), "get_user"))
    cles = []
    for _ in range(nombre):
        session = magasin()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = moteur
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cles.append(session.session_key)
    return cles


def _environnement(clients):
    conseiller = Utilisateur.objects.get(username="conseiller")
    jeunes = list(Jeune.objects.filter(referent=conseiller).order_by("id").values_list("id", flat=True)[:150])
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weker.settings.dev",
        "DEBUG": "0",
        "PYTHONPATH": str(settings.BASE_DIR),
        "WEKER_BENCH_SESSIONS": ",".join(ouvrir_sessions(conseiller, clients)),
        "WEKER_BENCH_COOKIE_SESSION": settings.SESSION_COOKIE_NAME,
        "WEKER_BENCH_JEUNES": ",".join(map(str, jeunes)),
        "WEKER_URL_DOSSIER": _url("accompagnement:jeune_detail", pk=999999999).replace("999999999", "{pk}"),
        "WEKER_URL_SAISIE_RAPIDE": _url("accompagnement:evenement_rapide", pk=999999999).replace("999999999", "{pk}"),
        "WEKER_URL_PORTEFEUILLE": _url("accompagnement:portefeuille"),
        "WEKER_URL_LISTE": _url("accompagnement:jeune_liste"),
        "WEKER_URL_RECHERCHE": _url("accompagnement:recherche"),
        "WEKER_URL_AGENDA": _url("agenda:semaine"),
        "WEKER_URL_ACCUEIL": _url("accueil"),
    }


def commande_gunicorn(port, *, workers, classe, threads):
    commande = [
        str(Path(sys.executable).parent / "gunicorn"), "weker.wsgi", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--worker-class", classe,
    ]  # fmt: skip
    if classe == "gthread":
        commande += ["--threads", str(threads)]
    return commande


def _chauffer(hote, env, *, workers):
    """Quelques requêtes de chaque page avant de mesurer : chaque worker charge ses modules, compile ses gabarits
    et ouvre sa connexion à la base (ce coût de démarrage n'est pas celui d'une page servie)."""
    session = env["WEKER_BENCH_SESSIONS"].split(",")[0]
    jeune = (env["WEKER_BENCH_JEUNES"].split(",") or [""])[0]
    chemins = [
        env["WEKER_URL_ACCUEIL"], env["WEKER_URL_PORTEFEUILLE"], env["WEKER_URL_LISTE"] + "?q=le+go",
        env["WEKER_URL_RECHERCHE"] + "?q=le+go", env["WEKER_URL_AGENDA"],
    ]  # fmt: skip
    if jeune:
        chemins.append(env["WEKER_URL_DOSSIER"].format(pk=jeune))
    for _ in range(3 * workers):
        for chemin in chemins:
            if not chemin or chemin.startswith("?"):
                continue
            requete = urllib.request.Request(
                hote + chemin, headers={"Cookie": f"{env['WEKER_BENCH_COOKIE_SESSION']}={session}"}
            )
            try:
                with urllib.request.urlopen(requete, timeout=60) as reponse:
                    reponse.read()
            except OSError:
                pass  # une page en erreur se verra dans la mesure elle-même


def _phases(hote, env, *, duree, clients, ecrire):
    phases = {}
    with tempfile.TemporaryDirectory() as dossier_csv:
        for nom, classe_locust in (("plancher (accueil)", "Plancher"), ("mix conseiller", "Mix")):
            prefixe = str(Path(dossier_csv) / classe_locust)
            ecrire(f"Saturation : {nom}, {clients} clients pendant {duree} s contre {hote}…")
            subprocess.run(
                [str(Path(sys.executable).parent / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
                 classe_locust, "--headless", "--host", hote, "--users", str(clients), "--spawn-rate",
                 str(clients), "--run-time", f"{duree}s", "--csv", prefixe, "--only-summary", "--stop-timeout", "5"],
                cwd=settings.BASE_DIR, env=env, timeout=duree + 120, capture_output=True, check=False,
            )  # fmt: skip
            phases[classe_locust] = lire_phase(nom, Path(prefixe + "_stats.csv"))
    return phases["Plancher"], phases["Mix"]


def mesurer_saturation(*, duree=20, clients=8, workers=2, classe="sync", threads=4, sortie=None):
    """Les deux phases contre un gunicorn lancé ici ; renvoie une `Saturation`."""
    ecrire = sortie or (lambda m: None)
    env = _environnement(clients)
    port = _port_libre()
    serveur = f"gunicorn {workers} worker(s) {classe}" + (f" × {threads} fils" if classe == "gthread" else "")
    # Les messages de gunicorn et de Django vont dans un fichier temporaire, hors du terminal du banc.
    with tempfile.TemporaryFile() as journal:
        gunicorn = subprocess.Popen(
            commande_gunicorn(port, workers=workers, classe=classe, threads=threads),
            cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=journal, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            if not _attendre(port):
                echec = "gunicorn n'a pas démarré"
                return Saturation(serveur, clients, duree, Phase("plancher", note=echec), Phase("mix", note=echec))
            _chauffer(f"http://127.0.0.1:{port}", env, workers=workers)
            plancher, mix = _phases(f"http://127.0.0.1:{port}", env, duree=duree, clients=clients, ecrire=ecrire)
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
    return Saturation(serveur, clients, duree, plancher, mix)
