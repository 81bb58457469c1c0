"""Plages de disponibilité et absences du conseiller : planification refusée, créneaux libres (bornes, changement
d'heure)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agenda import services
from agenda.enums import ModeRendezVous, MotifAbsence, TypeRendezVous
from agenda.heures import a_paris, local
from agenda.models import AbsenceConseiller, PlageDisponibilite, RendezVous
from antennes.models import LieuAccueil
from tests.accompagnement.factories import JeuneFactory
from tests.agenda.factories import AbsenceConseillerFactory, HoraireLieuFactory, PlageDisponibiliteFactory

pytestmark = pytest.mark.django_db

LUNDI = datetime.date(2027, 1, 4)


@pytest.fixture
def jeune(conseiller_rennes):
    return JeuneFactory(referent=conseiller_rennes)


@pytest.fixture
def un_dimanche_avant(time_machine):
    time_machine.move_to(a_paris(LUNDI - datetime.timedelta(days=1), datetime.time(8, 0)))


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


def heures(creneaux):
    return [f"{local(c):%d/%m %H:%M}" for c in creneaux]


def test_absence_refuse_le_creneau_sans_en_dire_le_motif(jeune, conseiller_rennes, un_dimanche_avant):
    AbsenceConseillerFactory(
        conseiller=conseiller_rennes,
        debut=a_paris(LUNDI, datetime.time(14, 0)),
        fin=a_paris(LUNDI, datetime.time(17, 0)),
        motif=MotifAbsence.MALADIE,
    )
    # Une minute de recouvrement : refusé.
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(13, 16)))
    message = erreur.value.message_dict["debut"][0]
    assert f"{conseiller_rennes} est absent·e du 04/01/2027 à 14:00 au 04/01/2027 à 17:00" in message
    assert "maladie" not in message.lower()
    with pytest.raises(ValidationError):
        planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(16, 59)))
    assert not RendezVous.objects.exists()
    # Se toucher est permis, avant comme après.
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(13, 15)))
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(17, 0)))
    assert RendezVous.objects.count() == 2


def test_hors_des_plages_refuse_quand_le_conseiller_en_a(jeune, conseiller_rennes, un_dimanche_avant):
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(16, 0)))  # sans plage : tout créneau
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=0, debut=datetime.time(9), fin=datetime.time(12))
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=0, debut=datetime.time(13), fin=datetime.time(15))
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(11, 30)))  # dépasse 12:00
    assert "hors des disponibilités" in erreur.value.message_dict["debut"][0]
    assert "ce jour-là : 09:00–12:00, 13:00–15:00" in erreur.value.message_dict["debut"][0]
    with pytest.raises(ValidationError) as erreur:
        planifier(jeune, conseiller_rennes, a_paris(LUNDI + datetime.timedelta(days=1), datetime.time(10)))
    assert "aucune disponibilité ce jour-là" in erreur.value.message_dict["debut"][0]
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(11, 15)))  # finit à 12:00 pile
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(13, 0)))


def test_plage_d_un_lieu_ne_vaut_pas_pour_un_autre_lieu(jeune, conseiller_rennes, antenne_rennes, un_dimanche_avant):
    lieu = LieuAccueil.objects.filter(antenne=antenne_rennes).first()
    autre = LieuAccueil.objects.create(nom="Permanence de Cesson", antenne=antenne_rennes)
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=0, lieu=lieu)
    with pytest.raises(ValidationError):
        planifier(
            jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(10)), mode=ModeRendezVous.PRESENTIEL, lieu=autre
        )
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(10)), mode=ModeRendezVous.PRESENTIEL, lieu=lieu)
    planifier(jeune, conseiller_rennes, a_paris(LUNDI, datetime.time(11)))  # téléphone : toute plage


def test_creneaux_libres_suivent_les_plages_et_sautent_les_absences(conseiller_rennes, un_dimanche_avant):
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=0, debut=datetime.time(9), fin=datetime.time(11))
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=2, debut=datetime.time(14), fin=datetime.time(15))
    AbsenceConseillerFactory(
        conseiller=conseiller_rennes, debut=a_paris(LUNDI, datetime.time(9, 30)), fin=a_paris(LUNDI, datetime.time(10))
    )
    creneaux = services.creneaux_libres(
        conseiller=conseiller_rennes, a_partir_de=timezone.now(), duree_minutes=30, nombre=5
    )
    # 09:00 touche le début de l'absence (permis), 10:00 en touche la fin ; mercredi 14:00 et 14:30.
    assert heures(creneaux) == ["04/01 09:00", "04/01 10:00", "04/01 10:30", "06/01 14:00", "06/01 14:30"]


def test_creneaux_libres_croisent_plages_et_horaires_du_lieu(conseiller_rennes, antenne_rennes, un_dimanche_avant):
    lieu = LieuAccueil.objects.filter(antenne=antenne_rennes).first()
    HoraireLieuFactory(lieu=lieu, jour=0, debut=datetime.time(10), fin=datetime.time(18))
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=0, debut=datetime.time(9), fin=datetime.time(11))
    creneaux = services.creneaux_libres(
        conseiller=conseiller_rennes, a_partir_de=timezone.now(), duree_minutes=30, nombre=3, lieu=lieu, jours=6
    )
    assert heures(creneaux) == ["04/01 10:00", "04/01 10:30"]


def test_creneaux_libres_le_jour_du_changement_d_heure(conseiller_rennes, time_machine):
    dimanche = datetime.date(2026, 3, 29)  # 02:00 → 03:00
    time_machine.move_to(a_paris(datetime.date(2026, 3, 28), datetime.time(20, 0)))
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=6, debut=datetime.time(1), fin=datetime.time(4))
    AbsenceConseillerFactory(
        conseiller=conseiller_rennes,
        debut=a_paris(dimanche, datetime.time(3, 30)),
        fin=a_paris(dimanche, datetime.time(4)),
    )
    creneaux = services.creneaux_libres(
        conseiller=conseiller_rennes, a_partir_de=timezone.now(), duree_minutes=30, nombre=10, jours=2
    )
    # De 01:00 à 04:00 heure de Paris, il n'y a que deux heures réelles : 01:00, 01:30, 03:00 (= 02:00 UTC+1 + 1 h).
    assert heures(creneaux) == ["29/03 01:00", "29/03 01:30", "29/03 03:00"]
    assert creneaux[2].astimezone(datetime.UTC) - creneaux[1].astimezone(datetime.UTC) == datetime.timedelta(minutes=30)


def test_plage_et_absence_qui_se_recouvrent_refusees(conseiller_rennes):
    services.plage_ajouter(
        conseiller=conseiller_rennes, jour=0, debut=datetime.time(9), fin=datetime.time(12), par=conseiller_rennes
    )
    services.plage_ajouter(  # se touchent : permis
        conseiller=conseiller_rennes, jour=0, debut=datetime.time(12), fin=datetime.time(13), par=conseiller_rennes
    )
    with pytest.raises(ValidationError) as erreur:
        services.plage_ajouter(
            conseiller=conseiller_rennes, jour=0, debut=datetime.time(11), fin=datetime.time(14), par=conseiller_rennes
        )
    assert "Cette plage recouvre celle du lundi 09:00–12:00" in erreur.value.message_dict["debut"][0]
    with pytest.raises(ValidationError) as erreur:
        services.plage_ajouter(
            conseiller=conseiller_rennes, jour=1, debut=datetime.time(14), fin=datetime.time(9), par=conseiller_rennes
        )
    assert "La fin de la plage doit suivre son début." in erreur.value.messages
    assert PlageDisponibilite.objects.count() == 2
    debut = a_paris(LUNDI, datetime.time(8))
    services.absence_ajouter(
        conseiller=conseiller_rennes,
        debut=debut,
        fin=debut + datetime.timedelta(days=2),
        motif=MotifAbsence.FORMATION,
        par=conseiller_rennes,
    )
    with pytest.raises(ValidationError) as erreur:
        services.absence_ajouter(
            conseiller=conseiller_rennes,
            debut=debut + datetime.timedelta(days=1),
            fin=debut + datetime.timedelta(days=3),
            motif=MotifAbsence.CONGE,
            par=conseiller_rennes,
        )
    assert "Une absence est déjà notée du 04/01/2027 à 08:00 au 06/01/2027 à 08:00." in erreur.value.messages
    assert AbsenceConseiller.objects.count() == 1
