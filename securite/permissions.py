"""Règles de la sécurité : journaux des accès et des connexions, verrouillages, dossiers hors base active.

Les noms des permissions gardent le préfixe « weker. » (noms historiques, utilisés par les vues et la navigation)."""

import rules

from comptes.permissions import est_administrateur, est_direction, est_dpo

est_direction_ou_dpo = est_direction | est_dpo
rules.add_perm("weker.voir_journal_acces", est_direction_ou_dpo)
rules.add_perm("weker.deverrouiller_comptes", est_administrateur)
rules.add_perm("weker.voir_journal_connexions", est_direction_ou_dpo | est_administrateur)
# Dossiers sortis de la base active : direction et DPO seulement, après une consultation exceptionnelle motivée.
rules.add_perm("weker.consulter_hors_base_active", est_direction_ou_dpo)

# Administration (/gestion/) : le journal des connexions, en lecture seule, pour qui peut le voir parmi les rôles qui
# y entrent (administrateurs) ; le journal des accès aux dossiers reste réservé à la direction et au DPO.
rules.add_perm("securite", est_administrateur)  # has_module_perms
rules.add_perm("securite.view_connexionjournal", est_administrateur)
