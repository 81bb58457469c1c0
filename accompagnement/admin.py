"""Administration des sessions collectives (capacité, lieu, animateur) et des listes configurables (thèmes
d'ateliers, programmes de formation).

Dossiers, événements, situations, affectations et participants n'y figurent pas : ce sont des données de jeunes,
lues seulement par les écrans de l'application à travers le portail (accompagnement/permissions.py).
"""

from django.contrib import admin

from accompagnement.models import ProgrammeFormation, SessionCollective, ThemeAtelier


@admin.register(SessionCollective)
class SessionCollectiveAdmin(admin.ModelAdmin):
    list_display = ["theme", "theme_atelier", "type", "date", "antenne", "animateur", "capacite"]
    list_filter = ["type", "antenne", "theme_atelier"]
    list_select_related = ["antenne", "animateur"]
    search_fields = ["theme"]
    date_hierarchy = "date"


@admin.register(ThemeAtelier, ProgrammeFormation)
class ReferentielAdmin(admin.ModelAdmin):
    """Le code est celui du format d'échange et la clé des indicateurs : fixé à la création, jamais modifié."""

    list_display = ["libelle", "code", "ordre", "actif"]
    list_editable = ["ordre", "actif"]
    search_fields = ["libelle", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False  # un code retiré fausserait les indicateurs des années passées : le désactiver
