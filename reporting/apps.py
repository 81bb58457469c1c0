from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "pilotage et rapports"

    def ready(self):
        from reporting import permissions  # noqa: F401 — enregistre les permissions rules
