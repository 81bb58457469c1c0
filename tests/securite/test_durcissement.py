import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

RACINE = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_entetes_de_securite_sur_une_page_personnelle(client_de, direction):
    reponse = client_de(direction).get(reverse("securite:journal"))
    csp = reponse["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["Referrer-Policy"] == "same-origin"
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_page_de_connexion_sans_script_ni_style_en_ligne(client):
    contenu = client.get(reverse("connexion")).content.decode()
    assert "<script>" not in contenu and " style=" not in contenu and "<style" not in contenu


@pytest.mark.django_db
def test_anonyme_redirige_vers_la_connexion(client):
    reponse = client.get(reverse("securite:journal"))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion"))


def _prod(code):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weker.settings.prod",
        "SECRET_KEY": "x" * 64 + "-verification-check-deploy",
        "ALLOWED_HOSTS": "weker.example.org",
        # Obligatoire en production ; les réglages ne s'y connectent pas au démarrage.
        "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
    }
    return subprocess.run([sys.executable, *code], cwd=RACINE, env=env, capture_output=True, text=True, timeout=120)


def test_reglages_de_production_durcis():
    resultat = _prod(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
            "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.WEKER_OTP_OBLIGATOIRE)",
        ]
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == ["31536000", "True", "True", "True", "True", "DENY", "same-origin", "True"]


def test_check_deploy_sans_avertissement():
    resultat = _prod(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
