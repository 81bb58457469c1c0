"""Périmètre d'un utilisateur : les dossiers qu'il lit et modifie sans avoir à se justifier (besoin d'en connaître).

La règle, en un seul endroit (le prédicat et le filtre de requête ci-dessous la disent de deux façons : un objet, un
ensemble ; `tests/securite/test_perimetre.py` vérifie qu'ils concordent) :

| rôle | périmètre |
|---|---|
| accueil, conseiller·ère, responsable d'antenne | les jeunes de son antenne, et ceux dont on est référent·e |
| direction, secrétariat FAJ | toute l'agence (pilotage ; le fonds d'aide aux jeunes est commun aux antennes) |
| délégué·e à la protection des données (tout rôle de l'agence) | toute l'agence (droits des personnes, contrôle) |
| administrateur·rice (rôle technique) | aucun dossier, aucune liste de jeunes |
| membre de commission | aucun dossier ni liste ; seulement la fiche de décision des demandes inscrites aux séances où
il siège, que sa règle (`aides.voir_fiche_commission`) accorde seule : le périmètre ne s'applique pas à ce rôle |

Hors de son périmètre, un salarié d'antenne ouvre un dossier **en lecture seule** après avoir déclaré un motif
(jeune qui a déménagé, qui se présente dans une autre antenne) : voir `securite.portail`. Pour modifier, le
dossier est d'abord transféré à son antenne (`accompagnement.services.jeune_transferer`).
"""

from django.db.models import Q

from comptes.enums import Role

ROLES_D_ANTENNE = frozenset({Role.ACCUEIL, Role.CONSEILLER, Role.RESPONSABLE_ANTENNE})
ROLES_TOUTE_L_AGENCE = frozenset({Role.DIRECTION, Role.SECRETARIAT_FAJ})


def _toute_l_agence(user):
    return user.role in ROLES_TOUTE_L_AGENCE or (user.est_dpo and user.role != Role.MEMBRE_COMMISSION)


def jeune_dans_perimetre(user, jeune):
    """Le jeune (objet portant `antenne_id` et `referent_id`) est-il dans le périmètre de l'utilisateur ?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if _toute_l_agence(user):
        return True
    if user.role in ROLES_D_ANTENNE:
        return (user.antenne_id is not None and jeune.antenne_id == user.antenne_id) or jeune.referent_id == user.pk
    return False


def hors_perimetre(user, jeune):
    """Le périmètre s'applique à l'utilisateur et le jeune en est dehors (membre de commission : sa règle seule)."""
    return user.role != Role.MEMBRE_COMMISSION and not jeune_dans_perimetre(user, jeune)


def filtre_perimetre(user, chemin=""):
    """Le même périmètre, en filtre de requête. `chemin` : chemin vers le jeune (`"jeune__"` pour une demande…)."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if _toute_l_agence(user):
        return Q()
    if user.role in ROLES_D_ANTENNE:
        filtre = Q(**{f"{chemin}referent_id": user.pk})
        if user.antenne_id is not None:
            filtre |= Q(**{f"{chemin}antenne_id": user.antenne_id})
        return filtre
    return Q(pk__in=[])


def filtre_base_active(chemin=""):
    """Les jeunes de la base active (ni archivés, ni anonymisés) : les seuls qu'une liste, un export, un ordre du
    jour ou une feuille d'émargement nomment. `chemin` : chemin vers le jeune (`"demande__jeune__"`…)."""
    return Q(**{f"{chemin}archive_le__isnull": True, f"{chemin}anonymise_le__isnull": True})


def peut_demander_hors_perimetre(user):
    """Un salarié d'antenne peut ouvrir en lecture, motif déclaré, le dossier d'une autre antenne."""
    return bool(user and user.is_authenticated and user.is_active and user.role in ROLES_D_ANTENNE)
