from django.urls import path

from messagerie import views

app_name = "messagerie"

urlpatterns = [
    path("jeune/<int:pk>/", views.messages_jeune, name="messages_jeune"),
    path("jeune/<int:pk>/consentement/", views.consentement_modifier, name="consentement_modifier"),
    path("sessions/<int:pk>/inviter/", views.session_inviter, name="session_inviter"),
    # Publiques (sans connexion) : le lien de désinscription d'un courriel, le rappel de statut du fournisseur.
    path("desinscription/<str:jeton>/", views.desinscription, name="desinscription"),
    path("fournisseur/statut/", views.rappel_fournisseur, name="rappel_fournisseur"),
]
