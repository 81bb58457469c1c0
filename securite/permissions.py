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
