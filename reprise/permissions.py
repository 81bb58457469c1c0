"""Permissions de la reprise de données : réservée aux administrateurs."""

import rules

from comptes.permissions import est_administrateur

rules.add_perm("weker.importer_donnees", est_administrateur)
