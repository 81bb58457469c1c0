"""Éditions du rapport d'activité : la direction écrit l'ouverture des chapitres, choisit les chapitres, dépose le
logo, prévisualise puis fige une édition (PDF et chiffres gardés tels quels, numérotés, jamais recalculés).

Direction : l'agence et chaque antenne ; responsable d'antenne : l'édition de son antenne seulement."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from antennes.models import Antenne
from reporting import services
from reporting.chapitres import CHAPITRES
from reporting.forms import RedactionForm
from reporting.models import EditionRapport
from reporting.rapport import produire_rapport_pdf
from reporting.selectors import mise_en_page_pour, noms_territoires, redaction_pour
from reporting.views import _perimetre
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from weker.htmx import rendre
from weker.pdf import reponse_pdf
from weker.travaux import TravailNonProgramme


def _perimetre_edition(request):
    """(filtre, année, antenne ou None) : un responsable est ramené à son antenne ; le périmètre doit lui être
    ouvert pour les éditions (`reporting.preparer_edition`)."""
    filtre, annee, antenne_code = _perimetre(request)
    if not request.user.has_perm("reporting.preparer_edition", antenne_code):
        raise PermissionDenied("Les éditions de ce périmètre ne vous sont pas ouvertes.")
    antenne = Antenne.objects.filter(code=antenne_code).first() if antenne_code else None
    return filtre, annee, antenne


def _requete(annee, antenne):
    return urlencode({"annee": annee, **({"antenne": antenne.code} if antenne else {})})


@require_http_methods(["GET", "POST"])
@permission_required("reporting.voir_editions", raise_exception=True)
def editions(request):
    filtre, annee, antenne = _perimetre_edition(request)
    code = antenne.code if antenne else None
    redaction = redaction_pour(annee, code)
    requete = _requete(annee, antenne)
    if request.method == "POST":
        formulaire = RedactionForm(request.POST, request.FILES, redaction=redaction)
        if formulaire.is_valid():
            try:
                services.redaction_enregistrer(
                    annee=annee,
                    antenne=antenne,
                    par=request.user,
                    chapitres_retenus=formulaire.chapitres_retenus(),
                    textes=formulaire.textes(),
                    logo=formulaire.cleaned_data.get("logo"),
                    retirer_logo=formulaire.cleaned_data.get("retirer_logo", False),
                )
            except ValidationError as exc:
                formulaire.ajouter_erreurs(exc)
            else:
                messages.success(request, "Textes et choix des chapitres enregistrés.")
                return HttpResponseRedirect(f"{reverse('reporting:editions')}?{requete}")
        statut = 400
    else:
        formulaire = RedactionForm(redaction=redaction)
        statut = 200
    liste = EditionRapport.objects.filter(annee=annee, antenne=antenne).select_related("cree_par").order_by("-numero")
    noms = noms_territoires()
    contexte = {
        "filtre": filtre,
        "formulaire": formulaire,
        "annee": annee,
        "perimetre_nom": noms.get(code, code) if code else "toute l'agence",
        "redaction": redaction,
        "editions": liste,
        "requete": requete,
        "nombre_chapitres": len(CHAPITRES),
    }
    return render(request, "reporting/editions.html", contexte, status=statut)


@require_GET
@permission_required("reporting.voir_editions", raise_exception=True)
def edition_apercu(request):
    """Aperçu du PDF avec les textes enregistrés et les chiffres de maintenant : rendu à la volée, rien n'est
    enregistré (ni fichier, ni instantané, ni édition)."""
    _, annee, antenne = _perimetre_edition(request)
    code = antenne.code if antenne else None
    try:
        contenu = produire_rapport_pdf(annee, code, mise_en_page=mise_en_page_pour(annee, code))
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    suffixe = f"-{code.lower()}" if code else ""
    return reponse_pdf(contenu, f"apercu-rapport-activite-{annee}{suffixe}.pdf", en_ligne=True)


@transaction.non_atomic_requests  # la tâche part à la fin du service : un courtier injoignable s'affiche ici
@require_POST
@permission_required("reporting.voir_editions", raise_exception=True)
def edition_figer(request):
    _, annee, antenne = _perimetre_edition(request)
    try:
        edition = services.edition_figer_demander(annee=annee, antenne=antenne, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except TravailNonProgramme as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, f"Édition n° {edition.numero} en préparation : la page se met à jour toute seule.")
        return redirect("reporting:edition_detail", pk=edition.pk)
    return HttpResponseRedirect(f"{reverse('reporting:editions')}?{_requete(annee, antenne)}")


def _edition_autorisee(request, pk):
    edition = get_object_or_404(EditionRapport.objects.select_related("antenne", "cree_par"), pk=pk)
    if not request.user.has_perm("reporting.voir_edition", edition):
        raise Http404("Édition introuvable.")
    return edition


@require_GET
@permission_required("reporting.voir_editions", raise_exception=True)
def edition_detail(request, pk):
    edition = _edition_autorisee(request, pk)
    titres = {c.code: c.titre for c in CHAPITRES}
    contexte = {
        "edition": edition,
        "requete": _requete(edition.annee, edition.antenne),
        "chapitres": [
            (titres.get(c["code"], c["code"]), bool(c.get("texte") or c.get("citation")))
            for c in edition.redaction.get("chapitres", [])
        ],
    }
    return rendre(request, "reporting/edition_detail.html", "reporting/includes/edition_etat.html", contexte)


def _edition_produite(request, pk):
    edition = _edition_autorisee(request, pk)
    if not edition.fichier:
        raise Http404("Cette édition n'est pas encore prête.")
    return edition


@require_GET
@permission_required("reporting.voir_editions", raise_exception=True)
def edition_telecharger(request, pk):
    edition = _edition_produite(request, pk)
    journaliser_acces(request, action=ActionAcces.TELECHARGEMENT, objet=str(edition))
    with edition.fichier.open("rb") as fichier:
        return reponse_pdf(fichier.read(), edition.nom_fichier)


@require_GET
@permission_required("reporting.voir_editions", raise_exception=True)
def edition_chiffres(request, pk):
    """Les chiffres figés de l'édition (instantanés N et N-1 qu'elle montre), en JSON, tels qu'enregistrés."""
    edition = _edition_produite(request, pk)
    journaliser_acces(request, action=ActionAcces.TELECHARGEMENT, objet=f"Chiffres — {edition}")
    contenu = json.dumps(edition.chiffres, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    reponse = HttpResponse(contenu, content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{edition.nom_fichier.removesuffix(".pdf")}.json"'
    return reponse
