"""Sonde de santé /sante/ : base de données, cache (Redis), courtier et worker Celery."""

import dataclasses
import datetime

from django.conf import settings
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class WorkerCelery(HealthCheck):
    """Un worker répond-il au ping ? En mode intégré, les tâches s'exécutent dans le processus web."""

    timeout = datetime.timedelta(seconds=3)

    def run(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        from weker.celery import app

        try:
            reponses = app.control.ping(timeout=1.0)
        except OSError as exc:
            raise ServiceUnavailable("Courtier injoignable") from exc
        if not reponses:
            raise ServiceUnavailable("Aucun worker Celery ne répond")


class SanteView(HealthCheckView):
    checks = (Database, Cache, WorkerCelery)
