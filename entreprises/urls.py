from django.urls import path

from entreprises import views, views_jeunes

app_name = "entreprises"

urlpatterns = [
    # Registre, contacts, offres, import SIRENE (views)
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
    # Mises en relation et immersions d'un jeune (views_jeunes)
    path("jeunes/<int:pk>/mise-en-relation/", views_jeunes.mise_en_relation_creer, name="mise_en_relation_creer"),
    path(
        "mises-en-relation/<int:pk>/resultat/", views_jeunes.mise_en_relation_resultat, name="mise_en_relation_resultat"
    ),
    path("offres/<int:pk>/proposer/", views_jeunes.offre_proposer, name="offre_proposer"),
    path("jeunes/<int:pk>/immersion/", views_jeunes.immersion_creer, name="immersion_creer"),
    path("immersions/<int:pk>/renouveler/", views_jeunes.immersion_renouveler, name="immersion_renouveler"),
    path("immersions/<int:pk>/demarrer/", views_jeunes.immersion_demarrer, name="immersion_demarrer"),
    path("immersions/<int:pk>/annuler/", views_jeunes.immersion_annuler, name="immersion_annuler"),
    path("immersions/<int:pk>/convention.pdf", views_jeunes.immersion_convention_pdf, name="immersion_convention_pdf"),
]
