from django.db import models


class Fonds(models.TextChoices):
    FAJ_RM = "faj_rm", "FAJ Rennes Métropole"
    FAJ_CD35 = "faj_cd35", "FAJ du Département d'Ille-et-Vilaine"


class TypeAide(models.TextChoices):
    SUBSISTANCE = "subsistance", "Subsistance"
    MOBILITE = "mobilite", "Mobilité"
    RECHERCHE_EMPLOI = "recherche_emploi", "Recherche d'emploi"
    ATTENTE_REMUNERATION = "attente_remuneration", "Attente de rémunération"
    FORMATION = "formation", "Formation"
    LOGEMENT = "logement", "Logement"
    SANTE = "sante", "Santé"


class StatutDemande(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise"
    INSCRITE = "inscrite", "Inscrite à une séance"
    DECIDEE = "decidee", "Décidée"
    NOTIFIEE = "notifiee", "Notifiée"
    PAYEE = "payee", "Payée"


class TypeDecision(models.TextChoices):
    ACCORDEE = "accordee", "Accordée"
    ACCORDEE_PARTIELLEMENT = "accordee_partiellement", "Accordée partiellement"
    REFUSEE = "refusee", "Refusée"
    AJOURNEE = "ajournee", "Ajournée"


DECISIONS_FAVORABLES = (TypeDecision.ACCORDEE, TypeDecision.ACCORDEE_PARTIELLEMENT)


# Circuit d'une demande : statut de départ → statuts d'arrivée permis (les services vérifient ce tableau).
TRANSITIONS = {
    StatutDemande.BROUILLON: {StatutDemande.SOUMISE},
    # soumise → décidée : seulement par le circuit d'urgence
    StatutDemande.SOUMISE: {StatutDemande.INSCRITE, StatutDemande.DECIDEE},
    # inscrite → soumise : retirée de l'ordre du jour, ou ajournée (elle repassera à une séance suivante)
    StatutDemande.INSCRITE: {StatutDemande.DECIDEE, StatutDemande.SOUMISE},
    StatutDemande.DECIDEE: {StatutDemande.NOTIFIEE},
    StatutDemande.NOTIFIEE: {StatutDemande.PAYEE},
    StatutDemande.PAYEE: set(),
}


class StatutSeance(models.TextChoices):
    PREPAREE = "preparee", "Préparée"
    OUVERTE = "ouverte", "Ouverte"
    CLOSE = "close", "Close"


class TypeEnveloppe(models.TextChoices):
    FONDS = "fonds", "Budget du fonds (regroupe les sous-enveloppes)"
    AGENCE = "agence", "Enveloppe de la Mission Locale"
    CCAS = "ccas", "Enveloppe du CCAS"
    RESERVE = "reserve", "Réserve"


class ModePaiement(models.TextChoices):
    VIREMENT = "virement", "Virement au jeune"
    TIERS = "tiers", "Paiement à un tiers (fournisseur)"
    CHEQUE = "cheque", "Chèque"
    BON = "bon", "Chèque de service (bon)"


# EPCI dont les habitants relèvent du FAJ de Rennes Métropole ; le reste du département relève du FAJ du CD35.
SIREN_RENNES_METROPOLE = "243500139"
DEPARTEMENT_FAJ_CD35 = "35"
