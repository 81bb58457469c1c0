"""Tâches Celery du pilotage : points d'entrée minces qui appellent les services."""

from celery import shared_task
from django.utils import timezone

from reporting import services
from weker.travaux import reessayer_si_occupe


@shared_task(name="reporting.tasks.recalculer_indicateurs_nuit")
def recalculer_indicateurs_nuit():
    """Planifiée chaque nuit : année en cours et année précédente, agence et chaque antenne."""
    annee = timezone.localdate().year
    snapshots = services.indicateurs_recalculer_annees(annees=[annee, annee - 1])
    return len(snapshots)


@shared_task(name="reporting.tasks.executer_recalcul", bind=True, ignore_result=True, max_retries=3)
def executer_recalcul(self, recalcul_id):
    with reessayer_si_occupe(self):
        services.recalcul_executer(recalcul_id=recalcul_id)


@shared_task(name="reporting.tasks.generer_rapport_pdf", bind=True, ignore_result=True, max_retries=3)
def generer_rapport_pdf(self, rapport_id):
    with reessayer_si_occupe(self):
        services.rapport_pdf_generer(rapport_id=rapport_id)


@shared_task(name="reporting.tasks.figer_edition", bind=True, ignore_result=True, max_retries=3)
def figer_edition(self, edition_id):
    with reessayer_si_occupe(self):
        services.edition_figer_executer(edition_id=edition_id)
