"""Définitions à côté des tableaux : une phrase par tableau, la même dans le tableau de bord, le PDF et la doc."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from antennes.models import Antenne
from reporting.definitions import DEFINITIONS, definition_du_tableau
from reporting.rapport import contexte_rapport
from reporting.selectors import indicateurs_pour
from reporting.services import indicateurs_recalculer_annees
from tests.reporting.factories import EvenementFactory, JeuneFactory

N = 2018


def _espaces(texte):
    return re.sub(r"\s+", " ", texte)


def test_chaque_definition_figure_mot_pour_mot_dans_la_doc():
    doc = _espaces((Path(settings.BASE_DIR) / "docs" / "indicateurs.md").read_text())
    absentes = [nom for nom, texte in DEFINITIONS.items() if _espaces(texte) not in doc]
    assert not absentes, f"Définitions absentes de docs/indicateurs.md : {absentes}"


def test_tableaux_par_theme_et_par_antenne():
    assert definition_du_tableau("services_sante") == DEFINITIONS["services"]
    assert definition_du_tableau("profil_RENNES") == DEFINITIONS["profil"]
    assert definition_du_tableau("emploi") == DEFINITIONS["emploi"]
    assert definition_du_tableau("emploi_par_section_naf") == ""  # pas de définition par ressemblance


@pytest.mark.django_db
def test_chaque_tableau_du_tableau_de_bord_a_sa_definition_affichee(client_de, direction):
    EvenementFactory(jeune=JeuneFactory(antenne=Antenne.objects.get(code="RENNES")), date=date(N, 5, 1))
    indicateurs_recalculer_annees(annees=[N, N - 1])
    tableaux = indicateurs_pour(N).tableaux_exportables()
    sans = [nom for nom, tableau in tableaux.items() if not tableau.definition]
    assert not sans, f"Tableaux sans définition : {sans}"

    page = client_de(direction).get(reverse("reporting:tableau_de_bord"), {"annee": N}).content.decode()
    for nom in ("territoires", "par_tranche_age", "dispositifs", "faj_tranche", "services_sante", "profil_RENNES"):
        assert escape(tableaux[nom].definition) in page, nom


@pytest.mark.django_db
def test_le_rapport_pdf_imprime_les_definitions():
    EvenementFactory(jeune=JeuneFactory(antenne=Antenne.objects.get(code="RENNES")), date=date(N, 5, 1))
    html = render_to_string("reporting/rapport_pdf.html", contexte_rapport(N))
    for nom in ("territoires", "par_sexe", "dispositifs", "aides", "faj_type", "services", "profil"):
        assert (
            f'class="definition{" definition-avant" if nom == "territoires" else ""}">{escape(DEFINITIONS[nom])}</p>'
            in html
        ), nom
