"""Permissions des relations entreprises (prédicats rules).

Registre (entreprises, contacts, offres) :
- lecture : les salariés de l'agence (accueil, conseillers, responsables, direction, secrétariat FAJ) : ils
  proposent des jeunes aux employeurs. Les contacts sont des données personnelles : chaque page qui les montre écrit
  une ligne par contact au journal des accès ;
- gestion (créer, modifier, contacts, offres et leur cycle de vie) : les salariés qui ont le droit « conseiller
  relations entreprises » (`Utilisateur.relations_entreprises`, coché dans l'administration des comptes). La
  direction lit ; elle gère si on lui donne ce droit ;
- l'administrateur (rôle technique) n'ouvre aucune donnée personnelle : il ne lit pas le registre (contacts) mais
  charge l'extrait SIRENE (page réservée, qui ne montre que des nombres et des erreurs par ligne) ;
- les membres de commission n'y ont pas accès.

Mises en relation et immersions d'un jeune (objet : le jeune) : ses conseillers, comme pour saisir une situation
(conseiller ou responsable d'antenne, dans son périmètre), et les conseillers « relations entreprises »
(`Utilisateur.relations_entreprises`) dans leur périmètre ; le portail refuse toute écriture hors périmètre. Les lire
(bloc du dossier, convention imprimable) : qui lit le dossier.
"""

import rules

from accompagnement.permissions import est_agence_metier, est_conseiller_ou_responsable, jeune_dans_son_perimetre
from comptes.permissions import est_administrateur


@rules.predicate
def est_relations_entreprises(user):
    return bool(user and user.is_authenticated and user.is_active and user.relations_entreprises)


est_charge_des_entreprises = est_agence_metier & est_relations_entreprises

# Registre et offres
rules.add_perm("entreprises.voir_entreprises", est_agence_metier)
rules.add_perm("entreprises.gerer_entreprises", est_charge_des_entreprises)
rules.add_perm("entreprises.voir_offres", est_agence_metier)
rules.add_perm("entreprises.gerer_offres", est_charge_des_entreprises)
rules.add_perm("entreprises.exporter_offres", est_agence_metier)
rules.add_perm("entreprises.importer_sirene", est_administrateur)

# Mises en relation et immersions. Sans objet : l'accès aux écrans (le portail vérifie ensuite le jeune choisi).
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
