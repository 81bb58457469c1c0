"""Fixtures communes : référentiel territorial chargé une fois par session, personas par rôle et antenne."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.weker.factories import UtilisateurFactory
from weker.enums import Role

# Copie du référentiel chargé en début de session : Django vide toutes les tables à la fin d'un test transactionnel
# (live_server, django_db(transaction=True)) ; le test transactionnel suivant le retrouve ainsi intact.
_REFERENTIEL = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from antennes.models import Antenne, Commune, Epci, Secteur

    with django_db_blocker.unblock():
        call_command("charger_territoires", verbosity=0)
        for modele in (Antenne, Epci, Secteur, Commune):
            _REFERENTIEL[modele] = list(modele.objects.all())


def _est_transactionnel(item):
    marqueur = item.get_closest_marker("django_db")
    return bool(
        {"live_server", "transactional_db"} & set(getattr(item, "fixturenames", ()))
        or (marqueur and (marqueur.kwargs.get("transaction") or (marqueur.args and marqueur.args[0])))
    )


@pytest.fixture(autouse=True)
def _referentiel_retabli(request):
    if _est_transactionnel(request.node):
        from antennes.models import Antenne

        request.getfixturevalue("transactional_db")
        if not Antenne.objects.exists():
            for modele, lignes in _REFERENTIEL.items():
                modele.objects.bulk_create(lignes, batch_size=1000)


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
