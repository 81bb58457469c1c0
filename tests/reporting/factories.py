import datetime

import factory

from accompagnement.models import EvenementService
from aides.models import DemandeAide
from antennes.models import Antenne, Commune
from dispositifs.models import Dispositif, Inscription, Versement
from tests.accompagnement import factories as accompagnement_factories


def _commune(antenne):
    commune = Commune.objects.filter(antenne=antenne).first()
    return commune or Commune.objects.create(
        code_insee=f"9{antenne.pk:04d}", nom=f"Commune {antenne.code}", departement="35", antenne=antenne
    )


class JeuneFactory(accompagnement_factories.JeuneFactory):
    """Jeune de l'accompagnement, placé directement dans une antenne (premier secteur) et daté pour 2018."""

    sexe = "f"
    date_naissance = datetime.date(2000, 6, 15)
    antenne = factory.LazyFunction(lambda: Antenne.objects.get(code="RENNES"))
    commune = factory.LazyAttribute(lambda o: _commune(o.antenne))
    secteur = factory.LazyAttribute(lambda o: o.antenne.secteurs.order_by("ordre", "nom").first())
    date_premier_accueil = datetime.date(2015, 3, 1)


class EvenementFactory(accompagnement_factories.EvenementFactory):
    jeune = factory.SubFactory(JeuneFactory)
    date = datetime.date(2018, 5, 1)
    conseiller = None


class EvenementServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementService

    evenement = factory.SubFactory(EvenementFactory)
    service = "sante_information"


class SituationFactory(accompagnement_factories.SituationFactory):
    jeune = factory.SubFactory(JeuneFactory)
    date_debut = datetime.date(2018, 5, 1)
    saisi_par = None


class DispositifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispositif
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"disp{n}")
    nom = factory.LazyAttribute(lambda o: o.code.upper())
    niveau = "national"


class InscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inscription

    jeune = factory.SubFactory(JeuneFactory)
    dispositif = factory.SubFactory(DispositifFactory, code="cej", nom="Contrat d'engagement jeune")
    date_entree = datetime.date(2018, 2, 1)


class VersementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Versement

    jeune = factory.SubFactory(JeuneFactory)
    fonds = "allocation_cej"
    date = datetime.date(2018, 5, 5)
    montant = 300
    periode = factory.Sequence(lambda n: f"p{n}")


class DemandeAideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandeAide

    jeune = factory.SubFactory(JeuneFactory)
    fonds = "faj_rm"
    type = "subsistance"
    statut = "decidee"
    date_demande = datetime.date(2018, 1, 1)
    montant_demande = factory.LazyAttribute(lambda o: o.montant_accorde or 100)
    decision = "accordee"
    date_decision = datetime.date(2018, 6, 1)
    montant_accorde = 100


# --- Entreprises et actions territoriales (../shared/specs/entreprises-actions.md) ------------------------------


def siret_valide(numero):
    """SIRET de test passant la clé de Luhn : 13 chiffres tirés de `numero`, puis la clé."""
    debut = f"{numero:013d}"[-13:]
    for cle in range(10):
        candidat = f"{debut}{cle}"
        total = 0
        for rang, caractere in enumerate(reversed(candidat)):
            valeur = int(caractere) * (2 if rang % 2 else 1)
            total += valeur - 9 if valeur > 9 else valeur
        if total % 10 == 0:
            return candidat
    raise AssertionError("clé introuvable")


class EntrepriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entreprises.Entreprise"

    siret = factory.Sequence(lambda n: siret_valide(100000 + n))
    raison_sociale = factory.Sequence(lambda n: f"Entreprise {n}")
    naf = "56.10A"
    section_naf = "I"
    commune = factory.LazyFunction(lambda: _commune(Antenne.objects.get(code="RENNES")))


class OffreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entreprises.Offre"

    reference = factory.Sequence(lambda n: f"OFF-{n}")
    entreprise = factory.SubFactory(EntrepriseFactory)
    intitule = "Commis de cuisine"
    type_contrat = "cdi"
    nombre_postes = 1
    date_reception = datetime.date(2018, 3, 1)


class MiseEnRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "entreprises.MiseEnRelation"

    jeune = factory.SubFactory(JeuneFactory)
    entreprise = factory.SubFactory(EntrepriseFactory)
    date = datetime.date(2018, 4, 1)
    resultat = "proposee"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions_territoriales.ActionTerritoriale"
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ACT-{n}")
    intitule = "Job dating"
    type = "recrutement"
    date = datetime.date(2018, 5, 15)
    commune = factory.LazyFunction(lambda: _commune(Antenne.objects.get(code="RENNES")))

    @factory.post_generation
    def entreprises(self, create, extracted, **kwargs):
        if create and extracted:
            self.entreprises.set(extracted)


class ParticipationActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actions_territoriales.ParticipationAction"

    action = factory.SubFactory(ActionFactory)
    jeune = factory.SubFactory(JeuneFactory)
