"""Vues des mises en relation et des immersions (PMSMP).

Toute lecture ou écriture d'un jeune passe par le portail des données personnelles (`securite.portail`) : règle,
base active, périmètre, une ligne au journal des accès par jeune lu. Depuis une offre, seuls les jeunes que
l'utilisateur peut lire sont proposés (`portail.restreindre`), et chaque jeune affiché est journalisé.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompagnement.models import Jeune
from entreprises import regles_pmsmp, selectors_jeunes, services_jeunes
from entreprises.enums import StatutOffre
from entreprises.forms_jeunes import (
    ImmersionCreationForm,
    MiseEnRelationForm,
    PropositionJeuneForm,
    RechercheForm,
    ResultatForm,
)
from entreprises.models import Entreprise, Immersion, MiseEnRelation, Offre
from securite import portail
from securite.journal import reference
from securite.models import ActionAcces
from weker.htmx import rendre
from weker.pdf import rendre_pdf, reponse_pdf

ANCRE_DOSSIER = "#entreprises"


def _exiger(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _jeune_a_modifier(request, pk, permission, *, quoi):
    _exiger(request, permission)
    jeune = get_object_or_404(Jeune.objects.select_related("antenne", "commune"), pk=pk)
    return portail.ouvrir(request, jeune, quoi=quoi, permission=permission, ecriture=True).jeune


def _vers_dossier(jeune):
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + ANCRE_DOSSIER)


def _erreurs(form, erreur):
    if hasattr(erreur, "error_dict"):
        for champ, textes in erreur.message_dict.items():
            form.add_error(champ if champ in form.fields else None, textes)
    else:
        form.add_error(None, erreur.messages)


def _recherche(request):
    form = RechercheForm(request.GET or None)
    texte = form.cleaned_data["q"] if form.is_valid() else ""
    return form, texte


# --- Mises en relation ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def mise_en_relation_creer(request, pk):
    """Depuis le dossier : chercher une entreprise (nom, enseigne, SIRET), choisir l'entreprise ou une de ses offres
    ouvertes. La recherche se met à jour en htmx (fragment des résultats)."""
    jeune = _jeune_a_modifier(request, pk, "entreprises.proposer_jeune", quoi="mises en relation du dossier")
    recherche, texte = _recherche(request)
    form = MiseEnRelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mise = services_jeunes.mise_en_relation_creer(
                jeune=jeune, par=request.user, date=form.cleaned_data["date"], **form.cleaned_data["cible"]
            )
        except ValidationError as erreur:
            _erreurs(form, erreur)
        else:
            messages.success(request, f"Mise en relation enregistrée : {mise.offre or mise.entreprise}.")
            return _vers_dossier(jeune)
    contexte = {
        "jeune": jeune,
        "form": form,
        "recherche": recherche,
        "texte": texte,
        "entreprises": selectors_jeunes.rechercher_entreprises(texte),
    }
    return rendre(
        request,
        "entreprises/mise_en_relation_creer.html",
        "entreprises/includes/resultats_entreprises.html",
        contexte,
    )


@require_http_methods(["GET", "POST"])
def mise_en_relation_resultat(request, pk):
    _exiger(request, "entreprises.proposer_jeune")
    mise = get_object_or_404(
        MiseEnRelation.objects.select_related("jeune", "jeune__antenne", "entreprise", "offre"), pk=pk
    )
    jeune = portail.ouvrir(
        request, mise.jeune, quoi=reference(mise), permission="entreprises.proposer_jeune", ecriture=True
    ).jeune
    form = ResultatForm(request.POST or None, mise_en_relation=mise)
    if request.method == "POST" and form.is_valid():
        try:
            mise = services_jeunes.mise_en_relation_resultat(
                mise_en_relation=mise, par=request.user, **form.donnees_service()
            )
        except ValidationError as erreur:
            _erreurs(form, erreur)
        else:
            texte = f"Résultat enregistré : {mise.get_resultat_display()}."
            if mise.situation_id:
                texte += " La situation d'emploi est ajoutée au dossier."
            messages.success(request, texte)
            return _vers_dossier(jeune)
    return render(request, "entreprises/mise_en_relation_resultat.html", {"jeune": jeune, "mise": mise, "form": form})


@require_http_methods(["GET", "POST"])
def offre_proposer(request, pk):
    """Depuis une offre : chercher un jeune parmi ceux que l'utilisateur peut lire, le proposer. La page liste aussi
    les jeunes déjà proposés sur l'offre (les seuls de son périmètre, chacun journalisé)."""
    _exiger(request, "entreprises.proposer_jeune")
    offre = get_object_or_404(Offre.objects.select_related("entreprise", "entreprise__commune"), pk=pk)
    form = PropositionJeuneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        jeune = get_object_or_404(Jeune.objects.select_related("antenne"), pk=form.cleaned_data["jeune"])
        portail.ouvrir(
            request,
            jeune,
            quoi=f"proposition sur l'offre {offre.reference}"[:200],
            permission="entreprises.proposer_jeune",
            ecriture=True,
        )
        try:
            services_jeunes.mise_en_relation_creer(
                jeune=jeune, par=request.user, offre=offre, date=form.cleaned_data["date"]
            )
        except ValidationError as erreur:
            _erreurs(form, erreur)
        else:
            messages.success(request, f"{jeune} est proposé·e sur l'offre « {offre.intitule} ».")
            return redirect("entreprises:offre_proposer", pk=offre.pk)
    recherche, texte = _recherche(request)
    candidats = []
    if texte:
        candidats = list(
            portail.restreindre(request, Jeune.objects.actifs().recherche(texte))
            .select_related("antenne")
            .order_by("nom", "prenom")[:30]
        )
        portail.lire_en_lot(request, candidats, quoi=f"recherche pour l'offre {offre.reference}"[:200])
    proposes = list(
        portail.restreindre(
            request,
            MiseEnRelation.objects.filter(offre=offre).select_related("jeune", "jeune__antenne"),
            chemin="jeune__",
        ).order_by("-date", "-cree_le")
    )
    portail.lire_en_lot(
        request, [m.jeune for m in proposes], quoi=f"mises en relation de l'offre {offre.reference}"[:200]
    )
    contexte = {
        "offre": offre,
        "ouverte": offre.statut == StatutOffre.OUVERTE,
        "form": form,
        "recherche": recherche,
        "texte": texte,
        "candidats": candidats,
        "proposes": proposes,
    }
    return rendre(request, "entreprises/offre_proposer.html", "entreprises/includes/resultats_jeunes.html", contexte)


# --- Immersions ----------------------------------------------------------------------------------------------


def _formulaire_immersion(request, jeune, *, origine=None):
    """Nouvelle convention ; `origine` : la convention renouvelée (même structure, même objet)."""
    recherche, texte = _recherche(request)
    if origine is not None:
        initial = {
            champ: getattr(origine, champ)
            for champ in ("objet", "metier", "horaires", "activites", "tuteur_nom", "tuteur_fonction")
        }
        initial |= {"tuteur_telephone": origine.tuteur_telephone, "tuteur_courriel": origine.tuteur_courriel}
        debut = origine.date_fin + datetime.timedelta(days=1)
        initial |= {"date_debut": debut, "date_fin": regles_pmsmp.dernier_jour_permis(debut)}
        initial["entreprise"] = origine.entreprise_id
    else:
        initial = {"entreprise": request.GET.get("entreprise", "")}
    form = ImmersionCreationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        entreprise = origine.entreprise if origine is not None else form.cleaned_data["entreprise"]
        try:
            immersion = services_jeunes.immersion_creer(
                jeune=jeune,
                entreprise=entreprise,
                par=request.user,
                renouvellement_de=origine,
                **form.donnees_service(),
            )
        except ValidationError as erreur:
            _erreurs(form, erreur)
        else:
            messages.success(request, f"Convention enregistrée : {immersion}.")
            return _vers_dossier(jeune)
    entreprises = selectors_jeunes.rechercher_entreprises(texte)
    choisie = None
    if origine is not None:
        choisie = origine.entreprise
    elif str(form["entreprise"].value() or "").isdigit() and len(str(form["entreprise"].value())) <= 9:
        choisie = Entreprise.objects.filter(pk=form["entreprise"].value()).select_related("commune").first()
    contexte = {
        "jeune": jeune,
        "form": form,
        "origine": origine,
        "recherche": recherche,
        "texte": texte,
        "entreprises": entreprises,
        "choisie": choisie,
    }
    return rendre(
        request, "entreprises/immersion_form.html", "entreprises/includes/resultats_structures.html", contexte
    )


@require_http_methods(["GET", "POST"])
def immersion_creer(request, pk):
    jeune = _jeune_a_modifier(request, pk, "entreprises.gerer_immersion", quoi="immersions du dossier")
    return _formulaire_immersion(request, jeune)


def _immersion_a_modifier(request, pk):
    _exiger(request, "entreprises.gerer_immersion")
    immersion = get_object_or_404(
        Immersion.objects.select_related("jeune", "jeune__antenne", "entreprise", "entreprise__commune"), pk=pk
    )
    portail.ouvrir(
        request, immersion.jeune, quoi=reference(immersion), permission="entreprises.gerer_immersion", ecriture=True
    )
    return immersion


@require_http_methods(["GET", "POST"])
def immersion_renouveler(request, pk):
    immersion = _immersion_a_modifier(request, pk)
    return _formulaire_immersion(request, immersion.jeune, origine=immersion)


@require_POST
def immersion_demarrer(request, pk):
    immersion = _immersion_a_modifier(request, pk)
    try:
        immersion = services_jeunes.immersion_demarrer(immersion=immersion, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Immersion commencée : la situation « PMSMP » est ajoutée au dossier.")
    return _vers_dossier(immersion.jeune)


@require_POST
def immersion_annuler(request, pk):
    immersion = _immersion_a_modifier(request, pk)
    try:
        services_jeunes.immersion_annuler(immersion=immersion, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Convention d'immersion annulée.")
    return _vers_dossier(immersion.jeune)


@require_GET
def immersion_convention_pdf(request, pk):
    """Convention imprimable (PDF) : une ligne « impression » au journal des accès."""
    _exiger(request, "entreprises.imprimer_convention")
    immersion = get_object_or_404(
        Immersion.objects.select_related(
            "jeune", "jeune__antenne", "jeune__commune", "entreprise", "entreprise__commune", "conseiller"
        ),
        pk=pk,
    )
    portail.ouvrir(
        request,
        immersion.jeune,
        quoi=f"convention d'{reference(immersion)} (PDF)"[:200],
        permission="entreprises.imprimer_convention",
        action=ActionAcces.IMPRESSION,
    )
    contexte = {
        "immersion": immersion,
        "jeune": immersion.jeune,
        "entreprise": immersion.entreprise,
        "jours": regles_pmsmp.jours(immersion.date_debut, immersion.date_fin),
        "imprime_le": timezone.localtime(),
        "imprime_par": request.user,
    }
    contenu = rendre_pdf("entreprises/immersion_convention_pdf.html", contexte, request=request)
    return reponse_pdf(contenu, f"convention-immersion-{immersion.pk}.pdf")
