"""Permissions de l'accompagnement (prédicats rules).

Portée : les salariés de l'agence ouvrent tout dossier (continuité du suivi quand un jeune déménage) ; les listes
sont limitées par défaut à l'antenne de l'utilisateur (filtre, pas permission) ; les membres de commission
n'ouvrent aucun dossier et ne voient jamais de compte rendu.
"""

import rules

from comptes.permissions import (
    est_accompagnant,
    est_administrateur,
    est_agence,
    est_conseiller,
    est_direction,
    est_responsable_antenne,
)

est_conseiller_ou_responsable = est_conseiller | est_responsable_antenne
# Les administrateurs (rôle technique) n'ont pas de droit métier implicite sur les listes de jeunes.
est_agence_metier = est_agence & ~est_administrateur
est_encadrement = est_responsable_antenne | est_direction | est_administrateur


@rules.predicate
def session_de_son_antenne(user, session):
    """La session est organisée par l'antenne de l'utilisateur (direction et administrateurs : toutes)."""
    if session is None:
        return True
    if user.role == "direction":
        return True
    return user.antenne_id is not None and session.antenne_id == user.antenne_id


# Pages et listes
rules.add_perm("accompagnement.creer_jeune", est_accompagnant)
rules.add_perm("accompagnement.voir_portefeuille", est_conseiller_ou_responsable)
rules.add_perm("accompagnement.voir_liste_jeunes", est_agence_metier)
rules.add_perm("accompagnement.exporter_jeunes", est_encadrement)

# Dossier (objet : le jeune). Tout salarié de l'agence peut ouvrir tout dossier.
rules.add_perm("accompagnement.voir_jeune", est_agence)
rules.add_perm("accompagnement.voir_compte_rendu", est_agence)
rules.add_perm("accompagnement.modifier_jeune", est_accompagnant)
rules.add_perm("accompagnement.saisir_evenement", est_accompagnant)
rules.add_perm("accompagnement.saisir_situation", est_conseiller_ou_responsable)
rules.add_perm("accompagnement.affecter_referent", est_accompagnant | est_direction)
rules.add_perm("accompagnement.reaffecter_jeunes", est_responsable_antenne | est_direction)

# Sessions collectives (objet : la session)
rules.add_perm("accompagnement.voir_sessions", est_accompagnant | est_direction)
rules.add_perm(
    "accompagnement.gerer_session",
    (est_accompagnant & session_de_son_antenne) | est_direction,
)

# Administration (/gestion/) : consultation par les administrateurs (corrections : par les écrans métier) ;
# les sessions collectives (capacité, lieu, animateur) y sont aussi modifiables.
rules.add_perm("accompagnement", est_administrateur)  # has_module_perms
for _modele in (
    "jeune",
    "representantlegal",
    "affectationreferent",
    "sessioncollective",
    "participation",
    "evenement",
    "evenementservice",
    "situation",
):
    rules.add_perm(f"accompagnement.view_{_modele}", est_administrateur)
rules.add_perm("accompagnement.change_sessioncollective", est_administrateur)
