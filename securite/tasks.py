"""Tâches planifiées de la sécurité (entrées dans CELERY_BEAT_SCHEDULE) : minces, idempotentes."""

from celery import shared_task

from securite.services import journaux_purger


@shared_task(name="securite.purger_journaux")
def purger_journaux():
    return journaux_purger()
