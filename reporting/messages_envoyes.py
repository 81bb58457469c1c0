"""Chiffres des messages aux jeunes de l'année (issue 17) : programmés, envoyés, distribués, en échec, encore en
attente, par canal (SMS, courriel, courrier) et par antenne du jeune.

Une seule fonction, `chiffres_messages`, sert au JSON de `manage.py indicateurs` (clé `messages` de l'instantané)
et au tableau de bord (section « Rendez-vous »). Définitions : docs/indicateurs.md, « Messages aux jeunes »."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q

from agenda.heures import minuit
from messagerie.enums import Canal, StatutMessage
from messagerie.models import Message

S = StatutMessage
COMPTEURS = {
    "programmes": Q(),
    "envoyes": Q(statut__in=[S.ENVOYE, S.DISTRIBUE]),
    "distribues": Q(statut=S.DISTRIBUE),
    "echecs": Q(statut=S.ECHEC),
    "en_attente": Q(statut__in=[S.EN_ATTENTE, S.EN_COURS]),
}


def taux_echec(ligne):
    """Échecs / messages programmés, en pour cent à une décimale (chaîne « 4.2 ») ; None sans message."""
    if not ligne["programmes"]:
        return None
    return f"{100 * ligne['echecs'] / ligne['programmes']:.1f}"


def _ligne(compteurs, **cles):
    ligne = {**cles, **{cle: compteurs.get(cle, 0) for cle in COMPTEURS}}
    ligne["taux_echec"] = taux_echec(ligne)
    return ligne


def chiffres_messages(annee, antenne_code=None):
    """Messages créés en `annee` (heure de Paris), rangés dans l'antenne du jeune ; `antenne_code` restreint à une
    antenne. Une seule requête, groupée par antenne et canal ; canaux, antennes et total en sont les sommes."""
    debut, fin = minuit(datetime.date(annee, 1, 1)), minuit(datetime.date(annee + 1, 1, 1))
    messages = Message.objects.filter(cree_le__gte=debut, cree_le__lt=fin)
    if antenne_code:
        messages = messages.filter(jeune__antenne__code=antenne_code)
    lignes = (
        messages.order_by()
        .values("canal", "jeune__antenne__code", "jeune__antenne__nom")
        .annotate(**{cle: Count("pk", filter=filtre) for cle, filtre in COMPTEURS.items()})
    )
    par_canal, par_antenne = defaultdict(lambda: defaultdict(int)), defaultdict(lambda: defaultdict(int))
    total = defaultdict(int)
    noms = {}
    for ligne in lignes:
        antenne = ligne["jeune__antenne__code"] or ""
        noms[antenne] = ligne["jeune__antenne__nom"] or "Sans antenne"
        for cle in COMPTEURS:
            par_canal[ligne["canal"]][cle] += ligne[cle]
            par_antenne[antenne][cle] += ligne[cle]
            total[cle] += ligne[cle]
    canaux = [_ligne(par_canal[canal], canal=canal.value, libelle=canal.label) for canal in Canal]
    antennes = [
        _ligne(par_antenne[code], antenne=code, nom=noms.get(code, "Sans antenne"))
        for code in sorted(par_antenne, key=lambda c: noms.get(c, "~"))
    ]
    return {"total": _ligne(total), "canaux": canaux, "antennes": antennes}
