from django.urls import path

from dispositifs import views

app_name = "dispositifs"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("catalogue/<slug:code>/", views.beneficiaires, name="beneficiaires"),
    path("catalogue/<slug:code>/export/", views.beneficiaires_export, name="beneficiaires_export"),
    path("jeune/<int:jeune_pk>/inscrire/", views.inscription_creer, name="inscription_creer"),
    path("inscriptions/<int:pk>/", views.inscription_detail, name="inscription_detail"),
    path("inscriptions/<int:pk>/renouveler/", views.inscription_renouveler, name="inscription_renouveler"),
    path("inscriptions/<int:pk>/sortir/", views.inscription_sortir, name="inscription_sortir"),
    path("inscriptions/<int:pk>/emploi/", views.inscription_emploi, name="inscription_emploi"),
    path("inscriptions/<int:pk>/phases/", views.phase_ajouter, name="phase_ajouter"),
    path("inscriptions/<int:pk>/allocation/", views.allocation_pacea, name="allocation_pacea"),
    path("phases/<int:pk>/evaluer/", views.phase_evaluer, name="phase_evaluer"),
    path("alertes/", views.alertes, name="alertes"),
    path("alertes/calculer/", views.alertes_calculer, name="alertes_calculer"),
    path("paiements/", views.preparation_liste, name="preparation_liste"),
    path("paiements/nouvelle/", views.preparation_creer, name="preparation_creer"),
    path("paiements/<int:pk>/", views.preparation_detail, name="preparation_detail"),
    path("paiements/<int:pk>/recalculer/", views.preparation_recalculer, name="preparation_recalculer"),
    path("paiements/<int:pk>/valider/", views.preparation_valider, name="preparation_valider"),
    path("paiements/<int:pk>/export/", views.preparation_export, name="preparation_export"),
    path("paiements/lignes/<int:pk>/ajuster/", views.ligne_ajuster, name="ligne_ajuster"),
]
