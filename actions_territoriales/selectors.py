"""Lectures des actions territoriales qui portent sur plusieurs modèles (nombres de jeunes et d'entreprises)."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions_territoriales.models import ActionTerritoriale, ParticipationAction


def _nombre(sous_requete):
    return Coalesce(Subquery(sous_requete, output_field=IntegerField()), 0)


def actions_avec_effectifs(qs=None):
    """Les actions avec `nombre_jeunes` (jeunes suivis inscrits) et `nombre_entreprises` : deux sous-requêtes, le
    même nombre de requêtes quel que soit le nombre de lignes."""
    qs = ActionTerritoriale.objects.all() if qs is None else qs
    jeunes = (
        ParticipationAction.objects.filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(n=Count("pk"))
        .values("n")
    )
    entreprises = (
        ActionTerritoriale.entreprises.through.objects.filter(actionterritoriale=OuterRef("pk"))
        .order_by()
        .values("actionterritoriale")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related("commune", "antenne").annotate(
        nombre_jeunes=_nombre(jeunes), nombre_entreprises=_nombre(entreprises)
    )


def participations_du_jeune(jeune):
    """Les actions auxquelles le jeune a pris part, les plus récentes d'abord."""
    return jeune.participations_actions.select_related("action__commune").order_by("-action__date", "action__intitule")


def actions_proposees():
    """Actions auxquelles inscrire un jeune depuis son dossier : de l'année écoulée et de l'année à venir (200 au
    plus, requête lancée seulement si la liste est affichée)."""
    aujourd_hui = timezone.localdate()
    un_an = datetime.timedelta(days=366)
    return ActionTerritoriale.objects.filter(date__range=(aujourd_hui - un_an, aujourd_hui + un_an)).order_by(
        "-date", "intitule"
    )[:200]


def bloc_actions_du_jeune(jeune):
    """Bloc « Actions territoriales » du dossier (accompagnement.selectors.blocs_du_dossier) : ses actions, et le
    formulaire d'inscription (affiché selon les droits de l'utilisateur par le gabarit)."""
    from actions_territoriales.forms import InscriptionDepuisDossierForm

    return {
        "participations": list(participations_du_jeune(jeune)),
        "form": InscriptionDepuisDossierForm(actions=actions_proposees()),
    }
