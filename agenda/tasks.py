"""Tâches de l'agenda (minces : elles appellent un service)."""

from celery import shared_task

from agenda.messages import programmer_rappels


@shared_task(name="agenda.tasks.envoyer_rappels_veille", ignore_result=True)
def envoyer_rappels_veille():
    """Chaque jour à WEKER_RAPPEL_HEURE : rappels des rendez-vous du lendemain (une fois chacun, même relancée)."""
    return programmer_rappels()
