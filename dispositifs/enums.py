from django.db import models


class Niveau(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Régional"
    DEPARTEMENTAL = "departemental", "Départemental"
    LOCAL = "local", "Local"


class MotifSortie(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    ABANDON = "abandon", "Abandon"
    DEMENAGEMENT = "demenagement", "Déménagement"
    LIMITE_AGE = "limite_age", "Limite d'âge"
    FIN_DE_DROITS = "fin_de_droits", "Fin de droits"
    AUTRE = "autre", "Autre"


class FondsAllocation(models.TextChoices):
    GARANTIE_JEUNES = "allocation_garantie_jeunes", "Allocation Garantie jeunes"
    CEJ = "allocation_cej", "Allocation CEJ"
    PACEA = "allocation_pacea", "Allocation PACEA"


class TypeAllocation(models.TextChoices):
    AUCUNE = "", "Aucune"
    MENSUELLE_CEJ = "mensuelle_cej", "Allocation mensuelle CEJ"
    PONCTUELLE_PACEA = "ponctuelle_pacea", "Allocation ponctuelle PACEA"


class SituationFiscale(models.TextChoices):
    """Situation fiscale du foyer du jeune, qui fixe le montant de l'allocation CEJ."""

    NON_IMPOSABLE = "non_imposable", "Autonome ou foyer non imposable"
    IMPOSABLE_PREMIERE_TRANCHE = "imposable_t1", "Foyer imposable à la première tranche"
    IMPOSABLE_AU_DELA = "imposable_au_dela", "Foyer imposable au-delà de la première tranche (pas d'allocation)"


class TypeOrienteur(models.TextChoices):
    CCAS = "ccas", "CCAS"
    CDAS = "cdas", "CDAS"


class CodeParametre(models.TextChoices):
    CEJ_MAJEUR_NON_IMPOSABLE = "cej_majeur_non_imposable", "CEJ — jeune majeur autonome ou foyer non imposable"
    CEJ_MAJEUR_IMPOSABLE_T1 = "cej_majeur_imposable_t1", "CEJ — jeune majeur, foyer imposable à la première tranche"
    CEJ_MINEUR = "cej_mineur", "CEJ — jeune mineur"
    RSA_PERSONNE_SEULE = "rsa_personne_seule", "RSA — montant forfaitaire mensuel pour une personne seule"


class StatutPreparation(models.TextChoices):
    BROUILLON = "brouillon", "En préparation"
    VALIDEE = "validee", "Validée"


class TypeAlerte(models.TextChoices):
    FIN_PROCHE = "fin_proche", "Fin d'inscription proche"
    RENOUVELLEMENT_LIMITE = "renouvellement_limite", "Limite de renouvellement atteinte"
    RDV_EN_RETARD = "rdv_en_retard", "Entretien en retard"
    SANS_EVENEMENT = "sans_evenement", "Aucun événement récent"
    SUIVI_EMPLOI_ECHU = "suivi_emploi_echu", "Suivi après emploi échu"
    # Alertes du suivi du jeune (sans inscription) :
    SANS_CONTACT = "sans_contact", "Sans contact depuis plus de 3 mois"
    RDV_DEPASSE = "rdv_depasse", "Rendez-vous dépassé"
