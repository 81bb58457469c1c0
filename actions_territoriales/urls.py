from django.urls import path

from actions_territoriales import views

app_name = "actions_territoriales"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.creer, name="creer"),
    path("entreprises/", views.entreprises_suggestions, name="entreprises_suggestions"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/comptage/", views.comptage, name="comptage"),
    path("<int:pk>/compter/", views.compter, name="compter"),
    path("<int:pk>/jeunes/", views.inscrire_jeunes, name="inscrire_jeunes"),
    path("<int:pk>/jeunes/retirer/", views.retirer_jeune, name="retirer_jeune"),
    path("jeune/<int:pk>/", views.actions_du_jeune, name="actions_du_jeune"),
    path("jeune/<int:pk>/retirer/", views.retirer_du_dossier, name="retirer_du_dossier"),
]
