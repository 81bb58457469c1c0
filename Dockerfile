# Image de production de weker : serveur web (gunicorn), worker et planificateur Celery.
# Voir docker-compose.yml et docs/production.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=weker.settings.prod \
    WEKER_VAR_DIR=/var/lib/weker \
    MEDIA_ROOT=/var/lib/weker/media

# Bibliothèques Debian de WeasyPrint (PDF) et polices.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

# Utilisateur sans privilèges : l'application ne tourne jamais en root.
RUN groupadd --system --gid 1000 weker \
    && useradd --system --uid 1000 --gid weker --home-dir /app --shell /usr/sbin/nologin weker \
    && mkdir -p /var/lib/weker/media \
    && chown -R weker:weker /var/lib/weker

WORKDIR /app

# Dépendances d'abord (couche mise en cache tant que pyproject.toml ne change pas).
# Le projet n'est pas un paquet : `pip install .` n'installe que les dépendances figées.
COPY pyproject.toml README.md ./
RUN pip install .

COPY --chown=weker:weker . .

# Fichiers statiques (servis par WhiteNoise). Valeurs factices : seules les variables requises au démarrage
# des réglages de production sont données, le temps de la commande ; rien n'est conservé dans l'image.
RUN SECRET_KEY="collectstatic-pendant-la-construction-de-l-image-aucun-usage-reel" \
    ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0

USER weker
EXPOSE 8000

# Réglages (workers, classe, délai, journal) : gunicorn.conf.py, lu depuis /app.
CMD ["gunicorn", "weker.wsgi:application"]
