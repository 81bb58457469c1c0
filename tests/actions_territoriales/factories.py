import datetime

import factory

from actions_territoriales.enums import TypeAction
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from antennes.models import Commune
from tests.accompagnement.factories import JeuneFactory

RENNES = "35238"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionTerritoriale
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"REPRISE-{n}")
    intitule = factory.Sequence(lambda n: f"Job dating n° {n}")
    type = TypeAction.RECRUTEMENT
    date = datetime.date(2026, 6, 12)
    commune = factory.LazyFunction(lambda: Commune.objects.get(pk=RENNES))


class ParticipationActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationAction

    action = factory.SubFactory(ActionFactory)
    jeune = factory.SubFactory(JeuneFactory)
