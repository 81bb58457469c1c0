"""Tâches Celery du pilotage : points d'entrée minces qui appellent les services.

Celles qui reçoivent la clé primaire d'un travail ne gardent pas de résultat (`ignore_result`) : l'état est dans la
ligne du travail. Aucune tâche ne reçoit ni ne renvoie de donnée personnelle (voir docs/securite.md)."""

from celery import shared_task
from django.utils import timezone

from reporting import services


@shared_task(name="reporting.tasks.recalculer_indicateurs_nuit")
def recalculer_indicateurs_nuit():
    """Planifiée chaque nuit : année en cours et année précédente, agence et chaque antenne."""
    annee = timezone.localdate().year
    snapshots = services.indicateurs_recalculer_annees(annees=[annee, annee - 1])
    return len(snapshots)


@shared_task(name="reporting.tasks.executer_recalcul", ignore_result=True)
def executer_recalcul(recalcul_id):
    services.recalcul_executer(recalcul_id=recalcul_id)


@shared_task(name="reporting.tasks.generer_rapport_pdf", ignore_result=True)
def generer_rapport_pdf(rapport_id):
    services.rapport_pdf_generer(rapport_id=rapport_id)
