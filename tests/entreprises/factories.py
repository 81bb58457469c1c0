import datetime

import factory

from antennes.models import Commune
from entreprises.models import ContactEntreprise, Entreprise, Offre
from entreprises.regles import cle_recherche_entreprise


def siret_valide(prefixe):
    """Complète 13 chiffres par la clé de Luhn."""
    from entreprises.regles import siret_valide as valide

    prefixe = f"{prefixe:013d}" if isinstance(prefixe, int) else prefixe
    return next(prefixe + str(c) for c in range(10) if valide(prefixe + str(c)))


class EntrepriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entreprise
        skip_postgeneration_save = True

    siret = factory.Sequence(lambda n: siret_valide(4000000000000 + n * 10))
    raison_sociale = factory.Sequence(lambda n: f"Entreprise {n}")
    naf = "56.10A"
    section_naf = "I"
    commune = factory.LazyFunction(lambda: Commune.objects.get(pk="35238"))
    nom_recherche = factory.LazyAttribute(lambda o: cle_recherche_entreprise(o.raison_sociale, o.enseigne))
    enseigne = ""


class ContactEntrepriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactEntreprise

    entreprise = factory.SubFactory(EntrepriseFactory)
    nom = "Martine Kervella"
    fonction = "Responsable du recrutement"
    telephone = "02 99 00 11 22"
    courriel = "m.kervella@example.org"


class OffreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offre

    reference = factory.Sequence(lambda n: f"OFF-T-{n:05d}")
    entreprise = factory.SubFactory(EntrepriseFactory)
    intitule = "Serveur ou serveuse en restauration"
    type_contrat = "cdd_moins_6_mois"
    nombre_postes = 1
    date_reception = datetime.date(2026, 11, 2)
