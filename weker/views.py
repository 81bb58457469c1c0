from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from weker.navigation import entrees_pour


@require_GET
def accueil(request):
    return render(request, "weker/accueil.html", {"tuiles": entrees_pour(request.user)})


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    redirect_authenticated_user = True

    # Le point de départ de la durée absolue de session est posé à la connexion (weker.middleware,
    # marquer_debut_de_session, sur le signal user_logged_in).


class DeconnexionView(auth_views.LogoutView):
    """Déconnexion par POST uniquement (formulaire de l'en-tête, protégé contre le CSRF)."""


class MotDePasseView(auth_views.PasswordChangeView):
    template_name = "registration/mot_de_passe.html"
    success_url = reverse_lazy("mot_de_passe_modifie")


class MotDePasseModifieView(auth_views.PasswordChangeDoneView):
    template_name = "registration/mot_de_passe_modifie.html"
