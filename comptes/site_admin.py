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


def de(nom):
    """« de secteur », « d'utilisateur », « d'EPCI » : la préposition élidée devant une voyelle ou un h muet."""
    return f"d'{nom}" if nom[:1].lower() in "aâàeéèêëiîïoôuùûyh" else f"de {nom}"


class TitresEnFrancaisMixin:
    """Titres des pages d'ajout et de modification : la traduction française de Django (« Ajout de %s ») ne sait
    pas élider (« Ajout de utilisateur ») ; le titre est recomposé ici (« Ajout d'utilisateur »)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            action = "Ajout"
        elif self.has_change_permission(request, obj):
            action = "Modification"
        else:
            action = "Consultation"
        context["title"] = f"{action} {de(str(self.opts.verbose_name))}"
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class WekerAdminSite(admin.AdminSite):
    site_header = "weker — administration"
    site_title = "weker"
    index_title = "Référentiels, utilisateurs et rôles"
    site_url = "/"

    def register(self, model_or_iterable, admin_class=None, **options):
        """Chaque administration de modèle, y compris celles des applications tierces, reçoit les titres en
        français (`TitresEnFrancaisMixin`)."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, TitresEnFrancaisMixin):
            admin_class = type(
                admin_class.__name__,
                (TitresEnFrancaisMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        return est_administrateur(request.user)

    def login(self, request, extra_context=None):
        """Pas de seconde page de connexion : celle de weker, puis 403 si le rôle ne convient pas."""
        if request.user.is_authenticated:
            raise PermissionDenied("L'administration est réservée aux administrateurs.")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
