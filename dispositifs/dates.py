"""Calculs de dates en mois calendaires."""

import calendar
from datetime import date


def ajouter_mois(jour: date, mois: int) -> date:
    """Même jour `mois` mois plus tard, ramené au dernier jour du mois si besoin (31/01 + 1 mois → 28/02)."""
    total = jour.month - 1 + mois
    annee, mois_cible = jour.year + total // 12, total % 12 + 1
    return date(annee, mois_cible, min(jour.day, calendar.monthrange(annee, mois_cible)[1]))


def premier_du_mois(jour: date) -> date:
    return jour.replace(day=1)


def dernier_du_mois(jour: date) -> date:
    return jour.replace(day=calendar.monthrange(jour.year, jour.month)[1])
