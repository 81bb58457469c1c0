from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

CLE_BATTEMENT = "weker:worker:battement"


@shared_task(name="weker.tasks.battement")
def battement():
    """Tâche planifiée chaque minute : prouve qu'un worker et le planificateur tournent."""
    maintenant = timezone.now().isoformat()
    cache.set(CLE_BATTEMENT, maintenant, timeout=None)
    return maintenant


@shared_task(name="weker.tasks.ping")
def ping(valeur):
    """Aller-retour minimal, utilisé par la sonde de santé et les tests avec un vrai worker."""
    return {"pong": valeur}


@shared_task(name="weker.tasks.surveiller_travaux", ignore_result=True)
def surveiller_travaux():
    """Tâche planifiée chaque minute : travaux dont le worker a disparu remis en file ou échoués (weker/travaux.py)."""
    from weker.travaux import travaux_surveiller

    return travaux_surveiller()
