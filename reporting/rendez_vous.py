"""Chiffres des rendez-vous de l'année (issue 17) : planifiés, honorés, absents (excusés, non excusés), annulés,
reportés, et le taux d'absence non excusée, par antenne et par conseiller.

Une seule fonction, `chiffres_rendez_vous`, sert au JSON de `manage.py indicateurs` (clé `rendez_vous` de
l'instantané) et au tableau de bord. Définitions : docs/indicateurs.md, « Rendez-vous »."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q

from agenda.enums import StatutRendezVous
from agenda.heures import minuit
from agenda.models import RendezVous

S = StatutRendezVous
COMPTEURS = {
    "planifies": ~Q(statut=S.REPORTE),
    "honores": Q(statut=S.HONORE),
    "absents_excuses": Q(statut=S.ABSENT_EXCUSE),
    "absents_non_excuses": Q(statut=S.ABSENT_NON_EXCUSE),
    "annules": Q(statut__in=[S.ANNULE_JEUNE, S.ANNULE_MISSION_LOCALE]),
    "reportes": Q(statut=S.REPORTE),
    "a_venir_ou_non_renseignes": Q(statut=S.PLANIFIE),
}


def taux_absence(ligne):
    """Absents non excusés / (honorés + absents excusés + absents non excusés), en pour cent à une décimale
    (chaîne « 12.5 ») ; None quand aucun rendez-vous n'a été tenu ni manqué."""
    tenus_ou_manques = ligne["honores"] + ligne["absents_excuses"] + ligne["absents_non_excuses"]
    if not tenus_ou_manques:
        return None
    return f"{100 * ligne['absents_non_excuses'] / tenus_ou_manques:.1f}"


def _ligne(compteurs, **cles):
    ligne = {**cles, **{cle: compteurs.get(cle, 0) for cle in COMPTEURS}}
    ligne["taux_absence_non_excusee"] = taux_absence(ligne)
    return ligne


def chiffres_rendez_vous(annee, antenne_code=None):
    """Rendez-vous datés de `annee` (heure de Paris), rangés dans l'antenne de leur conseiller ; `antenne_code`
    restreint à une antenne. Une seule requête, groupée par conseiller ; antennes et total en sont les sommes."""
    debut, fin = minuit(datetime.date(annee, 1, 1)), minuit(datetime.date(annee + 1, 1, 1))
    rendez_vous = RendezVous.objects.filter(debut__gte=debut, debut__lt=fin)
    if antenne_code:
        rendez_vous = rendez_vous.filter(conseiller__antenne__code=antenne_code)
    lignes = (
        rendez_vous.order_by()
        .values(
            "conseiller_id",
            "conseiller__first_name",
            "conseiller__last_name",
            "conseiller__antenne__code",
            "conseiller__antenne__nom",
        )
        .annotate(**{cle: Count("pk", filter=filtre) for cle, filtre in COMPTEURS.items()})
    )
    par_antenne, total, conseillers = defaultdict(lambda: defaultdict(int)), defaultdict(int), []
    noms = {}
    for ligne in lignes:
        antenne = ligne["conseiller__antenne__code"] or ""
        noms[antenne] = ligne["conseiller__antenne__nom"] or "Sans antenne"
        for cle in COMPTEURS:
            par_antenne[antenne][cle] += ligne[cle]
            total[cle] += ligne[cle]
        nom = f"{ligne['conseiller__last_name'].upper()} {ligne['conseiller__first_name']}".strip()
        conseillers.append(_ligne(ligne, antenne=antenne, conseiller=nom))
    antennes = [
        _ligne(par_antenne[code], antenne=code, nom=noms.get(code, "Sans antenne"))
        for code in sorted(par_antenne, key=lambda c: noms.get(c, "~"))
    ]
    conseillers.sort(key=lambda c: (noms.get(c["antenne"], "~"), c["conseiller"]))
    return {"total": _ligne(total), "antennes": antennes, "conseillers": conseillers}
