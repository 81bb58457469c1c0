"""Aides communes aux vues : contrôle d'accès, report des refus métier dans les formulaires."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from accompagnement.models import Jeune


def exiger(request, permission, objet=None):
    if not request.user.has_perm(permission, objet):
        raise PermissionDenied


def jeune_pour(request, pk, permission="accompagnement.voir_jeune", *, hors_base_active=False):
    """Le dossier demandé si l'utilisateur y a droit (403 sinon). Un dossier sorti de la base active : 404, sauf
    si `hors_base_active` (consultation : la vue applique alors `securite.acces.refus_hors_base_active`)."""
    exiger(request, permission)
    jeune = get_object_or_404(
        Jeune.objects.select_related("antenne", "secteur", "commune", "referent", "cree_par"), pk=pk
    )
    exiger(request, permission, jeune)
    if not jeune.est_dans_base_active and not hors_base_active:
        raise Http404("Ce dossier est sorti de la base active.")
    return jeune


def reporter_erreurs(form, erreur: ValidationError):
    """Affiche un refus métier du service sur le champ concerné (ou en tête du formulaire)."""
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.message_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, erreur.messages)


def retour_sur(request, defaut):
    """URL de retour transmise par le formulaire (« suivant »), si elle est locale."""
    suivant = request.POST.get("suivant") or request.GET.get("suivant")
    if suivant and url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        return suivant
    return defaut
