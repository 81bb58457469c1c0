from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules


class WekerConfig(AppConfig):
    default = True
    name = "weker"
    verbose_name = "comptes et socle"

    def ready(self):
        # Les règles d'accès de chaque application sont déclarées dans `<app>/permissions.py` (prédicats rules) :
        # on les importe toutes au démarrage, pour qu'aucune permission ne manque à une vue ou à la navigation.
        autodiscover_modules("permissions")
        from weker.reprise import permissions  # noqa: F401 (règles de la reprise de données, sous-paquet de weker)


class AdminWekerConfig(admin_apps.AdminConfig):
    """L'administration de Django, avec le site de weker (réservé au rôle administrateur)."""

    default = False
    default_site = "weker.site_admin.WekerAdminSite"
