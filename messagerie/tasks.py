"""Tâches de la messagerie : minces, elles reçoivent une clé primaire et appellent un service."""

from celery import shared_task

from messagerie import services

DELAIS_DES_ESSAIS = (60, 300, 900)


@shared_task(name="messagerie.tasks.envoyer_message", ignore_result=True)
def envoyer_message(message_id):
    if services.message_envoyer(message_id) == "a_reessayer":
        envoyer_message.apply_async((message_id,), countdown=DELAIS_DES_ESSAIS[0])


@shared_task(name="messagerie.tasks.surveiller_envois", ignore_result=True)
def surveiller_envois():
    services.messages_surveiller()
