"""Second facteur exigé avant toute page (rôles sensibles, ou utilisateur ayant activé un appareil)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from weker.middleware import CHEMINS_PUBLICS


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
