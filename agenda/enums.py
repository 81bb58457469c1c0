"""Codes de l'agenda : types, modes et statuts des rendez-vous."""

from django.db import models


class JourSemaine(models.IntegerChoices):
    LUNDI = 0, "Lundi"
    MARDI = 1, "Mardi"
    MERCREDI = 2, "Mercredi"
    JEUDI = 3, "Jeudi"
    VENDREDI = 4, "Vendredi"
    SAMEDI = 5, "Samedi"
    DIMANCHE = 6, "Dimanche"


class TypeRendezVous(models.TextChoices):
    """Rendez-vous individuels : tous donnent, une fois honorés, un entretien individuel au journal du dossier.
    Les ateliers et informations collectives sont des sessions collectives (accompagnement), montrées dans
    l'agenda de leur animateur."""

    ENTRETIEN_INDIVIDUEL = "entretien_individuel", "Entretien individuel"
    DIAGNOSTIC = "diagnostic", "Entretien de diagnostic"
    POINT_ETAPE = "point_etape", "Point d'étape"


class ModeRendezVous(models.TextChoices):
    # Mêmes valeurs que accompagnement.enums.Modalite : l'entretien saisi reprend le mode du rendez-vous.
    PRESENTIEL = "presentiel", "Présentiel"
    TELEPHONE = "telephone", "Téléphone"
    VISIO = "visio", "Visioconférence"


class StatutRendezVous(models.TextChoices):
    PLANIFIE = "planifie", "Planifié"
    HONORE = "honore", "Honoré"
    ABSENT_EXCUSE = "absent_excuse", "Absent (excusé)"
    ABSENT_NON_EXCUSE = "absent_non_excuse", "Absent (non excusé)"
    ANNULE_JEUNE = "annule_jeune", "Annulé par le jeune"
    ANNULE_MISSION_LOCALE = "annule_mission_locale", "Annulé par la Mission Locale"
    REPORTE = "reporte", "Reporté"


class MotifAbsence(models.TextChoices):
    """Motif d'une absence du conseiller : lu par lui-même et son responsable d'antenne seulement."""

    CONGE = "conge", "Congé"
    FORMATION = "formation", "Formation"
    MALADIE = "maladie", "Maladie"
