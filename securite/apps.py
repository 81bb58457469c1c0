from django.apps import AppConfig


class SecuriteConfig(AppConfig):
    """Sécurité : journal des accès et des connexions (modèles), second facteur, sessions, verrouillages.

    Étage juste au-dessus de `comptes`, sous les applications du domaine : n'importe aucune d'elles (la clé
    étrangère du journal vers le jeune est une chaîne). La conservation des données et les droits des personnes,
    qui lisent les données du domaine, sont dans l'application `conservation`."""

    name = "securite"
    label = "securite"
    verbose_name = "protection des données"

    def ready(self):
        from securite import signaux  # noqa: F401
