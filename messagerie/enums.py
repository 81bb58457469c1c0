"""Codes de la messagerie : canaux, statuts des messages, modèles de message."""

from django.db import models


class Canal(models.TextChoices):
    SMS = "sms", "SMS"
    COURRIEL = "courriel", "Courriel"
    COURRIER = "courrier", "Courrier"


# Canaux soumis au consentement du jeune (le courrier postal est remis ou envoyé par la Mission Locale).
CANAUX_CONSENTIS = (Canal.SMS, Canal.COURRIEL)


class StatutMessage(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours d'envoi"
    ENVOYE = "envoye", "Envoyé"
    DISTRIBUE = "distribue", "Distribué"
    ECHEC = "echec", "Échec"


class CodeModele(models.TextChoices):
    CONVOCATION = "convocation", "Convocation à un rendez-vous"
    RECONVOCATION = "reconvocation", "Nouvelle convocation (rendez-vous reporté ou après une absence)"
    RAPPEL = "rappel", "Rappel la veille du rendez-vous"
    INVITATION_SESSION = "invitation_session", "Invitation à une session collective"
    DECISION_FAJ = "decision_faj", "Décision du Fonds d'aide aux jeunes"


class OrigineConsentement(models.TextChoices):
    DOSSIER = "dossier", "Recueilli par la Mission Locale (dossier)"
    LIEN = "lien", "Lien de désinscription d'un courriel"
    STOP = "stop", "Réponse STOP à un SMS"
