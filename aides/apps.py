from django.apps import AppConfig


class AidesConfig(AppConfig):
    name = "aides"
    verbose_name = "aides financières (FAJ)"

    def ready(self):
        from aides import permissions  # noqa: F401  (enregistre les permissions rules)
