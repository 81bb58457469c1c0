import datetime

import factory

from agenda.enums import JourSemaine, ModeRendezVous, MotifAbsence, TypeRendezVous
from agenda.heures import a_paris
from agenda.models import AbsenceConseiller, HoraireLieu, PlageDisponibilite, RendezVous
from tests.accompagnement.factories import JeuneFactory


def demain_a(heure, minute=0, jours=1):
    from django.utils import timezone

    return a_paris(timezone.localdate() + datetime.timedelta(days=jours), datetime.time(heure, minute))


class HoraireLieuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoraireLieu

    jour = JourSemaine.LUNDI
    debut = datetime.time(9, 0)
    fin = datetime.time(12, 0)


class RendezVousFactory(factory.django.DjangoModelFactory):
    """Rendez-vous écrit directement (sans les contrôles du service) : pour préparer une situation."""

    class Meta:
        model = RendezVous

    jeune = factory.SubFactory(JeuneFactory)
    conseiller = factory.LazyAttribute(lambda o: o.jeune.referent)
    debut = factory.LazyFunction(lambda: demain_a(10))
    duree_minutes = 45
    type = TypeRendezVous.ENTRETIEN_INDIVIDUEL
    mode = ModeRendezVous.TELEPHONE


class PlageDisponibiliteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlageDisponibilite

    jour = JourSemaine.LUNDI
    debut = datetime.time(9, 0)
    fin = datetime.time(12, 0)


class AbsenceConseillerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbsenceConseiller

    debut = factory.LazyFunction(lambda: demain_a(8))
    fin = factory.LazyFunction(lambda: demain_a(18))
    motif = MotifAbsence.CONGE
