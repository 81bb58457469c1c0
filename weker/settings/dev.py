"""Développement et démonstration : SQLite sous var/, tâches exécutées dans le processus."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
