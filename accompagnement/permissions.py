"""Permissions de l'accompagnement (prédicats rules).

Portée (besoin d'en connaître, `securite.perimetre`) : un salarié d'antenne lit et modifie les dossiers de son
antenne et ceux dont il est référent ; le dossier d'une autre antenne s'ouvre en lecture seule après un motif
déclaré (portail des données personnelles), et se modifie une fois transféré. Direction et secrétariat FAJ lisent
toute l'agence ; les administrateurs (rôle technique) et les membres de commission n'ouvrent aucun dossier.
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
from securite.perimetre import jeune_dans_perimetre

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


@rules.predicate
def jeune_dans_son_perimetre(user, jeune):
    """Sans objet : permission générale (le portail vérifie ensuite le dossier)."""
    return jeune is None or jeune_dans_perimetre(user, jeune)


est_accompagnant_du_jeune = est_accompagnant & jeune_dans_son_perimetre

# Pages et listes
rules.add_perm("accompagnement.creer_jeune", est_accompagnant)
rules.add_perm("accompagnement.voir_portefeuille", est_conseiller_ou_responsable)
rules.add_perm("accompagnement.voir_liste_jeunes", est_agence_metier)
rules.add_perm("accompagnement.exporter_jeunes", est_encadrement)

# Dossier (objet : le jeune). La lecture hors périmètre (motif déclaré) est décidée par le portail ; les écritures
# exigent le périmètre. Les administrateurs n'ouvrent aucun dossier.
rules.add_perm("accompagnement.voir_jeune", est_agence_metier)
rules.add_perm("accompagnement.voir_compte_rendu", est_agence_metier)
rules.add_perm("accompagnement.modifier_jeune", est_accompagnant_du_jeune)
rules.add_perm("accompagnement.saisir_evenement", est_accompagnant_du_jeune)
rules.add_perm("accompagnement.saisir_situation", est_conseiller_ou_responsable & jeune_dans_son_perimetre)
# Documents du dossier : lus par qui lit le dossier (jamais membre de commission ni administrateur), joints ou
# retirés par qui le modifie ; la synthèse imprimable suit la lecture du dossier.
rules.add_perm("accompagnement.voir_documents", est_agence_metier)
rules.add_perm("accompagnement.gerer_documents", est_accompagnant_du_jeune)
rules.add_perm("accompagnement.imprimer_synthese", est_agence_metier)
rules.add_perm("accompagnement.affecter_referent", est_accompagnant_du_jeune | est_direction)
# Transfert d'un dossier d'une autre antenne vers la sienne (le jeune a déménagé) : conseillers et responsables.
rules.add_perm("accompagnement.transferer_jeune", est_conseiller_ou_responsable | est_direction)
rules.add_perm("accompagnement.reaffecter_jeunes", est_responsable_antenne | est_direction)

# Sessions collectives (objet : la session)
rules.add_perm("accompagnement.voir_sessions", est_accompagnant | est_direction)
rules.add_perm(
    "accompagnement.gerer_session",
    (est_accompagnant & session_de_son_antenne) | est_direction,
)

# Administration (/gestion/) : les sessions collectives (capacité, lieu, animateur), sans leurs participants. Les
# dossiers, événements, situations et affectations sont des données de jeunes : ils ne se lisent que par les écrans
# de l'application, à travers le portail (périmètre, base active, journal des accès), jamais par /gestion/.
rules.add_perm("accompagnement", est_administrateur)  # has_module_perms
rules.add_perm("accompagnement.view_sessioncollective", est_administrateur)
rules.add_perm("accompagnement.change_sessioncollective", est_administrateur)
# Listes configurables (thèmes d'ateliers, programmes de formation) : ajout et modification, jamais de suppression.
for _modele in ("themeatelier", "programmeformation"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"accompagnement.{_action}_{_modele}", est_administrateur)
