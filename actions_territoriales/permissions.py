"""Permissions des actions territoriales (prédicats rules).

- Lire les actions (liste, fiche, effectifs) : tout salarié de l'agence au métier (ni administrateur, rôle
  technique, ni membre de commission).
- Créer et modifier une action, y inscrire des jeunes suivis : les conseillers relations entreprises
  (`Utilisateur.relations_entreprises`) et la direction, pour toute action ; un responsable d'antenne, pour les
  actions de son antenne.
- Compter les participants le jour même (tablette à l'entrée) : en plus, les salariés d'accueil et d'accompagnement
  de l'antenne de l'action.
- Inscrire un jeune à une action depuis son dossier : qui peut saisir dans ce dossier (son antenne ou son référent).
Les noms des jeunes inscrits ne se lisent que par le portail (`securite.portail`) : périmètre, base active, journal.
"""

import rules

from accompagnement.permissions import est_accompagnant_du_jeune, est_agence_metier
from comptes.permissions import est_accompagnant, est_direction, est_responsable_antenne
from entreprises.permissions import est_charge_des_entreprises


@rules.predicate
def action_de_son_antenne(user, action):
    """Sans objet : permission générale (créer une action de son antenne)."""
    if action is None:
        return user.antenne_id is not None
    return user.antenne_id is not None and action.antenne_id == user.antenne_id


gestionnaire_des_actions = est_charge_des_entreprises | est_direction

rules.add_perm("actions_territoriales.voir_actions", est_agence_metier)
# Objet : l'action (ou rien : créer).
rules.add_perm(
    "actions_territoriales.gerer_action", gestionnaire_des_actions | (est_responsable_antenne & action_de_son_antenne)
)
rules.add_perm(
    "actions_territoriales.compter_participants",
    gestionnaire_des_actions | (est_accompagnant & action_de_son_antenne),
)
# Objet : le jeune.
rules.add_perm("actions_territoriales.inscrire_jeune", est_accompagnant_du_jeune)
