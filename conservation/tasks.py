"""Tâche planifiée de la conservation des données (entrée dans CELERY_BEAT_SCHEDULE) : mince, idempotente.

Le nom de la tâche reste « securite.appliquer_conservation » (nom d'avant le déplacement, enregistré dans les
tâches périodiques de django_celery_beat des bases existantes)."""

from celery import shared_task

from conservation.services import conservation_appliquer


@shared_task(name="securite.appliquer_conservation")
def appliquer_conservation():
    rapport = conservation_appliquer()
    return {
        "sortis_base_active": rapport.sortis_base_active,
        "revenus_base_active": rapport.revenus_base_active,
        "anonymises": rapport.anonymises,
        "retenus": rapport.retenus,
    }
