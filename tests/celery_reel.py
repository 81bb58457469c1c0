"""Un vrai worker Celery dans un sous-processus (tests marqués `worker`, exécutés quand REDIS_URL est défini).

    worker = WorkerReel(tmp_path, env={...}).demarrer()   # attend qu'il réponde au ping, délai borné
    worker.tuer()                                          # SIGKILL sur tout le groupe de processus
    worker.arreter()                                       # SIGTERM (arrêt à chaud), puis SIGKILL si besoin

Chaque worker a sa file (`worker.file`) : les processus de pytest-xdist ne se prennent pas leurs tâches. Les
fixtures `worker_reel` et `mode_reel` (tests/conftest.py) s'en servent.
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
from django.db import connection

RACINE = Path(__file__).resolve().parents[1]
DELAI_DEMARRAGE = 60
DELAI_ARRET = 15


def url_base_de_test():
    """DATABASE_URL de la base de test courante (le worker doit lire les lignes que le test a validées)."""
    reglages = connection.settings_dict
    identifiants = reglages["USER"] + (f":{reglages['PASSWORD']}" if reglages["PASSWORD"] else "")
    return f"postgres://{identifiants}@{reglages['HOST'] or '127.0.0.1'}:{reglages['PORT'] or 5432}/{reglages['NAME']}"


class WorkerReel:
    def __init__(self, dossier, *, file=None, env=None):
        self.file = file or f"weker-test-{uuid.uuid4().hex[:8]}"
        self.dossier = Path(dossier)
        self.env = env or {}
        self.processus = None
        self.demarrages = 0

    @property
    def nom(self):
        return f"{self.file}-{self.demarrages}@localhost"

    @property
    def journal(self):
        return self.dossier / f"worker-{self.file}-{self.demarrages}.log"

    def demarrer(self):
        from weker.celery import app

        self.demarrages += 1
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "weker.settings.test",
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "False",
            "PYTHONDONTWRITEBYTECODE": "1",
            **self.env,
        }
        commande = [
            sys.executable, "-m", "celery", "-A", "weker", "worker",
            "--pool", "solo", "--queues", self.file, "--hostname", self.nom,
            "--without-gossip", "--without-mingle", "--loglevel", "INFO",
        ]  # fmt: skip
        with self.journal.open("wb") as sortie:
            self.processus = subprocess.Popen(
                commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
            )
        limite = time.monotonic() + DELAI_DEMARRAGE
        while not app.control.ping(destination=[self.nom], timeout=1.0):
            if self.processus.poll() is not None or time.monotonic() > limite:
                self.arreter()
                pytest.fail(f"Le worker n'a pas démarré :\n{self.lire_journal()[-4000:]}")
        return self

    def lire_journal(self):
        return self.journal.read_text(errors="replace") if self.journal.exists() else ""

    def tuer(self):
        """SIGKILL sur le groupe : aucun nettoyage, comme un OOM killer ou une machine qui s'arrête."""
        os.killpg(self.processus.pid, signal.SIGKILL)
        self.processus.wait(DELAI_ARRET)

    def arreter(self):
        if self.processus is None or self.processus.poll() is not None:
            return
        os.killpg(self.processus.pid, signal.SIGTERM)  # arrêt à chaud : finit la tâche en cours puis s'arrête
        try:
            self.processus.wait(DELAI_ARRET)
        except subprocess.TimeoutExpired:
            os.killpg(self.processus.pid, signal.SIGKILL)
            self.processus.wait(DELAI_ARRET)


def attendre(condition, *, delai, pas=0.2, quoi="la condition"):
    """Attend que `condition()` soit vraie (renvoie sa valeur), au plus `delai` secondes."""
    limite = time.monotonic() + delai
    while True:
        valeur = condition()
        if valeur:
            return valeur
        if time.monotonic() > limite:
            pytest.fail(f"{quoi} : toujours faux après {delai} s")
        time.sleep(pas)
