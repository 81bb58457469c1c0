"""Budget du FAJ (enveloppes, réallocations) et export des ordres de paiement pour la comptabilité."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aides import selectors, services
from aides.enums import DECISIONS_FAVORABLES, StatutDemande
from aides.forms import EnveloppeForm, ExportPaiementsForm, ReallocationForm
from aides.models import ZERO, DemandeAide, Paiement, Reallocation
from aides.views.communs import exiger, messages_de
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from weker.exports import reponse_tableau


def _annee(request):
    try:
        annee = int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year
    return annee if 2000 <= annee <= 2100 else timezone.localdate().year


@require_GET
def enveloppe_liste(request):
    exiger(request.user, "aides.voir_enveloppes")
    annee = _annee(request)
    peut_gerer = request.user.has_perm("aides.gerer_enveloppes")
    contexte = {
        "annee": annee,
        "annees": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
        "budgets": selectors.budget_annuel(annee),
        "reallocations": Reallocation.objects.filter(destination__annee=annee).select_related(
            "source", "destination", "par", "demande"
        ),
        "peut_gerer": peut_gerer,
    }
    if peut_gerer:
        contexte["form_enveloppe"] = EnveloppeForm(initial={"annee": annee})
        contexte["form_reallocation"] = ReallocationForm(annee=annee)
    return render(request, "aides/enveloppe_liste.html", contexte)


@require_POST
def enveloppe_creer(request):
    exiger(request.user, "aides.gerer_enveloppes")
    form = EnveloppeForm(request.POST)
    if form.is_valid():
        try:
            enveloppe = services.enveloppe_creer(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            for message in messages_de(erreur):
                messages.error(request, message)
        else:
            messages.success(request, f"Enveloppe « {enveloppe.nom} » créée.")
            return redirect(reverse("aides:enveloppe_liste") + f"?annee={enveloppe.annee}")
    else:
        for champ, erreurs in form.errors.items():
            libelle = form.fields[champ].label if champ in form.fields else ""
            for erreur in erreurs:
                messages.error(request, f"{libelle} : {erreur}" if libelle else erreur)
    return redirect("aides:enveloppe_liste")


@require_POST
def reallocation_creer(request):
    exiger(request.user, "aides.gerer_enveloppes")
    annee = _annee(request)
    form = ReallocationForm(request.POST, annee=annee)
    if form.is_valid():
        try:
            services.reallocation_enregistrer(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            for message in messages_de(erreur):
                messages.error(request, message)
        else:
            messages.success(request, "Réallocation depuis la réserve enregistrée.")
    else:
        messages.error(request, "Réallocation incomplète : choisissez la réserve, l'enveloppe, le montant et le motif.")
    return redirect(reverse("aides:enveloppe_liste") + f"?annee={annee}")


ENTETES_PAIEMENTS = [
    "N° demande",
    "Fonds",
    "Nom",
    "Prénom",
    "Type d'aide",
    "Date de décision",
    "Montant accordé",
    "Date du paiement",
    "Mode",
    "Référence",
    "Bénéficiaire du paiement",
    "Montant payé",
    "Enveloppe",
]
ENTETES_ORDRES = [
    "N° demande",
    "Fonds",
    "Nom",
    "Prénom",
    "Adresse",
    "Commune",
    "Type d'aide",
    "Date de décision",
    "Date de notification",
    "Montant accordé",
    "Déjà payé",
    "Reste à payer",
    "Enveloppe",
]


def _lignes_paiements(du, au, fonds):
    paiements = Paiement.objects.filter(date__range=(du, au)).select_related(
        "demande", "demande__jeune", "demande__enveloppe"
    )
    if fonds:
        paiements = paiements.filter(demande__fonds=fonds)
    for p in paiements.order_by("date", "id"):
        d = p.demande
        yield [
            d.numero,
            d.get_fonds_display(),
            d.jeune.nom_affiche,
            d.jeune.prenom,
            d.get_type_display(),
            d.date_decision,
            d.montant_accorde,
            p.date,
            p.get_mode_display(),
            p.reference,
            p.beneficiaire or f"{d.jeune.prenom} {d.jeune.nom_affiche}",
            p.montant,
            d.enveloppe.nom if d.enveloppe else "",
        ]


def _lignes_ordres(du, au, fonds):
    """Ordres de paiement à émettre : aides accordées, notifiées entre deux dates, pas encore entièrement payées."""
    demandes = (
        DemandeAide.objects.filter(
            statut=StatutDemande.NOTIFIEE, decision__in=DECISIONS_FAVORABLES, date_notification__range=(du, au)
        )
        .select_related("jeune", "jeune__commune", "enveloppe")
        .annotate(deja_paye=Sum("paiements__montant"))
        .order_by("date_notification", "id")
    )
    if fonds:
        demandes = demandes.filter(fonds=fonds)
    for d in demandes:
        deja = d.deja_paye or ZERO
        yield [
            d.numero,
            d.get_fonds_display(),
            d.jeune.nom_affiche,
            d.jeune.prenom,
            d.jeune.adresse,
            d.jeune.commune.nom,
            d.get_type_display(),
            d.date_decision,
            d.date_notification,
            d.montant_accorde,
            deja,
            d.montant_accorde - deja,
            d.enveloppe.nom if d.enveloppe else "",
        ]


@require_http_methods(["GET"])
def paiement_export(request):
    exiger(request.user, "aides.exporter_paiements")
    form = ExportPaiementsForm(request.GET or None)
    if request.GET and form.is_valid():
        donnees = form.cleaned_data
        du, au, fonds, format = donnees["du"], donnees["au"], donnees["fonds"], donnees["format"]
        if donnees["contenu"] == "ordres":
            nom, entetes, lignes = "ordres-de-paiement-faj", ENTETES_ORDRES, list(_lignes_ordres(du, au, fonds))
        else:
            nom, entetes, lignes = "paiements-faj", ENTETES_PAIEMENTS, list(_lignes_paiements(du, au, fonds))
        journaliser_acces(
            request,
            action=ActionAcces.EXPORT,
            objet=f"Export {nom} du {du:%d/%m/%Y} au {au:%d/%m/%Y} ({len(lignes)} lignes)",
        )
        return reponse_tableau(f"{nom}-{du:%Y%m%d}-{au:%Y%m%d}", entetes, lignes, format=format, titre="FAJ")
    return render(request, "aides/paiement_export.html", {"form": form})
