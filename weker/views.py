import time

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from weker.middleware import CLE_ACTIVITE_SESSION, CLE_DEBUT_SESSION
from weker.navigation import entrees_pour


@require_GET
def accueil(request):
    return render(request, "weker/accueil.html", {"tuiles": entrees_pour(request.user)})


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        reponse = super().form_valid(form)
        # Point de départ de la durée absolue de session (10 heures, voir weker.middleware).
        maintenant = time.time()
        self.request.session[CLE_DEBUT_SESSION] = maintenant
        self.request.session[CLE_ACTIVITE_SESSION] = maintenant
        return reponse


class DeconnexionView(auth_views.LogoutView):
    """Déconnexion par POST uniquement (formulaire de l'en-tête, protégé contre le CSRF)."""


class MotDePasseView(auth_views.PasswordChangeView):
    template_name = "registration/mot_de_passe.html"
    success_url = reverse_lazy("mot_de_passe_modifie")


class MotDePasseModifieView(auth_views.PasswordChangeDoneView):
    template_name = "registration/mot_de_passe_modifie.html"
