from celery import shared_task

from reprise.models import ImportReprise


@shared_task(name="weker.reprise.executer_import", ignore_result=True)
def executer_import_reprise(pk):
    from reprise.services import import_reprise_executer

    import_reprise_executer(travail=ImportReprise.objects.get(pk=pk))
