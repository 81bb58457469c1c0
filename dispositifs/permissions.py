"""Permissions des dispositifs (prédicats rules).

- Conseillers et responsables d'antenne inscrivent et gèrent les inscriptions des jeunes de leur périmètre (leur
  antenne, les jeunes dont ils sont référents).
- L'accueil consulte ; la direction consulte tout ; le membre de commission ne voit rien.
- La direction prépare les paiements CEJ : une préparation mensuelle pour toute l'agence, qui liste les jeunes de
  toutes les antennes (un responsable d'antenne ne lit en masse que son antenne ; les administrateurs, rôle
  technique, n'ouvrent aucune donnée de jeune).
- Les administrateurs modifient le catalogue et les montants réglementaires (administration).
"""

import rules

from comptes.enums import Role
from comptes.permissions import a_le_role, est_administrateur
from securite.perimetre import jeune_dans_perimetre

peut_consulter = a_le_role(Role.ACCUEIL, Role.CONSEILLER, Role.RESPONSABLE_ANTENNE, Role.DIRECTION)
est_gestionnaire = a_le_role(Role.CONSEILLER, Role.RESPONSABLE_ANTENNE)
suit_les_alertes = a_le_role(Role.CONSEILLER, Role.RESPONSABLE_ANTENNE, Role.DIRECTION)
prepare_les_paiements = a_le_role(Role.DIRECTION)
exporte = a_le_role(Role.CONSEILLER, Role.RESPONSABLE_ANTENNE, Role.DIRECTION)


def _jeune_de(objet):
    """Le jeune d'un objet (jeune, inscription, phase)."""
    if objet is None:
        return None
    if hasattr(objet, "inscription"):
        objet = objet.inscription
    return getattr(objet, "jeune", objet)


@rules.predicate
def jeune_de_son_perimetre(user, objet):
    """Le jeune est dans le périmètre de l'utilisateur (son antenne, ou il en est référent)."""
    jeune = _jeune_de(objet)
    if jeune is None:
        return True  # permission générale (sans objet) : la vérification se fait sur l'objet
    return jeune_dans_perimetre(user, jeune)


rules.add_perm("dispositifs.voir_dispositifs", peut_consulter)
rules.add_perm("dispositifs.voir_inscription", peut_consulter)
rules.add_perm("dispositifs.gerer_inscriptions", est_gestionnaire & jeune_de_son_perimetre)
rules.add_perm("dispositifs.exporter_beneficiaires", exporte)
rules.add_perm("dispositifs.voir_alertes", suit_les_alertes)
rules.add_perm("dispositifs.calculer_alertes", suit_les_alertes)
rules.add_perm("dispositifs.preparer_paiements", prepare_les_paiements)

# Administration : le catalogue et les montants réglementaires, référentiels que les administrateurs gèrent.
# Inscriptions, versements, phases, paiements et alertes sont des données de jeunes : elles ne se lisent que par les
# écrans de l'application, à travers le portail (périmètre, base active, journal des accès), jamais par /gestion/.
rules.add_perm("dispositifs", est_administrateur)
for _modele in ("dispositif", "parametremontant"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"dispositifs.{_action}_{_modele}", est_administrateur)
