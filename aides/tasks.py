"""Tâches de fond du FAJ (minces : elles appellent un service)."""

from celery import shared_task
from django.utils import timezone

from aides.services import enveloppes_ouvrir_annee


@shared_task(name="aides.ouvrir_budget_annee")
def ouvrir_budget_annee():
    """Chaque nuit (idempotent) : le 1er janvier, ouvre le budget de la nouvelle année ; les autres jours, ne fait
    rien, ou rattrape une ouverture manquée (planificateur arrêté le 1er janvier)."""
    return len(enveloppes_ouvrir_annee(annee=timezone.localdate().year))
