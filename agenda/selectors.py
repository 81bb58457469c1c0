"""Lectures de l'agenda : la semaine (ou le jour) d'un conseiller, en heure de Paris."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from accompagnement.models import SessionCollective
from agenda.heures import local, minuit
from agenda.models import AbsenceConseiller, HoraireLieu, RendezVous
from antennes.models import LieuAccueil


@dataclass
class Journee:
    date: datetime.date
    rendez_vous: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    creneaux: list = field(default_factory=list)


def rendez_vous_de(conseiller, premier_jour, nombre_de_jours):
    """Rendez-vous du conseiller qui commencent entre minuit (Paris) du premier jour et minuit du jour qui suit
    le dernier : une semaine de changement d'heure dure 167 ou 169 heures."""
    debut = minuit(premier_jour)
    fin = minuit(premier_jour + datetime.timedelta(days=nombre_de_jours))
    return (
        RendezVous.objects.du_conseiller(conseiller).entre(debut, fin).select_related("jeune", "lieu").order_by("debut")
    )


def absences_de(conseillers, premier_jour, nombre_de_jours):
    """Absences des conseillers qui recouvrent la période (minuits de Paris)."""
    debut = minuit(premier_jour)
    fin = minuit(premier_jour + datetime.timedelta(days=nombre_de_jours))
    return list(AbsenceConseiller.objects.filter(conseiller__in=conseillers).chevauchant(debut, fin).order_by("debut"))


def _repartir(jours, absences, creneaux):
    for journee in jours:
        debut, fin = minuit(journee.date), minuit(journee.date + datetime.timedelta(days=1))
        journee.absences = [a for a in absences if a.debut < fin and a.fin > debut]
    par_date = {j.date: j for j in jours}
    for creneau in creneaux:
        if local(creneau).date() in par_date:
            par_date[local(creneau).date()].creneaux.append(local(creneau))


def journees(conseiller, premier_jour, nombre_de_jours, rendez_vous, absences=(), creneaux=()):
    jours = [Journee(premier_jour + datetime.timedelta(days=i)) for i in range(nombre_de_jours)]
    par_date = {j.date: j for j in jours}
    _repartir(jours, absences, creneaux)
    for rdv in rendez_vous:
        par_date[local(rdv.debut).date()].rendez_vous.append(rdv)
    sessions = SessionCollective.objects.filter(
        animateur=conseiller, date__gte=premier_jour, date__lt=premier_jour + datetime.timedelta(days=nombre_de_jours)
    ).select_related("lieu")
    for session in sessions.order_by("date", "heure_debut"):
        par_date[session.date].sessions.append(session)
    return jours


@dataclass
class ColonneConseiller:
    conseiller: object
    rendez_vous: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    absences: list = field(default_factory=list)


def journee_de_l_antenne(conseillers, jour, rendez_vous):
    """Une colonne par conseiller pour la journée : ses rendez-vous (déjà lus et restreints), ses sessions
    animées, ses absences. Nombre de requêtes fixe."""
    colonnes = {c.pk: ColonneConseiller(c) for c in conseillers}
    for rdv in rendez_vous:
        colonnes[rdv.conseiller_id].rendez_vous.append(rdv)
    for absence in absences_de(conseillers, jour, 1):
        colonnes[absence.conseiller_id].absences.append(absence)
    sessions = SessionCollective.objects.filter(animateur__in=conseillers, date=jour).select_related("lieu")
    for session in sessions.order_by("heure_debut"):
        colonnes[session.animateur_id].sessions.append(session)
    return list(colonnes.values())


def rendez_vous_des(conseillers, jour):
    return (
        RendezVous.objects.filter(conseiller__in=conseillers)
        .entre(minuit(jour), minuit(jour + datetime.timedelta(days=1)))
        .select_related("jeune", "lieu")
        .order_by("debut")
    )


def lieux_et_horaires(antenne_id):
    """Lieux d'accueil actifs de l'antenne et leurs horaires d'ouverture (lecture seule, formulaire de
    rendez-vous) : deux requêtes."""
    return LieuAccueil.objects.filter(antenne_id=antenne_id, actif=True).prefetch_related(
        Prefetch("horaires", queryset=HoraireLieu.objects.order_by("jour", "debut"))
    )
