from django.apps import AppConfig


class WekerConfig(AppConfig):
    name = "weker"
    verbose_name = "comptes et socle"

    def ready(self):
        from weker.reprise import permissions  # noqa: F401 (règles « rules » de la reprise de données)
