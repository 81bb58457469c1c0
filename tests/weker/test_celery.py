"""Réglages de Celery, mise en file après validation de la transaction, planification par django-celery-beat."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django_celery_beat import schedulers
from django_celery_beat.models import PeriodicTask

from weker import tasks
from weker.celery import app


def test_accuse_de_reception_tardif_et_une_tache_a_la_fois():
    # Une tâche n'est acquittée qu'une fois finie (un worker qui meurt ne la perd pas) et chaque worker ne
    # réserve qu'une tâche d'avance (pas de tâche longue bloquée derrière une autre).
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.timezone == "Europe/Paris"


def test_configuration_lue_depuis_les_reglages_django():
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert app.conf.beat_schedule["sante-battement"] == {"task": "weker.tasks.battement", "schedule": 60.0}


def test_taches_decouvertes():
    assert {"weker.tasks.battement", "weker.tasks.ping"} <= set(app.tasks)


@pytest.mark.django_db
def test_delay_on_commit_attend_la_validation(django_capture_on_commit_callbacks):
    cache.delete(tasks.CLE_BATTEMENT)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        tasks.battement.delay_on_commit()
        # Rien n'est envoyé tant que la transaction n'est pas validée (ni jamais si elle est annulée).
        assert cache.get(tasks.CLE_BATTEMENT) is None
    assert len(rappels) == 1
    rappels[0]()
    assert cache.get(tasks.CLE_BATTEMENT) is not None


def test_ping_dans_le_processus():
    assert tasks.ping.delay("bonjour").get(timeout=5) == {"pong": "bonjour"}


@pytest.mark.django_db
def test_le_planificateur_enregistre_le_battement_en_base(monkeypatch):
    """`celery beat` (DatabaseScheduler) recopie CELERY_BEAT_SCHEDULE dans les tâches périodiques au démarrage :
    la tâche « sante-battement » existe alors en base, modifiable dans l'administration."""
    monkeypatch.setattr(schedulers, "close_old_connections", lambda: None)  # garder la transaction du test
    assert not PeriodicTask.objects.filter(name="sante-battement").exists()
    planificateur = schedulers.DatabaseScheduler(app=app)
    tache = PeriodicTask.objects.get(name="sante-battement")
    assert tache.task == "weker.tasks.battement"
    assert tache.enabled
    assert tache.interval.every == 60 and tache.interval.period == "seconds"
    assert "sante-battement" in planificateur.schedule
    # Un second démarrage ne duplique rien.
    schedulers.DatabaseScheduler(app=app)
    assert PeriodicTask.objects.filter(task="weker.tasks.battement").count() == 1
