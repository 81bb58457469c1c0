"""Permissions du FAJ (prédicats rules).

- Salariés qui instruisent : conseillers et responsables d'antenne (préparation, soumission, pièces).
- Secrétariat FAJ : séances, ordres du jour, décisions, courriers, paiements, enveloppes.
- Direction : consultation de tout, enveloppes, décisions d'urgence.
- Membres de commission (souvent extérieurs) : uniquement les séances où ils siègent, tant qu'elles ne sont pas
  closes, et pour chaque demande inscrite seulement la fiche de décision (jamais le dossier du jeune).
"""

import rules

from aides.enums import StatutDemande
from comptes.enums import Role
from comptes.permissions import a_le_role, est_direction, est_membre_commission, est_secretariat_faj

est_instructeur = a_le_role(Role.CONSEILLER, Role.RESPONSABLE_ANTENNE)
voit_les_demandes = a_le_role(Role.CONSEILLER, Role.RESPONSABLE_ANTENNE, Role.DIRECTION, Role.SECRETARIAT_FAJ)
decide_en_urgence = a_le_role(Role.SECRETARIAT_FAJ, Role.RESPONSABLE_ANTENNE, Role.DIRECTION)
gere_le_budget = a_le_role(Role.SECRETARIAT_FAJ, Role.DIRECTION)


@rules.predicate
def demande_en_preparation(user, demande):
    return demande is not None and demande.statut in (StatutDemande.BROUILLON, StatutDemande.SOUMISE)


@rules.predicate
def demande_en_brouillon(user, demande):
    return demande is not None and demande.statut == StatutDemande.BROUILLON


@rules.predicate
def siege_a_la_seance(user, seance):
    """Membre présent d'une séance qui n'est pas close."""
    return seance is not None and not seance.est_close and seance.membres.filter(pk=user.pk).exists()


@rules.predicate
def seance_ouverte(user, seance):
    return seance is not None and seance.est_ouverte


@rules.predicate
def siege_pour_la_demande(user, demande):
    """La demande est à l'ordre du jour d'une séance non close où l'utilisateur siège."""
    return demande is not None and demande.points.filter(seance__membres=user).exclude(seance__statut="close").exists()


rules.add_perm("aides.voir_demandes", voit_les_demandes)
rules.add_perm("aides.voir_demande", voit_les_demandes)
rules.add_perm("aides.creer_demande", est_instructeur | est_secretariat_faj)
rules.add_perm("aides.modifier_demande", (est_instructeur | est_secretariat_faj) & demande_en_brouillon)
rules.add_perm("aides.soumettre_demande", (est_instructeur | est_secretariat_faj) & demande_en_brouillon)
rules.add_perm("aides.ajouter_piece", (est_instructeur | est_secretariat_faj) & demande_en_preparation)
rules.add_perm("aides.decider_urgence", decide_en_urgence)
rules.add_perm("aides.notifier", est_secretariat_faj)
rules.add_perm("aides.payer", est_secretariat_faj)
rules.add_perm("aides.exporter_paiements", est_secretariat_faj | est_direction)

rules.add_perm("aides.voir_seances", est_secretariat_faj | est_direction | est_membre_commission)
rules.add_perm("aides.gerer_seances", est_secretariat_faj)
rules.add_perm("aides.voir_seance", est_secretariat_faj | est_direction | (est_membre_commission & siege_a_la_seance))
rules.add_perm(
    "aides.decider_en_seance", seance_ouverte & (est_secretariat_faj | (est_membre_commission & siege_a_la_seance))
)
rules.add_perm("aides.voir_fiche_commission", est_membre_commission & siege_pour_la_demande)

rules.add_perm("aides.voir_enveloppes", gere_le_budget | a_le_role(Role.RESPONSABLE_ANTENNE))
rules.add_perm("aides.gerer_enveloppes", gere_le_budget)


@rules.predicate
def piece_d_une_demande_visible(user, piece):
    return piece is not None and bool(voit_les_demandes(user))


@rules.predicate
def piece_d_une_demande_en_commission(user, piece):
    return piece is not None and bool(est_membre_commission(user)) and bool(siege_pour_la_demande(user, piece.demande))


rules.add_perm("aides.telecharger_piece", piece_d_une_demande_visible | piece_d_une_demande_en_commission)
