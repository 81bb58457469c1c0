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
        "--entreprises",
        "50",
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
    assert "Fiche entreprise (200 offres, 50 entreprises)" in page
    assert "Liste des offres (" in page
    assert "cœurs" in page
    assert "Plancher SQL brut" in texte.getvalue()
    # Relancé sur la même base, le jeu de données est réutilisé.
    texte = StringIO()
    call_command(
        "bench", "--permettre-sqlite", "--jeunes", "300", "--requetes", "1", "--import-jeunes", "0", "--sortie", "",
        stdout=texte,
    )  # fmt: skip
    assert "déjà présent : 300 jeunes" in texte.getvalue()
    assert Jeune.objects.count() == 300


def test_tableau_et_page_signalent_les_budgets():
    mesures = [
        Mesure("Dossier jeune", p50_ms=12.0, p95_ms=20.0, requetes_sql=9, sql_ms=3.0, echantillons=100, budget="p95"),
        Mesure("Liste", p50_ms=40.0, p95_ms=80.0, requetes_sql=7, echantillons=100, budget="p95"),
        Mesure("Tableau de bord", note="vue reporting:tableau_de_bord absente", budget="p95"),
        Mesure("Plancher SQL brut", p50_ms=100.0, p95_ms=110.0, echantillons=3),
        Mesure("Indicateurs annuels", p50_ms=150.0, p95_ms=160.0, echantillons=3, budget="2× plancher"),
    ]
    texte = tableau_texte(mesures)
    assert "p95 : tenu" in texte
    assert "p95 : dépassé" in texte
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
    assert "| Indicateurs annuels | 150.0 ms | 160.0 ms |  |  |  | 3 | 2× plancher | tenu |" in page
    assert "| Dossier jeune | 12.0 ms | 20.0 ms | 9 | 3.0 ms |  | 100 | p95 | tenu |" in page
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


def test_resume_locust(tmp_path):
    from developpement.bench.charge import _resume

    chemin = tmp_path / "locust_stats.csv"
    chemin.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
        "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
        "99.99%,100%\n"
        "GET,dossier jeune,500,0,40,45,10,200,50000,8.3,0,40,45,50,55,70,90,120,150,200,200,200\n"
        ",Aggregated,1200,3,35,40,5,300,40000,20.0,0.05,35,40,45,50,65,85,110,140,300,300,300\n",
        encoding="utf-8",
    )
    texte = _resume(chemin, 60, 20)
    assert "**20.0 requêtes/s**" in texte
    assert "**3 erreur(s)** sur 1200 requêtes (0.2%)" in texte
    assert "| dossier jeune | 500 | 0 | 40 ms | 90 ms |" in texte
    assert _resume(tmp_path / "absent.csv", 60, 20) == "locust n'a produit aucun résultat."


@pytest.mark.django_db
def test_plancher_sql_donne_les_memes_ventilations_que_les_indicateurs():
    """Le plancher SQL écrit à la main (weker/bench/sql_brut.py) et les définitions de l'application (reporting)
    donnent les mêmes chiffres sur un petit jeu, anniversaires au 31 décembre et au 1er janvier compris."""
    from collections import Counter

    from accompagnement.enums import TypeEvenement
    from reporting.indicateurs import calculer_indicateurs
    from tests.reporting.factories import EvenementFactory, JeuneFactory

    generer(jeunes=150, graine=8)
    annee = timezone.localdate().year - 1
    for naissance in (dt.date(annee - 18, 12, 31), dt.date(annee - 17, 1, 1), dt.date(annee - 21, 12, 31)):
        EvenementFactory(jeune=JeuneFactory(date_naissance=naissance), date=dt.date(annee, 12, 31))
    EvenementFactory(jeune=JeuneFactory(), type=TypeEvenement.CONTACT, date=dt.date(annee, 6, 1))  # ne compte pas

    sql, parametres = sql_brut.requetes(annee)[0]
    with connection.cursor() as curseur:
        curseur.execute(sql, parametres)
        lignes = curseur.fetchall()
    sexe, tranche, niveau, anciennete = Counter(), Counter(), Counter(), Counter()
    for _antenne, _secteur, s, t, n, a, _heb, _tr, _perm, nombre in lignes:
        sexe[s] += nombre
        tranche[t] += nombre
        niveau[n] += nombre
        anciennete[a] += nombre

    attendu = calculer_indicateurs(annee)["jeunes_accompagnes"]
    assert attendu["total"] == sum(sexe.values()) == Jeune.objects.accompagnes_en(annee).count() > 0
    assert {k: v for k, v in attendu["par_sexe"].items() if v} == dict(sexe)
    assert {k: v for k, v in attendu["par_tranche_age"].items() if v} == dict(tranche)
    assert {k: v for k, v in attendu["par_niveau"].items() if v} == dict(niveau)
    assert {k: v for k, v in attendu["par_annee_premier_accueil"].items() if v} == dict(anciennete)
