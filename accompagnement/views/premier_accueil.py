"""Premier accueil : rechercher d'abord, puis créer le dossier (doublons probables écartés explicitement)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accompagnement import selectors, services
from accompagnement.forms import JeuneCreationForm, RechercheAccueilForm
from accompagnement.views.commun import exiger, reporter_erreurs
from securite import portail
from weker.htmx import rendre


@require_GET
def premier_accueil(request):
    exiger(request, "accompagnement.creer_jeune")
    form = RechercheAccueilForm(request.GET or None)
    resultats, recherche_faite = [], False
    if form.is_bound and form.is_valid():
        recherche_faite = True
        resultats = selectors.recherche_jeunes(texte=form.texte(), date_naissance=form.cleaned_data["date_naissance"])
        # Toutes antennes : un jeune déjà suivi ailleurs ne doit pas recevoir un second dossier (journalisé).
        portail.lire_en_lot(request, resultats, quoi="premier accueil : recherche de dossiers existants")
    return rendre(
        request,
        "accompagnement/premier_accueil.html",
        "accompagnement/includes/resultats_accueil.html",
        {"form": form, "resultats": resultats, "recherche_faite": recherche_faite},
    )


def _initial_depuis_recherche(request):
    """Pré-remplit le nom, le prénom et la date de naissance depuis les champs de la recherche, chacun à sa place."""
    initial = {"date_premier_accueil": timezone.localdate(), "referent": None}
    for champ in ("nom", "prenom"):
        if request.GET.get(champ):
            initial[champ] = request.GET[champ].strip()
    if request.GET.get("date_naissance"):
        initial["date_naissance"] = request.GET["date_naissance"]
    if request.user.role in ("conseiller", "responsable_antenne"):
        initial["referent"] = request.user.pk
    return initial


@require_http_methods(["GET", "POST"])
def jeune_creer(request):
    exiger(request, "accompagnement.creer_jeune")
    doublons = []
    if request.method == "POST":
        form = JeuneCreationForm(request.POST)
        if form.is_valid():
            donnees = form.cleaned_data
            doublons = selectors.doublons_probables(
                nom=donnees["nom"], prenom=donnees["prenom"], date_naissance=donnees["date_naissance"]
            )
            if doublons and not donnees.get("confirme_sans_doublon"):
                # Le formulaire est réaffiché avec les dossiers proches et la case de confirmation.
                form = JeuneCreationForm(request.POST, doublons=doublons)
                form.is_valid()
                if not form.cleaned_data.get("confirme_sans_doublon"):
                    form.add_error(
                        None,
                        "Ce jeune a peut-être déjà un dossier (voir ci-dessous). Ouvrez le dossier existant, ou "
                        "cochez « ce n'est aucune de ces personnes » pour créer un nouveau dossier.",
                    )
            if form.is_valid():
                try:
                    jeune = services.jeune_creer(par=request.user, **form.donnees_service())
                except ValidationError as erreur:
                    reporter_erreurs(form, erreur)
                else:
                    messages.success(request, f"Dossier de {jeune} créé ({jeune.antenne}, {jeune.secteur}).")
                    return redirect("accompagnement:jeune_detail", pk=jeune.pk)
    else:
        form = JeuneCreationForm(initial=_initial_depuis_recherche(request))
    portail.lire_en_lot(request, doublons, quoi="premier accueil : dossiers proches (doublons probables)")
    return render(
        request,
        "accompagnement/jeune_creer.html",
        {"form": form, "doublons": doublons, "url_recherche": reverse("accompagnement:premier_accueil")},
    )
