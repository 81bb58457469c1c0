from celery import shared_task

from dispositifs import services


@shared_task(name="dispositifs.tasks.calculer_alertes")
def calculer_alertes():
    """Tâche nocturne (et à la demande) : recalcule les alertes des dispositifs."""
    return services.alertes_calculer()
