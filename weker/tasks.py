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
