"""Administration (référentiel et corrections ponctuelles) des dossiers, événements, sessions et situations."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accompagnement.models import (
    AffectationReferent,
    Evenement,
    EvenementService,
    Jeune,
    Participation,
    RepresentantLegal,
    SessionCollective,
    Situation,
)


class RepresentantLegalInline(admin.TabularInline):
    model = RepresentantLegal
    extra = 0


class AffectationReferentInline(admin.TabularInline):
    model = AffectationReferent
    fk_name = "jeune"
    extra = 0
    raw_id_fields = ["referent"]
    readonly_fields = ["par"]


@admin.register(Jeune)
class JeuneAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "prenom", "date_naissance", "antenne", "secteur", "referent", "date_dernier_contact"]
    list_filter = ["antenne", "sexe", "nationalite", "niveau"]
    search_fields = ["nom_recherche", "identifiant_externe"]
    list_select_related = ["antenne", "secteur", "referent"]
    raw_id_fields = ["commune", "referent"]
    readonly_fields = ["cree_par", "cree_le", "date_dernier_contact", "date_prochain_rdv"]
    date_hierarchy = "date_premier_accueil"
    inlines = [RepresentantLegalInline, AffectationReferentInline]


class EvenementServiceInline(admin.TabularInline):
    model = EvenementService
    extra = 0


@admin.register(Evenement)
class EvenementAdmin(SimpleHistoryAdmin):
    list_display = ["jeune", "type", "date", "modalite", "conseiller"]
    list_filter = ["type", "modalite"]
    list_select_related = ["jeune", "conseiller"]
    raw_id_fields = ["jeune", "session", "conseiller"]
    date_hierarchy = "date"
    inlines = [EvenementServiceInline]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["jeune"]


@admin.register(SessionCollective)
class SessionCollectiveAdmin(admin.ModelAdmin):
    list_display = ["theme", "type", "date", "antenne", "animateur", "capacite"]
    list_filter = ["type", "antenne"]
    list_select_related = ["antenne", "animateur"]
    search_fields = ["theme"]
    date_hierarchy = "date"
    inlines = [ParticipationInline]


@admin.register(Situation)
class SituationAdmin(SimpleHistoryAdmin):
    list_display = ["jeune", "categorie", "type", "date_debut", "date_fin", "employeur"]
    list_filter = ["categorie", "type", "financeur"]
    list_select_related = ["jeune"]
    raw_id_fields = ["jeune"]
    date_hierarchy = "date_debut"


@admin.register(AffectationReferent)
class AffectationReferentAdmin(admin.ModelAdmin):
    list_display = ["jeune", "referent", "debut", "fin", "motif"]
    list_select_related = ["jeune", "referent"]
    raw_id_fields = ["jeune", "referent"]
