"""Permissions du pilotage : direction et administrateurs voient tout, un responsable d'antenne son antenne."""

import rules

from comptes.permissions import est_administrateur, est_direction, est_responsable_antenne

voit_toute_l_agence = est_direction | est_administrateur


@rules.predicate
def perimetre_de_son_antenne(user, antenne_code):
    """`antenne_code` : code d'antenne, ou None pour l'agence entière."""
    return bool(antenne_code) and user.antenne_id is not None and user.antenne.code == antenne_code


@rules.predicate
def rapport_de_son_antenne(user, rapport):
    return rapport is not None and rapport.antenne_id is not None and rapport.antenne_id == user.antenne_id


rules.add_perm("reporting.voir_tableau_de_bord", voit_toute_l_agence | est_responsable_antenne)
rules.add_perm("reporting.voir_perimetre", voit_toute_l_agence | (est_responsable_antenne & perimetre_de_son_antenne))
# La liste nominative derrière un chiffre : pas les administrateurs (rôle technique, aucune donnée de jeune).
rules.add_perm("reporting.voir_jeunes_du_chiffre", est_direction | est_responsable_antenne)
rules.add_perm("reporting.voir_rapport", voit_toute_l_agence | (est_responsable_antenne & rapport_de_son_antenne))

# Éditions du rapport d'activité (mots de la direction, aperçu, éditions figées) : la direction pour l'agence et
# chaque antenne ; un responsable d'antenne pour l'édition de son antenne seulement (comité d'antenne). Pas les
# administrateurs : rôle technique, ils n'écrivent pas le rapport de la direction.
rules.add_perm("reporting.voir_editions", est_direction | est_responsable_antenne)
rules.add_perm("reporting.preparer_edition", est_direction | (est_responsable_antenne & perimetre_de_son_antenne))
rules.add_perm("reporting.voir_edition", est_direction | (est_responsable_antenne & rapport_de_son_antenne))
