"""Budget du FAJ (enveloppes, réallocations) et export des ordres de paiement pour la comptabilité."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aides import selectors, services
from aides.enums import DECISIONS_FAVORABLES, Fonds, StatutDemande
from aides.forms import EnveloppeForm, ExportPaiementsForm, MontantVoteForm, ReallocationForm
from aides.models import ZERO, DemandeAide, Paiement, Reallocation
from aides.views.communs import exiger, messages_de
from securite import portail
from securite.models import ActionAcces
from weker.exports import reponse_tableau
from weker.templatetags.weker import euros


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
    budgets = selectors.budget_annuel(annee)
    fonds_ouverts = {b.enveloppe.fonds for b in budgets}
    contexte = {
        "annee": annee,
        "annees": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
        "budgets": budgets,
        "aides_accordees": selectors.aides_accordees_par_fonds(annee),
        "fonds_a_ouvrir": [f.label for f in Fonds if f.value not in fonds_ouverts],
        "reallocations": Reallocation.objects.filter(destination__annee=annee).select_related(
            "source", "destination", "par", "demande"
        ),
        "peut_gerer": peut_gerer,
    }
    if peut_gerer:
        contexte["form_enveloppe"] = EnveloppeForm(initial={"annee": annee})
        contexte["form_reallocation"] = ReallocationForm(annee=annee)
        contexte["form_montant"] = MontantVoteForm(annee=annee)
    return render(request, "aides/enveloppe_liste.html", contexte)


def _vers_budget(annee):
    return redirect(reverse("aides:enveloppe_liste") + f"?annee={annee}")


@require_POST
def budget_ouvrir(request):
    """Ouvre le budget de l'année (?annee=) pour les fonds qui n'y ont aucune enveloppe (service idempotent)."""
    exiger(request.user, "aides.gerer_enveloppes")
    annee = _annee(request)
    creees = services.enveloppes_ouvrir_annee(annee=annee, par=request.user)
    if creees:
        messages.success(
            request,
            f"Budget FAJ {annee} ouvert ({len(creees)} enveloppes, à 0 €) : saisissez les montants votés.",
        )
    else:
        messages.info(request, f"Le budget FAJ {annee} était déjà ouvert pour chaque fonds.")
    return _vers_budget(annee)


@require_POST
def enveloppe_modifier(request):
    """Saisit ou corrige le montant voté d'une enveloppe de l'année (?annee=)."""
    exiger(request.user, "aides.gerer_enveloppes")
    annee = _annee(request)
    form = MontantVoteForm(request.POST, annee=annee)
    if form.is_valid():
        enveloppe = form.cleaned_data["enveloppe"]
        try:
            services.enveloppe_modifier(enveloppe=enveloppe, par=request.user, montant=form.cleaned_data["montant"])
        except ValidationError as erreur:
            for message in messages_de(erreur):
                messages.error(request, message)
        else:
            messages.success(request, f"Montant voté de « {enveloppe.nom} » : {euros(form.cleaned_data['montant'])}.")
    else:
        for champ, erreurs in form.errors.items():
            for erreur in erreurs:
                messages.error(request, f"{form.fields[champ].label} : {erreur}")
    return _vers_budget(annee)


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
        yield (
            d.jeune_id,
            [
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
            ],
        )


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
        yield (
            d.jeune_id,
            [
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
            ],
        )


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
        portail.lire_en_lot(
            request,
            [jeune_id for jeune_id, _ in lignes],
            quoi=f"Export {nom} du {du:%d/%m/%Y} au {au:%d/%m/%Y}",
            action=ActionAcces.EXPORT,
        )
        lignes = [ligne for _, ligne in lignes]
        return reponse_tableau(f"{nom}-{du:%Y%m%d}-{au:%Y%m%d}", entetes, lignes, format=format, titre="FAJ")
    return render(request, "aides/paiement_export.html", {"form": form})
