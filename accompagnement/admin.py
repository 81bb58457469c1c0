"""Administration des sessions collectives (capacité, lieu, animateur).

Dossiers, événements, situations, affectations et participants n'y figurent pas : ce sont des données de jeunes,
lues seulement par les écrans de l'application à travers le portail (accompagnement/permissions.py).
"""

from django.contrib import admin

from accompagnement.models import SessionCollective


@admin.register(SessionCollective)
class SessionCollectiveAdmin(admin.ModelAdmin):
    list_display = ["theme", "type", "date", "antenne", "animateur", "capacite"]
    list_filter = ["type", "antenne"]
    list_select_related = ["antenne", "animateur"]
    search_fields = ["theme"]
    date_hierarchy = "date"
