import datetime

import factory

from actions_territoriales.enums import TypeAction
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from antennes.models import Commune
from entreprises.models import Entreprise
from tests.accompagnement.factories import JeuneFactory

RENNES = "35238"


def siret_valide(numero):
    """Un SIRET de 14 chiffres qui passe la clé de Luhn, à partir d'un numéro quelconque."""
    debut = f"{numero:013d}"[-13:]
    for cle in range(10):
        candidat = debut + str(cle)
        total = 0
        for rang, caractere in enumerate(reversed(candidat)):
            valeur = int(caractere) * (2 if rang % 2 else 1)
            total += valeur - 9 if valeur > 9 else valeur
        if total % 10 == 0:
            return candidat
    raise AssertionError("inaccessible")


class EntrepriseFactory(factory.django.DjangoModelFactory):
    """Entreprise écrite directement (le registre et ses services sont l'affaire de l'application entreprises)."""

    class Meta:
        model = Entreprise

    siret = factory.Sequence(lambda n: siret_valide(7328293200000 + n * 7))
    raison_sociale = factory.Sequence(lambda n: f"Boulangerie du Mail {n}")
    commune = factory.LazyFunction(lambda: Commune.objects.get(pk=RENNES))


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
