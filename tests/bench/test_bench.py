"""Banc de mesure : centiles, plancher SQL conforme aux définitions, commande de bout en bout (SQLite)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accompagnement.models import Jeune
from developpement.bench import sql_brut
from developpement.bench.mesures import Banc, Mesure, centile, ecrire_fichiers_reprise
from developpement.bench.rapport import page_markdown, tableau_texte
from developpement.demo.generateur import generer


def test_centiles():
    valeurs = list(range(1, 101))
    assert centile(valeurs, 50) == 50
    assert centile(valeurs, 95) == 95
    assert centile([3.0], 95) == 3.0
    assert centile([], 50) is None


@pytest.mark.django_db
def test_plancher_sql_compte_les_memes_jeunes_accompagnes_que_l_orm():
    generer(jeunes=250, graine=4)
    annee = timezone.localdate().year - 1
    attendu = Jeune.objects.accompagnes_en(annee).count()
    assert attendu > 0
    assert sql_brut.agreger(annee) == attendu


@pytest.mark.django_db
def test_commande_refuse_sqlite_sans_option():
    if connection.vendor != "sqlite":
        pytest.skip("vérifie le refus de SQLite : sans objet quand la suite tourne sur PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "--jeunes", "10", stdout=StringIO())


@pytest.mark.django_db
def test_saturation_seule_demande_une_duree(tmp_path):
    with pytest.raises(CommandError, match="--saturation-seule demande PostgreSQL et une durée"):
        call_command(
            "bench", "--permettre-sqlite", "--jeunes", "5", "--saturation", "0", "--saturation-seule",
            "--sortie", str(tmp_path / "b.md"), stdout=StringIO(),
        )  # fmt: skip
    assert not (tmp_path / "b.md").exists()


@pytest.mark.django_db
def test_commande_de_bout_en_bout_ecrit_la_page(tmp_path):
    sortie = tmp_path / "benchmarks.md"
    texte = StringIO()
    call_command(
        "bench",
        "--permettre-sqlite",
        "--jeunes",
        "300",
        "--requetes",
        "3",
        "--import-jeunes",
        "0",
        "--rappels",
        "20",
        "--entreprises",
        "50",
        "--saturation",
        "0",
        "--sortie",
        str(sortie),
        stdout=texte,
    )
    assert Jeune.objects.count() == 300
    page = sortie.read_text(encoding="utf-8")
    assert "# Mesures de performance" in page
    assert "| jeunes | 300 |" in page
    assert "Plancher SQL brut" in page
    assert "Dossier jeune" in page
    assert "Portefeuille d'un conseiller" in page
    assert "Séance FAJ (40 demandes)" in page
    assert "Plancher : accueil d'un conseiller connecté" in page
    assert "Recherche de l'en-tête" in page
    assert "Agenda d'un conseiller (semaine de 40 rendez-vous)" in page
    assert "Rappels de la veille (20 rendez-vous)" in page
    assert "Plancher de ce passage : p50" in page
    assert "Fiche entreprise (200 offres, 50 entreprises)" in page
    assert "Liste des offres (" in page
    assert "cœurs" in page
    assert "Plancher SQL brut" in texte.getvalue()
    # Relancé sur la même base, le jeu de données est réutilisé.
    texte = StringIO()
    call_command(
        "bench", "--permettre-sqlite", "--jeunes", "300", "--requetes", "1", "--import-jeunes", "0", "--sortie", "",
        "--rappels", "0", "--saturation", "0",
        stdout=texte,
    )  # fmt: skip
    assert "déjà présent : 300 jeunes" in texte.getvalue()
    assert Jeune.objects.count() == 300


def test_tableau_et_page_signalent_les_budgets():
    """Les pages se jugent en multiple du p95 de la page plancher du même passage : 3×, 4× à l'échelle nationale."""
    mesures = [
        Mesure("Plancher : accueil", p50_ms=8.0, p95_ms=10.0, requetes_sql=4, echantillons=100, plancher=True),
        Mesure("Dossier jeune", p50_ms=12.0, p95_ms=20.0, requetes_sql=9, sql_ms=3.0, echantillons=100, budget="p95"),
        Mesure("Liste", p50_ms=30.0, p95_ms=35.0, requetes_sql=7, echantillons=100, budget="p95"),
        Mesure("Tableau de bord", note="vue reporting:tableau_de_bord absente", budget="p95"),
        Mesure("Plancher SQL brut", p50_ms=100.0, p95_ms=110.0, echantillons=3),
        Mesure("Indicateurs annuels", p50_ms=150.0, p95_ms=160.0, echantillons=3, budget="2× plancher"),
    ]
    texte = tableau_texte(mesures)
    assert "2.0×" in texte and "3.5×" in texte
    assert "p95 ≤ 3× plancher : tenu" in texte
    assert "p95 ≤ 3× plancher : dépassé" in texte
    assert "p95 ≤ 4× plancher : tenu" in tableau_texte(mesures, 4)
    assert "vue reporting:tableau_de_bord absente" in texte
    page = page_markdown(
        mesures=mesures,
        machine={
            "coeurs": 2,
            "processeur": "x",
            "memoire": "8 Gio",
            "systeme": "Linux",
            "python": "3.11",
            "base": "PostgreSQL 15",
            "charge": "0.1",
        },
        volumes=[("jeunes", 100000)],
        generation="",
        explications=[("Dossier jeune", "rendu des gabarits")],
    )
    assert "| jeunes | 100 000 |" in page
    assert "| Indicateurs annuels | 150.0 ms | 160.0 ms |  |  |  |  | 3 | 2× plancher | tenu |" in page
    assert "| Dossier jeune | 12.0 ms | 20.0 ms | 2.0× | 9 | 3.0 ms |  | 100 | p95 ≤ 3× plancher | tenu |" in page
    assert "| Liste | 30.0 ms | 35.0 ms | 3.5× | 7 |  |  | 100 | p95 ≤ 3× plancher | dépassé |" in page
    assert "Plancher de ce passage : p50 8.0 ms, p95 10.0 ms." in page
    assert "2 cœurs" in page


def test_fichiers_de_reprise_au_format_d_echange(tmp_path):
    ecrire_fichiers_reprise(tmp_path, "T-", 10, 3)
    jeunes = (tmp_path / "jeunes.csv").read_text(encoding="utf-8").splitlines()
    evenements = (tmp_path / "evenements.csv").read_text(encoding="utf-8").splitlines()
    assert jeunes[0].split(";") == [
        "identifiant",
        "nom",
        "prenom",
        "sexe",
        "date_naissance",
        "commune_insee",
        "secteur",
        "date_premier_accueil",
    ]
    assert len(jeunes) == 11
    assert len(evenements) == 31
    aujourdhui = timezone.localdate()
    for ligne in evenements[1:]:
        assert dt.date.fromisoformat(ligne.split(";")[1]) <= aujourdhui


@pytest.mark.django_db
def test_page_absente_notee_sans_interrompre_le_banc():
    banc = Banc(requetes=1)
    banc.absente("Page future", "vue x:y absente")
    assert banc.mesures[0].note == "vue x:y absente"
    assert not banc.mesures[0].mesuree


def test_phase_de_saturation_lue_depuis_locust(tmp_path):
    """Débit sans les connexions ; rapport mix / plancher et verdict (≥ 0,5× et aucune erreur)."""
    from developpement.bench.charge import Saturation, lire_phase

    entete = (
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
        "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
        "99.99%,100%\n"
    )
    plancher = tmp_path / "Plancher_stats.csv"
    plancher.write_text(
        entete + "GET,connexion,8,0,40,45,10,200,50000,0.4,0,40,45,50,55,70,90,120,150,200,200,200\n"
        "GET,accueil (plancher),4000,0,20,21,5,80,9000,200.0,0,20,22,23,24,26,30,40,50,80,80,80\n"
        ",Aggregated,4008,0,20,21,5,200,9000,200.4,0,20,22,23,24,26,30,40,50,200,200,200\n",
        encoding="utf-8",
    )
    mix = tmp_path / "Mix_stats.csv"
    mix.write_text(
        entete + "GET,dossier jeune,1000,0,60,65,10,300,50000,50.0,0,60,65,70,75,90,110,150,200,300,300,300\n"
        "POST,saisie rapide (POST),200,1,70,75,10,300,5000,10.0,0.05,70,75,80,85,95,120,150,200,300,300,300\n"
        ",Aggregated,1200,1,62,66,10,300,40000,60.0,0.05,62,66,72,76,92,115,150,200,300,300,300\n",
        encoding="utf-8",
    )
    phase_plancher = lire_phase("plancher (accueil)", plancher)
    assert phase_plancher.debit == 200.0 and phase_plancher.requetes == 4000 and phase_plancher.p95_ms == 30.0
    phase_mix = lire_phase("mix conseiller", mix)
    assert phase_mix.debit == 60.0 and phase_mix.erreurs == 1
    saturation = Saturation("gunicorn 2 worker(s) sync", 8, 20, phase_plancher, phase_mix)
    assert saturation.rapport == pytest.approx(0.3)
    assert saturation.verdict == "dépassé"
    assert "mix / plancher : 0.30×" in saturation.texte()
    page = saturation.markdown()
    assert "| plancher (accueil) | 200.0 | 4000 | 0 | 30 ms |" in page
    assert "| saisie rapide (POST) | 200 | 1 | 70 ms | 120 ms |" in page
    assert lire_phase("mix", tmp_path / "absent.csv").note == "locust n'a produit aucun résultat."


@pytest.mark.django_db
def test_rappels_de_la_veille_mesures_puis_annules(conseiller_rennes):
    from agenda.models import RendezVous
    from messagerie.models import Consentement, Message
    from tests.accompagnement.factories import JeuneFactory

    for _ in range(3):
        JeuneFactory(referent=conseiller_rennes, telephone="06 12 34 56 78", courriel="camille@exemple.fr")
    textes = []
    banc = Banc(requetes=1, sortie=textes.append)
    banc.rappels_veille(rendez_vous=12)
    mesure = banc.mesures[-1]
    assert mesure.nom == "Rappels de la veille (12 rendez-vous)" and mesure.mesuree
    assert "rendez-vous/s" in mesure.note and "24 messages programmés" in mesure.note  # SMS et courriel
    assert mesure.requetes_sql is not None and mesure.requetes_sql < 12
    # Transaction annulée : rien ne reste.
    assert not RendezVous.objects.exists() and not Message.objects.exists() and not Consentement.objects.exists()


def test_la_mesure_nationale_se_range_a_la_fin_de_la_page_et_survit_aux_autres_passages():
    from developpement.bench.rapport import DEBUT_NATIONALE, FIN_NATIONALE, page_complete

    def page(titre):
        return f"# Mesures de performance\n\nEn-tête.\n\n- Date : {titre}\n\n## Données\n\n| jeunes |\n"

    texte = page_complete("", page("cent mille (1)"), nationale=False)
    assert DEBUT_NATIONALE not in texte
    texte = page_complete(texte, page("un million (1)"), nationale=True)
    assert texte.startswith("# Mesures de performance") and "cent mille (1)" in texte
    national = texte[texte.index(DEBUT_NATIONALE) : texte.index(FIN_NATIONALE)]
    assert "## Échelle nationale" in national and "### Données" in national and "un million (1)" in national
    assert "# Mesures de performance" not in national  # titre et en-tête de la page nationale retirés
    texte = page_complete(texte, page("cent mille (2)"), nationale=False)  # un passage à 100 000 la garde
    assert "cent mille (2)" in texte and "cent mille (1)" not in texte and "un million (1)" in texte
    texte = page_complete(texte, page("un million (2)"), nationale=True)  # un passage national la remplace
    assert texte.count(DEBUT_NATIONALE) == 1 and "un million (1)" not in texte and "un million (2)" in texte
    assert "cent mille (2)" in texte
