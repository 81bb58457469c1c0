"""Administration de la sécurité : journaux en lecture seule (ni ajout, ni modification, ni suppression) et
administration des comptes, dont la désactivation passe par le service `utilisateur_desactiver`."""

from django.contrib import admin

from comptes.admin import UtilisateurAdmin
from comptes.models import Utilisateur
from securite.models import ConnexionJournal, JournalAcces
from securite.services import utilisateur_desactiver


class LectureSeuleAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalAcces)
class JournalAccesAdmin(LectureSeuleAdmin):
    list_display = ["le", "identifiant", "role", "antenne", "jeune_id", "action", "objet", "adresse_ip"]
    list_filter = ["action", "role"]
    search_fields = ["identifiant", "objet"]
    date_hierarchy = "le"


@admin.register(ConnexionJournal)
class ConnexionJournalAdmin(LectureSeuleAdmin):
    list_display = ["le", "evenement", "identifiant", "adresse_ip", "detail"]
    list_filter = ["evenement"]
    search_fields = ["identifiant"]
    date_hierarchy = "le"


@admin.register(Utilisateur)
class UtilisateurSecuriteAdmin(UtilisateurAdmin):
    """Administration des comptes (comptes/admin.py) : décocher « actif » désactive le compte par le service de la
    sécurité, qui ferme aussitôt toutes ses sessions et l'écrit au journal des connexions."""

    def get_readonly_fields(self, request, obj=None):
        champs = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            return (*champs, "is_active")  # pas de désactivation de son propre compte (règle du service)
        return champs

    def save_model(self, request, obj, form, change):
        desactivation = change and "is_active" in form.changed_data and not obj.is_active
        if desactivation:
            obj.is_active = True  # enregistré actif, puis désactivé par le service
        super().save_model(request, obj, form, change)
        if desactivation:
            utilisateur_desactiver(utilisateur=obj, par=request.user)
