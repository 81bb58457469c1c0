from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "accompagnement"
    verbose_name = "accompagnement"

    def ready(self):
        # Les permissions rules sont déclarées dans permissions.py (l'autodécouverte de rules ne cherche que rules.py).
        from accompagnement import permissions  # noqa: F401
