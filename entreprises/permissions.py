"""Permissions des relations entreprises (prédicats rules).

- Lecture du registre (entreprises, contacts, offres) : les salariés de l'agence (accueil, conseillers, responsables,
  direction, secrétariat FAJ) : ils proposent des jeunes aux employeurs. Les contacts sont des données personnelles :
  chaque page qui les montre écrit une ligne par contact au journal des accès.
- Gestion (créer, modifier, contacts, offres et leur cycle de vie) : les salariés qui ont le droit « conseiller
  relations entreprises » (`Utilisateur.relations_entreprises`, coché dans l'administration des comptes). La
  direction lit ; elle gère si on lui donne ce droit.
- L'administrateur (rôle technique) n'ouvre aucune donnée personnelle : il ne lit pas le registre (contacts) mais
  charge l'extrait SIRENE (page réservée, qui ne montre que des nombres et des erreurs par ligne).
- Les membres de commission n'y ont pas accès.
"""

import rules

from comptes.permissions import est_administrateur, est_agence


@rules.predicate
def a_le_droit_relations_entreprises(user):
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "relations_entreprises", False))


est_lecteur_entreprises = est_agence & ~est_administrateur
est_relations_entreprises = est_lecteur_entreprises & a_le_droit_relations_entreprises

rules.add_perm("entreprises.voir_entreprises", est_lecteur_entreprises)
rules.add_perm("entreprises.gerer_entreprises", est_relations_entreprises)
rules.add_perm("entreprises.voir_offres", est_lecteur_entreprises)
rules.add_perm("entreprises.gerer_offres", est_relations_entreprises)
rules.add_perm("entreprises.exporter_offres", est_lecteur_entreprises)
rules.add_perm("entreprises.importer_sirene", est_administrateur)
