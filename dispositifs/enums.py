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
