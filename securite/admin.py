"""Journaux en lecture seule dans l'administration : ni ajout, ni modification, ni suppression."""

from django.contrib import admin

from securite.models import ConnexionJournal, JournalAcces


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
