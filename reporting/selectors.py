"""Lectures du pilotage : instantanés, données du tableau de bord, jeunes derrière un chiffre."""

from django.db.models import Q

from accompagnement.models import Jeune
from reporting.definitions import VENTILATIONS, filtre_accompagne, filtre_primo
from reporting.models import RapportPdf, Snapshot
from weker.routeur import lectures_du_pilotage


def snapshot_pour(annee, antenne_code=None):
    """Instantané (année, périmètre), lu sur le réplica s'il est configuré ; calculé et enregistré (sur le
    primaire) s'il n'existe pas encore."""
    from reporting.services import snapshot_recalculer

    with lectures_du_pilotage():
        snapshot = Snapshot.objects.pour(annee, antenne_code).first()
    return snapshot or snapshot_recalculer(annee=annee, antenne_code=antenne_code)


def jeunes_du_chiffre(
    *, annee, antenne_code=None, secteur_code=None, indicateur="accompagnes", ventilation="", case=""
):
    """Jeunes comptés dans un chiffre du tableau de bord (mêmes définitions que le calcul agrégé). Requête
    paresseuse : l'évaluer dans `lectures_du_pilotage()` pour la faire sur le réplica."""
    filtre = filtre_accompagne(annee)
    if indicateur == "primo":
        filtre &= filtre_primo(annee)
    if ventilation:
        filtres = VENTILATIONS[ventilation](annee)
        filtre &= filtres[case]
    qs = Jeune.objects.filter(filtre)
    if antenne_code:
        qs = qs.filter(antenne__code=antenne_code)
    if secteur_code:
        qs = qs.filter(secteur__code=secteur_code)
    return qs.select_related("antenne", "secteur").order_by("nom", "prenom", "pk")


def rapports_visibles(user):
    qs = RapportPdf.objects.select_related("antenne", "cree_par")
    if user.has_perm("reporting.voir_perimetre", None):
        return qs
    return qs.filter(Q(antenne_id=user.antenne_id) & Q(antenne__isnull=False))


def noms_territoires():
    from antennes.models import Antenne, Secteur

    noms = dict(Antenne.objects.values_list("code", "nom"))
    noms.update(Secteur.objects.values_list("code", "nom"))
    return noms


def indicateurs_pour(annee, antenne_code=None):
    """Indicateurs prêts à afficher (instantanés N et N-1, calculés s'ils manquent)."""
    from reporting.presentation import Indicateurs

    return Indicateurs(snapshot_pour(annee, antenne_code), snapshot_pour(annee - 1, antenne_code), noms_territoires())
