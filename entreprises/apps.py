from django.apps import AppConfig


class EntreprisesConfig(AppConfig):
    name = "entreprises"
    verbose_name = "relations entreprises"

    def ready(self):
        from accompagnement.selectors import bloc_du_dossier_declarer
        from entreprises.selectors_jeunes import bloc_entreprises_du_jeune

        # Le dossier du jeune montre ses mises en relation et ses immersions (bloc « Entreprises »).
        bloc_du_dossier_declarer("entreprises/includes/dossier_entreprises.html", bloc_entreprises_du_jeune)
