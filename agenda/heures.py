"""Heures de l'agenda : stockées en UTC, calculées en Europe/Paris (changements d'heure compris)."""

import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def local(moment):
    return moment.astimezone(PARIS)


def a_paris(jour, heure):
    """L'instant (aware) du `jour` à l'`heure` de Paris, normalisé (une heure qui n'existe pas au printemps est
    décalée d'une heure comme le fait l'horloge)."""
    naif = datetime.datetime.combine(jour, heure)
    return naif.replace(tzinfo=PARIS).astimezone(datetime.UTC).astimezone(PARIS)


def minuit(jour):
    return a_paris(jour, datetime.time(0, 0))


def lundi_de(jour):
    return jour - datetime.timedelta(days=jour.weekday())
