from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from comptes.admin import AdminParRole
from dispositifs.models import Dispositif, ParametreMontant


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


# Inscriptions, versements et préparations des paiements ne sont pas dans l'administration : données de jeunes,
# lues seulement par les écrans de l'application à travers le portail (dispositifs/permissions.py).
