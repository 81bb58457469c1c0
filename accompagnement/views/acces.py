"""Dossier d'une autre antenne : lecture motivée (besoin d'en connaître), puis transfert vers son antenne."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accompagnement import services
from accompagnement.forms import MotifHorsPerimetreForm, TransfertForm
from accompagnement.models import Jeune
from accompagnement.views.commun import exiger, reporter_erreurs
from comptes.enums import Role
from securite import portail
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from securite.perimetre import hors_perimetre, peut_demander_hors_perimetre


def _suivant(request, jeune):
    suivant = request.POST.get("next") or request.GET.get("next")
    if suivant and url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        return suivant
    return reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})


@require_http_methods(["GET", "POST"])
def consultation_hors_perimetre(request, pk):
    """Motif déclaré avant de lire (en lecture seule) le dossier d'une autre antenne : inscrit au journal des accès
    (action « Consultation hors périmètre »), valable pour la session en cours."""
    exiger(request, "accompagnement.voir_jeune")
    if not peut_demander_hors_perimetre(request.user):
        raise PermissionDenied
    jeune = get_object_or_404(Jeune.objects.actifs().select_related("antenne"), pk=pk)
    suivant = _suivant(request, jeune)
    if not hors_perimetre(request.user, jeune) or portail.hors_perimetre_accorde(request, jeune):
        return redirect(suivant)
    form = MotifHorsPerimetreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        journaliser_acces(
            request,
            action=ActionAcces.HORS_PERIMETRE,
            objet=f"dossier suivi par l'antenne {jeune.antenne}",
            jeune=jeune,
            motif=form.motif(),
        )
        portail.accorder_hors_perimetre(request, jeune)
        return redirect(suivant)
    # Rien du dossier avant le motif : son numéro et l'antenne qui le suit.
    contexte = {"numero": jeune.pk, "antenne": jeune.antenne, "form": form, "next": suivant}
    return render(request, "accompagnement/consultation_hors_perimetre.html", contexte)


@require_http_methods(["GET", "POST"])
def jeune_transferer(request, pk):
    """Transfert d'un dossier vers l'antenne de la nouvelle commune du jeune (une action, avec historique)."""
    exiger(request, "accompagnement.transferer_jeune")
    jeune = get_object_or_404(Jeune.objects.select_related("antenne", "commune"), pk=pk)
    portail.ouvrir(request, jeune, permission="accompagnement.transferer_jeune", quoi="transfert du dossier")
    if not jeune.est_dans_base_active:
        raise Http404("Dossier introuvable.")
    if request.user.role != Role.DIRECTION and not hors_perimetre(request.user, jeune):
        messages.info(
            request, "Ce dossier est déjà suivi par votre antenne : un déménagement se saisit dans l'identité."
        )
        return redirect("accompagnement:jeune_detail", pk=jeune.pk)
    form = TransfertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        if request.user.role != Role.DIRECTION and donnees["commune"].antenne_id != request.user.antenne_id:
            form.add_error("commune", "Vous transférez un dossier vers votre antenne : choisissez une de ses communes.")
        else:
            try:
                services.jeune_transferer(jeune=jeune, par=request.user, **donnees)
            except ValidationError as erreur:
                jeune.refresh_from_db()
                reporter_erreurs(form, erreur)
            else:
                journaliser_acces(
                    request,
                    action=ActionAcces.TRANSFERT,
                    objet=f"dossier transféré à l'antenne {jeune.antenne}",
                    jeune=jeune,
                    motif=donnees["motif"],
                )
                messages.success(request, f"Le dossier est désormais suivi par l'antenne {jeune.antenne}.")
                return redirect("accompagnement:jeune_detail", pk=jeune.pk)
    return render(request, "accompagnement/jeune_transferer.html", {"jeune": jeune, "form": form})
