"""Permissions de l'agenda (prédicats rules).

Un conseiller voit son agenda ; un responsable d'antenne voit celui de chaque salarié de son antenne. Planifier un
rendez-vous ou en changer le statut : qui peut saisir un entretien dans le dossier (antenne du jeune ou référent).
Administrateurs, membres de commission, direction et secrétariat FAJ n'ont pas d'agenda.
"""

import rules

from accompagnement.permissions import est_accompagnant_du_jeune, est_conseiller_ou_responsable
from comptes.permissions import est_responsable_antenne


@rules.predicate
def est_lui_meme(user, conseiller):
    return conseiller is None or conseiller.pk == user.pk


@rules.predicate
def de_son_antenne(user, conseiller):
    return conseiller is not None and user.antenne_id is not None and conseiller.antenne_id == user.antenne_id


@rules.predicate
def a_une_antenne(user):
    return user.antenne_id is not None


rules.add_perm("agenda.voir_agenda", est_conseiller_ou_responsable)
rules.add_perm(
    "agenda.voir_agenda_de", est_conseiller_ou_responsable & (est_lui_meme | (est_responsable_antenne & de_son_antenne))
)
# Objet : le jeune.
rules.add_perm("agenda.planifier_rendez_vous", est_conseiller_ou_responsable & est_accompagnant_du_jeune)
# Ses disponibilités (plages, absences) : chaque conseiller ou responsable gère les siennes.
rules.add_perm("agenda.gerer_disponibilites", est_conseiller_ou_responsable)
# Objet : le conseiller absent. Le motif d'une absence : lui-même et son responsable d'antenne.
rules.add_perm(
    "agenda.voir_motif_absence",
    est_conseiller_ou_responsable & (est_lui_meme | (est_responsable_antenne & de_son_antenne)),
)
# La journée de toute son antenne : le responsable d'antenne.
rules.add_perm("agenda.voir_agenda_antenne", est_responsable_antenne & a_une_antenne)
