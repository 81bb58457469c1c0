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
