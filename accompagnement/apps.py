from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "accompagnement"
    verbose_name = "accompagnement"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accompagnement.forms import referents_modifies

        # Listes de référents en cache (accompagnement/forms.py) : « Prénom Nom — Antenne ».
        for modele in ("weker.Utilisateur", "antennes.Antenne"):
            post_save.connect(referents_modifies, sender=modele, dispatch_uid=f"referents-{modele}-save")
            post_delete.connect(referents_modifies, sender=modele, dispatch_uid=f"referents-{modele}-delete")
