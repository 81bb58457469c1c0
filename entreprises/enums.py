from django.db import models

from accompagnement.enums import TYPES_PAR_CATEGORIE, CategorieSituation


class TrancheEffectif(models.TextChoices):
    """Tranches d'effectif salarié de l'INSEE (répertoire SIRENE)."""

    T00 = "00", "0 salarié"
    T01 = "01", "1 ou 2 salariés"
    T02 = "02", "3 à 5 salariés"
    T03 = "03", "6 à 9 salariés"
    T11 = "11", "10 à 19 salariés"
    T12 = "12", "20 à 49 salariés"
    T21 = "21", "50 à 99 salariés"
    T22 = "22", "100 à 199 salariés"
    T31 = "31", "200 à 249 salariés"
    T32 = "32", "250 à 499 salariés"
    T41 = "41", "500 à 999 salariés"
    T42 = "42", "1 000 à 1 999 salariés"
    T51 = "51", "2 000 à 4 999 salariés"
    T52 = "52", "5 000 à 9 999 salariés"
    T53 = "53", "10 000 salariés et plus"


# Types de contrat d'une offre : les types « emploi » des situations, plus le stage.
STAGE = "stage"
TYPES_CONTRAT_OFFRE = [(t.value, t.label) for t in TYPES_PAR_CATEGORIE[CategorieSituation.EMPLOI]] + [(STAGE, "Stage")]


class StatutOffre(models.TextChoices):
    OUVERTE = "ouverte", "Ouverte"
    POURVUE = "pourvue", "Pourvue"
    ANNULEE = "annulee", "Annulée"
    EXPIREE = "expiree", "Expirée"


class ResultatMiseEnRelation(models.TextChoices):
    PROPOSEE = "proposee", "Proposée"
    ENTRETIEN = "entretien", "Entretien"
    RECRUTE = "recrute", "Recruté·e"
    REFUS_EMPLOYEUR = "refus_employeur", "Refus de l'employeur"
    REFUS_JEUNE = "refus_jeune", "Refus du jeune"
    SANS_SUITE = "sans_suite", "Sans suite"


RESULTATS_EN_COURS = (ResultatMiseEnRelation.PROPOSEE, ResultatMiseEnRelation.ENTRETIEN)


class ObjetImmersion(models.TextChoices):
    """Objets d'une PMSMP (code du travail, art. L5135-1)."""

    DECOUVRIR = "decouvrir", "Découvrir un métier ou un secteur d'activité"
    CONFIRMER = "confirmer", "Confirmer un projet professionnel"
    RECRUTEMENT = "recrutement", "Initier une démarche de recrutement"


class StatutImmersion(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    EN_COURS = "en_cours", "En cours"
    TERMINEE = "terminee", "Terminée"
    ANNULEE = "annulee", "Annulée"
