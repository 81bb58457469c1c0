"""Fabriques minimales des objets métier utilisés par les tests de sécurité (remplacées par celles des autres
applications quand elles existent)."""

import datetime

import factory

from accompagnement.enums import Sexe
from accompagnement.models import Evenement, Jeune
from antennes.models import Antenne, Commune
from dispositifs.models import Dispositif, Inscription


class JeuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jeune
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Kerjean{n}")
    prenom = "Maël"
    sexe = Sexe.HOMME
    date_naissance = datetime.date(2005, 6, 15)
    antenne = factory.LazyFunction(lambda: Antenne.objects.get(code="RENNES"))
    commune = factory.LazyAttribute(lambda o: Commune.objects.filter(antenne=o.antenne).order_by("code_insee").first())
    date_premier_accueil = datetime.date(2024, 1, 10)
    adresse = "3 rue de Saint-Malo"
    telephone = "06 12 34 56 78"
    courriel = "mael@example.org"


class DispositifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispositif
        django_get_or_create = ("code",)

    code = "CEJ"
    nom = factory.LazyAttribute(lambda o: o.code)
    niveau = "national"


class InscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inscription

    jeune = factory.SubFactory(JeuneFactory)
    dispositif = factory.SubFactory(DispositifFactory)
    date_entree = datetime.date(2020, 1, 1)


class EvenementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evenement

    jeune = factory.SubFactory(JeuneFactory)
    type = "entretien_individuel"
    date = datetime.date(2024, 1, 10)
    compte_rendu = "Projet : CAP cuisine. Difficultés de logement."
