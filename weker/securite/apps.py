from django.apps import AppConfig


class SecuriteConfig(AppConfig):
    """Protection des données et sécurité. Les modèles sont dans weker.models (journal des accès et des connexions) ;
    cette application apporte vues, services, tâches planifiées, commande `conservation` et journalisation des
    connexions."""

    name = "weker.securite"
    label = "securite"
    verbose_name = "protection des données"

    def ready(self):
        from weker import permissions  # noqa: F401  (enregistre les règles weker.*)
        from weker.securite import signaux  # noqa: F401
