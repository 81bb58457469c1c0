"""Pannes réelles (docs/securite.md, « Pannes ») : un vrai worker tué par SIGKILL au milieu d'un travail puis
redémarré, un courtier injoignable. Chaque travail doit finir exactement une fois, avec le bon résultat.

Exécutés quand REDIS_URL et DATABASE_URL (PostgreSQL) sont définis, donc en CI (`.ci/run` → `make test`). Le
worker lit la base de test (lignes validées : `transaction=True`) et les fichiers sous le MEDIA_ROOT du test ;
bail court (2 s) et pause à chaque étape (WEKER_TEST_PAUSE_ETAPE) pour tuer au milieu sans dépendre du hasard.
"""

import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accompagnement.models import Jeune
from reporting.models import RapportPdf
from reporting.services import rapport_pdf_demander
from reprise.models import ImportReprise
from reprise.services import EN_COURS, cle_progression, import_reprise_creer
from tests.celery_reel import WorkerReel, attendre, url_base_de_test
from tests.reprise.test_views import archive_zip, envoyer
from weker.celery import app
from weker.travaux import StatutTravail, travaux_surveiller

pytestmark = [
    pytest.mark.fautes,
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BAIL = 2  # secondes : le bail d'un worker tué expire vite
ANNEE = timezone.localdate().year - 1


@pytest.fixture
def pannes(settings, tmp_path, mode_reel):
    """Réglages partagés par le test et ses workers : base de test, fichiers, file dédiée, bail court."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEKER_TRAVAUX_BAIL = BAIL
    settings.WEKER_TRAVAUX_ATTENTE = 5
    workers = []

    def worker(pause=0.0):
        env = {
            "DATABASE_URL": url_base_de_test(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WEKER_TRAVAUX_BAIL": str(BAIL),
            "WEKER_TEST_PAUSE_ETAPE": str(pause),
        }
        w = WorkerReel(tmp_path, file=workers[0].file if workers else None, env=env)
        workers.append(w)
        settings.WEKER_TRAVAUX_FILE = w.file
        return w.demarrer()

    yield worker
    for w in workers:
        w.arreter()


def finir_sous_surveillance(modele, pk, *, delai=60):
    """Joue le rôle de beat : surveille les baux chaque seconde jusqu'à ce que le travail soit fini."""
    bilan = {"republies": 0, "abandonnes": 0}

    def fini():
        for cle, n in travaux_surveiller().items():
            bilan[cle] += n
        travail = modele.objects.get(pk=pk)
        return travail if travail.est_fini else None

    return attendre(fini, delai=delai, pas=1.0, quoi=f"{modele.__name__} {pk} fini"), bilan


def test_worker_tue_pendant_le_rapport_pdf_puis_redemarre(pannes, direction, settings):
    premier = pannes(pause=1.0)
    rapport = rapport_pdf_demander(annee=ANNEE, antenne=None, par=direction)
    attendre(lambda: RapportPdf.objects.filter(pk=rapport.pk, progression__gt=0).exists(), delai=30, quoi="progression")

    premier.tuer()
    interrompu = RapportPdf.objects.get(pk=rapport.pk)
    assert interrompu.statut == StatutTravail.EN_COURS and 0 < interrompu.progression < 100

    pannes(pause=0.0)
    rapport, bilan = finir_sous_surveillance(RapportPdf, rapport.pk)

    assert (rapport.statut, rapport.progression, rapport.message) == (StatutTravail.TERMINE, 100, "")
    assert rapport.tentatives == 2  # une exécution tuée, une menée au bout
    fichiers = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(fichiers) == 1 and fichiers[0].name == rapport.nom_fichier
    assert fichiers[0].read_bytes().startswith(b"%PDF")
    assert bilan["abandonnes"] == 0
    print(f"\n[fautes] rapport : tentatives={rapport.tentatives} republications={bilan['republies']}")


def archive_de(n):
    lignes = "".join(f"F{i};Nom{i};Prénom;f;2004-03-01;35051;2022-09-01\n" for i in range(n))
    return archive_zip(
        {"jeunes.csv": "identifiant;nom;prenom;sexe;date_naissance;commune_insee;date_premier_accueil\n" + lignes}
    )


def test_worker_tue_pendant_l_ecriture_d_un_import_puis_redemarre(pannes, administrateur, settings):
    premier = pannes(pause=1.5)
    n = 12_000  # trois lots d'écriture de 5 000 lignes : le worker est tué au milieu de la transaction
    fichier = SimpleUploadedFile("reprise.zip", archive_de(n).getvalue(), content_type="application/zip")
    travail = import_reprise_creer(fichier=fichier, simulation=False, par=administrateur)

    def en_ecriture():
        etat = cache.get(cle_progression(travail.pk))
        return etat and etat["etape"].startswith("Écriture") and etat["progression"] > 30

    attendre(en_ecriture, delai=60, quoi="écriture commencée")
    premier.tuer()
    assert Jeune.objects.filter(identifiant_externe__startswith="F").count() == 0  # transaction annulée
    assert ImportReprise.objects.filter(statut__in=EN_COURS).exists()  # verrou encore tenu

    pannes(pause=0.0)
    travail, bilan = finir_sous_surveillance(ImportReprise, travail.pk, delai=90)

    assert (travail.statut, travail.message, travail.tentatives) == (StatutTravail.TERMINE, "Import terminé.", 2)
    assert travail.rapport["fichiers"] == [{"nom": "jeunes.csv", "lignes": n, "crees": n, "modifies": 0}]
    assert Jeune.objects.filter(identifiant_externe__startswith="F").count() == n  # importé une fois
    assert not travail.fichier and not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
    assert not ImportReprise.objects.filter(statut__in=EN_COURS).exists()  # verrou libéré
    assert bilan["abandonnes"] == 0
    print(f"\n[fautes] import : tentatives={travail.tentatives} republications={bilan['republies']}")


# --- Courtier injoignable ----------------------------------------------------------------------------------------


def port_ferme():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # refermé aussitôt : connexion refusée


@contextmanager
def serveur_muet():
    """Accepte les connexions TCP et ne répond jamais (courtier figé, réseau qui perd les paquets)."""
    serveur = socket.socket()
    serveur.bind(("127.0.0.1", 0))
    serveur.listen(16)
    arret = threading.Event()
    acceptees = []

    def accepter():
        serveur.settimeout(0.2)
        while not arret.is_set():
            try:
                acceptees.append(serveur.accept()[0])
            except OSError:
                continue

    fil = threading.Thread(target=accepter, daemon=True)
    fil.start()
    try:
        yield serveur.getsockname()[1]
    finally:
        arret.set()
        fil.join(2)
        for c in acceptees:
            c.close()
        serveur.close()


@contextmanager
def courtier_a(url):
    ancienne = app.conf.broker_url
    app.conf.broker_url = url
    try:
        yield
    finally:
        app.conf.broker_url = ancienne


MESSAGE = "Le service des tâches de fond est momentanément injoignable : rien n&#x27;a été enregistré."


@pytest.mark.parametrize("panne", ["refusee", "muet"])
def test_courtier_injoignable_message_en_quelques_secondes_puis_reprise(pannes, client_de, direction, panne, settings):
    worker = pannes()
    client = client_de(direction)
    with serveur_muet() as port_muet:
        port = port_ferme() if panne == "refusee" else port_muet
        with courtier_a(f"redis://127.0.0.1:{port}/15"):
            debut = time.monotonic()
            reponse = client.post(reverse("reporting:rapports"), {"annee": ANNEE, "antenne": ""}, follow=True)
            duree = time.monotonic() - debut

    assert MESSAGE in reponse.content.decode()
    assert duree < 8, f"réponse en {duree:.1f} s"
    print(f"\n[fautes] courtier {panne} : message en {duree:.2f} s")
    assert not RapportPdf.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))

    reponse = client.post(reverse("reporting:rapports"), {"annee": ANNEE, "antenne": ""})  # courtier revenu
    rapport = RapportPdf.objects.get()
    assert reponse.status_code == 302 and reponse.url == reverse("reporting:rapport_detail", args=[rapport.pk])
    attendre(lambda: RapportPdf.objects.get(pk=rapport.pk).est_fini, delai=60, quoi="rapport fini")
    rapport.refresh_from_db()
    assert (rapport.statut, rapport.progression, rapport.tentatives) == (StatutTravail.TERMINE, 100, 1)
    assert worker.processus.poll() is None


def test_import_courtier_injoignable_ni_ligne_ni_archive_puis_reprise(pannes, client_de, administrateur, settings):
    pannes()
    admin = client_de(administrateur)
    with courtier_a(f"redis://127.0.0.1:{port_ferme()}/15"):
        debut = time.monotonic()
        reponse = envoyer(admin, archive_de(3))
        duree = time.monotonic() - debut

    assert reponse.status_code == 503 and MESSAGE in reponse.content.decode()
    assert duree < 8
    print(f"\n[fautes] import, courtier refusé : message en {duree:.2f} s")
    assert not ImportReprise.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))

    reponse = envoyer(admin, archive_de(3))
    travail = ImportReprise.objects.get()
    assert reponse.status_code == 302
    attendre(lambda: ImportReprise.objects.get(pk=travail.pk).est_fini, delai=60, quoi="import fini")
    travail.refresh_from_db()
    assert (travail.statut, travail.message) == (StatutTravail.TERMINE, "Import terminé.")
    assert Jeune.objects.filter(identifiant_externe__startswith="F").count() == 3
