"""Chiffres des rendez-vous (issue 17) : une fonction, servie au JSON de `manage.py indicateurs` et au tableau de
bord ; taux d'absence non excusée par antenne et par conseiller."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from agenda.enums import StatutRendezVous as S
from agenda.heures import a_paris
from reporting.rendez_vous import chiffres_rendez_vous
from reporting.services import snapshot_recalculer
from tests.accompagnement.factories import JeuneFactory
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

N = 2026


def rdv(conseiller, statut, jour=datetime.date(N, 3, 10), heure=10):
    return RendezVousFactory(
        jeune=JeuneFactory(referent=conseiller),
        conseiller=conseiller,
        statut=statut,
        debut=a_paris(jour, datetime.time(heure)),
    )


@pytest.fixture
def donnees(conseiller_rennes, responsable_rennes, conseiller_broceliande):
    for statut in (S.HONORE, S.HONORE, S.HONORE, S.ABSENT_NON_EXCUSE, S.ABSENT_EXCUSE, S.ANNULE_JEUNE, S.REPORTE):
        rdv(conseiller_rennes, statut)
    rdv(conseiller_rennes, S.PLANIFIE, jour=datetime.date(N, 12, 30))
    rdv(responsable_rennes, S.ABSENT_NON_EXCUSE)
    rdv(conseiller_broceliande, S.ANNULE_MISSION_LOCALE)
    # Bornes de l'année en heure de Paris : le 31/12 à 23:30 compte en N, le 01/01 à 00:30 en N+1.
    rdv(conseiller_broceliande, S.HONORE, jour=datetime.date(N, 12, 31), heure=23)
    rdv(conseiller_broceliande, S.HONORE, jour=datetime.date(N + 1, 1, 1), heure=0)
    rdv(conseiller_broceliande, S.HONORE, jour=datetime.date(N - 1, 12, 31), heure=23)


def test_chiffres_par_antenne_et_conseiller(donnees, conseiller_rennes):
    chiffres = chiffres_rendez_vous(N)
    total = chiffres["total"]
    assert total["planifies"] == 10 and total["reportes"] == 1
    assert (total["honores"], total["absents_excuses"], total["absents_non_excuses"]) == (4, 1, 2)
    assert total["annules"] == 2 and total["a_venir_ou_non_renseignes"] == 1
    assert total["taux_absence_non_excusee"] == "28.6"  # 2 / (4 + 1 + 2)
    rennes = next(a for a in chiffres["antennes"] if a["antenne"] == "RENNES")
    assert rennes["taux_absence_non_excusee"] == "33.3"  # 2 / (3 + 1 + 2)
    ligne = next(c for c in chiffres["conseillers"] if c["conseiller"].startswith(conseiller_rennes.last_name.upper()))
    assert ligne["taux_absence_non_excusee"] == "20.0"  # 1 / (3 + 1 + 1)
    broceliande = chiffres_rendez_vous(N, "BROCELIANDE")
    assert [a["antenne"] for a in broceliande["antennes"]] == ["BROCELIANDE"]
    assert broceliande["total"]["honores"] == 1 and broceliande["total"]["annules"] == 1
    assert chiffres_rendez_vous(N + 5)["total"]["taux_absence_non_excusee"] is None


def test_json_de_la_commande_sous_une_cle_a_part(donnees):
    sortie = StringIO()
    call_command("indicateurs", "--annee", str(N), stdout=sortie)
    d = json.loads(sortie.getvalue())
    assert d["rendez_vous"] == chiffres_rendez_vous(N)
    assert "jeunes_accompagnes" in d and d["annee"] == N  # les clés du contrat restent


def test_tableau_de_bord_montre_les_rendez_vous(donnees, client_de, direction):
    snapshot_recalculer(annee=N)
    snapshot_recalculer(annee=N - 1)
    texte = client_de(direction).get(reverse("reporting:tableau_de_bord"), {"annee": N}).content.decode()
    assert "Rendez-vous par antenne" in texte and "Rendez-vous par conseiller" in texte
    assert "28,6&nbsp;%" in texte and "33,3&nbsp;%" in texte
