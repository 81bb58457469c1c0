"""Aides communes aux vues : contrôle d'accès, report des refus métier dans les formulaires."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from accompagnement.models import Jeune
from securite import portail


def exiger(request, permission, objet=None):
    if not request.user.has_perm(permission, objet):
        raise PermissionDenied


def dossier_ouvert(request, pk, permission="accompagnement.voir_jeune", *, quoi, ecriture=False, action=None):
    """Le dossier demandé, ouvert par le portail des données personnelles (règle, base active, périmètre,
    journal) : renvoie l'`Acces` accordé (`acces.jeune`, `acces.lecture_seule`)."""
    exiger(request, permission)
    jeune = get_object_or_404(
        Jeune.objects.select_related("antenne", "secteur", "commune", "referent", "cree_par"), pk=pk
    )
    return portail.ouvrir(request, jeune, quoi=quoi, permission=permission, ecriture=ecriture, action=action)


CANDIDATS_MAX = 20  # jeunes proposés par une recherche de participants


def candidats_a_inscrire(request, texte, *, deja, quoi):
    """Jeunes actifs du périmètre de l'utilisateur qui répondent à `texte`, sauf ceux dont l'id est dans `deja`
    (déjà inscrits) : la recherche de participants d'une session collective ou d'une action territoriale. Lus par
    le portail (une ligne du journal des accès par jeune proposé)."""
    trouves = portail.restreindre(request, Jeune.objects.actifs().recherche(texte))
    trouves = trouves.select_related("antenne").order_by("nom", "prenom")[:CANDIDATS_MAX]
    candidats = [jeune for jeune in trouves if jeune.pk not in deja]
    portail.lire_en_lot(request, candidats, quoi=quoi)
    return candidats


def jeune_pour(request, pk, permission, *, quoi):
    """Le dossier à modifier (ou dont on affiche le formulaire de modification) : dans le périmètre de
    l'utilisateur et la base active, journalisé par le portail."""
    return dossier_ouvert(request, pk, permission, quoi=quoi, ecriture=True).jeune


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
