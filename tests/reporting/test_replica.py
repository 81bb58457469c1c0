"""Réplica du pilotage, de bout en bout sur la base unique des tests : un routeur témoin note où chaque lecture
irait avec DATABASE_REPLICA_URL (réplica ou primaire) sans rien déplacer ; pages et calcul s'exécutent normalement."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from antennes.models import Antenne
from reporting.models import RapportPdf, Snapshot
from reporting.services import snapshot_recalculer
from tests.reporting.factories import EvenementFactory, JeuneFactory
from weker.routeur import RouteurPilotage

pytestmark = pytest.mark.django_db

N = 2018


class RouteurTemoin(RouteurPilotage):
    def __init__(self):
        self.lectures = []

    def db_for_read(self, model, **hints):
        self.lectures.append((model._meta.label, super().db_for_read(model, **hints)))
        return None  # la lecture se fait sur l'unique base des tests

    def lus_sur(self, base):
        return {modele for modele, alias in self.lectures if alias == base}


@pytest.fixture
def routeur(settings):
    temoin = RouteurTemoin()
    settings.DATABASE_ROUTERS = [temoin]
    return temoin


def accompagnes(nombre, code="RENNES", **kwargs):
    antenne = Antenne.objects.get(code=code)
    return [
        EvenementFactory(jeune=JeuneFactory(antenne=antenne, **kwargs), date=date(N, 5, 1)).jeune for _ in range(nombre)
    ]


def test_le_calcul_lit_sur_le_replica_et_ecrit_l_instantane_sur_le_primaire(routeur):
    accompagnes(3)

    snapshot = snapshot_recalculer(annee=N)

    assert snapshot.donnees["jeunes_accompagnes"]["total"] == 3
    assert Snapshot.objects.get(annee=N, perimetre__isnull=True).pk == snapshot.pk
    assert {"accompagnement.Jeune", "accompagnement.Situation", "dispositifs.Inscription", "aides.DemandeAide"} <= (
        routeur.lus_sur("replica")
    )
    # Validation et écriture de l'instantané : primaire (jamais de contrôle d'unicité sur un réplica en retard).
    assert "reporting.Snapshot" not in routeur.lus_sur("replica")


def test_le_tableau_de_bord_lit_les_instantanes_sur_le_replica(routeur, client_de, direction):
    accompagnes(2)
    snapshot_recalculer(annee=N)
    snapshot_recalculer(annee=N - 1)
    routeur.lectures.clear()

    reponse = client_de(direction).get(f"{reverse('reporting:tableau_de_bord')}?{urlencode({'annee': N})}")

    assert reponse.status_code == 200
    assert "reporting.Snapshot" in routeur.lus_sur("replica")
    # Ni l'utilisateur, ni la session, ni le suivi du recalcul demandé : ils restent sur le primaire.
    assert routeur.lus_sur("replica") == {"reporting.Snapshot"}
    assert {"weker.Utilisateur", "reporting.RecalculIndicateurs"} <= routeur.lus_sur(None)


def test_la_liste_des_jeunes_d_un_chiffre_est_lue_sur_le_replica(routeur, client_de, direction):
    jeunes = accompagnes(2)

    reponse = client_de(direction).get(f"{reverse('reporting:jeunes')}?{urlencode({'annee': N})}")

    contenu = reponse.content.decode()
    assert "2 jeunes." in contenu
    assert all(jeune.prenom in contenu for jeune in jeunes)
    assert "accompagnement.Jeune" in routeur.lus_sur("replica")
    assert "accompagnement.Jeune" not in routeur.lus_sur(None)


def test_le_rapport_demande_est_relu_sur_le_primaire(routeur, client_de, direction, django_capture_on_commit_callbacks):
    """Juste après la demande, la page du rapport doit le trouver : pas de lecture sur un réplica en retard."""
    accompagnes(1)
    client = client_de(direction)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("reporting:rapports"), {"annee": N, "antenne": ""})
    detail = client.get(reponse.url)

    assert detail.status_code == 200 and RapportPdf.objects.get().statut == "termine"
    assert "reporting.RapportPdf" in routeur.lus_sur(None)
    assert "reporting.RapportPdf" not in routeur.lus_sur("replica")
    assert "accompagnement.Jeune" in routeur.lus_sur("replica")  # le calcul du rapport, lui, lit le réplica
