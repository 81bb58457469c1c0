"""Tests : DATABASE_URL / REDIS_URL si fournis (CI), sinon SQLite en mémoire et tâches dans le processus."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL, TEMPLATES, env

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
CACHES = CACHES if REDIS_URL else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "<<VARIABLE MANQUANTE %s>>"
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

# Application de développement (démonstration, banc de mesure) : ses commandes ont leurs tests.
INSTALLED_APPS = [*INSTALLED_APPS, "developpement"]  # noqa: F405
