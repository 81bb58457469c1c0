"""Vues de la sécurité : second facteur, journal des accès, verrouillages, historique d'un dossier, consultation
exceptionnelle, droits des personnes (accès, portabilité, effacement)."""

import json
from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import user_has_device
from rules.contrib.views import permission_required

from accompagnement.models import Jeune
from weker.htmx import rendre
from weker.journal import journaliser_acces
from weker.models import ActionAcces
from weker.pdf import rendre_pdf, reponse_pdf
from weker.securite import portail, services
from weker.securite.conservation import jeune_effacer, retenues_legales
from weker.securite.forms import CodeForm, ConnexionsFiltreForm, DeverrouillageForm, JournalFiltreForm, MotifForm
from weker.securite.selectors import connexions_rechercher, donnees_jeune, historique_jeune, journal_rechercher

PAR_PAGE = 50


def _suivant(request, defaut="accueil"):
    suivant = request.POST.get("next") or request.GET.get("next") or ""
    if suivant and url_has_allowed_host_and_scheme(suivant, allowed_hosts={request.get_host()}):
        return suivant
    return reverse(defaut)


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=15)
    return image.to_string(encoding="unicode")


# --- Second facteur -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def otp_enrolement(request):
    """Activation du second facteur : QR code (SVG en ligne, sans script) puis saisie d'un premier code."""
    if request.user.is_verified():
        messages.info(request, "Le second facteur est déjà activé et vérifié pour cette session.")
        return redirect(_suivant(request))
    if user_has_device(request.user):
        return redirect(f"{reverse('securite:otp_verification')}?{urlencode({'next': _suivant(request)})}")
    appareil = services.appareil_totp_en_attente(utilisateur=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_activer(request=request, appareil=appareil, code=form.cleaned_data["code"])
        except ValidationError as erreur:
            form.add_error("code", erreur)
        else:
            messages.success(request, "Second facteur activé : il vous sera demandé à chaque connexion.")
            return redirect(_suivant(request))
    contexte = {
        "form": form,
        "qr_svg": _qr_svg(appareil.config_url),
        "cle": b32encode(appareil.bin_key).decode(),
        "obligatoire": request.user.role in settings.WEKER_OTP_ROLES_OBLIGATOIRES,
        "next": _suivant(request),
    }
    return render(request, "securite/otp_enrolement.html", contexte)


@require_http_methods(["GET", "POST"])
def otp_verification(request):
    if request.user.is_verified():
        return redirect(_suivant(request))
    if not user_has_device(request.user):
        return redirect(f"{reverse('securite:otp_enrolement')}?{urlencode({'next': _suivant(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.otp_verifier(request=request, code=form.cleaned_data["code"])
        except ValidationError as erreur:
            form.add_error("code", erreur)
        else:
            return redirect(_suivant(request))
    return render(request, "securite/otp_verification.html", {"form": form, "next": _suivant(request)})


# --- Journal des accès ----------------------------------------------------------------------------------------


@require_GET
@permission_required("weker.voir_journal_acces", raise_exception=True)
def journal(request):
    form = JournalFiltreForm(request.GET or None)
    lignes = journal_rechercher()
    if form.is_bound and form.is_valid():
        lignes = journal_rechercher(**form.cleaned_data)
    elif form.is_bound:
        lignes = lignes.none()
    page = Paginator(lignes, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "form": form,
        "page": page,
        "parametres": parametres.urlencode(),
        "duree_mois": settings.WEKER_CONSERVATION["JOURNAL_MOIS"],
    }
    return rendre(request, "securite/journal.html", "securite/includes/journal_resultats.html", contexte)


@require_GET
@permission_required("weker.voir_journal_connexions", raise_exception=True)
def connexions(request):
    form = ConnexionsFiltreForm(request.GET or None)
    lignes = connexions_rechercher()
    if form.is_bound:
        lignes = connexions_rechercher(**form.cleaned_data) if form.is_valid() else lignes.none()
    page = Paginator(lignes, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {"form": form, "page": page, "parametres": parametres.urlencode()}
    return rendre(request, "securite/connexions.html", "securite/includes/connexions_resultats.html", contexte)


# --- Verrouillages (django-axes) ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("weker.deverrouiller_comptes", raise_exception=True)
def verrouillages(request):
    form = DeverrouillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nombre = services.verrouillage_lever(
                request=request,
                identifiant=form.cleaned_data["identifiant"],
                adresse_ip=form.cleaned_data["adresse_ip"] or "",
                par=request.user,
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Verrouillage levé ({nombre} enregistrement(s) d'échecs effacé(s)).")
            return redirect("securite:verrouillages")
    tentatives = AccessAttempt.objects.order_by("-attempt_time")[:200]
    contexte = {"form": form, "tentatives": tentatives, "limite": settings.AXES_FAILURE_LIMIT}
    return render(request, "securite/verrouillages.html", contexte)


# --- Historique d'un dossier ----------------------------------------------------------------------------------


def _jeune_pour(request, pk, permission, *, quoi, action=None):
    """Le dossier, ouvert par le portail des données personnelles (règle, base active, périmètre, journal)."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    jeune = get_object_or_404(Jeune.objects.select_related("antenne"), pk=pk)
    portail.ouvrir(request, jeune, permission=permission, quoi=quoi, action=action)
    return jeune


@require_GET
def historique(request, pk):
    jeune = _jeune_pour(request, pk, "weker.voir_historique_jeune", quoi="historique des modifications du dossier")
    contexte = {"jeune": jeune, "entrees": historique_jeune(jeune)}
    return rendre(request, "securite/historique.html", "securite/includes/historique_entrees.html", contexte)


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
        portail.accorder_consultation_exceptionnelle(request, jeune)
        return redirect(suivant)
    return render(request, "securite/consultation_exceptionnelle.html", {"jeune": jeune, "form": form, "next": suivant})


# --- Droits des personnes -------------------------------------------------------------------------------------


@require_GET
def droits(request, pk):
    jeune = _jeune_pour(request, pk, "weker.exercer_droits_personnes", quoi="droits de la personne")
    contexte = {
        "jeune": jeune,
        "retenues": retenues_legales(
            Jeune.objects.prefetch_related("inscriptions__dispositif", "versements").get(pk=jeune.pk),
            timezone.localdate(),
        ),
        "form": MotifForm(),
    }
    return render(request, "securite/droits.html", contexte)


@require_GET
def droit_acces_pdf(request, pk):
    jeune = _jeune_pour(
        request,
        pk,
        "weker.exercer_droits_personnes",
        quoi="droit d'accès : toutes les données (PDF)",
        action=ActionAcces.IMPRESSION,
    )
    contexte = {"jeune": jeune, "donnees": donnees_jeune(jeune), "le": timezone.localtime()}
    contenu = rendre_pdf("securite/droit_acces_pdf.html", contexte, request=request)
    return reponse_pdf(contenu, f"donnees-jeune-{jeune.pk}.pdf")


@require_GET
def droit_acces_json(request, pk):
    jeune = _jeune_pour(
        request,
        pk,
        "weker.exercer_droits_personnes",
        quoi="droit d'accès : toutes les données (JSON)",
        action=ActionAcces.EXPORT,
    )
    contenu = {"jeune": jeune.pk, "produit_le": timezone.now().isoformat(), **donnees_jeune(jeune)}
    response = HttpResponse(
        json.dumps(contenu, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-jeune-{jeune.pk}.json"'
    return response


@require_POST
def effacement(request, pk):
    if not request.user.has_perm("weker.exercer_droits_personnes"):
        raise PermissionDenied
    jeune = get_object_or_404(Jeune.objects.select_related("antenne"), pk=pk)
    if not jeune.est_dans_base_active and not portail.consultation_exceptionnelle_accordee(request, jeune):
        raise Http404("Dossier introuvable.")  # l'effacement se journalise lui-même (action « Effacement »)
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
    return redirect("securite:droits", pk=jeune.pk)
