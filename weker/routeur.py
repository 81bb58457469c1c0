"""Réplica PostgreSQL en lecture pour le pilotage (variable DATABASE_REPLICA_URL, voir docs/performance.md).

Les lectures lourdes du pilotage passent par le réplica quand elles sont faites dans `lectures_du_pilotage()` :
calcul des indicateurs, instantanés lus par le tableau de bord, les exports et le rapport PDF, liste des jeunes
derrière un chiffre. Tout le reste reste sur le primaire : les écritures (dont celle de l'instantané calculé), les
validations qui précèdent une écriture, les écrans des conseillers et les travaux que l'utilisateur vient de
demander (rapport, recalcul), qu'il doit relire aussitôt alors que le réplica peut avoir un peu de retard.

Le routeur n'est installé que si le réplica est configuré (weker/settings/base.py) ; sans lui,
`lectures_du_pilotage()` ne change rien. Le choix se fait par bloc de code et non par application : le calcul des
indicateurs lit surtout les modèles d'accompagnement, d'aides et de dispositifs.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_lectures_du_pilotage = ContextVar("weker_lectures_du_pilotage", default=False)


@contextmanager
def lectures_du_pilotage():
    """Dans ce bloc, les lectures vont au réplica (si configuré) ; les écritures restent sur le primaire.

    Les requêtes paresseuses (QuerySet) doivent être évaluées dans le bloc ; les objets lus sur le réplica y
    chargent ensuite leurs relations (Django suit la base de l'objet)."""
    jeton = _lectures_du_pilotage.set(True)
    try:
        yield
    finally:
        _lectures_du_pilotage.reset(jeton)


class RouteurPilotage:
    def db_for_read(self, model, **hints):
        return REPLICA if _lectures_du_pilotage.get() else None  # None : primaire, ou la base de l'objet lié

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # mêmes données des deux côtés

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # le réplica reçoit le schéma par la réplication
