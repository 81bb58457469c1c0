"""Aller-retour réel avec un worker Celery et Redis (ignoré sans REDIS_URL ; exécuté en CI).

Le test démarre un vrai worker (sous-processus, mêmes réglages de test et même DATABASE_URL), lui envoie
`weker.tasks.ping` sur une file qui lui est propre, attend le résultat, puis l'arrête. Chaque attente est bornée.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from weker import tasks
from weker.celery import app

pytestmark = pytest.mark.worker

RACINE = Path(__file__).resolve().parents[2]
DELAI_DEMARRAGE = 60
DELAI_RESULTAT = 30
DELAI_ARRET = 15


@pytest.fixture
def worker_reel(tmp_path):
    """Un worker Celery dans un sous-processus, sur une file dédiée ; arrêté quoi qu'il arrive."""
    file = f"weker-test-{uuid.uuid4().hex[:8]}"
    nom = f"{file}@localhost"
    journal = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weker.settings.test",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    commande = [
        sys.executable, "-m", "celery", "-A", "weker", "worker",
        "--pool", "solo", "--queues", file, "--hostname", nom,
        "--without-gossip", "--without-mingle", "--loglevel", "INFO",
    ]  # fmt: skip
    with journal.open("wb") as sortie:
        processus = subprocess.Popen(
            commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        limite = time.monotonic() + DELAI_DEMARRAGE
        while not app.control.ping(destination=[nom], timeout=1.0):
            if processus.poll() is not None or time.monotonic() > limite:
                pytest.fail(f"Le worker n'a pas démarré :\n{journal.read_text(errors='replace')[-4000:]}")
        yield {"file": file, "nom": nom, "processus": processus, "journal": journal}
    finally:
        if processus.poll() is None:
            os.killpg(processus.pid, signal.SIGTERM)  # arrêt à chaud : finit la tâche en cours puis s'arrête
            try:
                processus.wait(DELAI_ARRET)
            except subprocess.TimeoutExpired:
                os.killpg(processus.pid, signal.SIGKILL)
                processus.wait(DELAI_ARRET)


@pytest.fixture
def mode_reel(settings):
    """Envoi réel au courtier (et non exécution dans le processus) pour la durée du test."""
    ancien = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    app.conf.task_always_eager = ancien


def test_aller_retour_ping_par_un_vrai_worker(worker_reel, mode_reel):
    assert settings.REDIS_URL.startswith("redis://")
    resultat = tasks.ping.apply_async(args=["bonjour"], queue=worker_reel["file"])
    assert resultat.get(timeout=DELAI_RESULTAT) == {"pong": "bonjour"}
    assert resultat.successful()
    journal = worker_reel["journal"].read_text(errors="replace")
    assert "weker.tasks.ping" in journal and "succeeded" in journal


@pytest.mark.django_db
def test_la_sonde_voit_le_worker(worker_reel, mode_reel, client):
    reponse = client.get(reverse("sante"), {"format": "json"})
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["worker"] == "OK"


def test_le_worker_s_arrete_proprement(worker_reel):
    processus = worker_reel["processus"]
    os.killpg(processus.pid, signal.SIGTERM)
    assert processus.wait(DELAI_ARRET) == 0
