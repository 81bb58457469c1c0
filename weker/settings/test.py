"""Tests : DATABASE_URL / REDIS_URL si fournis (CI), sinon SQLite en mémoire et tâches dans le processus."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, TEMPLATES, env

DEBUG = False
SECRET_KEY = "tests-uniquement"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not env("DATABASE_URL", default=""):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "ATOMIC_REQUESTS": True}}
# Une seule base en test, même si DATABASE_REPLICA_URL est défini : le routeur du pilotage a ses propres tests.
DATABASES = {"default": DATABASES["default"]}
DATABASE_ROUTERS = []
# Les tâches restent synchrones dans les tests ; le test d'aller-retour avec un vrai worker (marqué `worker`)
# repasse en mode réel pour sa durée, et son worker reçoit CELERY_TASK_ALWAYS_EAGER=False.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
if REDIS_URL:
    # Le cache des tests dans une base Redis à part, une par processus de pytest-xdist : les tests vident le cache
    # (tests/conftest.py), ce qui vide toute la base ; cela ne doit toucher ni la file des tâches Celery (base de
    # REDIS_URL), ni le cache de l'autre processus. Un worker lancé par un test hérite de PYTEST_XDIST_WORKER.
    _processus = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _base_du_cache = 1 + int(_processus or 0) % 14
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{_base_du_cache}")),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


class VariableDeGabaritIndefinie(BaseException):  # noqa: N818
    """Variable absente d'un gabarit pendant les tests. Hérite de BaseException comme les échecs de pytest : un
    `except Exception` de l'application (tâche Celery, repli d'un PDF) ne peut pas l'avaler."""


class _VariableIndefinie(str):
    """Valeur de `string_if_invalid` : Django la formate avec la variable introuvable (`string_if_invalid % var`),
    ce qui lève. Les filtres ne sont alors pas appliqués : tests/gabarits.py rétablit `|default` et traite de même
    les échecs « silencieux » (relation un-à-un absente, méthode à arguments), voir docs/tests.md."""

    def __mod__(self, variable):
        erreur = VariableDeGabaritIndefinie(f"variable de gabarit indéfinie : {{{{ {variable} }}}}")
        erreur.variable = variable
        raise erreur


# Une variable de gabarit indéfinie fait échouer le test qui affiche la page ({% if %}, {% for %}, {% firstof %},
# {% regroup %} et |default gardent le comportement de Django). Installé par tests/conftest.py (tests/gabarits.py).
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _VariableIndefinie("%s")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# Pas de collectstatic avant les tests : WhiteNoise lit les fichiers à la demande.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Second facteur obligatoire : testé par tests/securite (réglage activé explicitement) ; ailleurs force_login suffit.
WEKER_OTP_OBLIGATOIRE = False

# Tests de pannes (tests/fautes) : pause à chaque étape d'un travail, pour tuer le worker au milieu (lue par le
# worker lancé par le test ; zéro ailleurs). Voir weker.travaux.pause_de_test.
WEKER_TEST_PAUSE_ETAPE = env.float("WEKER_TEST_PAUSE_ETAPE", default=0)

# Application de développement (démonstration, banc de mesure) : ses commandes ont leurs tests.
INSTALLED_APPS = [*INSTALLED_APPS, "developpement"]  # noqa: F405
