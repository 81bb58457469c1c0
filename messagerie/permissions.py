"""Permissions de la messagerie (prédicats rules).

Lire les messages et le consentement d'un dossier : qui lit le dossier. Modifier le consentement : qui modifie
l'identité (accompagnant du jeune, dans son périmètre). Inviter les inscrits d'une session : qui gère la session.
Les modèles de message se modifient dans /gestion/ (administrateurs), qui ne montre aucune donnée de jeune.
"""

import rules

from accompagnement.permissions import est_accompagnant_du_jeune, est_agence_metier, session_de_son_antenne
from comptes.permissions import est_accompagnant, est_administrateur, est_direction

rules.add_perm("messagerie.voir_messages", est_agence_metier)
rules.add_perm("messagerie.modifier_consentement", est_accompagnant_du_jeune)
rules.add_perm("messagerie.inviter_session", (est_accompagnant & session_de_son_antenne) | est_direction)

# Administration (/gestion/) : les modèles de message seulement (ni messages, ni consentements : données de jeunes).
rules.add_perm("messagerie", est_administrateur)  # has_module_perms
rules.add_perm("messagerie.view_modelemessage", est_administrateur)
rules.add_perm("messagerie.change_modelemessage", est_administrateur)
