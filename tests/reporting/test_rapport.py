"""Rapport d'activité PDF : calcul des années N et N-1, requêtes en nombre constant."""

from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from antennes.models import Antenne
from reporting.models import Snapshot
from reporting.rapport import contexte_rapport
from reporting.services import snapshot_recalculer
from tests.reporting.factories import EvenementFactory, JeuneFactory

pytestmark = pytest.mark.django_db

N = 2018


def accompagnes(nombre, annee, code="RENNES"):
    antenne = Antenne.objects.get(code=code)
    for _ in range(nombre):
        EvenementFactory(jeune=JeuneFactory(antenne=antenne), date=date(annee, 5, 1))


def lectures_des_evenements(requetes):
    return [q["sql"] for q in requetes if '"accompagnement_evenement"' in q["sql"]]


def test_n_1_calcule_une_fois_et_reutilise_pour_les_evolutions_de_n():
    accompagnes(2, N)
    accompagnes(3, N - 1)

    with CaptureQueriesContext(connection) as requetes:
        contexte = contexte_rapport(N)

    # N-1 : accompagnés, totaux de N-2, services, ateliers par thème ; N : accompagnés, services, ateliers par
    # thème (totaux N-1 repris du calcul N-1)
    assert len(lectures_des_evenements(requetes.captured_queries)) == 7
    ja = contexte["ja"]
    assert (ja["total"], ja["total_n_1"]) == (2, 3)
    assert contexte["ind"].d1["jeunes_accompagnes"]["total"] == 3
    assert not Snapshot.objects.exists()  # le rapport calcule pour lui-même : il n'écrit pas d'instantané


def test_contexte_du_rapport_en_nombre_de_requetes_constant():
    accompagnes(1, N)
    with CaptureQueriesContext(connection) as peu:
        contexte_rapport(N)
    accompagnes(15, N, "NORD_EST")
    accompagnes(15, N - 1, "BROCELIANDE")
    with CaptureQueriesContext(connection) as beaucoup:
        contexte_rapport(N, "NORD_EST")
        contexte = contexte_rapport(N)

    assert len(beaucoup) == 2 * len(peu)
    assert contexte["ja"]["total"] == 16


def test_instantane_precedent_d_une_autre_annee_ou_d_un_autre_perimetre_refuse():
    avant_hier = snapshot_recalculer(annee=N - 2)
    autre_perimetre = snapshot_recalculer(annee=N - 1, antenne_code="RENNES")

    with pytest.raises(ValueError, match="Instantané précédent inattendu"):
        snapshot_recalculer(annee=N, precedent=avant_hier)
    with pytest.raises(ValueError, match="Instantané précédent inattendu"):
        snapshot_recalculer(annee=N, precedent=autre_perimetre)


def test_graphiques_du_pdf_en_images_et_non_en_svg_en_ligne():
    accompagnes(2, N)

    html = render_to_string("reporting/rapport_pdf.html", contexte_rapport(N))

    assert "<svg" not in html
    # 7 graphiques de l'agence, 3 par antenne (6 antennes), 1 par thème de services (3)
    assert html.count('<img class="graphique" src="data:image/svg+xml;base64,') == 7 + 3 * 6 + 3
