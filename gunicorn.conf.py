"""Réglages de gunicorn en production, lus d'office depuis le dossier courant (image Docker : /app).

Choisis sur mesures (docs/performance.md, « Classe et nombre de workers ») : sur la machine de référence à 2 cœurs,
le trafic mixte des conseillers sert 60 requêtes/s avec 2 workers sync, 58 avec 4 workers sync et 54 avec 2 workers
gthread de 4 fils (p95 170, 200 et 300 ms) : les pages occupent le processeur (rendu, ORM) bien plus qu'elles
n'attendent la base, et les fils d'un même processus se partagent un seul cœur (verrou global de Python). Un worker
sync par cœur, donc ; `WEB_CONCURRENCY` (variable lue par gunicorn) le change sans reconstruire l'image.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
# Un export XLSX ou un PDF lourd peut dépasser les 30 s par défaut ; les travaux longs passent par Celery.
timeout = 120
accesslog = "-"
# Derrière le proxy de la pile (docker-compose) : les en-têtes X-Forwarded-* sont ceux du proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
