import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from accompagnement.models import Evenement
from agenda import services
from agenda.enums import JourSemaine, ModeRendezVous, StatutRendezVous, TypeRendezVous
from agenda.heures import a_paris, local
from agenda.models import RendezVous
from antennes.models import LieuAccueil
from tests.accompagnement.factories import JeuneFactory
from tests.agenda.factories import HoraireLieuFactory, RendezVousFactory, demain_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeune(conseiller_rennes):
    return JeuneFactory(referent=conseiller_rennes)


def planifier(jeune, conseiller, debut, duree=45, mode=ModeRendezVous.TELEPHONE, lieu=None):
    return services.rendez_vous_planifier(
        jeune=jeune,
        conseiller=conseiller,
        debut=debut,
        duree_minutes=duree,
        type=TypeRendezVous.ENTRETIEN_INDIVIDUEL,
        mode=mode,
        lieu=lieu,
        par=conseiller,
    )


def test_planifier_met_a_jour_le_prochain_rendez_vous_du_dossier(jeune, conseiller_rennes):
    rdv = planifier(jeune, conseiller_rennes, demain_a(10, jours=3))
    planifier(jeune, conseiller_rennes, demain_a(10, jours=8))
    jeune.refresh_from_db()
    assert rdv.statut == StatutRendezVous.PLANIFIE
    assert jeune.date_prochain_rdv == timezone.localdate() + datetime.timedelta(days=3)


def test_une_minute_de_chevauchement_est_refusee(jeune, conseiller_rennes):
    planifier(jeune, conseiller_rennes, demain_a(10), duree=45)  # 10:00–10:45
    autre = JeuneFactory(referent=conseiller_rennes)
    with pytest.raises(ValidationError) as erreur:
        planifier(autre, conseiller_rennes, demain_a(10, 44))
    assert "a déjà un rendez-vous de 10:00 à 10:45" in erreur.value.message_dict["debut"][0]
    with pytest.raises(ValidationError):
        planifier(autre, conseiller_rennes, demain_a(9, 16))  # 9:16–10:01
    assert RendezVous.objects.count() == 1


def test_deux_rendez_vous_qui_se_touchent_sont_permis(jeune, conseiller_rennes):
    planifier(jeune, conseiller_rennes, demain_a(10), duree=45)
    planifier(jeune, conseiller_rennes, demain_a(10, 45))
    planifier(jeune, conseiller_rennes, demain_a(9, 15))  # 9:15–10:00
    assert RendezVous.objects.count() == 3


def test_un_autre_conseiller_ou_un_rendez_vous_annule_ne_bloque_pas(jeune, conseiller_rennes, responsable_rennes):
    annule = planifier(jeune, conseiller_rennes, demain_a(10))
    services.rendez_vous_annuler(rendez_vous=annule, par_le_jeune=True, par=conseiller_rennes)
    planifier(jeune, conseiller_rennes, demain_a(10))
    planifier(jeune, responsable_rennes, demain_a(10))
    assert RendezVous.objects.filter(statut=StatutRendezVous.PLANIFIE).count() == 2


def test_un_creneau_passe_est_refuse(jeune, conseiller_rennes):
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, timezone.now() - datetime.timedelta(minutes=1))
    assert "déjà passé" in erreur.value.message_dict["debut"][0]
    assert not RendezVous.objects.exists()


def test_une_duree_nulle_est_refusee(jeune, conseiller_rennes):
    with pytest.raises(ValidationError):
        planifier(jeune, conseiller_rennes, demain_a(10), duree=0)
    with pytest.raises(IntegrityError):
        RendezVousFactory(jeune=jeune, duree_minutes=0)


@pytest.fixture
def lieu(antenne_rennes):
    lieu = LieuAccueil.objects.filter(antenne=antenne_rennes).first()
    jour = (timezone.localdate() + datetime.timedelta(days=1)).weekday()
    HoraireLieuFactory(lieu=lieu, jour=jour, debut=datetime.time(9, 0), fin=datetime.time(12, 0))
    return lieu


def test_hors_des_horaires_du_lieu_refuse(jeune, conseiller_rennes, lieu):
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, demain_a(11, 30), mode=ModeRendezVous.PRESENTIEL, lieu=lieu)
    assert "est fermé à ce moment-là (ouvert ce jour : " in erreur.value.message_dict["debut"][0]
    assert "09:00–12:00" in erreur.value.message_dict["debut"][0]
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, demain_a(10, jours=2), mode=ModeRendezVous.PRESENTIEL, lieu=lieu)
    assert "fermé toute la journée" in erreur.value.message_dict["debut"][0]
    rdv = planifier(jeune, conseiller_rennes, demain_a(11, 15), mode=ModeRendezVous.PRESENTIEL, lieu=lieu)
    assert rdv.lieu == lieu
    # Par téléphone, les horaires du lieu ne s'appliquent pas (et aucun lieu n'est gardé).
    rdv = planifier(jeune, conseiller_rennes, demain_a(18), mode=ModeRendezVous.TELEPHONE, lieu=lieu)
    assert rdv.lieu is None


def test_presentiel_sans_lieu_refuse(jeune, conseiller_rennes):
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, demain_a(10), mode=ModeRendezVous.PRESENTIEL)
    assert "lieu" in erreur.value.message_dict


def test_honorer_deux_fois_ne_cree_qu_un_evenement(jeune, conseiller_rennes, time_machine):
    rdv = planifier(jeune, conseiller_rennes, demain_a(10))
    suivant = planifier(jeune, conseiller_rennes, demain_a(10, jours=10))
    time_machine.move_to(rdv.debut + datetime.timedelta(minutes=50))
    services.rendez_vous_honorer(rendez_vous=rdv, par=conseiller_rennes)
    services.rendez_vous_honorer(rendez_vous=rdv, par=conseiller_rennes)
    rdv.refresh_from_db()
    jeune.refresh_from_db()
    evenement = Evenement.objects.get(jeune=jeune)
    assert rdv.statut == StatutRendezVous.HONORE
    assert rdv.evenement == evenement
    assert (evenement.type, evenement.modalite, evenement.duree_minutes) == ("entretien_individuel", "telephone", 45)
    assert evenement.date == local(rdv.debut).date()
    assert jeune.date_dernier_contact == local(rdv.debut).date()
    assert jeune.date_prochain_rdv == local(suivant.debut).date()


def test_honorer_un_rendez_vous_a_venir_refuse(jeune, conseiller_rennes):
    rdv = planifier(jeune, conseiller_rennes, demain_a(10))
    with pytest.raises(ValidationError, match="pas encore eu lieu"):
        services.rendez_vous_honorer(rendez_vous=rdv, par=conseiller_rennes)
    assert not Evenement.objects.exists()


def test_absence_et_annulation(jeune, conseiller_rennes, time_machine):
    rdv = planifier(jeune, conseiller_rennes, demain_a(10))
    annule = planifier(jeune, conseiller_rennes, demain_a(11))
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.rendez_vous_marquer_absent(rendez_vous=rdv, excuse=False, par=conseiller_rennes)
    services.rendez_vous_annuler(
        rendez_vous=annule, par_le_jeune=False, motif="Conseiller malade", par=conseiller_rennes
    )
    jeune.refresh_from_db()
    assert jeune.date_prochain_rdv == local(rdv.debut).date()
    time_machine.move_to(rdv.debut + datetime.timedelta(hours=1))
    services.rendez_vous_marquer_absent(rendez_vous=rdv, excuse=False, par=conseiller_rennes)
    rdv.refresh_from_db()
    annule.refresh_from_db()
    jeune.refresh_from_db()
    assert rdv.statut == StatutRendezVous.ABSENT_NON_EXCUSE
    assert annule.statut == StatutRendezVous.ANNULE_MISSION_LOCALE
    assert jeune.date_prochain_rdv is None
    with pytest.raises(ValidationError, match="il ne peut plus être honoré"):
        services.rendez_vous_honorer(rendez_vous=rdv, par=conseiller_rennes)


def test_reporter_garde_le_lien(jeune, conseiller_rennes):
    ancien = planifier(jeune, conseiller_rennes, demain_a(10))
    nouveau = services.rendez_vous_reporter(
        rendez_vous=ancien, debut=demain_a(10, jours=4), motif="Examen", par=conseiller_rennes
    )
    ancien.refresh_from_db()
    jeune.refresh_from_db()
    assert ancien.statut == StatutRendezVous.REPORTE
    assert nouveau.remplace == ancien
    assert list(ancien.remplacants.all()) == [nouveau]
    assert jeune.date_prochain_rdv == local(nouveau.debut).date()


def test_reporter_sur_un_creneau_pris_ne_change_rien(jeune, conseiller_rennes):
    ancien = planifier(jeune, conseiller_rennes, demain_a(10))
    planifier(jeune, conseiller_rennes, demain_a(14))
    with pytest.raises(ValidationError):
        services.rendez_vous_reporter(rendez_vous=ancien, debut=demain_a(14, 30), par=conseiller_rennes)
    ancien.refresh_from_db()
    assert ancien.statut == StatutRendezVous.PLANIFIE


def test_creneaux_libres_evitent_les_rendez_vous(jeune, conseiller_rennes, time_machine):
    time_machine.move_to(a_paris(datetime.date(2027, 1, 4), datetime.time(8, 0)))  # un lundi
    planifier(jeune, conseiller_rennes, a_paris(datetime.date(2027, 1, 4), datetime.time(9, 30)), duree=60)
    creneaux = services.creneaux_libres(
        conseiller=conseiller_rennes, a_partir_de=timezone.now(), duree_minutes=45, nombre=4
    )
    assert [f"{local(c):%d/%m %H:%M}" for c in creneaux] == ["04/01 10:30", "04/01 11:00", "04/01 14:00", "04/01 14:30"]


@pytest.mark.parametrize(
    ("jour", "utc_attendu"),
    [
        (datetime.date(2026, 3, 27), datetime.time(9, 0)),  # vendredi, heure d'hiver (UTC+1)
        (datetime.date(2026, 3, 30), datetime.time(8, 0)),  # lundi après le passage à l'heure d'été (UTC+2)
        (datetime.date(2026, 10, 23), datetime.time(8, 0)),
        (datetime.date(2026, 10, 26), datetime.time(9, 0)),  # lundi après le retour à l'heure d'hiver
    ],
)
def test_changement_d_heure(jeune, conseiller_rennes, lieu, time_machine, jour, utc_attendu):
    time_machine.move_to(a_paris(jour - datetime.timedelta(days=1), datetime.time(8, 0)))
    lieu.horaires.all().delete()
    HoraireLieuFactory(lieu=lieu, jour=jour.weekday(), debut=datetime.time(9, 0), fin=datetime.time(12, 0))
    rdv = planifier(
        jeune, conseiller_rennes, a_paris(jour, datetime.time(10, 0)), mode=ModeRendezVous.PRESENTIEL, lieu=lieu
    )
    rdv.refresh_from_db()
    assert rdv.debut.astimezone(datetime.UTC).time() == utc_attendu
    assert f"{local(rdv.debut):%H:%M}" == "10:00"
    assert JourSemaine(jour.weekday()).label in ("Vendredi", "Lundi")
