"""Commandes `indicateurs` et `rapport_pdf` : même chemin que la tâche, JSON du contrat, PDF lisible."""

import json
import subprocess
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from antennes.models import Antenne
from reporting.models import Snapshot
from reporting.services import snapshot_recalculer
from reporting.tasks import recalculer_indicateurs_nuit
from tests.reporting.factories import DemandeAideFactory, EvenementFactory, JeuneFactory, VersementFactory

pytestmark = pytest.mark.django_db

N = 2018


def sortie(*args):
    tampon = StringIO()
    call_command("indicateurs", *args, stdout=tampon)
    return tampon.getvalue()


@pytest.fixture
def donnees():
    rennes = Antenne.objects.get(code="RENNES")
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    for i in range(7):
        j = JeuneFactory(antenne=rennes, sexe="f" if i < 4 else "m", date_premier_accueil=date(N, 2, 1))
        EvenementFactory(jeune=j, date=date(N, 4, 1))
    for _ in range(3):
        EvenementFactory(jeune=JeuneFactory(antenne=broceliande, sexe="m"), date=date(N, 4, 1))
    DemandeAideFactory(jeune=j, montant_accorde=Decimal("1234.50"))
    VersementFactory(jeune=j, montant=Decimal("228750.50"))


def test_json_identique_a_l_instantane(donnees):
    d = json.loads(sortie("--annee", str(N)))

    assert d["annee"] == N
    assert d["jeunes_accompagnes"]["total"] == 10
    assert d["aides"]["faj_rm"]["montant"] == "1234.50"
    assert d == Snapshot.objects.get(annee=N, perimetre__isnull=True).donnees


def test_json_par_antenne_et_csv(donnees):
    d = json.loads(sortie("--annee", str(N), "--antenne", "BROCELIANDE"))
    assert d["jeunes_accompagnes"]["total"] == 3
    assert {lg["antenne"] for lg in d["territoires"]} == {"BROCELIANDE"}

    csv = sortie("--annee", str(N), "--format", "csv").splitlines()
    assert csv[0] == "indicateur;valeur"
    assert "jeunes_accompagnes.total;10" in csv
    assert "territoires.RENNES.accompagnes;7" in csv
    assert "territoires.TOTAL.accompagnes;10" in csv
    assert "aides.faj_rm.montant;1234.50" in csv


def test_reutilise_un_instantane_si_demande(donnees):
    snapshot_recalculer(annee=N)
    EvenementFactory(jeune=JeuneFactory(), date=date(N, 4, 1))

    assert json.loads(sortie("--annee", str(N), "--instantane"))["jeunes_accompagnes"]["total"] == 10
    assert json.loads(sortie("--annee", str(N)))["jeunes_accompagnes"]["total"] == 11


def test_antenne_inconnue():
    with pytest.raises(CommandError, match="Antenne inconnue"):
        sortie("--annee", str(N), "--antenne", "ATLANTIDE")


def test_recalcul_de_nuit_idempotent(donnees, time_machine):
    time_machine.move_to("2019-03-01 02:30")

    assert recalculer_indicateurs_nuit() == 14
    assert recalculer_indicateurs_nuit() == 14
    assert Snapshot.objects.count() == 14
    assert Snapshot.objects.get(annee=N, perimetre="RENNES").donnees["jeunes_accompagnes"]["total"] == 7


def texte_pdf(chemin):
    return subprocess.run(["pdftotext", "-layout", str(chemin), "-"], capture_output=True, check=True, text=True).stdout


def test_rapport_pdf_contient_les_chiffres_cles(donnees, tmp_path):
    fichier = tmp_path / "rapport.pdf"

    call_command("rapport_pdf", "--annee", str(N), "--sortie", str(fichier), stdout=StringIO())

    texte = texte_pdf(fichier)
    assert fichier.read_bytes().startswith(b"%PDF")
    for attendu in (
        "Rapport d'activité",
        "10 jeunes accompagnés",
        "Les jeunes accompagnés",
        "Les entrées en formation",
        "Les entrées en emploi",
        "Les dispositifs",
        "Évolution par secteur",
        "Antenne Brocéliande",
        "La santé",
        "L'hébergement",
        "La mobilité",
        "Les aides attribuées",
        "Le Fonds d'Aide aux Jeunes",
        "229 985 €",  # 228 750,50 + 1 234,50 : montants arrondis à l'euro
        "70 %",  # 7 primo-accueillis sur 10
        "Page 3 sur",
    ):
        assert attendu in texte.replace("\u202f", " ").replace("\u00a0", " "), attendu
    # Petits effectifs masqués dans le profil par secteur, totaux exacts
    assert "< 5" in texte
    # Graphiques (images SVG) dessinés avec leurs libellés : légende de la répartition par sexe
    assert "Femmes : 4" in texte.replace("\u202f", " ").replace("\u00a0", " ")


def test_rapport_pdf_d_une_antenne(donnees, tmp_path):
    fichier = tmp_path / "rapport.pdf"

    call_command(
        "rapport_pdf", "--annee", str(N), "--antenne", "BROCELIANDE", "--sortie", str(fichier), stdout=StringIO()
    )

    texte = texte_pdf(fichier)
    assert "Antenne Brocéliande" in texte
    assert "Antenne Rennes Métropole" not in texte
    assert "3 jeunes accompagnés" in texte


def test_json_et_csv_donnent_les_indicateurs_entreprises_actions_cohortes(donnees):
    from tests.reporting.factories import ActionFactory, EntrepriseFactory, InscriptionFactory, OffreFactory

    entreprise = EntrepriseFactory()
    OffreFactory(entreprise=entreprise, nombre_postes=3, date_reception=date(N, 3, 1))
    ActionFactory(type="mixite", date=date(N, 3, 8), public_scolaires=45, entreprises=[entreprise])
    InscriptionFactory(date_entree=date(N, 2, 1), date_sortie=date(N, 9, 1), motif_sortie="abandon")

    d = json.loads(sortie("--annee", str(N)))
    assert (d["entreprises"]["contactees"], d["entreprises"]["postes"]) == (1, 3)
    assert d["actions"]["mixite"]["participants"] == 45
    assert d["cohortes"]["cej"]["sorties_par_motif"]["abandon"] == 1
    assert d["ateliers_par_theme"]["budget"] == {"sessions": 0, "jeunes": 0}
    assert d["entrees_formation"]["par_programme"]["non_renseigne"] == 0

    csv = sortie("--annee", str(N), "--format", "csv", "--instantane").splitlines()
    for ligne in (
        "entreprises.contactees;1",
        "entreprises.par_secteur_naf.U;0",
        "actions.mixite.participants;45",
        "actions.total.entreprises;1",
        "ateliers_par_theme.budget.sessions;0",
        "entrees_formation.par_programme.poe;0",
        "cohortes.cej.sorties_par_motif.abandon;1",
        "cohortes.cej.situations_pendant.total;0",
        "cohortes.cej.profil.qpv;0",
    ):
        assert ligne in csv, ligne
