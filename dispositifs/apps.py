from django.apps import AppConfig


class DispositifsConfig(AppConfig):
    name = "dispositifs"
    verbose_name = "dispositifs"

    def ready(self):
        from accompagnement.services import recalcul_du_suivi_declarer
        from dispositifs.services import alertes_recalculer_pour

        # Alertes recalculées pour le jeune à chaque écriture de son suivi (voir accompagnement/services.py).
        recalcul_du_suivi_declarer(alertes_recalculer_pour)
