from django.apps import AppConfig


class DeveloppementConfig(AppConfig):
    """Développement seulement : données de démonstration (`generer_demo`, `creer_comptes_demo`) et banc de mesure
    (`bench`, `bench_reprise`). Installée par weker.settings.dev et weker.settings.test, jamais en production ;
    aucune application de l'exécution ne l'importe. Aucun modèle."""

    name = "developpement"
    verbose_name = "développement"
