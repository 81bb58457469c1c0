"""Vues de la conservation : historique des modifications d'un dossier, consultation exceptionnelle d'un dossier
sorti de la base active, droits des personnes (accès, portabilité, effacement)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompagnement.models import Jeune
from conservation.forms import MotifForm
from conservation.selectors import donnees_jeune, historique_jeune
from conservation.services import jeune_effacer, retenues_legales
from securite.acces import accorder_consultation_exceptionnelle, refus_hors_base_active
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from securite.views import _suivant
from weker.htmx import rendre
from weker.pdf import rendre_pdf, reponse_pdf

# --- Historique d'un dossier ----------------------------------------------------------------------------------


def _jeune_pour(request, pk, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied
    jeune = get_object_or_404(Jeune.objects.select_related("antenne"), pk=pk)
    return jeune, refus_hors_base_active(request, jeune)


@require_GET
def historique(request, pk):
    jeune, refus = _jeune_pour(request, pk, "weker.voir_historique_jeune")
    if refus:
        return refus
    journaliser_acces(request, objet="historique des modifications du dossier", jeune=jeune)
    contexte = {"jeune": jeune, "entrees": historique_jeune(jeune)}
    return rendre(request, "conservation/historique.html", "conservation/includes/historique_entrees.html", contexte)


# --- Consultation exceptionnelle d'un dossier sorti de la base active -----------------------------------------


@require_http_methods(["GET", "POST"])
def consultation_exceptionnelle(request, pk):
    if not request.user.has_perm("weker.consulter_hors_base_active"):
        raise PermissionDenied
    jeune = get_object_or_404(Jeune, pk=pk)
    suivant = _suivant(request)
    if jeune.est_dans_base_active:
        return redirect(suivant)
    form = MotifForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        journaliser_acces(
            request,
            action=ActionAcces.EXCEPTIONNELLE,
            objet="dossier hors base active",
            jeune=jeune,
            motif=form.cleaned_data["motif"],
        )
        accorder_consultation_exceptionnelle(request, jeune)
        return redirect(suivant)
    contexte = {"jeune": jeune, "form": form, "next": suivant}
    return render(request, "conservation/consultation_exceptionnelle.html", contexte)


# --- Droits des personnes -------------------------------------------------------------------------------------


@require_GET
def droits(request, pk):
    jeune, refus = _jeune_pour(request, pk, "weker.exercer_droits_personnes")
    if refus:
        return refus
    contexte = {
        "jeune": jeune,
        "retenues": retenues_legales(
            Jeune.objects.prefetch_related("inscriptions__dispositif", "versements").get(pk=jeune.pk),
            timezone.localdate(),
        ),
        "form": MotifForm(),
    }
    return render(request, "conservation/droits.html", contexte)


@require_GET
def droit_acces_pdf(request, pk):
    jeune, refus = _jeune_pour(request, pk, "weker.exercer_droits_personnes")
    if refus:
        return refus
    journaliser_acces(
        request, action=ActionAcces.IMPRESSION, objet="droit d'accès : toutes les données (PDF)", jeune=jeune
    )
    contexte = {"jeune": jeune, "donnees": donnees_jeune(jeune), "le": timezone.localtime()}
    contenu = rendre_pdf("conservation/droit_acces_pdf.html", contexte, request=request)
    return reponse_pdf(contenu, f"donnees-jeune-{jeune.pk}.pdf")


@require_GET
def droit_acces_json(request, pk):
    jeune, refus = _jeune_pour(request, pk, "weker.exercer_droits_personnes")
    if refus:
        return refus
    journaliser_acces(
        request, action=ActionAcces.EXPORT, objet="droit d'accès : toutes les données (JSON)", jeune=jeune
    )
    contenu = {"jeune": jeune.pk, "produit_le": timezone.now().isoformat(), **donnees_jeune(jeune)}
    response = HttpResponse(
        json.dumps(contenu, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-jeune-{jeune.pk}.json"'
    return response


@require_POST
def effacement(request, pk):
    jeune, refus = _jeune_pour(request, pk, "weker.exercer_droits_personnes")
    if refus:
        return refus
    form = MotifForm(request.POST)
    if form.is_valid():
        try:
            jeune_effacer(request=request, jeune=jeune, motif=form.cleaned_data["motif"])
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, "Les données personnelles du jeune ont été anonymisées.")
    else:
        messages.error(request, "Indiquez le motif de la demande (10 caractères au moins).")
    return redirect("conservation:droits", pk=jeune.pk)
