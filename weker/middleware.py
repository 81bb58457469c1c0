import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django_otp import user_has_device

# Chemins accessibles sans être connecté (le reste exige une connexion).
CHEMINS_PUBLICS = ("/connexion/", "/static/", "/sante/")
CLE_DEBUT_SESSION = "connexion_debut"


class ConnexionObligatoireMiddleware:
    """Aucune page n'est accessible sans connexion, sauf la connexion elle-même et la sonde de santé.

    Impose aussi la durée absolue de session (10 heures), en plus de l'expiration après inactivité.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(CHEMINS_PUBLICS):
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        debut = request.session.get(CLE_DEBUT_SESSION)
        maintenant = time.time()
        if debut is None:
            request.session[CLE_DEBUT_SESSION] = maintenant
        elif maintenant - debut > settings.SESSION_DUREE_ABSOLUE:
            logout(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class PasDeCacheMiddleware:
    """Les pages servies à un utilisateur connecté contiennent des données personnelles : jamais en cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response


class DoubleFacteurMiddleware:
    """Second facteur (TOTP) : tant que la session n'est pas vérifiée, seules l'activation et la vérification du
    second facteur (et la déconnexion) sont accessibles.

    - utilisateur ayant activé un appareil TOTP : vérification exigée à chaque connexion, quel que soit son rôle ;
    - rôles de WEKER_OTP_ROLES_OBLIGATOIRES sans appareil : activation exigée avant toute autre page.
    Désactivé quand WEKER_OTP_OBLIGATOIRE est faux (tests des autres applications qui utilisent force_login).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.WEKER_OTP_OBLIGATOIRE or request.path.startswith(CHEMINS_PUBLICS):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        verification = reverse("securite:otp_verification")
        enrolement = reverse("securite:otp_enrolement")
        if request.path in (verification, enrolement, reverse("deconnexion")):
            return self.get_response(request)
        if user_has_device(user):
            cible = verification
        elif user.role in settings.WEKER_OTP_ROLES_OBLIGATOIRES:
            cible = enrolement
        else:
            return self.get_response(request)
        return HttpResponseRedirect(f"{cible}?{urlencode({'next': request.get_full_path()})}")
