"""Actions territoriales : liste, fiche, création et modification, comptage sur tablette le jour même, jeunes suivis
inscrits (depuis l'action ou depuis le dossier). Les noms des jeunes ne se lisent que par le portail des données
personnelles (périmètre, base active, journal) ; les participants sans dossier sont des nombres."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from accompagnement.models import Jeune
from accompagnement.views.commun import candidats_a_inscrire, dossier_ouvert, exiger, reporter_erreurs
from actions_territoriales import selectors, services
from actions_territoriales.enums import PUBLICS
from actions_territoriales.filters import ActionFilter
from actions_territoriales.forms import ActionForm, InscriptionDepuisDossierForm, InscriptionJeunesForm
from actions_territoriales.models import ActionTerritoriale
from actions_territoriales.tables import ActionTable
from antennes.models import Antenne
from entreprises.selectors_jeunes import rechercher_entreprises
from securite import portail
from securite.models import ActionAcces
from weker.htmx import rendre

PAR_PAGE = 50
NOMBRE_SUGGESTIONS = 15
# Touches de la tablette (clavier) : 1 à 6 pour chaque public, 7 pour « dont femmes » ; Maj + chiffre retire un.
COMPTEURS_TABLETTE = (*PUBLICS, ("participants_femmes", "Dont femmes"))


def _action_pour(request, pk, permission="actions_territoriales.voir_actions"):
    exiger(request, "actions_territoriales.voir_actions")
    action = get_object_or_404(ActionTerritoriale.objects.select_related("commune", "antenne", "organisateur"), pk=pk)
    exiger(request, permission, action)
    return action


def _antennes_permises(user):
    """None : toute antenne (ou aucune) ; sinon, la seule antenne du responsable d'antenne."""
    if user.has_perm("actions_territoriales.gerer_action", ActionTerritoriale(antenne=None)):
        return None
    return Antenne.objects.filter(pk=user.antenne_id)


@require_GET
def liste(request):
    exiger(request, "actions_territoriales.voir_actions")
    filtre = ActionFilter(request.GET or None, queryset=selectors.actions_avec_effectifs())
    table = ActionTable(filtre.qs if filtre.is_bound else filtre.queryset)
    RequestConfig(request, paginate={"per_page": PAR_PAGE}).configure(table)
    return rendre(
        request,
        "actions_territoriales/action_liste.html",
        "actions_territoriales/includes/action_table.html",
        {"filtre": filtre, "table": table, "peut_creer": request.user.has_perm("actions_territoriales.gerer_action")},
    )


def _enregistrer(request, form, action=None):
    """Crée ou modifie l'action du formulaire valide ; renvoie l'action, ou None (erreurs dans le formulaire)."""
    donnees, entreprises = form.donnees_service()
    cible = ActionTerritoriale(antenne=donnees["antenne"])
    if not request.user.has_perm("actions_territoriales.gerer_action", cible):
        form.add_error("antenne", "Vous ne pouvez organiser des actions que pour votre antenne.")
        return None
    try:
        if action is None:
            return services.action_creer(par=request.user, entreprises=entreprises, **donnees)
        return services.action_modifier(action=action, par=request.user, entreprises=entreprises, **donnees)
    except ValidationError as erreur:
        reporter_erreurs(form, erreur)
        return None


@require_http_methods(["GET", "POST"])
def creer(request):
    exiger(request, "actions_territoriales.gerer_action")
    antennes = _antennes_permises(request.user)
    initial = {"date": timezone.localdate(), "antenne": request.user.antenne_id}
    form = ActionForm(request.POST or None, initial=initial, antennes_permises=antennes)
    if request.method == "POST" and form.is_valid():
        action = _enregistrer(request, form)
        if action is not None:
            messages.success(request, f"Action {action.reference} créée.")
            return redirect("actions_territoriales:detail", pk=action.pk)
    return render(request, "actions_territoriales/action_form.html", {"form": form, "action": None})


@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    action = _action_pour(request, pk, "actions_territoriales.gerer_action")
    form = ActionForm(request.POST or None, instance=action, antennes_permises=_antennes_permises(request.user))
    if request.method == "POST" and form.is_valid():
        if _enregistrer(request, form, action) is not None:
            messages.success(request, f"Action {action.reference} enregistrée.")
            return redirect("actions_territoriales:detail", pk=action.pk)
        action.refresh_from_db()
    return render(request, "actions_territoriales/action_form.html", {"form": form, "action": action})


def _historique(action):
    """Les dernières versions de l'action : qui, quand, quels champs ont changé."""
    versions = list(action.history.select_related("history_user").order_by("-history_date", "-history_id")[:21])
    lignes = []
    for version, precedente in zip(versions, [*versions[1:], None], strict=True):
        if len(lignes) == 20:
            break
        champs = []
        if precedente is not None:
            delta = version.diff_against(precedente)
            champs = [ActionTerritoriale._meta.get_field(c.field).verbose_name for c in delta.changes]
        lignes.append(
            {
                "date": version.history_date,
                "auteur": version.history_user or "—",
                "quoi": "Création" if version.history_type == "+" else "Modification",
                "champs": champs,
                "motif": version.history_change_reason or "",
            }
        )
    return lignes


@require_GET
def detail(request, pk):
    action = _action_pour(request, pk)
    peut_gerer = request.user.has_perm("actions_territoriales.gerer_action", action)
    participations = action.participations.select_related("jeune__antenne").order_by("jeune__nom", "jeune__prenom")
    lisibles = list(portail.restreindre(request, participations, "jeune__"))
    inscrits = action.participations.count()
    contexte = {
        "action": action,
        "publics": [(libelle, getattr(action, champ)) for champ, libelle in PUBLICS],
        "participations": lisibles,
        "hors_perimetre": inscrits - len(lisibles),
        "inscrits": inscrits,
        "entreprises": action.entreprises.select_related("commune").order_by("raison_sociale"),
        "historique": _historique(action),
        "peut_gerer": peut_gerer,
        "peut_compter": request.user.has_perm("actions_territoriales.compter_participants", action),
        "recherche": "",
        "candidats": [],
        "adresse_inscription": reverse("actions_territoriales:inscrire_jeunes", args=[action.pk]),
    }
    texte = (request.GET.get("q") or "").strip()[:100]
    if texte and peut_gerer:
        deja = {p.jeune_id for p in lisibles}
        quoi = f"recherche de participants : action {action.reference}"
        contexte.update({"recherche": texte, "candidats": candidats_a_inscrire(request, texte, deja=deja, quoi=quoi)})
    portail.lire_en_lot(request, [p.jeune for p in lisibles], quoi=f"participants : action {action.reference}")
    return rendre(
        request,
        "actions_territoriales/action_detail.html",
        "accompagnement/includes/candidats.html",
        contexte,
    )


@require_POST
def inscrire_jeunes(request, pk):
    action = _action_pour(request, pk, "actions_territoriales.gerer_action")
    form = InscriptionJeunesForm(request.POST, jeunes_lisibles=portail.restreindre(request, Jeune.objects.actifs()))
    if form.is_valid():
        jeunes = list(form.cleaned_data["jeunes"])
        try:
            nombre = services.action_inscrire_jeunes(action=action, jeunes=jeunes, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            portail.lire_en_lot(
                request, jeunes, quoi=f"inscription à l'action {action.reference}", action=ActionAcces.MODIFICATION
            )
            messages.success(request, f"{nombre} jeune{'s' if nombre > 1 else ''} inscrit{'s' if nombre > 1 else ''}.")
    else:
        messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
    return redirect(reverse("actions_territoriales:detail", kwargs={"pk": action.pk}) + "#participants")


@require_POST
def retirer_jeune(request, pk):
    action = _action_pour(request, pk, "actions_territoriales.gerer_action")
    valeur = request.POST.get("jeune", "")
    lisibles = portail.restreindre(request, Jeune.objects.filter(participations_actions__action=action))
    jeune = lisibles.filter(pk=valeur).first() if valeur.isdigit() and len(valeur) < 12 else None
    if jeune is None:
        messages.error(request, "Ce jeune n'est pas inscrit à l'action, ou son dossier n'est pas dans votre périmètre.")
    else:
        services.action_desinscrire_jeune(action=action, jeune=jeune, par=request.user)
        portail.lire_en_lot(
            request, [jeune], quoi=f"désinscription de l'action {action.reference}", action=ActionAcces.MODIFICATION
        )
        messages.success(request, f"{jeune} n'est plus inscrit·e à l'action.")
    return redirect(reverse("actions_territoriales:detail", kwargs={"pk": action.pk}) + "#participants")


@require_GET
def entreprises_suggestions(request):
    """Fragment htmx : entreprises du registre dont la raison sociale, l'enseigne ou le SIRET correspondent
    (`entreprises.selectors_jeunes.rechercher_entreprises`) : cases à cocher à ajouter au formulaire de l'action."""
    exiger(request, "actions_territoriales.gerer_action")
    texte = (request.GET.get("entreprise") or "").strip()[:100]
    entreprises = rechercher_entreprises(texte)[:NOMBRE_SUGGESTIONS]
    return render(
        request,
        "actions_territoriales/includes/entreprises_suggestions.html",
        {"entreprises": entreprises, "recherche": texte},
    )


def _contexte_comptage(action, erreur=""):
    return {
        "action": action,
        "compteurs": [
            {"champ": champ, "libelle": libelle, "valeur": getattr(action, champ), "touche": rang}
            for rang, (champ, libelle) in enumerate(COMPTEURS_TABLETTE, start=1)
        ],
        "total": action.participants_comptes,
        "erreur": erreur,
    }


@require_GET
def comptage(request, pk):
    """Page de la tablette : un grand bouton « +1 » par public (et « −1 » pour corriger), les totaux en direct.
    En htmx (rafraîchissement périodique), les seuls totaux : une autre tablette compte peut-être en même temps."""
    action = _action_pour(request, pk, "actions_territoriales.compter_participants")
    return rendre(
        request,
        "actions_territoriales/comptage.html",
        "actions_territoriales/includes/comptage_compteurs.html",
        _contexte_comptage(action),
    )


@require_POST
def compter(request, pk):
    action = _action_pour(request, pk, "actions_territoriales.compter_participants")
    compteur = request.POST.get("compteur", "")
    sens = request.POST.get("sens", "")
    erreur = ""
    if sens not in ("plus", "moins"):
        erreur = "Opération inconnue : « +1 » ou « −1 »."
    else:
        try:
            action = services.action_compter(action=action, compteur=compteur, ajout=sens == "plus")
        except ValidationError as refus:
            erreur = " ".join(refus.messages)
    if request.htmx:
        return render(
            request, "actions_territoriales/includes/comptage_compteurs.html", _contexte_comptage(action, erreur)
        )
    if erreur:
        messages.error(request, erreur)
    return redirect("actions_territoriales:comptage", pk=action.pk)


# --- Depuis le dossier du jeune -------------------------------------------------------------------------------------


def _contexte_dossier(request, acces, form=None, erreur=""):
    jeune = acces.jeune
    peut_inscrire = not acces.lecture_seule and request.user.has_perm("actions_territoriales.inscrire_jeune", jeune)
    if peut_inscrire and form is None:
        form = InscriptionDepuisDossierForm(actions=selectors.actions_proposees())
    return {
        "jeune": jeune,
        "participations": list(selectors.participations_du_jeune(jeune)),
        "peut_inscrire": peut_inscrire,
        "form": form if peut_inscrire else None,
        "erreur": erreur,
    }


@require_http_methods(["GET", "POST"])
def actions_du_jeune(request, pk):
    """Section « Actions territoriales » du dossier (fragment chargé par htmx) ; en POST, inscrit le jeune."""
    if request.method == "GET":
        acces = dossier_ouvert(request, pk, quoi="actions territoriales du dossier")
        return rendre(
            request,
            "actions_territoriales/actions_du_jeune.html",
            "actions_territoriales/includes/dossier_actions.html",
            _contexte_dossier(request, acces),
        )
    acces = dossier_ouvert(
        request, pk, "actions_territoriales.inscrire_jeune", quoi="inscription à une action territoriale", ecriture=True
    )
    form = InscriptionDepuisDossierForm(request.POST, actions=ActionTerritoriale.objects.all())
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            nombre = services.action_inscrire_jeunes(action=action, jeunes=[acces.jeune], par=request.user)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            if request.htmx:
                return render(
                    request, "actions_territoriales/includes/dossier_actions.html", _contexte_dossier(request, acces)
                )
            messages.success(
                request, f"Inscrit·e à l'action {action.reference}." if nombre else "Déjà inscrit·e à cette action."
            )
            return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": acces.jeune.pk}) + "#actions")
    if request.htmx:
        return render(
            request, "actions_territoriales/includes/dossier_actions.html", _contexte_dossier(request, acces, form)
        )
    messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": acces.jeune.pk}) + "#actions")


@require_POST
def retirer_du_dossier(request, pk):
    acces = dossier_ouvert(
        request,
        pk,
        "actions_territoriales.inscrire_jeune",
        quoi="désinscription d'une action territoriale",
        ecriture=True,
    )
    valeur = request.POST.get("action", "")
    action = None
    if valeur.isdigit() and len(valeur) < 12:
        action = ActionTerritoriale.objects.filter(pk=valeur, participations__jeune=acces.jeune).first()
    if action is None:
        erreur = "Ce jeune n'est pas inscrit à cette action."
        if request.htmx:
            return render(
                request,
                "actions_territoriales/includes/dossier_actions.html",
                _contexte_dossier(request, acces, erreur=erreur),
            )
        messages.error(request, erreur)
    else:
        services.action_desinscrire_jeune(action=action, jeune=acces.jeune, par=request.user)
        if request.htmx:
            return render(
                request, "actions_territoriales/includes/dossier_actions.html", _contexte_dossier(request, acces)
            )
        messages.success(request, f"Inscription à l'action {action.reference} retirée.")
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": acces.jeune.pk}) + "#actions")
