from django.apps import AppConfig


class ActionsTerritorialesConfig(AppConfig):
    name = "actions_territoriales"
    verbose_name = "actions territoriales"

    def ready(self):
        from accompagnement.selectors import bloc_du_dossier_declarer
        from actions_territoriales.selectors import bloc_actions_du_jeune

        # Le dossier du jeune montre les actions auxquelles il a pris part (bloc « Actions territoriales »).
        bloc_du_dossier_declarer("actions_territoriales/includes/dossier_bloc.html", bloc_actions_du_jeune)
