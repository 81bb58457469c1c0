"""Permissions des relations entreprises (prédicats rules).

Mises en relation et immersions d'un jeune (objet : le jeune) : ses conseillers, comme pour saisir une situation
(conseiller ou responsable d'antenne, dans son périmètre), et les conseillers « relations entreprises »
(`Utilisateur.relations_entreprises`) dans leur périmètre ; le portail refuse toute écriture hors périmètre. Les lire
(bloc du dossier, convention imprimable) : qui lit le dossier.
"""

import rules

from accompagnement.permissions import est_agence_metier, est_conseiller_ou_responsable, jeune_dans_son_perimetre


@rules.predicate
def est_relations_entreprises(user):
    return bool(user and user.is_authenticated and user.is_active and user.relations_entreprises)


est_charge_des_entreprises = est_agence_metier & est_relations_entreprises

# Sans objet : l'accès aux écrans (le portail vérifie ensuite le jeune choisi).
rules.add_perm(
    "entreprises.proposer_jeune",
    (est_conseiller_ou_responsable | est_charge_des_entreprises) & jeune_dans_son_perimetre,
)
rules.add_perm(
    "entreprises.gerer_immersion",
    (est_conseiller_ou_responsable | est_charge_des_entreprises) & jeune_dans_son_perimetre,
)
rules.add_perm("entreprises.voir_mises_en_relation", est_agence_metier)
rules.add_perm("entreprises.imprimer_convention", est_agence_metier)
