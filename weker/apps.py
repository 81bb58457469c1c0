from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WekerConfig(AppConfig):
    default = True
    name = "weker"
    verbose_name = "comptes et socle"


class AdminWekerConfig(admin_apps.AdminConfig):
    """L'administration de Django, avec le site de weker (réservé au rôle administrateur)."""

    default = False
    default_site = "weker.site_admin.WekerAdminSite"
