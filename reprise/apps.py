from django.apps import AppConfig


class RepriseConfig(AppConfig):
    """Reprise de données : import de l'historique d'une agence (format d'échange CSV), par la commande
    `importer_reprise` ou depuis le navigateur (modèle `ImportReprise`). Au-dessus des applications du domaine."""

    name = "reprise"
    verbose_name = "reprise de données"
