from django.apps import AppConfig


class ActionsTerritorialesConfig(AppConfig):
    name = "actions_territoriales"
    verbose_name = "actions territoriales"
