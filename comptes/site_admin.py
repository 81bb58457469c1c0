"""Le site d'administration de weker (/gestion/), réservé au rôle administrateur.

Module séparé de `comptes.admin` : Django l'importe pour créer `admin.site` avant d'enregistrer les modèles.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from comptes.enums import Role


def est_administrateur(user):
    return bool(user.is_authenticated and user.is_active and user.role == Role.ADMINISTRATEUR)


class WekerAdminSite(admin.AdminSite):
    site_header = "weker — administration"
    site_title = "weker"
    index_title = "Référentiels, utilisateurs et rôles"
    site_url = "/"

    def has_permission(self, request):
        return est_administrateur(request.user)

    def login(self, request, extra_context=None):
        """Pas de seconde page de connexion : celle de weker, puis 403 si le rôle ne convient pas."""
        if request.user.is_authenticated:
            raise PermissionDenied("L'administration est réservée aux administrateurs.")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
