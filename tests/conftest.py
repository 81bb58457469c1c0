"""Fixtures communes : référentiel territorial chargé une fois par session, personas par rôle et antenne."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from comptes.enums import Role
from tests import gabarits
from tests.weker.factories import UtilisateurFactory

gabarits.installer()  # variables de gabarit indéfinies : erreur (voir tests/gabarits.py)

# Données de référence présentes en début de session (référentiel territorial, catalogues chargés par les
# migrations…) : Django vide toutes les tables à la fin d'un test transactionnel (live_server,
# django_db(transaction=True)) ; on les rétablit au début du test transactionnel suivant.
_DONNEES_DE_REFERENCE = {}
_RECREES_PAR_POST_MIGRATE = {("contenttypes", "contenttype"), ("auth", "permission")}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.apps import apps

    with django_db_blocker.unblock():
        call_command("charger_territoires", verbosity=0)
        for modele in apps.get_models(include_auto_created=True):  # tables intermédiaires des ManyToMany comprises
            meta = modele._meta
            if meta.proxy or not meta.managed or meta.parents:  # héritage multi-tables : pas de bulk_create
                continue
            if (meta.app_label, meta.model_name) in _RECREES_PAR_POST_MIGRATE:
                continue
            lignes = list(modele._base_manager.all())
            if lignes:
                _DONNEES_DE_REFERENCE[modele] = lignes


def _est_transactionnel(item):
    marqueur = item.get_closest_marker("django_db")
    return bool(
        {"live_server", "transactional_db"} & set(getattr(item, "fixturenames", ()))
        or (marqueur and (marqueur.kwargs.get("transaction") or (marqueur.args and marqueur.args[0])))
    )


@pytest.fixture(autouse=True)
def _donnees_de_reference_retablies(request):
    if _est_transactionnel(request.node) and _DONNEES_DE_REFERENCE:
        from django.db import transaction

        request.getfixturevalue("transactional_db")
        with transaction.atomic():  # contraintes de clés étrangères vérifiées à la validation : ordre indifférent
            for modele, lignes in _DONNEES_DE_REFERENCE.items():
                if not modele._base_manager.exists():
                    modele._base_manager.bulk_create(lignes, batch_size=1000)


@pytest.fixture(autouse=True)
def _cache_vide():
    """Chaque test part d'un cache vide (fragments de gabarits en cache, versions) : les clés primaires d'une base
    annulée en fin de test reviennent au test suivant."""
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(config, items):
    est_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    a_redis = bool(settings.REDIS_URL)
    for item in items:
        # get_closest_marker et non `in item.keywords` : les mots-clés incluent aussi les identifiants de paramètres.
        if item.get_closest_marker("postgres") and not est_postgres:
            item.add_marker(pytest.mark.skip(reason="nécessite PostgreSQL (DATABASE_URL) : exécuté en CI"))
        if item.get_closest_marker("worker") and not a_redis:
            item.add_marker(pytest.mark.skip(reason="nécessite Redis (REDIS_URL) et un worker : exécuté en CI"))


@pytest.fixture
def worker_reel(tmp_path):
    """Un vrai worker Celery (tests/celery_reel.py) sur une file dédiée ; arrêté quoi qu'il arrive."""
    from tests.celery_reel import WorkerReel

    worker = WorkerReel(tmp_path)
    try:
        yield worker.demarrer()
    finally:
        worker.arreter()


@pytest.fixture
def mode_reel(settings):
    """Envoi réel au courtier (et non exécution dans le processus) pour la durée du test."""
    from weker.celery import app

    ancien = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    app.conf.task_always_eager = ancien


@pytest.fixture
def est_postgres():
    return connection.vendor == "postgresql"


def _antenne(code):
    from antennes.models import Antenne

    return Antenne.objects.get(code=code)


@pytest.fixture
def antenne_rennes(db):
    return _antenne("RENNES")


@pytest.fixture
def antenne_broceliande(db):
    return _antenne("BROCELIANDE")


@pytest.fixture
def conseiller_rennes(antenne_rennes):
    return UtilisateurFactory(username="alice", role=Role.CONSEILLER, antenne=antenne_rennes)


@pytest.fixture
def conseiller_broceliande(antenne_broceliande):
    return UtilisateurFactory(username="bob", role=Role.CONSEILLER, antenne=antenne_broceliande)


@pytest.fixture
def accueil_rennes(antenne_rennes):
    return UtilisateurFactory(username="claire", role=Role.ACCUEIL, antenne=antenne_rennes)


@pytest.fixture
def responsable_rennes(antenne_rennes):
    return UtilisateurFactory(username="diane", role=Role.RESPONSABLE_ANTENNE, antenne=antenne_rennes)


@pytest.fixture
def responsable_broceliande(antenne_broceliande):
    return UtilisateurFactory(username="damien", role=Role.RESPONSABLE_ANTENNE, antenne=antenne_broceliande)


@pytest.fixture
def entreprises_rennes(antenne_rennes):
    """Conseillère de Rennes qui a le droit « conseiller relations entreprises » (registre, offres)."""
    return UtilisateurFactory(
        username="estelle", role=Role.CONSEILLER, antenne=antenne_rennes, relations_entreprises=True
    )


@pytest.fixture
def direction(db):
    return UtilisateurFactory(username="edith", role=Role.DIRECTION, antenne=None)


@pytest.fixture
def secretariat_faj(db):
    return UtilisateurFactory(username="fanny", role=Role.SECRETARIAT_FAJ, antenne=None)


@pytest.fixture
def membre_commission(db):
    return UtilisateurFactory(username="gilles", role=Role.MEMBRE_COMMISSION, antenne=None)


@pytest.fixture
def administrateur(db):
    return UtilisateurFactory(username="hugo", role=Role.ADMINISTRATEUR, antenne=None)


@pytest.fixture
def client_de(client):
    """client_de(user) : un client de test connecté sous cet utilisateur."""

    def connecter(user):
        client.force_login(user)
        return client

    return connecter
