from celery import shared_task

from weker.travaux import reessayer_si_occupe


@shared_task(name="weker.reprise.executer_import", bind=True, ignore_result=True, max_retries=3)
def executer_import_reprise(self, pk):
    from reprise.models import ImportReprise
    from reprise.services import import_reprise_executer

    with reessayer_si_occupe(self):
        import_reprise_executer(travail=ImportReprise(pk=pk))
