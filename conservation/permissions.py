"""Règles de la conservation : droits des personnes et historique des modifications d'un dossier."""

import rules

from comptes.permissions import est_agence
from securite.permissions import est_direction_ou_dpo

# Droits des personnes (accès, portabilité, effacement/opposition) : direction et DPO.
rules.add_perm("weker.exercer_droits_personnes", est_direction_ou_dpo)
rules.add_perm("weker.voir_historique_jeune", est_agence)
