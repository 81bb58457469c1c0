"""Administration des modèles de message (/gestion/) : texte par message et par canal, aperçu rendu sur des données
fictives. Ni messages ni consentements : ce sont des données de jeunes, lues seulement par le dossier."""

from django.contrib import admin
from django.template.loader import render_to_string

from comptes.admin import AdminParRole
from messagerie import gabarits
from messagerie.models import ModeleMessage


@admin.register(ModeleMessage)
class ModeleMessageAdmin(AdminParRole):
    list_display = ("code", "canal", "sujet", "modifie_le")
    list_filter = ("code", "canal")
    fields = ("code", "canal", "sujet", "corps", "variables_permises", "apercu")
    readonly_fields = ("variables_permises", "apercu")
    administrateur_peut_ajouter = False  # un modèle par message et par canal, créés par la migration

    def get_readonly_fields(self, request, obj=None):
        return ("code", "canal", *self.readonly_fields) if obj else self.readonly_fields

    @admin.display(description="variables permises")
    def variables_permises(self, obj):
        if obj is None or not obj.canal:
            return "—"
        return ", ".join("{{ " + nom + " }}" for nom in gabarits.VARIABLES[obj.canal])

    @admin.display(description="aperçu (données fictives)")
    def apercu(self, obj):
        if obj is None or not obj.pk:
            return "—"
        sujet, corps, erreur = gabarits.apercu(obj)
        return render_to_string(
            "messagerie/admin_apercu.html", {"sujet": sujet, "corps": corps, "erreur": erreur, "canal": obj.canal}
        )
