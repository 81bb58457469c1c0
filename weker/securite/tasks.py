"""Tâches planifiées de la protection des données (entrées dans CELERY_BEAT_SCHEDULE) : minces, idempotentes."""

from celery import shared_task

from weker.securite.conservation import conservation_appliquer
from weker.securite.services import journaux_purger


@shared_task(name="securite.purger_journaux")
def purger_journaux():
    return journaux_purger()


@shared_task(name="securite.appliquer_conservation")
def appliquer_conservation():
    rapport = conservation_appliquer()
    return {
        "sortis_base_active": rapport.sortis_base_active,
        "revenus_base_active": rapport.revenus_base_active,
        "anonymises": rapport.anonymises,
        "retenus": rapport.retenus,
    }
