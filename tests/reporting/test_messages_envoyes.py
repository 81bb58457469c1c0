"""Chiffres des messages aux jeunes (issue 17) : une fonction, servie au JSON de `manage.py indicateurs` (clé
`messages`) et au tableau de bord ; par canal et par antenne du jeune."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from agenda.heures import a_paris
from messagerie.enums import Canal
from messagerie.enums import StatutMessage as S
from messagerie.models import Message
from reporting.messages_envoyes import chiffres_messages
from reporting.services import snapshot_recalculer
from tests.accompagnement.factories import JeuneFactory

pytestmark = pytest.mark.django_db

N = 2026


def message(conseiller, canal, statut, jour=datetime.date(N, 3, 10), heure=10):
    return Message.objects.create(
        jeune=JeuneFactory(referent=conseiller, antenne=conseiller.antenne),
        canal=canal,
        modele="convocation",
        objet_type="rendez-vous",
        objet_id=1,
        destinataire="x",
        corps="Bonjour",
        statut=statut,
        raison="Refusé" if statut == S.ECHEC else "",
        cree_le=a_paris(jour, datetime.time(heure)),
    )


@pytest.fixture
def donnees(conseiller_rennes, conseiller_broceliande):
    for statut in (S.ENVOYE, S.DISTRIBUE, S.DISTRIBUE, S.ECHEC):
        message(conseiller_rennes, Canal.SMS, statut)
    message(conseiller_rennes, Canal.COURRIEL, S.ENVOYE)
    message(conseiller_rennes, Canal.COURRIEL, S.EN_ATTENTE)
    message(conseiller_broceliande, Canal.COURRIER, S.ENVOYE)
    # Bornes de l'année en heure de Paris : le 31/12 à 23:30 compte en N, le 01/01 à 00:30 en N+1.
    message(conseiller_broceliande, Canal.SMS, S.ECHEC, jour=datetime.date(N, 12, 31), heure=23)
    message(conseiller_broceliande, Canal.SMS, S.ENVOYE, jour=datetime.date(N + 1, 1, 1), heure=0)


def test_chiffres_par_canal_et_antenne(donnees, django_assert_num_queries):
    with django_assert_num_queries(1):
        chiffres = chiffres_messages(N)
    total = chiffres["total"]
    assert (total["programmes"], total["envoyes"], total["distribues"]) == (8, 5, 2)
    assert (total["echecs"], total["en_attente"], total["taux_echec"]) == (2, 1, "25.0")
    sms = next(c for c in chiffres["canaux"] if c["canal"] == "sms")
    assert (sms["libelle"], sms["programmes"], sms["envoyes"], sms["echecs"]) == ("SMS", 5, 3, 2)
    assert [c["canal"] for c in chiffres["canaux"]] == ["sms", "courriel", "courrier"]
    rennes = next(a for a in chiffres["antennes"] if a["antenne"] == "RENNES")
    assert (rennes["programmes"], rennes["echecs"], rennes["taux_echec"]) == (6, 1, "16.7")
    broceliande = chiffres_messages(N, "BROCELIANDE")
    assert [a["antenne"] for a in broceliande["antennes"]] == ["BROCELIANDE"]
    assert broceliande["total"]["programmes"] == 2
    vide = chiffres_messages(N + 5)
    assert vide["total"]["taux_echec"] is None and vide["antennes"] == []
    assert all(c["programmes"] == 0 for c in vide["canaux"])


def test_json_de_la_commande_sous_une_cle_a_part(donnees):
    sortie = StringIO()
    call_command("indicateurs", "--annee", str(N), stdout=sortie)
    d = json.loads(sortie.getvalue())
    assert d["messages"] == chiffres_messages(N)
    assert d["rendez_vous"]["total"]["planifies"] == 0 and d["annee"] == N  # les autres clés restent


def test_tableau_de_bord_montre_les_messages(donnees, client_de, direction):
    snapshot_recalculer(annee=N)
    snapshot_recalculer(annee=N - 1)
    texte = client_de(direction).get(reverse("reporting:tableau_de_bord"), {"annee": N}).content.decode()
    assert "Messages aux jeunes par canal" in texte and "Messages aux jeunes par antenne du jeune" in texte
    assert "25,0&nbsp;%" in texte and "16,7&nbsp;%" in texte
