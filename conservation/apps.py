from django.apps import AppConfig


class ConservationConfig(AppConfig):
    """Conservation des données (sortie de la base active, anonymisation, purge), droits des personnes (accès,
    portabilité, effacement) et historique des modifications d'un dossier.

    Au-dessus des applications du domaine, dont elle lit les données. Aucun modèle."""

    name = "conservation"
    verbose_name = "conservation des données"
