from django.apps import AppConfig


class AntennesConfig(AppConfig):
    name = "antennes"
    verbose_name = "territoires"
