"""Saisie des entretiens individuels et des contacts : formulaire complet et saisie rapide (htmx)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from accompagnement import selectors, services
from accompagnement.forms import RAPPEL_COMPTE_RENDU, EvenementForm, EvenementRapideForm
from accompagnement.views.commun import jeune_pour, reporter_erreurs
from accompagnement.views.dossier import contexte_journal
from securite import portail


@require_http_methods(["GET", "POST"])
def evenement_creer(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.saisir_evenement", quoi="saisie d'un entretien")
    form = EvenementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            evenement = services.evenement_creer(jeune=jeune, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"{evenement.get_type_display()} du {evenement.date:%d/%m/%Y} enregistré.")
            return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#journal")
    return render(
        request, "accompagnement/evenement_form.html", {"jeune": jeune, "form": form, "rappel": RAPPEL_COMPTE_RENDU}
    )


@require_http_methods(["GET", "POST"])
def evenement_rapide(request, pk):
    """Saisie rapide depuis le dossier ou le portefeuille (`depuis=portefeuille`).

    Avec htmx : depuis le dossier, la réponse est le journal mis à jour (et un formulaire vierge hors bande) ;
    depuis le portefeuille, une confirmation et les dates de la ligne mises à jour hors bande. Sans JavaScript,
    le formulaire est une page ordinaire qui renvoie au dossier.
    """
    jeune = jeune_pour(request, pk, "accompagnement.saisir_evenement", quoi="saisie rapide d'un entretien")
    depuis = request.POST.get("depuis") or request.GET.get("depuis") or "dossier"
    if depuis not in ("dossier", "portefeuille"):
        depuis = "dossier"
    form = EvenementRapideForm(request.POST or None)
    contexte = {"jeune": jeune, "form_rapide": form, "depuis": depuis, "rappel": RAPPEL_COMPTE_RENDU}
    if request.method == "POST" and form.is_valid():
        try:
            evenement = services.evenement_creer(jeune=jeune, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            libelle = f"{evenement.get_type_display()} du {evenement.date:%d/%m/%Y} enregistré pour {jeune}."
            if not request.htmx:
                messages.success(request, libelle)
                if depuis == "portefeuille":
                    return redirect("accompagnement:portefeuille")
                return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#journal")
            contexte.update({"form_rapide": EvenementRapideForm(), "confirmation": libelle})
            if depuis == "portefeuille":
                contexte["alertes_suivi"] = selectors.alertes_du_jeune(jeune)
                return render(request, "accompagnement/includes/saisie_rapide_faite.html", contexte)
            portail.lire_en_lot(request, [jeune], quoi="journal du dossier")  # relu après la saisie
            contexte.update(contexte_journal(request, jeune), alertes_suivi=selectors.alertes_du_jeune(jeune))
            return render(request, "accompagnement/includes/journal_apres_saisie.html", contexte)
        if request.htmx:
            # Erreurs : on remplace le formulaire (et non le journal visé par défaut).
            reponse = render(request, "accompagnement/includes/saisie_rapide.html", contexte)
            return reswap(retarget(reponse, "#saisie-rapide"), "outerHTML")
    if request.htmx:
        return render(request, "accompagnement/includes/saisie_rapide.html", contexte)
    return render(request, "accompagnement/evenement_rapide.html", contexte)
