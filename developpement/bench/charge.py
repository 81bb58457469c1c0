"""Mesure sous charge : gunicorn (2 workers, 127.0.0.1 seulement) + locust sans interface, durée bornée.

Les deux processus sont lancés ici et arrêtés ici (par leur identifiant), même en cas d'erreur.
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accompagnement.models import Jeune
from comptes.models import Utilisateur
from developpement.management.commands.creer_comptes_demo import mot_de_passe_demo


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


def mesurer_charge(*, duree=60, utilisateurs=20, sortie=None):
    """Renvoie un paragraphe Markdown : requêtes/s, taux d'erreur, temps de réponse par page."""
    ecrire = sortie or (lambda m: None)
    conseiller = Utilisateur.objects.get(username="conseiller")
    jeunes = list(Jeune.objects.filter(referent=conseiller).order_by("id").values_list("id", flat=True)[:150])
    dossier = _url("accompagnement:jeune_detail", pk=999999999).replace("999999999", "{pk}")
    port = _port_libre()
    hote = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weker.settings.dev",
        "DEBUG": "0",
        "PYTHONPATH": str(settings.BASE_DIR),
        "WEKER_BENCH_UTILISATEUR": "conseiller",
        "WEKER_BENCH_MOT_DE_PASSE": mot_de_passe_demo("conseiller"),
        "WEKER_BENCH_JEUNES": ",".join(map(str, jeunes)),
        "WEKER_URL_CONNEXION": _url("connexion"),
        "WEKER_URL_DOSSIER": dossier,
        "WEKER_URL_PORTEFEUILLE": _url("accompagnement:portefeuille"),
        "WEKER_URL_LISTE": _url("accompagnement:jeune_liste"),
        "WEKER_URL_ACCUEIL": _url("accueil"),
        "AXES_FAILURE_LIMIT": "1000",
    }
    binaires = Path(sys.executable).parent
    gunicorn = subprocess.Popen(
        [str(binaires / "gunicorn"), "weker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level",
         "warning"],
        cwd=settings.BASE_DIR, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        if not _attendre(port):
            return "gunicorn n'a pas démarré : mesure sous charge non faite."
        with tempfile.TemporaryDirectory() as dossier_csv:
            prefixe = str(Path(dossier_csv) / "locust")
            ecrire(f"Charge : locust, {utilisateurs} conseillers simulés pendant {duree} s contre {hote}…")
            subprocess.run(
                [str(binaires / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                 "--host", hote, "--users", str(utilisateurs), "--spawn-rate", "5", "--run-time", f"{duree}s",
                 "--csv", prefixe, "--only-summary", "--stop-timeout", "5"],
                cwd=settings.BASE_DIR, env=env, timeout=duree + 120, capture_output=True, check=False,
            )  # fmt: skip
            return _resume(Path(prefixe + "_stats.csv"), duree, utilisateurs)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)


def _resume(chemin, duree, utilisateurs):
    if not chemin.exists():
        return "locust n'a produit aucun résultat."
    with open(chemin, encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    total = next((ligne for ligne in lignes if ligne["Name"] == "Aggregated"), None)
    if total is None:
        return "locust n'a produit aucun résultat."
    requetes = int(total["Request Count"])
    erreurs = int(total["Failure Count"])
    texte = [
        f"gunicorn 2 workers sur 127.0.0.1, {utilisateurs} conseillers simulés (attente 0,5 à 2 s entre deux pages), "
        f"{duree} s : **{float(total['Requests/s']):.1f} requêtes/s**, **{erreurs} erreur(s)** sur {requetes} "
        f"requêtes ({(erreurs / requetes if requetes else 0):.1%}).",
        "",
        "| page | requêtes | erreurs | médiane | p95 |",
        "|---|---:|---:|---:|---:|",
    ]
    for ligne in lignes:
        if ligne["Name"] == "Aggregated":
            continue
        texte.append(
            f"| {ligne['Name']} | {ligne['Request Count']} | {ligne['Failure Count']} | "
            f"{ligne['50%']} ms | {ligne['95%']} ms |"
        )
    return "\n".join(texte)
