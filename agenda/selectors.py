"""Lectures de l'agenda : la semaine (ou le jour) d'un conseiller, en heure de Paris."""

import datetime
from dataclasses import dataclass, field

from accompagnement.models import SessionCollective
from agenda.heures import local, minuit
from agenda.models import RendezVous


@dataclass
class Journee:
    date: datetime.date
    rendez_vous: list = field(default_factory=list)
    sessions: list = field(default_factory=list)


def rendez_vous_de(conseiller, premier_jour, nombre_de_jours):
    """Rendez-vous du conseiller qui commencent entre minuit (Paris) du premier jour et minuit du jour qui suit
    le dernier : une semaine de changement d'heure dure 167 ou 169 heures."""
    debut = minuit(premier_jour)
    fin = minuit(premier_jour + datetime.timedelta(days=nombre_de_jours))
    return (
        RendezVous.objects.du_conseiller(conseiller).entre(debut, fin).select_related("jeune", "lieu").order_by("debut")
    )


def journees(conseiller, premier_jour, nombre_de_jours, rendez_vous):
    jours = [Journee(premier_jour + datetime.timedelta(days=i)) for i in range(nombre_de_jours)]
    par_date = {j.date: j for j in jours}
    for rdv in rendez_vous:
        par_date[local(rdv.debut).date()].rendez_vous.append(rdv)
    sessions = SessionCollective.objects.filter(
        animateur=conseiller, date__gte=premier_jour, date__lt=premier_jour + datetime.timedelta(days=nombre_de_jours)
    ).select_related("lieu")
    for session in sessions.order_by("date", "heure_debut"):
        par_date[session.date].sessions.append(session)
    return jours
