"""`python -m weker.sonde` : la sonde de santé du conteneur web (docker-compose)."""

import pytest

from weker import sonde


@pytest.mark.django_db
def test_sonde_verte_quand_le_web_repond(live_server, monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost,weker.example.org")
    assert sonde.sonder(f"{live_server.url}/sante/?perimetre=web&format=json") is True


@pytest.mark.django_db
def test_sonde_rouge_si_un_composant_manque(live_server, monkeypatch, settings):
    monkeypatch.setenv("ALLOWED_HOSTS", "localhost")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert sonde.sonder(f"{live_server.url}/sante/?perimetre=web&format=json") is False  # statut 500


def test_sonde_rouge_si_rien_n_ecoute(capsys):
    assert sonde.sonder("http://127.0.0.1:9/sante/", delai=2) is False
    assert "Sonde en échec" in capsys.readouterr().err
