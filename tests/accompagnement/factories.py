"""Fabriques de l'accompagnement : jeunes, événements, sessions collectives, situations.

Elles s'appuient sur le référentiel territorial chargé une fois par session de tests (`charger_territoires`).

    JeuneFactory()                          jeune de Rennes (secteur Centre), 19 ans, sans référent
    JeuneFactory(referent=conseiller)       … suivi par ce conseiller (affectation ouverte dans l'historique)
    JeuneFactory(broceliande=True)          … habitant Montfort-sur-Meu (antenne Brocéliande, secteur de l'EPCI)
    JeuneFactory(rennes_metropole=True)     … habitant Cesson-Sévigné (antenne Rennes Métropole)
    JeuneFactory(hors_bassin=True)          … habitant Paris (antenne « Hors bassin d'emploi »)
    JeuneFactory(mineur=True)               … 16 ans, avec un représentant légal
    JeuneFactory(hors_ue=True)              … nationalité hors UE, titre de séjour valable un an
    JeuneFactory(archive=True)              … sorti de la base active
    JeuneFactory(anonymise=True)            … anonymisé
    JeuneFactory(contact_ancien=True)       … dernier contact il y a 4 mois (alerte « sans contact »)
    JeuneFactory(rdv_depasse=True)          … prochain rendez-vous dépassé (alerte)
    EvenementFactory(jeune=j)               entretien individuel en présentiel, hier
    EvenementFactory(contact=True)          contact par téléphone
    EvenementFactory(avec_services=True)    … avec deux services rendus (santé, logement)
    SessionCollectiveFactory()              atelier à Rennes dans 7 jours, 12 places
    SessionCollectiveFactory(information_collective=True)
    ParticipationFactory(session=s, jeune=j)
    SituationFactory(jeune=j)               CDI commencé il y a un mois
    SituationFactory(formation=True)        formation qualifiante financée par le Conseil régional
    SituationFactory(immersion=True)        PMSMP de deux semaines
"""

import datetime

import factory
from django.utils import timezone

from accompagnement.enums import (
    CategorieSituation,
    Financeur,
    Modalite,
    Nationalite,
    Presence,
    Service,
    Sexe,
    TypeEvenement,
    TypeSituation,
)
from accompagnement.models import (
    AffectationReferent,
    Evenement,
    EvenementService,
    Jeune,
    Participation,
    RepresentantLegal,
    SessionCollective,
    Situation,
    ThemeAtelier,
)
from antennes.models import Antenne, Commune, Secteur
from comptes.enums import Role
from tests.weker.factories import UtilisateurFactory
from weker.texte import normaliser

RENNES = "35238"
CESSON_SEVIGNE = "35051"
MONTFORT_SUR_MEU = "35188"
PARIS = "75056"


def aujourd_hui():
    return timezone.localdate()


def ne_il_y_a(annees, jours=0):
    """Date de naissance donnant `annees` ans révolus aujourd'hui (anniversaire il y a `jours` jours)."""
    today = aujourd_hui()
    try:
        anniversaire = today.replace(year=today.year - annees)
    except ValueError:  # 29 février
        anniversaire = today.replace(year=today.year - annees, day=28)
    return anniversaire - datetime.timedelta(days=jours)


def commune(code_insee):
    return Commune.objects.select_related("antenne", "secteur_defaut").get(code_insee=code_insee)


def secteur_pour(commune_):
    """Secteur par défaut de la commune ; pour Rennes (pas de défaut), le premier quartier (Centre)."""
    if commune_.secteur_defaut_id:
        return commune_.secteur_defaut
    return (
        Secteur.objects.filter(antenne_id=commune_.antenne_id, code="RENNES_CENTRE").first()
        or Secteur.objects.filter(antenne_id=commune_.antenne_id).order_by("ordre", "code").first()
    )


def antenne(code):
    return Antenne.objects.get(code=code)


class JeuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jeune
        skip_postgeneration_save = True

    class Params:
        code_commune = RENNES
        broceliande = factory.Trait(code_commune=MONTFORT_SUR_MEU)
        rennes_metropole = factory.Trait(code_commune=CESSON_SEVIGNE)
        hors_bassin = factory.Trait(code_commune=PARIS)
        mineur = factory.Trait(
            date_naissance=factory.LazyFunction(lambda: ne_il_y_a(16, jours=30)),
            representant=factory.RelatedFactory(
                "tests.accompagnement.factories.RepresentantLegalFactory", factory_related_name="jeune"
            ),
        )
        hors_ue = factory.Trait(
            nationalite=Nationalite.HORS_UE,
            titre_sejour_numero="9912345678",
            titre_sejour_expiration=factory.LazyFunction(lambda: aujourd_hui() + datetime.timedelta(days=365)),
        )
        archive = factory.Trait(archive_le=factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=30)))
        anonymise = factory.Trait(
            anonymise_le=factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=10))
        )
        contact_ancien = factory.Trait(
            date_dernier_contact=factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=120))
        )
        rdv_depasse = factory.Trait(
            date_prochain_rdv=factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=5))
        )

    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    sexe = factory.Iterator([Sexe.FEMME, Sexe.HOMME])
    date_naissance = factory.LazyFunction(lambda: ne_il_y_a(19, jours=40))
    commune = factory.LazyAttribute(lambda o: commune(o.code_commune))
    antenne = factory.LazyAttribute(lambda o: o.commune.antenne)
    secteur = factory.LazyAttribute(lambda o: secteur_pour(o.commune))
    adresse = factory.Faker("street_address", locale="fr_FR")
    telephone = "06 12 34 56 78"
    courriel = factory.LazyAttribute(
        lambda o: f"{normaliser(o.prenom)}.{normaliser(o.nom)}@exemple.test".replace(" ", "-")
    )
    date_premier_accueil = factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=60))
    referent = None

    @factory.post_generation
    def affectation(obj, create, extracted, **kwargs):
        """Ouvre l'affectation du référent dans l'historique (comme le fait le service)."""
        if create and obj.referent_id:
            AffectationReferent.objects.create(jeune=obj, referent=obj.referent, debut=obj.date_premier_accueil)


class RepresentantLegalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepresentantLegal

    jeune = factory.SubFactory(JeuneFactory)
    nom = factory.LazyAttribute(lambda o: o.jeune.nom)
    prenom = factory.Faker("first_name", locale="fr_FR")
    lien = "Mère"
    telephone = "02 99 00 00 00"


class EvenementServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvenementService

    evenement = factory.SubFactory("tests.accompagnement.factories.EvenementFactory")
    service = Service.SANTE_INFORMATION


class EvenementFactory(factory.django.DjangoModelFactory):
    """`EvenementFactory(services=[Service.MOBILITE_AIDE])` crée aussi les services rendus."""

    class Meta:
        model = Evenement
        skip_postgeneration_save = True

    class Params:
        contact = factory.Trait(type=TypeEvenement.CONTACT, modalite=Modalite.TELEPHONE, duree_minutes=10)
        avec_services = factory.Trait(
            service_sante=factory.RelatedFactory(
                EvenementServiceFactory, factory_related_name="evenement", service=Service.SANTE_INFORMATION
            ),
            service_logement=factory.RelatedFactory(
                EvenementServiceFactory, factory_related_name="evenement", service=Service.LOGEMENT_ORIENTATION
            ),
        )

    jeune = factory.SubFactory(JeuneFactory)
    type = TypeEvenement.ENTRETIEN_INDIVIDUEL
    date = factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=1))
    modalite = Modalite.PRESENTIEL
    duree_minutes = 45
    conseiller = factory.SubFactory(UtilisateurFactory, role=Role.CONSEILLER)
    themes = "Projet professionnel"
    compte_rendu = "Point sur la recherche de stage ; CV mis à jour ensemble."
    prochaine_etape = "Envoyer trois candidatures"

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create and extracted:
            for code in extracted:
                EvenementService.objects.create(evenement=obj, service=code)


class SessionCollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionCollective

    class Params:
        information_collective = factory.Trait(type=TypeEvenement.INFORMATION_COLLECTIVE, theme="Présentation du CEJ")
        passee = factory.Trait(date=factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=2)))

    type = TypeEvenement.ATELIER
    date = factory.LazyFunction(lambda: aujourd_hui() + datetime.timedelta(days=7))
    heure_debut = datetime.time(9, 30)
    duree_minutes = 120
    theme = "Techniques de recherche d'emploi"
    theme_atelier = factory.LazyFunction(lambda: ThemeAtelier.objects.get(code="cv_lettre"))
    antenne = factory.LazyFunction(lambda: antenne("RENNES"))
    animateur = factory.SubFactory(UtilisateurFactory, role=Role.CONSEILLER)
    capacite = 12


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    session = factory.SubFactory(SessionCollectiveFactory)
    jeune = factory.SubFactory(JeuneFactory)
    presence = Presence.INSCRIT


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    class Params:
        formation = factory.Trait(
            categorie=CategorieSituation.FORMATION,
            type=TypeSituation.QUALIFIANTE,
            financeur=Financeur.CONSEIL_REGIONAL,
            employeur="AFPA Rennes",
            intitule="Titre professionnel agent de restauration",
            secteur_activite="Restauration",
        )
        immersion = factory.Trait(
            categorie=CategorieSituation.IMMERSION,
            type=TypeSituation.PMSMP,
            date_fin=factory.LazyAttribute(lambda o: o.date_debut + datetime.timedelta(days=14)),
            employeur="Boulangerie du Centre",
            intitule="Vendeur en boulangerie",
            secteur_activite="Commerce",
        )

    jeune = factory.SubFactory(JeuneFactory)
    categorie = CategorieSituation.EMPLOI
    type = TypeSituation.CDI
    financeur = ""
    date_debut = factory.LazyFunction(lambda: aujourd_hui() - datetime.timedelta(days=30))
    date_fin = None
    employeur = "Transports Rennais"
    intitule = "Agent logistique"
    secteur_activite = "Logistique"
