"""Dossier jeune : consultation, modification de l'identité et de la situation, représentants, référent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompagnement import selectors, services
from accompagnement.forms import (
    CommuneField,
    DocumentJeuneForm,
    EvenementRapideForm,
    JeuneIdentiteForm,
    JeuneSituationForm,
    ReferentForm,
    RepresentantLegalForm,
)
from accompagnement.models import RepresentantLegal
from accompagnement.services import CHAMPS_SITUATION
from accompagnement.views.commun import dossier_ouvert, exiger, jeune_pour, reporter_erreurs
from antennes.models import Commune
from weker.htmx import rendre

# Gabarits optionnels fournis par l'application dispositifs (contexte : jeune), inclus s'ils existent :
# des alertes dans l'en-tête, le bloc « Dispositifs » (inscriptions, alertes, actions) dans le dossier.
GABARIT_ALERTES_DISPOSITIFS = "dispositifs/includes/alertes_jeune.html"
GABARIT_BLOC_DISPOSITIFS = "dispositifs/includes/dossier_dispositifs.html"


def _gabarit_optionnel(nom):
    try:
        get_template(nom)
    except TemplateDoesNotExist:
        return ""
    return nom


def _situation_confirmee(jeune):
    """Éléments de situation avec leur valeur affichée et leur date de dernière confirmation."""
    lignes = []
    for champ in CHAMPS_SITUATION:
        field = jeune._meta.get_field(champ)
        valeur = getattr(jeune, champ)
        if field.choices:
            affichee = getattr(jeune, f"get_{champ}_display")() if valeur else ""
        elif isinstance(valeur, bool):
            affichee = "Oui" if valeur else "Non"
        else:
            affichee = valeur
        lignes.append(
            {
                "libelle": field.verbose_name[:1].upper() + field.verbose_name[1:],
                "champ": champ,
                "valeur": affichee,
                "confirme_le": (jeune.confirmations or {}).get(champ, ""),
            }
        )
    return lignes


def _numero_de_page(valeur):
    """Numéro de page du journal lu dans la requête ; 1 si absent ou illisible (journal_du_jeune borne le reste)."""
    try:
        return int(valeur)
    except (TypeError, ValueError):
        return 1


def contexte_journal(request, jeune, situations=None, *, page=1, depuis_le_debut=True):
    return {
        "jeune": jeune,
        "journal": selectors.journal_du_jeune(jeune, situations=situations, page=page, depuis_le_debut=depuis_le_debut),
        "peut_voir_compte_rendu": request.user.has_perm("accompagnement.voir_compte_rendu", jeune),
    }


@require_GET
def jeune_detail(request, pk):
    acces = dossier_ouvert(request, pk, quoi="dossier")
    jeune = acces.jeune
    dossier = selectors.dossier_du_jeune(jeune)
    gabarit_dispositifs = _gabarit_optionnel(GABARIT_BLOC_DISPOSITIFS)
    if gabarit_dispositifs:
        selectors.precharger_bloc_dispositifs(jeune)
    contexte = {
        **contexte_journal(
            request,
            jeune,
            situations=dossier["situations"],
            page=_numero_de_page(request.GET.get("journal_page")),
        ),
        **dossier,
        "situation_confirmee": _situation_confirmee(jeune),
        "gabarit_alertes": _gabarit_optionnel(GABARIT_ALERTES_DISPOSITIFS),
        "gabarit_dispositifs": gabarit_dispositifs,
        "blocs_dossier": selectors.blocs_du_dossier(jeune),
        "form_rapide": EvenementRapideForm(),
        "form_referent": ReferentForm(),
        "form_representant": RepresentantLegalForm(),
        "form_document": DocumentJeuneForm(),
        "lecture_seule": acces.lecture_seule,
    }
    return render(request, "accompagnement/jeune_detail.html", contexte)


@require_GET
def jeune_journal(request, pk):
    """Fragment du journal (chronologie), rechargé par htmx."""
    jeune = dossier_ouvert(request, pk, quoi="journal du dossier").jeune
    page = _numero_de_page(request.GET.get("page"))
    if page > 1:  # suite du journal : les seules entrées plus anciennes, ajoutées sous les précédentes
        contexte = contexte_journal(request, jeune, page=page, depuis_le_debut=False)
        return render(request, "accompagnement/includes/journal_entrees.html", contexte)
    return render(request, "accompagnement/includes/journal.html", contexte_journal(request, jeune))


@require_http_methods(["GET", "POST"])
def jeune_modifier_identite(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.modifier_jeune", quoi="identité et coordonnées")
    form = JeuneIdentiteForm(request.POST or None, instance=jeune)
    if request.method == "POST" and form.is_valid():
        try:
            services.jeune_modifier_identite(jeune=jeune, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            jeune.refresh_from_db()
            reporter_erreurs(form, erreur)
        else:
            if request.htmx:
                return render(request, "accompagnement/includes/section_identite.html", {"jeune": jeune})
            messages.success(request, "Identité et coordonnées enregistrées.")
            return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#identite")
    return rendre(
        request,
        "accompagnement/jeune_identite_form.html",
        "accompagnement/includes/identite_form.html",
        {"jeune": jeune, "form": form},
    )


@require_http_methods(["GET", "POST"])
def jeune_modifier_situation(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.modifier_jeune", quoi="situation du dossier")
    form = JeuneSituationForm(request.POST or None, instance=jeune)
    if request.method == "POST" and form.is_valid():
        try:
            services.jeune_modifier_situation(jeune=jeune, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            jeune.refresh_from_db()
            reporter_erreurs(form, erreur)
        else:
            if request.htmx:
                return render(
                    request,
                    "accompagnement/includes/section_situation.html",
                    {"jeune": jeune, "situation_confirmee": _situation_confirmee(jeune)},
                )
            messages.success(request, "Situation enregistrée.")
            return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#situation")
    return rendre(
        request,
        "accompagnement/jeune_situation_form.html",
        "accompagnement/includes/situation_form.html",
        {"jeune": jeune, "form": form},
    )


@require_POST
def representant_ajouter(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.modifier_jeune", quoi="représentants légaux")
    form = RepresentantLegalForm(request.POST)
    if form.is_valid():
        try:
            services.representant_legal_ajouter(jeune=jeune, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, "Représentant légal ajouté.")
    else:
        messages.error(
            request,
            "Représentant légal non ajouté : " + " ".join(e for erreurs in form.errors.values() for e in erreurs),
        )
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#representants")


@require_POST
def representant_supprimer(request, pk, representant_pk):
    jeune = jeune_pour(request, pk, "accompagnement.modifier_jeune", quoi="représentants légaux")
    representant = get_object_or_404(RepresentantLegal, pk=representant_pk, jeune=jeune)
    services.representant_legal_supprimer(representant=representant, par=request.user)
    messages.success(request, "Représentant légal retiré.")
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#representants")


@require_POST
def jeune_affecter_referent(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.affecter_referent", quoi="référent du dossier")
    form = ReferentForm(request.POST)
    if form.is_valid():
        try:
            services.jeune_affecter_referent(
                jeune=jeune, referent=form.cleaned_data["referent"], par=request.user, motif=form.cleaned_data["motif"]
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, f"{form.cleaned_data['referent']} est désormais référent·e de {jeune}.")
    else:
        messages.error(request, "Choisissez un référent dans la liste.")
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#referents")


# --- Aides à la saisie (htmx) -------------------------------------------------------------------------------


@require_GET
def commune_suggestions(request):
    """Options d'une <datalist> de communes (nom ou code INSEE)."""
    exiger(request, "accompagnement.voir_liste_jeunes")
    texte = (request.GET.get("commune") or request.GET.get("q") or "").strip()
    communes = []
    if len(texte) >= 2:
        communes = Commune.objects.recherche(texte).order_by("-population", "nom")[:15]
    return render(request, "accompagnement/includes/commune_options.html", {"communes": communes})


@require_GET
def secteur_options(request):
    """Options du choix de secteur, limitées à l'antenne de la commune saisie."""
    exiger(request, "accompagnement.voir_liste_jeunes")
    try:
        commune = CommuneField().clean(request.GET.get("commune", ""))
    except ValidationError:
        commune = None
    # Le champ entier : ses options (secteurs de l'antenne de la commune) et la marque « obligatoire » quand la
    # commune n'a pas de secteur par défaut (Rennes).
    form = JeuneIdentiteForm(initial={"commune": commune})
    return render(request, "components/champ.html", {"champ": form["secteur"]})
