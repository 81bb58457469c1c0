"""Fabriques des tests des dispositifs.

JeuneFactory / EvenementFactory minimales en attendant celles de tests/accompagnement/factories.py (à réutiliser
dès qu'elles sont fusionnées dans main)."""

import datetime

import factory

from accompagnement.enums import Sexe, TypeEvenement
from accompagnement.models import Evenement, Jeune
from antennes.models import Commune
from dispositifs.models import Dispositif, Inscription, ParametreMontant


def _commune_de(antenne_code):
    return Commune.objects.filter(antenne__code=antenne_code).order_by("code_insee").first()


class JeuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jeune

    nom = factory.Sequence(lambda n: f"Nom{n:04d}")
    prenom = factory.Faker("first_name", locale="fr_FR")
    sexe = Sexe.FEMME
    date_naissance = datetime.date(2004, 6, 15)
    commune = factory.LazyFunction(lambda: Commune.objects.get(code_insee="35238"))
    antenne = factory.LazyAttribute(lambda o: o.commune.antenne)
    date_premier_accueil = datetime.date(2024, 1, 10)

    class Params:
        broceliande = factory.Trait(commune=factory.LazyFunction(lambda: _commune_de("BROCELIANDE")))


class EvenementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evenement

    jeune = factory.SubFactory(JeuneFactory)
    type = TypeEvenement.ENTRETIEN_INDIVIDUEL
    date = datetime.date(2025, 5, 1)


def dispositif(code):
    return Dispositif.objects.get(code=code)


class InscriptionFactory(factory.django.DjangoModelFactory):
    """Inscription écrite directement (sans passer par les règles) : pour préparer un état."""

    class Meta:
        model = Inscription

    jeune = factory.SubFactory(JeuneFactory)
    dispositif = factory.LazyFunction(lambda: dispositif("cej"))
    date_entree = datetime.date(2025, 5, 1)
    duree_mois = factory.LazyAttribute(lambda o: o.dispositif.duree_mois)
    date_fin_prevue = factory.LazyAttribute(
        lambda o: Inscription(date_entree=o.date_entree).fin_pour_duree(o.duree_mois) if o.duree_mois else None
    )


class ParametreMontantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParametreMontant
