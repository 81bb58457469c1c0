"""Sonde de santé /sante/ : publique, JSON pour la supervision, statut 503 si un composant manque."""

import pytest
from django.urls import reverse

from weker.celery import app

pytestmark = pytest.mark.django_db


def test_json_par_parametre(client):
    reponse = client.get(reverse("sante"), {"format": "json"})
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json"
    assert reponse.json() == {"base_de_donnees": "OK", "cache": "OK", "worker": "OK"}


def test_json_par_en_tete_accept(client):
    reponse = client.get(reverse("sante"), headers={"accept": "application/json"})
    assert reponse.status_code == 200
    assert reponse.json() == {"base_de_donnees": "OK", "cache": "OK", "worker": "OK"}


def test_page_html_en_francais(client):
    reponse = client.get(reverse("sante"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "État du service" in contenu
    assert "Tous les composants répondent." in contenu
    assert "Base de données" in contenu and "Worker des tâches de fond" in contenu


def test_jamais_en_cache(client):
    assert "no-cache" in client.get(reverse("sante"))["Cache-Control"]


def test_sonde_du_conteneur_web_sans_le_worker(client):
    reponse = client.get(reverse("sante"), {"format": "json", "perimetre": "web"})
    assert reponse.json() == {"base_de_donnees": "OK", "cache": "OK"}


def test_worker_absent_signale(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.control, "ping", lambda timeout: [])
    reponse = client.get(reverse("sante"), {"format": "json"})
    assert reponse.status_code == 503
    assert reponse.json()["worker"] == "Aucun worker Celery ne répond"
    assert reponse.json()["base_de_donnees"] == "OK"
    # La sonde du conteneur web, elle, reste verte.
    assert client.get(reverse("sante"), {"format": "json", "perimetre": "web"}).status_code == 200


def test_courtier_injoignable_signale(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def injoignable(timeout):
        raise ConnectionRefusedError("redis")

    monkeypatch.setattr(app.control, "ping", injoignable)
    reponse = client.get(reverse("sante"), {"format": "json"})
    assert reponse.status_code == 503
    assert reponse.json()["worker"] == "Courtier des tâches injoignable"


def test_worker_qui_repond(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.control, "ping", lambda timeout: [{"celery@hote": {"ok": "pong"}}])
    assert client.get(reverse("sante"), {"format": "json"}).json()["worker"] == "OK"


def test_cache_en_panne_signale(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    reponse = client.get(reverse("sante"), {"format": "json"})
    assert reponse.status_code == 503
    assert reponse.json()["cache"] != "OK"
