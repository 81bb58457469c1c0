"""Aides communes aux vues du FAJ : contrôle d'accès et report des refus métier dans les formulaires."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from aides.models import DemandeAide
from securite import portail


def exiger(user, permission, objet=None):
    if not user.has_perm(permission, objet):
        raise PermissionDenied


def demande_visible(request, pk, permission="aides.voir_demande", *, quoi=None, action=None, journaliser=True):
    """La demande, ouverte par le portail des données personnelles (404 si l'utilisateur ne peut pas la voir : un
    membre de commission ne devine aucune demande ; 403 pour une action qui lui est refusée)."""
    demande = get_object_or_404(
        DemandeAide.objects.select_related("jeune", "jeune__commune", "jeune__antenne", "conseiller", "enveloppe"),
        pk=pk,
    )
    if not request.user.has_perm("aides.voir_demande", demande):
        raise Http404
    portail.ouvrir(
        request,
        demande.jeune,
        objet=demande,
        permission=permission,
        quoi=quoi or f"Demande FAJ {demande.numero}",
        action=action,
        ecriture=permission != "aides.voir_demande",
        journaliser=journaliser,
    )
    return demande


def messages_de(erreur: ValidationError):
    return [str(m) for m in erreur.messages]


def reporter_erreurs(form, erreur: ValidationError):
    """Reporte les messages d'un refus métier sur le formulaire (champ concerné ou erreur générale)."""
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.error_dict.items():
            cible = champ if champ in form.fields else None
            for e in erreurs:
                form.add_error(cible, e.messages)
    else:
        form.add_error(None, erreur.messages)
