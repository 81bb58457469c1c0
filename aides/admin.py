from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from aides.models import (
    Decision,
    DemandeAide,
    Enveloppe,
    EtapeDemande,
    Paiement,
    ParametreFAJ,
    PieceJointe,
    PointOrdreDuJour,
    Reallocation,
    Seance,
)
from comptes.admin import AdminParRole


class LectureSeuleMixin:
    """Les écritures métier passent par les services : l'administration ne fait que consulter."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParametreFAJ)
class ParametreFAJAdmin(AdminParRole):
    """Paramètres du FAJ (une seule ligne) : modifiés par le rôle administrateur, comme les autres référentiels."""

    list_display = ["__str__", "plafond_urgence", "signataire"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ParametreFAJ.objects.exists()


@admin.register(DemandeAide)
class DemandeAideAdmin(LectureSeuleMixin, SimpleHistoryAdmin):
    list_display = ["numero", "jeune", "fonds", "type", "statut", "montant_demande", "decision", "montant_accorde"]
    list_filter = ["fonds", "statut", "type", "decision"]
    list_select_related = ["jeune"]
    raw_id_fields = ["jeune"]


@admin.register(Seance)
class SeanceAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["__str__", "lieu", "presidence", "statut"]
    list_filter = ["fonds", "statut"]


@admin.register(Enveloppe)
class EnveloppeAdmin(LectureSeuleMixin, admin.ModelAdmin):
    list_display = ["nom", "fonds", "annee", "type", "montant", "parent"]
    list_filter = ["fonds", "annee", "type"]


for modele in (Decision, EtapeDemande, Paiement, PieceJointe, PointOrdreDuJour, Reallocation):
    admin.site.register(modele, type(f"{modele.__name__}Admin", (LectureSeuleMixin, admin.ModelAdmin), {}))
