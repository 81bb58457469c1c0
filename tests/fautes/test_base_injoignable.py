"""Panne injectée : le processus web ne joint plus PostgreSQL (mauvais port ; le serveur partagé n'est jamais arrêté).

Un vrai serveur (gunicorn, réglages de test) est lancé avec DATABASE_URL sur un port où rien n'écoute. Attendu :
la sonde /sante/ répond 503 et dit que la base manque, une page qui a besoin de la base répond une page française
« Service momentanément indisponible » (503) sans détail technique, et chaque réponse arrive en quelques secondes.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.fautes

RACINE = Path(__file__).resolve().parents[2]
DELAI_DEMARRAGE = 60
DELAI_REPONSE = 10


def _port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def serveur_sans_base(tmp_path_factory):
    port, port_mort = _port_libre(), _port_libre()
    journal = tmp_path_factory.mktemp("web") / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weker.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port_mort}/weker",
        "DATABASE_CONNECT_TIMEOUT": "3",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("REDIS_URL", None)  # cache en mémoire : seule la base est en panne
    commande = [sys.executable, "-m", "gunicorn", "weker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    with journal.open("wb") as sortie:
        processus = subprocess.Popen(
            commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        limite = time.monotonic() + DELAI_DEMARRAGE
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if processus.poll() is not None or time.monotonic() > limite:
                    pytest.fail(f"gunicorn n'a pas démarré :\n{journal.read_text(errors='replace')[-4000:]}")
                time.sleep(0.2)
        yield port
    finally:
        processus.terminate()
        try:
            processus.wait(15)
        except subprocess.TimeoutExpired:
            processus.kill()


def _get(port, chemin, **entetes):
    connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=DELAI_REPONSE)
    debut = time.monotonic()
    connexion.request("GET", chemin, headers={"Host": "localhost", **entetes})
    reponse = connexion.getresponse()
    corps = reponse.read().decode(errors="replace")
    connexion.close()
    return reponse.status, corps, time.monotonic() - debut


def test_sonde_503_base_manquante(serveur_sans_base):
    statut, corps, duree = _get(serveur_sans_base, "/sante/?format=json&perimetre=web")
    assert statut == 503, corps
    assert '"base_de_donnees"' in corps and '"base_de_donnees": "OK"' not in corps
    assert duree < DELAI_REPONSE


def test_sonde_html_503_en_francais(serveur_sans_base):
    statut, corps, _ = _get(serveur_sans_base, "/sante/?perimetre=web")
    assert statut == 503
    assert "Au moins un composant est indisponible." in corps


def test_page_qui_lit_la_base_503_en_francais(serveur_sans_base):
    # Une session ouverte : la lire demande la base.
    statut, corps, duree = _get(serveur_sans_base, "/jeunes/", Cookie="sessionid=une-session-quelconque")
    assert statut == 503, corps[:2000]
    assert "Service momentanément indisponible" in corps and 'lang="fr"' in corps
    assert "Server Error" not in corps and "OperationalError" not in corps and "Connection refused" not in corps
    assert duree < DELAI_REPONSE
