from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs"

    def ready(self):
        from dispositifs import permissions  # noqa: F401  (enregistre les permissions rules)
