"""Tâches planifiées des relations entreprises (entrées dans CELERY_BEAT_SCHEDULE) : minces, idempotentes."""

from celery import shared_task

from entreprises import services


@shared_task(name="entreprises.expirer_offres")
def expirer_offres():
    """Chaque nuit : les offres ouvertes dont la date de clôture est passée deviennent expirées."""
    return {"expirees": services.offres_expirer()}
