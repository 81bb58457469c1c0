from django.apps import AppConfig


class MessagerieConfig(AppConfig):
    name = "messagerie"
    verbose_name = "Messages aux jeunes"

    def ready(self):
        from messagerie import permissions  # noqa: F401  (prédicats rules)
