from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SocleConfig(AppConfig):
    """Le rez-de-chaussée : réglages, urls, Celery, aides neutres et filtres de gabarits. Aucun modèle.

    Étiquette « socle » : l'étiquette « weker » reste celle de l'application `comptes` (modèle utilisateur, voir
    comptes/apps.py). Les gabarits sont cherchés dans templates/ (dossier templates/weker/, simple nom de dossier).
    """

    default = True
    name = "weker"
    label = "socle"
    verbose_name = "socle"

    def ready(self):
        # Les règles d'accès de chaque application sont déclarées dans `<app>/permissions.py` (prédicats rules) :
        # on les importe toutes au démarrage, pour qu'aucune permission ne manque à une vue ou à la navigation.
        autodiscover_modules("permissions")
        from django.contrib.auth.signals import user_logged_in

        from weker.middleware import marquer_debut_de_session

        user_logged_in.connect(marquer_debut_de_session, dispatch_uid="socle_debut_de_session")
