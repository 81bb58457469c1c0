from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comptes.admin import AdminParRole
from dispositifs.models import Dispositif, Inscription, ParametreMontant, PreparationPaiement, Versement


@admin.register(Dispositif)
class DispositifAdmin(AdminParRole, SimpleHistoryAdmin):
    """Catalogue des dispositifs : un référentiel que l'administrateur gère (listé sur l'index de /gestion/)."""

    list_display = ["nom", "code", "niveau", "financeur", "ouvert_aux_entrees", "ordre"]
    list_filter = ["niveau", "ouvert_aux_entrees"]
    search_fields = ["nom", "code"]
    filter_horizontal = ["incompatibilites"]
    fieldsets = [
        (None, {"fields": ["code", "nom", "niveau", "financeur", "description", "ordre"]}),
        ("Entrées", {"fields": ["ouvert_aux_entrees", "ferme_depuis"]}),
        (
            "Éligibilité",
            {
                "fields": [
                    "age_min",
                    "age_max",
                    "age_max_rqth",
                    "public_rsa_requis",
                    "orientation_requise",
                    "incompatibilites",
                ]
            },
        ),
        (
            "Durée et renouvellements",
            {
                "fields": [
                    "duree_mois",
                    "renouvellements_max",
                    "duree_renouvellement_mois",
                    "duree_max_totale_mois",
                    "a_phases",
                ]
            },
        ),
        (
            "Suivi et alertes",
            {"fields": ["frequence_contact_jours", "delai_alerte_sans_evenement_jours", "suivi_apres_emploi_mois"]},
        ),
        ("Allocation", {"fields": ["allocation", "plafond_allocation_mois_rsa"]}),
    ]


@admin.register(ParametreMontant)
class ParametreMontantAdmin(AdminParRole, SimpleHistoryAdmin):
    list_display = ["code", "date_effet", "montant", "commentaire"]
    list_filter = ["code"]
    date_hierarchy = "date_effet"


@admin.register(Inscription)
class InscriptionAdmin(SimpleHistoryAdmin):
    list_display = ["jeune", "dispositif", "date_entree", "date_fin_prevue", "date_sortie", "motif_sortie"]
    list_filter = ["dispositif"]
    list_select_related = ["jeune", "dispositif"]
    raw_id_fields = ["jeune", "conseiller"]
    search_fields = ["jeune__nom_recherche"]

    def has_change_permission(self, request, obj=None):
        return False  # les inscriptions passent par les écrans (règles vérifiées et historisées)


@admin.register(Versement)
class VersementAdmin(SimpleHistoryAdmin):
    list_display = ["jeune", "fonds", "date", "periode", "montant"]
    list_filter = ["fonds"]
    list_select_related = ["jeune"]
    raw_id_fields = ["jeune", "inscription", "saisi_par"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PreparationPaiement)
class PreparationPaiementAdmin(SimpleHistoryAdmin):
    list_display = ["mois", "statut", "date_paiement", "validee_par"]

    def has_change_permission(self, request, obj=None):
        return False
