"""Aller-retour réel avec un worker Celery et Redis (ignoré sans REDIS_URL ; exécuté en CI).

Le test démarre un vrai worker (tests/celery_reel.py : sous-processus, mêmes réglages de test), lui envoie
`weker.tasks.ping` sur une file qui lui est propre, attend le résultat, puis l'arrête. Chaque attente est bornée.
"""

import os
import signal

import pytest
from django.conf import settings
from django.urls import reverse

from tests.celery_reel import DELAI_ARRET
from weker import tasks

pytestmark = pytest.mark.worker

DELAI_RESULTAT = 30


def test_aller_retour_ping_par_un_vrai_worker(worker_reel, mode_reel):
    assert settings.REDIS_URL.startswith("redis://")
    resultat = tasks.ping.apply_async(args=["bonjour"], queue=worker_reel.file)
    assert resultat.get(timeout=DELAI_RESULTAT) == {"pong": "bonjour"}
    assert resultat.successful()
    journal = worker_reel.lire_journal()
    assert "weker.tasks.ping" in journal and "succeeded" in journal


@pytest.mark.django_db
def test_la_sonde_voit_le_worker(worker_reel, mode_reel, client):
    reponse = client.get(reverse("sante"), {"format": "json"})
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["worker"] == "OK"


def test_le_worker_s_arrete_proprement(worker_reel):
    processus = worker_reel.processus
    os.killpg(processus.pid, signal.SIGTERM)
    assert processus.wait(DELAI_ARRET) == 0
