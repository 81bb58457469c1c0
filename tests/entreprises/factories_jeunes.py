"""Fabriques des mises en relation et des immersions (et d'entreprises et d'offres minimales pour les tester)."""

import datetime
import itertools

import factory

from entreprises.models import Entreprise, Immersion, MiseEnRelation, Offre
from entreprises.regles import section_naf
from tests.accompagnement.factories import JeuneFactory, commune
from weker.texte import normaliser


def siret_valide(numero):
    """Un SIRET de 14 chiffres qui passe la clé de Luhn (13 chiffres tirés de `numero`, puis la clé)."""
    corps = f"{numero:013d}"[-13:]
    for cle in range(10):
        siret = corps + str(cle)
        total = 0
        for rang, caractere in enumerate(reversed(siret)):
            valeur = int(caractere) * (2 if rang % 2 else 1)
            total += valeur - 9 if valeur > 9 else valeur
        if total % 10 == 0:
            return siret
    raise AssertionError


_numeros = itertools.count(4200000000001)


class EntrepriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entreprise

    siret = factory.LazyFunction(lambda: siret_valide(next(_numeros)))
    raison_sociale = factory.Sequence(lambda n: f"Boulangerie du Mail {n}")
    naf = "10.71C"
    section_naf = factory.LazyAttribute(lambda o: section_naf(o.naf))
    nom_recherche = factory.LazyAttribute(lambda o: normaliser(o.raison_sociale))
    commune = factory.LazyFunction(lambda: commune("35238"))


class OffreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offre

    reference = factory.Sequence(lambda n: f"OF-{n:05d}")
    entreprise = factory.SubFactory(EntrepriseFactory)
    intitule = "Vendeur·se en boulangerie"
    type_contrat = "cdd_6_mois_plus"
    nombre_postes = 1
    date_reception = datetime.date(2026, 1, 5)


class MiseEnRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MiseEnRelation

    jeune = factory.SubFactory(JeuneFactory)
    entreprise = factory.SubFactory(EntrepriseFactory)
    date = datetime.date(2026, 2, 2)


class ImmersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Immersion

    jeune = factory.SubFactory(JeuneFactory)
    entreprise = factory.SubFactory(EntrepriseFactory)
    objet = "decouvrir"
    metier = "Boulanger·ère"
    date_debut = datetime.date(2026, 3, 2)
    date_fin = datetime.date(2026, 3, 13)
    tuteur_nom = "Paul Fournil"
