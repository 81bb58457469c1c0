"""Cycle de vie des travaux de fond (weker/travaux.py) : réclamation, bail, fin unique, surveillance, programmation
quand le courtier est injoignable. Les pannes réelles (worker tué, courtier arrêté) sont dans tests/fautes."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from kombu.messaging import Producer

from reporting.models import RapportPdf, RecalculIndicateurs
from reprise.models import ImportReprise
from tests.reprise.test_views import JEUNES, archive_zip, envoyer
from weker import travaux
from weker.celery import app
from weker.travaux import BailPerdu, StatutTravail, TravailOccupe

pytestmark = pytest.mark.django_db
ANNEE = timezone.localdate().year - 1


def il_y_a(secondes):
    return timezone.now() - timedelta(seconds=secondes)


def dans(secondes):
    return timezone.now() + timedelta(seconds=secondes)


@pytest.fixture
def publications(monkeypatch):
    """Remplace l'envoi au courtier : liste des (modèle, pk) publiés."""
    envois = []
    monkeypatch.setattr(travaux, "_publier", lambda modele, pk: envois.append((modele, pk)))
    return envois


# --- Réclamation -----------------------------------------------------------------------------------------------


def test_un_travail_en_attente_est_reclame_une_seule_fois():
    recalcul = RecalculIndicateurs.objects.create(annee=ANNEE)

    pris = travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk)

    assert (pris.statut, pris.tentatives) == (StatutTravail.EN_COURS, 1)
    assert pris.bail_expire_le > timezone.now()
    with pytest.raises(TravailOccupe):  # message redistribué pendant que le premier exécutant vit
        travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk)


def test_un_travail_en_cours_dont_le_bail_a_expire_est_repris():
    recalcul = RecalculIndicateurs.objects.create(
        annee=ANNEE, statut=StatutTravail.EN_COURS, tentatives=1, progression=5, bail_expire_le=il_y_a(1)
    )

    pris = travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk)

    assert (pris.statut, pris.tentatives) == (StatutTravail.EN_COURS, 2)


def test_un_travail_fini_ou_absent_n_est_pas_reexecute():
    fini = RecalculIndicateurs.objects.create(annee=ANNEE, statut=StatutTravail.TERMINE, progression=100)

    assert travaux.travail_reclamer(RecalculIndicateurs, fini.pk) is None
    assert travaux.travail_reclamer(RecalculIndicateurs, fini.pk + 1000) is None
    fini.refresh_from_db()
    assert (fini.statut, fini.tentatives) == (StatutTravail.TERMINE, 0)


def test_un_bail_expire_apres_la_derniere_tentative_fait_echouer_le_travail():
    recalcul = RecalculIndicateurs.objects.create(
        annee=ANNEE, statut=StatutTravail.EN_COURS, tentatives=3, bail_expire_le=il_y_a(1)
    )

    assert travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk) is None

    recalcul.refresh_from_db()
    assert recalcul.statut == StatutTravail.ECHEC
    assert recalcul.message.startswith("Le travail a été interrompu 3 fois")


def test_l_ancien_executant_ne_peut_plus_ecrire_apres_la_reprise():
    recalcul = RecalculIndicateurs.objects.create(annee=ANNEE)
    ancien = travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk)
    RecalculIndicateurs.objects.filter(pk=recalcul.pk).update(bail_expire_le=il_y_a(1))  # ancien figé
    nouveau = travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk)

    with pytest.raises(BailPerdu):
        ancien.avancer(50, "vieille étape")
    with pytest.raises(BailPerdu):
        travaux.travail_terminer(ancien, statut=StatutTravail.TERMINE)
    travaux.travail_terminer(nouveau, statut=StatutTravail.TERMINE)

    recalcul.refresh_from_db()
    assert (recalcul.statut, recalcul.progression, recalcul.tentatives) == (StatutTravail.TERMINE, 100, 2)
    assert recalcul.etape == "Terminé" and recalcul.bail_expire_le is None


def test_avancer_renouvelle_le_bail():
    recalcul = RecalculIndicateurs.objects.create(annee=ANNEE)
    pris = travaux.travail_reclamer(RecalculIndicateurs, recalcul.pk)
    RecalculIndicateurs.objects.filter(pk=recalcul.pk).update(bail_expire_le=dans(1))

    pris.avancer(40, "Année 2024")

    recalcul.refresh_from_db()
    assert (recalcul.progression, recalcul.etape) == (40, "Année 2024")
    assert recalcul.bail_expire_le > dans(30)


def test_le_rapport_d_un_executant_depossede_n_est_pas_garde(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rapport = RapportPdf.objects.create(annee=ANNEE)

    def executer(travail):
        RapportPdf.objects.filter(pk=travail.pk).update(tentatives=9)  # un autre exécutant l'a repris
        travail.fichier.save("r.pdf", ContentFile(b"%PDF"), save=False)
        return {"fichier": travail.fichier}

    assert travaux.travail_executer(RapportPdf, rapport.pk, executer, message_echec=str) is None
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


# --- Surveillance ----------------------------------------------------------------------------------------------


def test_la_surveillance_remet_en_file_un_travail_dont_le_worker_a_disparu(publications):
    perdu = RecalculIndicateurs.objects.create(
        annee=ANNEE, statut=StatutTravail.EN_COURS, tentatives=1, progression=30, bail_expire_le=il_y_a(5)
    )
    vivant = RecalculIndicateurs.objects.create(
        annee=ANNEE, statut=StatutTravail.EN_COURS, tentatives=1, bail_expire_le=dans(30)
    )

    assert travaux.travaux_surveiller() == {"republies": 1, "abandonnes": 0}

    assert publications == [(RecalculIndicateurs, perdu.pk)]
    perdu.refresh_from_db()
    assert perdu.statut == StatutTravail.EN_ATTENTE and perdu.bail_expire_le > timezone.now()
    assert perdu.etape == "Reprise après l'arrêt du serveur des tâches de fond (tentative 2 sur 3)"
    vivant.refresh_from_db()
    assert vivant.statut == StatutTravail.EN_COURS
    assert travaux.travaux_surveiller() == {"republies": 0, "abandonnes": 0}  # pas de seconde publication


def test_la_surveillance_republie_un_travail_reste_en_attente(publications):
    oublie = RapportPdf.objects.create(annee=ANNEE, bail_expire_le=il_y_a(1))

    assert travaux.travaux_surveiller() == {"republies": 1, "abandonnes": 0}
    assert publications == [(RapportPdf, oublie.pk)]


def test_la_surveillance_fait_echouer_apres_n_tentatives_et_libere_l_import(
    publications, settings, tmp_path, client_de, administrateur
):
    settings.MEDIA_ROOT = tmp_path
    travail = ImportReprise.objects.create(
        nom_fichier="reprise.zip", statut=StatutTravail.EN_COURS, tentatives=3, bail_expire_le=il_y_a(5)
    )
    travail.fichier.save("reprise.zip", ContentFile(b"PK..."))
    admin = client_de(administrateur)
    assert "Un import est déjà en cours" in envoyer(admin, archive_zip({"jeunes.csv": JEUNES})).content.decode()

    assert travaux.travaux_surveiller() == {"republies": 0, "abandonnes": 1}

    travail.refresh_from_db()
    assert travail.statut == StatutTravail.ECHEC and not travail.fichier
    assert not (tmp_path / "reprise" / "reprise.zip").exists()  # l'archive (données personnelles) est supprimée
    page = admin.get(reverse("reprise:import_detail", args=[travail.pk])).content.decode()
    assert "Le travail a été interrompu 3 fois" in page
    assert publications == []
    reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES}))  # le verrou est libéré avec le travail
    assert reponse.status_code == 302
    assert ImportReprise.objects.filter(statut=StatutTravail.EN_ATTENTE).count() == 1


def test_un_travail_jamais_pris_finit_en_echec_apres_l_attente_maximale(publications, settings):
    oublie = RecalculIndicateurs.objects.create(annee=ANNEE, bail_expire_le=il_y_a(1))
    RecalculIndicateurs.objects.filter(pk=oublie.pk).update(cree_le=il_y_a(settings.WEKER_TRAVAUX_ATTENTE_MAX + 60))

    assert travaux.travaux_surveiller() == {"republies": 0, "abandonnes": 1}

    oublie.refresh_from_db()
    assert oublie.statut == StatutTravail.ECHEC
    assert oublie.message == "Aucun serveur des tâches de fond n'a pu traiter ce travail à temps : relancez-le."


# --- Courtier injoignable (envoi simulé ; le vrai courtier arrêté : tests/fautes) --------------------------------


@pytest.fixture
def courtier_injoignable(monkeypatch, settings):
    """Mode réel (envoi au courtier) et publication qui échoue comme kombu quand Redis ne répond pas."""
    ancien = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def publier(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Producer, "publish", publier)
    yield
    app.conf.task_always_eager = ancien


MESSAGE = "Le service des tâches de fond est momentanément injoignable : rien n&#x27;a été enregistré."


@pytest.mark.django_db(transaction=True)
def test_rapport_demande_courtier_injoignable(client_de, direction, courtier_injoignable):
    client = client_de(direction)

    reponse = client.post(reverse("reporting:rapports"), {"annee": ANNEE, "antenne": ""}, follow=True)

    assert reponse.redirect_chain == [(reverse("reporting:rapports"), 302)]
    assert MESSAGE in reponse.content.decode()
    assert not RapportPdf.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_recalcul_demande_courtier_injoignable(client_de, direction, courtier_injoignable):
    reponse = client_de(direction).post(reverse("reporting:recalculer") + f"?annee={ANNEE}", follow=True)

    assert reponse.status_code == 200
    assert MESSAGE in reponse.content.decode()
    assert not RecalculIndicateurs.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_import_courtier_injoignable_ne_laisse_ni_ligne_ni_archive(
    client_de, administrateur, courtier_injoignable, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    admin = client_de(administrateur)

    reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES}))

    assert reponse.status_code == 503
    assert MESSAGE in reponse.content.decode()
    assert not ImportReprise.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))

    envois = []
    monkeypatch.setattr(Producer, "publish", lambda self, *a, **k: envois.append(k.get("routing_key")))
    reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES}))  # le courtier revient : l'action réussit

    travail = ImportReprise.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("reprise:import_detail", args=[travail.pk])
    assert travail.statut == StatutTravail.EN_ATTENTE and len(envois) == 1
