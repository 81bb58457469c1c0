"""Reprise de données depuis le navigateur (administrateurs) : envoi d'une archive, suivi, rapport."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accompagnement.models import ProgrammeFormation, ThemeAtelier
from antennes.models import Secteur
from dispositifs.models import Dispositif
from reprise.fichiers import FICHIERS, NOMS_FICHIERS
from reprise.forms import ImportRepriseForm
from reprise.models import ImportReprise
from reprise.services import import_reprise_creer, progression_de
from weker.htmx import rendre
from weker.travaux import TravailNonProgramme

PERMISSION = "weker.importer_donnees"


def _verifier(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@transaction.non_atomic_requests  # la tâche part à la fin du service : un courtier injoignable s'affiche ici
@require_http_methods(["GET", "POST"])
def import_liste(request: HttpRequest) -> HttpResponse:
    _verifier(request)
    statut = 200
    form = ImportRepriseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            travail = import_reprise_creer(
                fichier=form.cleaned_data["fichier"], simulation=form.cleaned_data["simulation"], par=request.user
            )
        except ValidationError as exc:
            form.add_error("fichier", exc)
        except TravailNonProgramme as exc:
            form.add_error(None, exc.message)
            statut = 503
        else:
            messages.success(request, "Archive reçue : l'import est lancé.")
            return redirect("reprise:import_detail", pk=travail.pk)
    travaux = ImportReprise.objects.select_related("cree_par")[:30]
    return render(
        request,
        "reprise/import_liste.html",
        {"form": form, "travaux": travaux, "noms_fichiers": NOMS_FICHIERS},
        status=400 if form.errors and statut == 200 else statut,
    )


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _verifier(request)
    travail = get_object_or_404(ImportReprise.objects.select_related("cree_par"), pk=pk)
    progression, etape = progression_de(travail)
    contexte = {"travail": travail, "progression": progression, "etape": etape, "rapport": travail.rapport}
    return rendre(request, "reprise/import_detail.html", "reprise/includes/import_etat.html", contexte)


@require_GET
def format_echange(request: HttpRequest) -> HttpResponse:
    """Description des fichiers du format d'échange, tirée des colonnes que l'import lit (reprise/fichiers.py) :
    la page d'import y renvoie, et elle s'affiche sur un intranet sans accès à la documentation du dépôt."""
    _verifier(request)
    contexte = {
        "fichiers": FICHIERS,
        "dispositifs": Dispositif.objects.order_by("code").only("code", "nom", "ferme_depuis"),
        "secteurs": Secteur.objects.select_related("antenne").order_by("antenne__ordre", "ordre", "code"),
        "themes": ThemeAtelier.objects.all(),
        "programmes": ProgrammeFormation.objects.all(),
    }
    return render(request, "reprise/format_echange.html", contexte)
