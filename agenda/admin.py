"""Administration (/gestion/) : les horaires d'ouverture se saisissent sur la fiche du lieu d'accueil.

Le lieu d'accueil est enregistré par `antennes` (étage du dessous, qui ignore l'agenda) : l'agenda le
réenregistre avec ses horaires en ligne. Aucune donnée de jeune ni de conseiller (absences) n'apparaît ici."""

from django.contrib import admin

from agenda.models import HoraireLieu
from antennes.admin import LieuAccueilAdmin
from antennes.models import LieuAccueil
from comptes.site_admin import est_administrateur


class HoraireLieuInline(admin.TabularInline):
    model = HoraireLieu
    extra = 1
    fields = ("jour", "debut", "fin")

    # Mêmes droits que la fiche du lieu : le rôle administrateur seulement.
    def has_view_permission(self, request, obj=None):
        return est_administrateur(request.user)

    def has_change_permission(self, request, obj=None):
        return est_administrateur(request.user)

    def has_add_permission(self, request, obj=None):
        return est_administrateur(request.user)

    def has_delete_permission(self, request, obj=None):
        return est_administrateur(request.user)


class LieuAccueilAvecHorairesAdmin(LieuAccueilAdmin):
    inlines = (HoraireLieuInline,)


admin.site.unregister(LieuAccueil)
admin.site.register(LieuAccueil, LieuAccueilAvecHorairesAdmin)
