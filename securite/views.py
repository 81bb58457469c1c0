"""Vues de la sécurité : second facteur, journal des accès, journal des connexions, verrouillages.

Historique d'un dossier, consultation exceptionnelle et droits des personnes : conservation/views.py."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import user_has_device
from rules.contrib.views import permission_required

from securite import services
from securite.forms import CodeForm, ConnexionsFiltreForm, DeverrouillageForm, JournalFiltreForm
from securite.selectors import connexions_rechercher, journal_rechercher
from weker.htmx import rendre

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
