"""Fabriques du FAJ. `JeuneFactory` est provisoire (remplacée par celle de tests/accompagnement une fois fusionnée)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accompagnement.enums import Sexe
from accompagnement.models import Jeune
from aides import services
from aides.enums import Fonds, TypeAide, TypeDecision, TypeEnveloppe
from aides.models import DemandeAide, Enveloppe, Seance
from antennes.models import Commune

RENNES, MONTFORT, SAINT_MALO, PARIS = "35238", "35188", "35288", "75056"


def commune(code_insee):
    return Commune.objects.select_related("antenne", "epci").get(code_insee=code_insee)


def ne_il_y_a(annees, jours=0):
    """Date de naissance pour avoir `annees` ans aujourd'hui (+ `jours` de marge après l'anniversaire)."""
    aujourd_hui = timezone.localdate()
    try:
        anniversaire = aujourd_hui.replace(year=aujourd_hui.year - annees)
    except ValueError:  # 29 février
        anniversaire = aujourd_hui.replace(year=aujourd_hui.year - annees, day=28)
    return anniversaire - datetime.timedelta(days=jours)


class JeuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jeune

    class Params:
        code_commune = RENNES

    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    sexe = Sexe.FEMME
    date_naissance = factory.LazyFunction(lambda: ne_il_y_a(20, jours=30))
    commune = factory.LazyAttribute(lambda o: commune(o.code_commune))
    antenne = factory.LazyAttribute(lambda o: o.commune.antenne)
    date_premier_accueil = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    adresse = "12 rue de la Paix"


class DemandeAideFactory(factory.django.DjangoModelFactory):
    """Demande brute (sans passer par le circuit) : pour les listes et les chiffres."""

    class Meta:
        model = DemandeAide

    jeune = factory.SubFactory(JeuneFactory)
    fonds = Fonds.FAJ_RM
    type = TypeAide.SUBSISTANCE
    montant_demande = Decimal("150.00")
    motivation = "Rupture de ressources en attendant la première paie."


class SeanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seance

    fonds = Fonds.FAJ_RM
    date = factory.LazyFunction(timezone.localdate)
    lieu = "Maison de l'emploi, salle du conseil"
    presidence = "Mme Le Bihan, vice-présidente de Rennes Métropole"


class EnveloppeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enveloppe
        django_get_or_create = ("fonds", "annee", "nom")

    fonds = Fonds.FAJ_RM
    annee = factory.LazyFunction(lambda: timezone.localdate().year)
    nom = "Enveloppe Mission Locale"
    type = TypeEnveloppe.AGENCE
    montant = Decimal("10000.00")


def budget_rennes_metropole(agence="10000.00", ccas="5000.00", reserve="2000.00", annee=None):
    """Budget FAJ RM de l'année : un budget de fonds découpé en Mission Locale, CCAS et réserve."""
    annee = annee or timezone.localdate().year
    total = Decimal(agence) + Decimal(ccas) + Decimal(reserve)
    fonds = EnveloppeFactory(nom="FAJ Rennes Métropole", type=TypeEnveloppe.FONDS, montant=total, annee=annee)
    return {
        "fonds": fonds,
        "agence": EnveloppeFactory(nom="Mission Locale", montant=Decimal(agence), parent=fonds, annee=annee),
        "ccas": EnveloppeFactory(
            nom="CCAS de Rennes", type=TypeEnveloppe.CCAS, montant=Decimal(ccas), parent=fonds, annee=annee
        ),
        "reserve": EnveloppeFactory(
            nom="Réserve", type=TypeEnveloppe.RESERVE, montant=Decimal(reserve), parent=fonds, annee=annee
        ),
    }


def demande_soumise(par, jeune=None, montant="150.00", type=TypeAide.SUBSISTANCE, **kwargs):
    demande = services.demande_aide_creer(
        jeune=jeune or JeuneFactory(),
        par=par,
        type=type,
        montant_demande=Decimal(montant),
        motivation="Rupture de ressources en attendant la première paie.",
        **kwargs,
    )
    return services.demande_aide_soumettre(demande=demande, par=par)


def seance_ouverte_avec(secretariat, *demandes, membres=()):
    seance = SeanceFactory(fonds=demandes[0].fonds if demandes else Fonds.FAJ_RM)
    seance.membres.set(membres)
    for demande in demandes:
        services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat)
    return services.seance_ouvrir(seance=seance, par=secretariat)


def demande_accordee_notifiee(par, secretariat, montant="150.00", accorde=None, jeune=None):
    """Demande passée en commission, accordée, séance close, notifiée : prête à être payée."""
    demande = demande_soumise(par, jeune=jeune, montant=montant)
    seance = seance_ouverte_avec(secretariat, demande)
    accorde = Decimal(accorde or montant)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat,
        decision=TypeDecision.ACCORDEE if accorde == Decimal(montant) else TypeDecision.ACCORDEE_PARTIELLEMENT,
        montant_accorde=accorde,
        motif="" if accorde == Decimal(montant) else "Montant ajusté au besoin réel.",
    )
    services.seance_clore(seance=seance, par=secretariat)
    return services.demande_aide_notifier(demande=demande, par=secretariat)
