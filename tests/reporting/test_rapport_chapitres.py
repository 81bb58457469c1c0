"""Chapitres du rapport d'activité PDF ajoutés par les issues 18 et 19 : relations entreprises, actions territoriales
(tableau par type puis un bloc par action de recrutement), dispositifs en détail, ateliers, programmes de formation.

Pour regarder les pages : `RAPPORT_CHAPITRES_PDF=/tmp/chapitres.pdf pytest … -k pdf_contient` écrit le PDF produit,
puis `pdftoppm -png -r 60 /tmp/chapitres.pdf /tmp/page`."""

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from accompagnement.models import ThemeAtelier
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from antennes.models import Commune
from dispositifs.models import Dispositif
from entreprises.models import Entreprise
from reporting import rapport
from reporting.rapport import contexte_rapport, produire_rapport_pdf
from reporting.selectors import actions_de_recrutement
from tests.reporting.cles_complementaires import cles_vides, fusionner
from tests.reporting.factories import DispositifFactory, EvenementFactory, JeuneFactory
from tests.reporting.test_tableaux_complementaires import AJOUTS_N, AJOUTS_N_1

pytestmark = pytest.mark.django_db

N = 2018
HOSTILE = "<img src=x onerror=alert(1)>"


def texte_pdf(contenu):
    """Texte du PDF dans l'ordre du dessin, espaces normalisés (comme tests/securite/test_nom_hostile.py)."""
    assert contenu.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) absent : scripts/deps-systeme.sh l'installe")
    resultat = subprocess.run(["pdftotext", "-raw", "-", "-"], input=contenu, capture_output=True, check=True)
    return " ".join(resultat.stdout.decode("utf-8").split())


@pytest.fixture
def avec_les_cles(monkeypatch):
    """Le calcul du rapport rend les indicateurs du contrat avec les chiffres de AJOUTS_N / AJOUTS_N_1 (ce module lit
    les clés, il ne les calcule pas)."""
    vrai = rapport.instantane_calcule

    def instantane(*, annee, antenne_code=None, precedent=None):
        snapshot = vrai(annee=annee, antenne_code=antenne_code, precedent=precedent)
        ajouts = AJOUTS_N if annee == N else AJOUTS_N_1
        snapshot.donnees = fusionner(fusionner(snapshot.donnees, cles_vides()), ajouts)
        return snapshot

    monkeypatch.setattr(rapport, "instantane_calcule", instantane)


@pytest.fixture
def recrutements():
    """Deux actions de recrutement en N (l'une à l'intitulé hostile), une en N-1 et une découverte des métiers en N."""
    DispositifFactory(code="pacea", nom="PACEA")
    EvenementFactory(jeune=JeuneFactory(), date=date(N, 5, 1))
    commune = Commune.objects.filter(antenne__code="RENNES").first()
    entreprise = Entreprise.objects.create(
        siret="73282932000074", raison_sociale="Boulangerie du Mail", commune=commune
    )
    job_dating = ActionTerritoriale.objects.create(
        reference="R-1",
        intitule=HOSTILE,
        type="recrutement",
        date=date(N, 3, 14),
        commune=commune,
        lieu="Halle Martenot",
        public_tout_public=40,
        public_demandeurs_emploi=17,
        entretiens=31,
        seconds_entretiens=9,
        embauches=6,
    )
    job_dating.entreprises.add(entreprise)
    for nom in ("PREMIER", "SECOND"):
        ParticipationAction.objects.create(action=job_dating, jeune=JeuneFactory(nom=nom))
    ActionTerritoriale.objects.create(
        reference="R-2",
        intitule="Recruter autrement : logistique",
        type="recrutement",
        date=date(N, 10, 2),
        commune=commune,
        embauches=3,
    )
    ActionTerritoriale.objects.create(
        reference="R-0", intitule="Forum de l'an passé", type="recrutement", date=date(N - 1, 10, 2), commune=commune
    )
    ActionTerritoriale.objects.create(
        reference="D-1",
        intitule="Visite de l'Exploratoire",
        type="decouverte_metiers",
        date=date(N, 4, 2),
        commune=commune,
    )
    return job_dating


def test_actions_de_recrutement_de_l_annee_en_effectifs(recrutements):
    actions = actions_de_recrutement(N)

    assert [a["intitule"] for a in actions] == [HOSTILE, "Recruter autrement : logistique"]
    premiere = actions[0]
    assert (premiere["publics"], premiere["jeunes"], premiere["nombre_entreprises"]) == (57, 2, 1)
    assert (premiere["entretiens"], premiere["seconds_entretiens"], premiere["embauches"]) == (31, 9, 6)
    assert "PREMIER" not in repr(actions)  # des effectifs, jamais un nom
    assert actions_de_recrutement(N, "BROCELIANDE") == []


def test_pdf_contient_les_nouveaux_chapitres_et_leurs_chiffres(recrutements, avec_les_cles):
    ThemeAtelier.objects.filter(code="budget").update(libelle=f"Budget {HOSTILE}")

    contenu = produire_rapport_pdf(N)

    if os.environ.get("RAPPORT_CHAPITRES_PDF"):
        Path(os.environ["RAPPORT_CHAPITRES_PDF"]).write_bytes(contenu)
    texte = texte_pdf(contenu)
    for titre in (
        "Relations entreprises",
        "Les actions territoriales",
        "Les dispositifs en détail",
        "Les ateliers",
    ):
        assert texte.count(titre) >= 2, titre  # au sommaire et en tête du chapitre
    assert "Par programme de formation" in texte and "Les actions de recrutement" in texte
    assert "Mises en relation 1 234" in texte
    assert "I — Hébergement et restauration 7 5 +40 %" in texte
    assert "Prestation préparatoire à l'insertion (PPI) 207" in texte
    assert "Budget " + HOSTILE + " 7 5 70 50 +40 %" in texte
    assert "Bénéficiaires 50 40 +25 %" in texte
    assert "Reconnaissance travailleur handicapé (RQTH) < 5 < 5" in texte
    assert "Recrutement 3 250 20 15 60 12 8" in texte
    # Bloc de l'action de recrutement : intitulé imprimé tel quel, participants = publics comptés + jeunes suivis
    assert HOSTILE in texte and "59 2 1 31 9 6" in texte
    assert "Recruter autrement : logistique" in texte and "Forum de l'an passé" not in texte
    assert "&lt;" not in texte and "&amp;" not in texte
    assert "PREMIER" not in texte


def test_html_du_rapport_echappe_les_intitules(recrutements, avec_les_cles):
    Dispositif.objects.filter(code="pacea").update(nom=f"PACEA {HOSTILE}")

    html = render_to_string("reporting/rapport_pdf.html", contexte_rapport(N))

    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "PACEA &lt;img" in html


def test_instantanes_d_avant_les_cles_chapitres_a_recalculer(recrutements, monkeypatch):
    """Indicateurs sans les clés du contrat (calcul d'avant) : chaque chapitre le dit, sans erreur, et les actions de
    recrutement (lues en base) restent imprimées."""
    vrai = rapport.instantane_calcule

    def instantane(**kwargs):
        snapshot = vrai(**kwargs)
        for cle in ("entreprises", "actions", "ateliers_par_theme", "cohortes"):
            snapshot.donnees.pop(cle, None)
        snapshot.donnees["entrees_formation"].pop("par_programme", None)
        return snapshot

    monkeypatch.setattr(rapport, "instantane_calcule", instantane)

    html = render_to_string("reporting/rapport_pdf.html", contexte_rapport(N))

    assert html.count("à recalculer") == 5
    assert "Recruter autrement : logistique" in html
