"""Pile de production : structure de docker-compose.yml, Dockerfile, variables documentées, réglages de prod."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

RACINE = Path(__file__).resolve().parent.parent
# Variables du processus de test à ne pas transmettre à une « vraie » production lancée en sous-processus
# (DJANGO_ALLOW_ASYNC_UNSAFE est posée pour les tests dans le navigateur ; REDIS_URL par la CI).
VARIABLES_DE_TEST = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "REDIS_URL",
    "DATABASE_REPLICA_URL",
    "STOCKAGE_S3_BUCKET",
    "STOCKAGE_S3_ENDPOINT_URL",
    "STOCKAGE_S3_REGION",
    "STOCKAGE_S3_ADRESSAGE",
)
CLE_DE_TEST = "k" * 20 + "-vraie-cle-aleatoire-de-test-" + "Zq9" * 10
# Les réglages ne se connectent pas à Redis au démarrage : une adresse suffit.
REDIS_DE_TEST = "redis://127.0.0.1:6379/0"


def _environnement(**variables):
    return {**{k: v for k, v in os.environ.items() if k not in VARIABLES_DE_TEST}, **variables}


SERVICES_APPLICATION = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((RACINE / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def _variables_documentees():
    texte = (RACINE / ".env.exemple").read_text()
    return set(re.findall(r"^#?\s?([A-Z][A-Z0-9_]+)=", texte, flags=re.MULTILINE))


def test_services_attendus(services):
    assert set(services) == {"db", "redis", "web", "worker", "beat"}


def test_volumes_persistants(compose, services):
    assert set(compose["volumes"]) == {"postgres", "redis", "media"}
    assert "postgres:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "redis:/data" in services["redis"]["volumes"]
    # Le web et le worker partagent les fichiers produits (PDF, exports, imports).
    for nom in ("web", "worker"):
        assert "media:/var/lib/weker/media" in services[nom]["volumes"]
        assert services[nom]["environment"]["MEDIA_ROOT"] == "/var/lib/weker/media"


@pytest.mark.parametrize("nom", ["db", "redis", "web", "worker"])
def test_sondes_de_sante(services, nom):
    sonde = services[nom]["healthcheck"]
    assert sonde["test"][0] in ("CMD", "CMD-SHELL")
    assert {"interval", "timeout", "retries"} <= set(sonde)


def test_sondes_precises(services):
    assert "pg_isready" in services["db"]["healthcheck"]["test"][1]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "-m", "weker.sonde"]
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]


def test_ordre_de_demarrage(services):
    for nom in ("web", "worker"):
        assert services[nom]["depends_on"]["db"] == {"condition": "service_healthy"}
        assert services[nom]["depends_on"]["redis"] == {"condition": "service_healthy"}
    # Worker et planificateur attendent que le web ait passé les migrations.
    assert services["worker"]["depends_on"]["web"] == {"condition": "service_healthy"}
    assert services["beat"]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_commandes(services):
    web = " ".join(services["web"]["command"])
    assert web.index("migrate --noinput") < web.index("charger_territoires") < web.index("exec gunicorn")
    assert web.endswith("exec gunicorn weker.wsgi:application")  # liaison au port 8000 : gunicorn.conf.py
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services["worker"]["command"][:5] == ["celery", "-A", "weker", "worker", "--loglevel"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "weker", "beat"]
    assert services["redis"]["command"] == ["redis-server", "--appendonly", "yes"]


@pytest.mark.parametrize("nom", SERVICES_APPLICATION)
def test_environnement_de_l_application(services, nom):
    service = services[nom]
    env = service["environment"]
    assert service["build"] == "."
    assert service["env_file"] == ".env"
    assert service["restart"] == "unless-stopped"
    assert env["DJANGO_SETTINGS_MODULE"] == "weker.settings.prod"
    assert re.fullmatch(r"postgres://weker:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/weker", env["DATABASE_URL"])
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["CELERY_TASK_ALWAYS_EAGER"] == "False"
    # Les secrets sont obligatoires : `docker compose up` s'arrête avec un message s'ils manquent.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert env["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?")


def test_base_de_donnees(services):
    db = services["db"]
    assert db["image"].startswith("postgres:")
    assert db["environment"]["POSTGRES_DB"] == db["environment"]["POSTGRES_USER"] == "weker"
    extensions = next(v for v in db["volumes"] if "docker-entrypoint-initdb.d" in v)
    assert (RACINE / extensions.split(":")[0]).read_text().count("CREATE EXTENSION IF NOT EXISTS") == 2


def test_variables_interpolees_documentees():
    texte = (RACINE / "docker-compose.yml").read_text()
    interpolees = set(re.findall(r"\$\{([A-Z_]+)", texte))
    assert interpolees == {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD", "LOG_LEVEL"}
    assert interpolees <= _variables_documentees()


def test_variables_de_mise_a_l_echelle_documentees_dans_env_exemple():
    """Plusieurs machines : Redis partagé, stockage objet, réplica du pilotage (docs/performance.md)."""
    assert {
        "REDIS_URL",
        "STOCKAGE_S3_BUCKET",
        "STOCKAGE_S3_ENDPOINT_URL",
        "STOCKAGE_S3_REGION",
        "STOCKAGE_S3_ADRESSAGE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "DATABASE_REPLICA_URL",
    } <= _variables_documentees()


def test_variables_des_reglages_documentees_dans_le_readme():
    """Chaque variable lue par les réglages figure dans le tableau de configuration du README."""
    lues = set()
    for fichier in (RACINE / "weker" / "settings").glob("*.py"):
        lues |= set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', fichier.read_text()))
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"} <= lues
    readme = (RACINE / "README.md").read_text()
    manquantes = {v for v in lues if f"`{v}`" not in readme}
    assert not manquantes, f"Variables non documentées dans README.md : {sorted(manquantes)}"


def test_dockerfile():
    texte = (RACINE / "Dockerfile").read_text()
    assert texte.startswith("#") and "\nFROM python:3.11-slim\n" in texte
    for paquet in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-liberation2"):
        assert paquet in texte
    assert "--no-install-recommends" in texte and "rm -rf /var/lib/apt/lists/*" in texte
    assert "useradd --system" in texte
    assert re.search(r"^USER weker$", texte, flags=re.MULTILINE)
    assert texte.index("collectstatic") < texte.index("USER weker")
    # collectstatic charge les réglages de production : il leur faut les variables obligatoires (valeurs factices).
    etape = texte[texte.index("RUN SECRET_KEY=") : texte.index("manage.py collectstatic")]
    assert "ALLOWED_HOSTS=" in etape and "REDIS_URL=redis://" in etape
    assert "DJANGO_SETTINGS_MODULE=weker.settings.prod" in texte
    assert '"gunicorn", "weker.wsgi:application"' in texte
    assert "EXPOSE 8000" in texte
    assert ".venv" in (RACINE / ".dockerignore").read_text()
    assert ".env" in (RACINE / ".dockerignore").read_text().split()


def _demarrer_prod(code="print('démarré')", **variables):
    env = _environnement(DJANGO_SETTINGS_MODULE="weker.settings.prod", WEKER_VAR_DIR=str(RACINE / "var"), **variables)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=RACINE, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif((RACINE / ".env").exists(), reason="un fichier .env local pourrait fournir SECRET_KEY")
@pytest.mark.parametrize(
    "secret",
    [None, "", "court", "dev-insecure-ne-pas-utiliser-en-production-" + "x" * 20, "django-insecure-" + "y" * 50],
    ids=["absente", "vide", "courte", "cle-de-dev", "django-insecure"],
)
def test_la_production_refuse_de_demarrer_sans_vraie_cle(secret):
    variables = {"ALLOWED_HOSTS": "weker.example.org", "REDIS_URL": REDIS_DE_TEST}
    if secret is not None:
        variables["SECRET_KEY"] = secret
    resultat = _demarrer_prod(**variables)
    assert resultat.returncode != 0
    assert "ImproperlyConfigured" in resultat.stderr
    assert "SECRET_KEY doit être défini" in resultat.stderr
    assert "démarré" not in resultat.stdout


def test_la_production_demarre_avec_une_vraie_cle():
    resultat = _demarrer_prod(SECRET_KEY=CLE_DE_TEST, ALLOWED_HOSTS="w.example", REDIS_URL=REDIS_DE_TEST)
    assert resultat.returncode == 0, resultat.stderr
    assert "démarré" in resultat.stdout


@pytest.mark.skipif((RACINE / ".env").exists(), reason="un fichier .env local pourrait fournir REDIS_URL")
@pytest.mark.parametrize("redis", [None, ""], ids=["absente", "vide"])
def test_la_production_refuse_de_demarrer_sans_redis(redis):
    """Sans Redis, cache et file des tâches seraient propres à chaque processus : plusieurs exemplaires du web et
    des workers ne se verraient pas."""
    variables = {"SECRET_KEY": CLE_DE_TEST, "ALLOWED_HOSTS": "weker.example.org"}
    if redis is not None:
        variables["REDIS_URL"] = redis
    resultat = _demarrer_prod(**variables)
    assert resultat.returncode != 0
    assert "ImproperlyConfigured: REDIS_URL doit être défini en production" in resultat.stderr
    assert "démarré" not in resultat.stdout


def test_la_production_partage_cache_et_file_des_taches_par_redis():
    resultat = _demarrer_prod(
        SECRET_KEY=CLE_DE_TEST,
        ALLOWED_HOSTS="w.example",
        REDIS_URL="redis://redis.interne:6379/2",
        code="from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL, "
        "s.CELERY_RESULT_BACKEND, s.CELERY_TASK_ALWAYS_EAGER)",
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://redis.interne:6379/2",
        "redis://redis.interne:6379/2",
        "redis://redis.interne:6379/2",
        "False",
    ]


def test_la_production_range_les_fichiers_dans_le_stockage_objet_si_configure():
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, getattr(s, 'bucket_name', '-'))"
    )
    resultat = _demarrer_prod(
        SECRET_KEY=CLE_DE_TEST,
        ALLOWED_HOSTS="w.example",
        REDIS_URL=REDIS_DE_TEST,
        STOCKAGE_S3_BUCKET="weker-fichiers",
        STOCKAGE_S3_ENDPOINT_URL="https://s3.fr-par.example.org",
        code=code,
    )
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split() == ["StockageObjetPrive", "weker-fichiers"]
    sans = _demarrer_prod(SECRET_KEY=CLE_DE_TEST, ALLOWED_HOSTS="w.example", REDIS_URL=REDIS_DE_TEST, code=code)
    assert sans.stdout.split() == ["FileSystemStorage", "-"], sans.stderr


def test_check_deploy_sans_avertissement():
    env = _environnement(
        DJANGO_SETTINGS_MODULE="weker.settings.prod",
        SECRET_KEY=CLE_DE_TEST,
        ALLOWED_HOSTS="weker.example.org",
        REDIS_URL=REDIS_DE_TEST,
        WEKER_VAR_DIR=str(RACINE / "var"),
    )
    resultat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "System check identified no issues" in resultat.stdout


def test_make_check_donne_redis_aux_reglages_de_production():
    """`make check` lance check --deploy avec les réglages de production, qui exigent REDIS_URL : la cible en donne
    un par défaut (les réglages ne s'y connectent pas)."""
    texte = (RACINE / "Makefile").read_text()
    recette = texte[texte.index("\ncheck:") : texte.index("\ntest:")]
    assert "DJANGO_SETTINGS_MODULE=weker.settings.prod" in recette
    assert "SECRET_KEY=" in recette and "ALLOWED_HOSTS=" in recette
    assert 'REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}"' in recette


def test_reglages_de_gunicorn(monkeypatch):
    """gunicorn.conf.py (lu depuis /app par l'image et par le banc) : un worker sync par cœur, modifiable."""
    import multiprocessing
    import runpy

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    reglages = runpy.run_path(str(RACINE / "gunicorn.conf.py"))
    assert reglages["worker_class"] == "sync" and reglages["workers"] == multiprocessing.cpu_count()
    assert reglages["bind"] == "0.0.0.0:8000" and reglages["timeout"] == 120 and reglages["accesslog"] == "-"
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert runpy.run_path(str(RACINE / "gunicorn.conf.py"))["workers"] == 5
    assert "--workers" not in (RACINE / "docker-compose.yml").read_text()  # un seul endroit : gunicorn.conf.py
