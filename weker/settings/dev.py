"""Développement et démonstration : SQLite sous var/, tâches exécutées dans le processus."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Démonstration locale : les comptes de démonstration se connectent sans second facteur. En production
# (weker.settings.prod), le second facteur reste obligatoire pour direction, administrateur et secrétariat FAJ.
WEKER_OTP_OBLIGATOIRE = env.bool("WEKER_OTP_OBLIGATOIRE", default=False)

# Données de démonstration et banc de mesure (generer_demo, creer_comptes_demo, bench) : jamais en production.
INSTALLED_APPS = [*INSTALLED_APPS, "developpement"]  # noqa: F405
