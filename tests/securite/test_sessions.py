import datetime

import pytest
import time_machine
from django.urls import reverse

DEBUT = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)


def connecter(client):
    return client.post(reverse("connexion"), {"username": "alice", "password": "mot-de-passe-de-test"})


@pytest.mark.django_db
def test_session_expire_apres_30_minutes_d_inactivite_exactement(client, conseiller_rennes):
    with time_machine.travel(DEBUT, tick=False) as horloge:
        connecter(client)
        assert client.get(reverse("accueil")).status_code == 200
        horloge.shift(datetime.timedelta(minutes=29, seconds=59))
        assert client.get(reverse("accueil")).status_code == 200  # l'activité prolonge la session
        horloge.shift(datetime.timedelta(minutes=30))
        reponse = client.get(reverse("accueil"))
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion"))


def _expiration(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_session_reecrite_au_plus_une_fois_par_minute(client, conseiller_rennes):
    with time_machine.travel(DEBUT, tick=False) as horloge:
        connecter(client)
        expiration = _expiration(client)
        horloge.shift(datetime.timedelta(seconds=59))
        assert client.get(reverse("accueil")).status_code == 200
        # Lecture seule : la session n'est pas réécrite (une requête htmx encore en vol pendant l'envoi d'un
        # formulaire ne peut donc plus effacer le message « Dossier … créé » que ce formulaire y a déposé).
        assert _expiration(client) == expiration
        horloge.shift(datetime.timedelta(seconds=1))
        assert client.get(reverse("accueil")).status_code == 200
        assert _expiration(client) == DEBUT + datetime.timedelta(minutes=31)  # une minute après : repoussée


@pytest.mark.django_db
def test_session_limitee_a_10_heures_meme_active(client, conseiller_rennes):
    with time_machine.travel(DEBUT, tick=False) as horloge:
        connecter(client)
        client.get(reverse("accueil"))
        for _ in range(39):  # une requête toutes les 15 minutes pendant 9 h 45
            horloge.shift(datetime.timedelta(minutes=15))
            assert client.get(reverse("accueil")).status_code == 200
        horloge.shift(datetime.timedelta(minutes=15))  # 10 h exactement : encore permis
        assert client.get(reverse("accueil")).status_code == 200
        horloge.shift(datetime.timedelta(seconds=1))
        reponse = client.get(reverse("accueil"))
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion"))
