from django.urls import path

from entreprises import views

app_name = "entreprises"

urlpatterns = [
    path("", views.entreprise_liste, name="entreprise_liste"),
    path("nouvelle/", views.entreprise_creer, name="entreprise_creer"),
    path("<int:pk>/", views.entreprise_detail, name="entreprise_detail"),
    path("<int:pk>/modifier/", views.entreprise_modifier, name="entreprise_modifier"),
    path("<int:pk>/contacts/ajouter/", views.contact_ajouter, name="contact_ajouter"),
    path("<int:pk>/contacts/<int:contact_pk>/modifier/", views.contact_modifier, name="contact_modifier"),
    path("<int:pk>/contacts/<int:contact_pk>/supprimer/", views.contact_supprimer, name="contact_supprimer"),
    path("offres/", views.offre_liste, name="offre_liste"),
    path("offres/nouvelle/", views.offre_creer, name="offre_creer"),
    path("offres/<int:pk>/", views.offre_detail, name="offre_detail"),
    path("offres/<int:pk>/modifier/", views.offre_modifier, name="offre_modifier"),
    path("offres/<int:pk>/statut/", views.offre_statut, name="offre_statut"),
    path("import-sirene/", views.import_sirene, name="import_sirene"),
]
