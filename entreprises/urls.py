from django.urls import path

from entreprises import views_jeunes

app_name = "entreprises"

urlpatterns = [
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
