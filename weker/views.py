from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.decorators.http import require_GET

from weker.navigation import entrees_pour


@require_GET
def accueil(request):
    return render(request, "weker/accueil.html", {"tuiles": entrees_pour(request.user)})


class ConnexionView(auth_views.LoginView):
    template_name = "registration/connexion.html"
    redirect_authenticated_user = True


class DeconnexionView(auth_views.LogoutView):
    pass


class MotDePasseView(auth_views.PasswordChangeView):
    template_name = "registration/mot_de_passe.html"
    success_url = "/mot-de-passe/modifie/"


class MotDePasseModifieView(auth_views.PasswordChangeDoneView):
    template_name = "registration/mot_de_passe_modifie.html"
