"""Prédicats `rules` communs, réutilisés par les permissions de chaque application."""

import rules

from comptes.enums import ROLES_AGENCE, Role


def a_le_role(*roles):
    """Prédicat : l'utilisateur connecté a l'un de ces rôles."""
    noms = frozenset(roles)

    @rules.predicate(name="a_le_role_" + "_".join(sorted(noms)))
    def predicat(user):
        return bool(user and user.is_authenticated and user.is_active and user.role in noms)

    return predicat


est_accueil = a_le_role(Role.ACCUEIL)
est_conseiller = a_le_role(Role.CONSEILLER)
est_responsable_antenne = a_le_role(Role.RESPONSABLE_ANTENNE)
est_direction = a_le_role(Role.DIRECTION)
est_secretariat_faj = a_le_role(Role.SECRETARIAT_FAJ)
est_membre_commission = a_le_role(Role.MEMBRE_COMMISSION)
est_administrateur = a_le_role(Role.ADMINISTRATEUR)
est_agence = a_le_role(*ROLES_AGENCE)
est_accompagnant = a_le_role(Role.ACCUEIL, Role.CONSEILLER, Role.RESPONSABLE_ANTENNE)


@rules.predicate
def est_dpo(user):
    return bool(user and user.is_authenticated and user.is_active and user.est_dpo)


rules.add_perm("weker.voir_administration", est_administrateur)

# Modèles d'applications tierces administrés par le rôle administrateur dans /gestion/ (les administrateurs ne sont
# pas superutilisateurs) : tâches planifiées, verrouillages de comptes, appareils de double authentification.
ADMINISTRATION_TIERCE = {
    "django_celery_beat": ("periodictask", "intervalschedule", "crontabschedule", "solarschedule", "clockedschedule"),
    "axes": ("accessattempt", "accesslog", "accessfailurelog"),
    "otp_totp": ("totpdevice",),
    "otp_static": ("staticdevice",),
}
for _app, _modeles in ADMINISTRATION_TIERCE.items():
    rules.add_perm(_app, est_administrateur)  # has_module_perms(app) de rules
    for _modele in _modeles:
        for _action in ("view", "add", "change", "delete"):
            rules.add_perm(f"{_app}.{_action}_{_modele}", est_administrateur)
