"""Sonde de santé publique /sante/ : base de données, cache (Redis) et worker Celery (via le courtier).

- `/sante/` : page HTML, ou JSON avec `?format=json` ou l'en-tête `Accept: application/json`
  (`{"base_de_donnees": "OK", "cache": "OK", "worker": "OK"}`) ; statut HTTP 503 (service indisponible) si une
  vérification échoue : c'est ce qu'attendent les répartiteurs de charge et les sondes (Docker, supervision).
- `/sante/?perimetre=web` : base de données et cache seulement, pour la sonde du conteneur web (un worker arrêté
  ne doit pas faire déclarer le serveur web malade).

Aucune donnée personnelle ni secret n'y figure : la page est accessible sans connexion. Elle est rendue sans
requête (ni utilisateur, ni session) : elle s'affiche aussi quand la base de données est injoignable.
"""

import dataclasses
import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class BaseDeDonnees(Database):
    nom = "base_de_donnees"
    libelle = "Base de données"


@dataclasses.dataclass
class CacheRedis(Cache):
    nom = "cache"
    libelle = "Cache"


@dataclasses.dataclass
class WorkerCelery(HealthCheck):
    """Un worker répond-il au ping ? En mode intégré (sans Redis), les tâches s'exécutent dans le processus web."""

    nom = "worker"
    libelle = "Worker des tâches de fond"
    timeout = datetime.timedelta(seconds=3)

    def run(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        from weker.celery import app

        try:
            reponses = app.control.ping(timeout=1.0)
        except Exception as exc:  # erreurs du courtier (kombu, redis, OSError) : toutes signifient « injoignable »
            raise ServiceUnavailable("Courtier des tâches injoignable") from exc
        if not reponses:
            raise ServiceUnavailable("Aucun worker Celery ne répond")


def _statut(status):
    return 503 if status == 500 else status


def _etat(resultat):
    return "OK" if resultat.error is None else resultat.error.message


class SanteView(HealthCheckView):
    template_name = "weker/sante.html"
    checks = (BaseDeDonnees, CacheRedis, WorkerCelery)
    checks_web = (BaseDeDonnees, CacheRedis)

    def get_checks(self):
        if self.request.GET.get("perimetre") == "web":
            return (check() for check in self.checks_web)
        return super().get_checks()

    def get_context_data(self, **kwargs):
        contexte = super().get_context_data(**kwargs)
        contexte["titre"] = "État du service"
        contexte["lignes"] = [
            {"libelle": r.check.libelle, "ok": r.error is None, "message": _etat(r)} for r in self.results
        ]
        return contexte

    def render_to_response(self, context, **response_kwargs):
        contenu = render_to_string(self.template_name, context)  # sans requête : aucun accès à la base
        return HttpResponse(contenu, status=_statut(response_kwargs.get("status", 200)))

    def render_to_response_json(self, status):
        return JsonResponse(
            {r.check.nom: _etat(r) for r in self.results},
            status=_statut(status),
            json_dumps_params={"ensure_ascii": False},
        )

    def render_to_response_text(self, status):
        reponse = super().render_to_response_text(status)
        reponse.status_code = _statut(status)
        return reponse
