from django.apps import AppConfig


class WekerConfig(AppConfig):
    name = "weker"
    verbose_name = "comptes et socle"
