"""Production : refuse de démarrer sans vrai secret ni Redis ; durcissement HTTPS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY doit être défini (au moins 50 caractères aléatoires) en production.")
# Plusieurs processus (web, workers, machines) : le cache et la file des tâches doivent être partagés. Sans Redis,
# chacun aurait son cache en mémoire et sa file Celery à lui (le battement du worker ne serait pas vu du web).
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL doit être défini en production (ex. redis://redis:6379/0) : sans lui, le cache et la file "
        "des tâches de fond seraient propres à chaque processus."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
