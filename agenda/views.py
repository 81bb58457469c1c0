"""Agenda du conseiller (semaine, jour) et rendez-vous d'un dossier : planifier, honorer, absence, annulation,
report. Toute page qui montre un jeune passe par le portail des données personnelles."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accompagnement.forms import RAPPEL_COMPTE_RENDU, EvenementCompleterForm
from accompagnement.services import evenement_modifier
from accompagnement.views.commun import dossier_ouvert, exiger, reporter_erreurs
from agenda import messages as convocation
from agenda import selectors, services
from agenda.enums import StatutRendezVous
from agenda.forms import RendezVousForm, ReportForm, initial_depuis
from agenda.heures import local, lundi_de, minuit
from agenda.models import RendezVous
from comptes.enums import Role
from securite import portail
from securite.models import ActionAcces
from weker.pdf import rendre_pdf, reponse_pdf

DUREE_PAR_DEFAUT = 45
CRENEAUX_PAR_JOUR = 20


def _date_demandee(request, nom, defaut):
    valeur = request.GET.get(nom)
    if not valeur:
        return defaut
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError:
        messages.error(
            request, f"Date « {valeur[:20]} » illisible (format attendu AAAA-MM-JJ) : aujourd'hui est affiché."
        )
        return defaut


def _conseiller_demande(request):
    """Le conseiller dont on lit l'agenda : soi-même, ou (responsable) un salarié de son antenne."""
    exiger(request, "agenda.voir_agenda")
    valeur = request.GET.get("conseiller")
    if not valeur or valeur == str(request.user.pk):
        return request.user
    if not valeur.isdigit():
        raise PermissionDenied
    conseiller = get_user_model().objects.filter(pk=valeur).first()
    if conseiller is None or not request.user.has_perm("agenda.voir_agenda_de", conseiller):
        raise PermissionDenied("Vous ne pouvez pas lire cet agenda.")
    return conseiller


def _conseillers_de_l_antenne(user):
    if user.role != Role.RESPONSABLE_ANTENNE or user.antenne_id is None:
        return []
    return list(
        get_user_model()
        .objects.filter(
            antenne_id=user.antenne_id, is_active=True, role__in=[Role.CONSEILLER, Role.RESPONSABLE_ANTENNE]
        )
        .order_by("last_name", "first_name")
    )


def _agenda(request, *, premier_jour, nombre_de_jours, vue):
    conseiller = _conseiller_demande(request)
    rendez_vous = list(
        portail.restreindre(request, selectors.rendez_vous_de(conseiller, premier_jour, nombre_de_jours), "jeune__")
    )
    portail.lire_en_lot(request, {rdv.jeune for rdv in rendez_vous}, quoi="agenda")
    pas = datetime.timedelta(days=nombre_de_jours)
    creneaux = []
    if conseiller == request.user:
        # Planifier depuis l'agenda : les créneaux libres de la période (plages, absences, rendez-vous).
        creneaux = services.creneaux_libres(
            conseiller=conseiller,
            a_partir_de=minuit(premier_jour),
            fin=minuit(premier_jour + pas),
            duree_minutes=DUREE_PAR_DEFAUT,
            nombre=CRENEAUX_PAR_JOUR * nombre_de_jours,
        )
    absences = selectors.absences_de([conseiller], premier_jour, nombre_de_jours)
    contexte = {
        "vue": vue,
        "conseiller": conseiller,
        "conseillers": _conseillers_de_l_antenne(request.user),
        "journees": selectors.journees(conseiller, premier_jour, nombre_de_jours, rendez_vous, absences, creneaux),
        "voit_motif": request.user.has_perm("agenda.voir_motif_absence", conseiller),
        "duree_par_defaut": DUREE_PAR_DEFAUT,
        "premier_jour": premier_jour,
        "dernier_jour": premier_jour + pas - datetime.timedelta(days=1),
        "precedent": premier_jour - pas,
        "suivant": premier_jour + pas,
        "aujourd_hui": timezone.localdate(),
        "parametre_conseiller": "" if conseiller == request.user else conseiller.pk,
    }
    gabarit = "agenda/includes/agenda.html" if request.htmx else "agenda/agenda.html"
    return render(request, gabarit, contexte)


@require_http_methods(["GET"])
def semaine(request):
    lundi = lundi_de(_date_demandee(request, "semaine", timezone.localdate()))
    return _agenda(request, premier_jour=lundi, nombre_de_jours=7, vue="semaine")


@require_http_methods(["GET"])
def jour(request):
    return _agenda(
        request, premier_jour=_date_demandee(request, "date", timezone.localdate()), nombre_de_jours=1, vue="jour"
    )


def _creneaux(user, duree=DUREE_PAR_DEFAUT):
    return [
        local(c)
        for c in services.creneaux_libres(conseiller=user, a_partir_de=timezone.now(), duree_minutes=duree, nombre=6)
    ]


@require_http_methods(["GET", "POST"])
def rendez_vous_jeune(request, pk):
    """Les rendez-vous du dossier et le formulaire « Planifier » (créneaux libres proposés : reconvoquer)."""
    acces = dossier_ouvert(request, pk, "agenda.planifier_rendez_vous", quoi="rendez-vous du dossier", ecriture=True)
    jeune = acces.jeune
    initial = initial_depuis(request.GET.get("creneau"))
    form = RendezVousForm(request.POST or None, user=request.user, initial=initial)
    if initial:  # créneau choisi dans l'agenda : date et heure remplies, le clavier reprend à la durée
        form.fields["duree_minutes"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            rdv = services.rendez_vous_planifier(
                jeune=jeune, conseiller=request.user, par=request.user, **form.donnees_service()
            )
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"Rendez-vous planifié le {local(rdv.debut):%d/%m/%Y à %H:%M}.")
            return redirect("agenda:rendez_vous_jeune", pk=jeune.pk)
    rendez_vous = jeune.rendez_vous.select_related("conseiller", "lieu", "remplace").order_by("-debut")[:30]
    return render(
        request,
        "agenda/rendez_vous_jeune.html",
        {
            "jeune": jeune,
            "form": form,
            "rendez_vous": rendez_vous,
            "creneaux": _creneaux(request.user),
            "lieux": selectors.lieux_et_horaires(request.user.antenne_id),
            "statuts": StatutRendezVous,
            "maintenant": timezone.now(),
        },
    )


def _rendez_vous_pour(request, pk, quoi, action=None):
    rdv = get_object_or_404(
        RendezVous.objects.select_related(
            "jeune", "jeune__commune", "jeune__antenne", "lieu", "lieu__commune", "conseiller", "evenement"
        ),
        pk=pk,
    )
    exiger(request, "agenda.planifier_rendez_vous")
    portail.ouvrir(
        request, rdv.jeune, quoi=quoi, permission="agenda.planifier_rendez_vous", ecriture=True, action=action
    )
    return rdv


ACTIONS = {
    "honorer": ("honoré", lambda rdv, user: services.rendez_vous_honorer(rendez_vous=rdv, par=user)),
    "absent_excuse": (
        "noté absent (excusé)",
        lambda rdv, user: services.rendez_vous_marquer_absent(rendez_vous=rdv, excuse=True, par=user),
    ),
    "absent_non_excuse": (
        "noté absent (non excusé)",
        lambda rdv, user: services.rendez_vous_marquer_absent(rendez_vous=rdv, excuse=False, par=user),
    ),
    "annule_jeune": (
        "annulé par le jeune",
        lambda rdv, user: services.rendez_vous_annuler(rendez_vous=rdv, par_le_jeune=True, par=user),
    ),
    "annule_mission_locale": (
        "annulé par la Mission Locale",
        lambda rdv, user: services.rendez_vous_annuler(rendez_vous=rdv, par_le_jeune=False, par=user),
    ),
}


@require_POST
def rendez_vous_statut(request, pk):
    rdv = _rendez_vous_pour(request, pk, quoi="statut d'un rendez-vous")
    retour = reverse("agenda:rendez_vous_jeune", kwargs={"pk": rdv.jeune_id})
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Action inconnue : choisissez honoré, absent ou annulé.")
        return redirect(retour)
    libelle, faire = action
    try:
        rdv = faire(rdv, request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
        return redirect(retour)
    messages.success(request, f"Rendez-vous du {local(rdv.debut):%d/%m/%Y à %H:%M} {libelle}.")
    if rdv.statut == StatutRendezVous.HONORE:
        # L'entretien est saisi (un seul) : le conseiller le complète aussitôt dans la saisie préremplie.
        return redirect("agenda:rendez_vous_entretien", pk=rdv.pk)
    return redirect(retour)


@require_http_methods(["GET", "POST"])
def rendez_vous_entretien(request, pk):
    """L'entretien d'un rendez-vous honoré, prérempli (date, modalité, durée, lieu, conseiller) : le compte rendu,
    les thèmes et la prochaine étape s'écrivent ici ; enregistrer modifie le même événement (historisé)."""
    rdv = _rendez_vous_pour(request, pk, quoi="entretien d'un rendez-vous honoré")
    if rdv.statut != StatutRendezVous.HONORE or rdv.evenement_id is None:
        messages.error(request, "Ce rendez-vous n'est pas honoré : notez-le honoré pour saisir l'entretien.")
        return redirect("agenda:rendez_vous_jeune", pk=rdv.jeune_id)
    evenement = rdv.evenement
    form = EvenementCompleterForm(request.POST or None, instance=evenement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            evenement_modifier(evenement=evenement, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"Entretien du {evenement.date:%d/%m/%Y} enregistré.")
            return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": rdv.jeune_id}) + "#journal")
    return render(
        request,
        "agenda/rendez_vous_entretien.html",
        {"rdv": rdv, "jeune": rdv.jeune, "form": form, "rappel": RAPPEL_COMPTE_RENDU},
    )


@require_http_methods(["GET", "POST"])
def rendez_vous_reporter(request, pk):
    rdv = _rendez_vous_pour(request, pk, quoi="report d'un rendez-vous")
    form = ReportForm(request.POST or None, initial=initial_depuis(request.GET.get("creneau")))
    if request.method == "POST" and form.is_valid():
        try:
            nouveau = services.rendez_vous_reporter(
                rendez_vous=rdv, debut=form.debut(), motif=form.cleaned_data["motif"], par=request.user
            )
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"Rendez-vous reporté au {local(nouveau.debut):%d/%m/%Y à %H:%M}.")
            return redirect("agenda:rendez_vous_jeune", pk=rdv.jeune_id)
    return render(
        request,
        "agenda/rendez_vous_reporter.html",
        {"rdv": rdv, "jeune": rdv.jeune, "form": form, "creneaux": _creneaux(rdv.conseiller, rdv.duree_minutes)},
    )


@require_http_methods(["GET"])
def rendez_vous_convocation_pdf(request, pk):
    """Lettre de convocation imprimable d'un rendez-vous planifié à venir : une ligne « impression » au journal
    des accès, un message « courrier » au journal des messages du jeune (une fois par rendez-vous, même réimprimée)."""
    rdv = _rendez_vous_pour(request, pk, quoi="convocation d'un rendez-vous (PDF)", action=ActionAcces.IMPRESSION)
    if rdv.statut != StatutRendezVous.PLANIFIE or rdv.debut <= timezone.now():
        messages.error(request, "Seul un rendez-vous planifié à venir a une lettre de convocation.")
        return redirect("agenda:rendez_vous_jeune", pk=rdv.jeune_id)
    contexte = convocation.contexte_lettre(rdv)
    contenu = rendre_pdf("agenda/pdf/convocation.html", contexte, request=request)
    convocation.lettre_enregistrer(rdv, par=request.user)
    return reponse_pdf(contenu, f"convocation-rendez-vous-{rdv.pk}.pdf")


@require_http_methods(["GET"])
def antenne(request):
    """Le responsable d'antenne : la journée de toute son antenne, une colonne par conseiller. Chaque jeune
    montré passe par le portail (une ligne de journal par jeune)."""
    exiger(request, "agenda.voir_agenda_antenne")
    jour_demande = _date_demandee(request, "date", timezone.localdate())
    conseillers = _conseillers_de_l_antenne(request.user)
    rendez_vous = list(portail.restreindre(request, selectors.rendez_vous_des(conseillers, jour_demande), "jeune__"))
    portail.lire_en_lot(request, {rdv.jeune for rdv in rendez_vous}, quoi="agenda de l'antenne")
    contexte = {
        "jour": jour_demande,
        "antenne": request.user.antenne,
        "colonnes": selectors.journee_de_l_antenne(conseillers, jour_demande, rendez_vous),
        "precedent": jour_demande - datetime.timedelta(days=1),
        "suivant": jour_demande + datetime.timedelta(days=1),
        "aujourd_hui": timezone.localdate(),
    }
    gabarit = "agenda/includes/antenne.html" if request.htmx else "agenda/antenne.html"
    return render(request, gabarit, contexte)


@require_http_methods(["GET"])
def planifier(request):
    """Planifier depuis l'agenda : le créneau choisi, puis le jeune (recherche de l'en-tête, dans le périmètre) ;
    le formulaire du dossier s'ouvre prérempli à ce créneau."""
    exiger(request, "agenda.voir_agenda")
    valeur = request.GET.get("creneau", "")
    initial = initial_depuis(valeur)
    if not initial:
        messages.error(request, "Créneau illisible : choisissez un créneau libre dans l'agenda.")
        return redirect("agenda:semaine")
    moment = datetime.datetime.combine(initial["date"], initial["heure"])
    return render(request, "agenda/planifier.html", {"moment": moment, "creneau": f"{moment:%Y-%m-%dT%H:%M}"})
