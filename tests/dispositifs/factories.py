"""Fabriques des tests des dispositifs (jeunes et événements : celles de l'accompagnement)."""

import datetime

import factory

from dispositifs.models import Dispositif, Inscription
from tests.accompagnement.factories import EvenementFactory, JeuneFactory

__all__ = ["EvenementFactory", "InscriptionFactory", "JeuneFactory", "dispositif"]


def dispositif(code):
    """Un dispositif du catalogue par défaut (chargé par migration)."""
    return Dispositif.objects.get(code=code)


class InscriptionFactory(factory.django.DjangoModelFactory):
    """Inscription écrite directement (sans passer par les règles du service) : pour préparer un état.

    Le jeune est né le 15/06/2004 (majeur pendant toute la période des tests datés 2024-2026)."""

    class Meta:
        model = Inscription

    jeune = factory.SubFactory(JeuneFactory, date_naissance=datetime.date(2004, 6, 15))
    dispositif = factory.LazyFunction(lambda: dispositif("cej"))
    date_entree = datetime.date(2025, 5, 1)
    duree_mois = factory.LazyAttribute(lambda o: o.dispositif.duree_mois)
    date_fin_prevue = factory.LazyAttribute(
        lambda o: Inscription(date_entree=o.date_entree).fin_pour_duree(o.duree_mois) if o.duree_mois else None
    )
