from django.db import models


class Role(models.TextChoices):
    ACCUEIL = "accueil", "Chargé·e d'accueil"
    CONSEILLER = "conseiller", "Conseiller·ère"
    RESPONSABLE_ANTENNE = "responsable_antenne", "Responsable d'antenne"
    DIRECTION = "direction", "Direction"
    SECRETARIAT_FAJ = "secretariat_faj", "Secrétariat FAJ"
    MEMBRE_COMMISSION = "membre_commission", "Membre de commission FAJ"
    ADMINISTRATEUR = "administrateur", "Administrateur·rice"


# Rôles des salariés de l'agence (par opposition aux membres de commission, parfois extérieurs).
ROLES_AGENCE = frozenset(
    {
        Role.ACCUEIL,
        Role.CONSEILLER,
        Role.RESPONSABLE_ANTENNE,
        Role.DIRECTION,
        Role.SECRETARIAT_FAJ,
        Role.ADMINISTRATEUR,
    }
)
