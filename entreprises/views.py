"""Pages du registre des entreprises : liste et fiche, création et modification, contacts, offres, import SIRENE.

Chaque vue vérifie sa permission (`entreprises/permissions.py`). Les contacts sont des données personnelles : toute
page qui les montre écrit une ligne par contact au journal des accès (`securite.journal.journaliser_objets`). Les
sections de la fiche qui nomment des jeunes (mises en relation, immersions, embauches) passent par le portail :
seuls les jeunes de la base active et du périmètre du lecteur, une ligne de journal par jeune affiché.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from accompagnement.enums import CategorieSituation
from accompagnement.views.commun import reporter_erreurs
from entreprises import services
from entreprises.enums import StatutOffre
from entreprises.filters import EntrepriseFilter, OffreFilter
from entreprises.forms import ContactForm, EntrepriseForm, ImportSireneForm, OffreForm
from entreprises.models import ContactEntreprise, Entreprise, Offre
from entreprises.sirene import ErreursImport
from entreprises.tables import EntrepriseTable, OffreTable
from securite import portail
from securite.journal import journaliser_objets
from securite.models import ActionAcces
from weker.exports import reponse_tableau
from weker.htmx import rendre

PAR_PAGE = 50
LIMITE_SECTION = 20  # lignes montrées par section de la fiche (les plus récentes), le total est affiché


def exiger(request, permission, objet=None):
    if not request.user.has_perm(permission, objet):
        raise PermissionDenied


# --- Registre ---------------------------------------------------------------------------------------------------


@require_GET
def entreprise_liste(request):
    exiger(request, "entreprises.voir_entreprises")
    filtre = EntrepriseFilter(request.GET or None, queryset=Entreprise.objects.select_related("commune"))
    table = EntrepriseTable(filtre.qs)
    RequestConfig(request, paginate={"per_page": PAR_PAGE}).configure(table)
    contexte = {
        "filtre": filtre,
        "table": table,
        "peut_gerer": request.user.has_perm("entreprises.gerer_entreprises"),
    }
    return rendre(request, "entreprises/entreprise_liste.html", "entreprises/includes/entreprise_table.html", contexte)


def _section(qs, limite=LIMITE_SECTION):
    """Les `limite` premières lignes et le total (deux requêtes, quel que soit le nombre de lignes)."""
    return {"lignes": list(qs[:limite]), "total": qs.count()}


@require_GET
def entreprise_detail(request, pk):
    exiger(request, "entreprises.voir_entreprises")
    entreprise = get_object_or_404(Entreprise.objects.select_related("commune"), pk=pk)
    contacts = list(entreprise.contacts.filter(anonymise_le__isnull=True))
    journaliser_objets(request, contacts, quoi=f"fiche de l'entreprise n° {entreprise.pk}")

    mises_en_relation = _section(
        portail.restreindre(
            request, entreprise.mises_en_relation.select_related("jeune", "offre"), chemin="jeune__"
        ).order_by("-date", "-pk")
    )
    immersions = _section(
        portail.restreindre(request, entreprise.immersions.select_related("jeune"), chemin="jeune__").order_by(
            "-date_debut", "-pk"
        )
    )
    embauches = _section(
        portail.restreindre(
            request,
            entreprise.situations.filter(categorie=CategorieSituation.EMPLOI).select_related("jeune"),
            chemin="jeune__",
        ).order_by("-date_debut", "-pk")
    )
    quoi = f"fiche de l'entreprise n° {entreprise.pk}"
    portail.lire_en_lot(
        request,
        [(f"mise en relation n° {m.pk} ({quoi})", m.jeune_id) for m in mises_en_relation["lignes"]]
        + [(f"immersion n° {i.pk} ({quoi})", i.jeune_id) for i in immersions["lignes"]]
        + [(f"situation n° {s.pk} ({quoi})", s.jeune_id) for s in embauches["lignes"]],
    )
    contexte = {
        "entreprise": entreprise,
        "contacts": contacts,
        "offres": _section(entreprise.offres.order_by("-date_reception", "-pk")),
        "mises_en_relation": mises_en_relation,
        "immersions": immersions,
        "embauches": embauches,
        "actions": _section(entreprise.actions.order_by("-date", "-pk")),
        "peut_gerer": request.user.has_perm("entreprises.gerer_entreprises"),
        "peut_gerer_offres": request.user.has_perm("entreprises.gerer_offres"),
        "form_contact": ContactForm() if request.user.has_perm("entreprises.gerer_entreprises") else None,
    }
    return render(request, "entreprises/entreprise_detail.html", contexte)


def _enregistrer_entreprise(request, form, entreprise=None):
    """Appelle le service ; ses refus (doublon, SIRET, NAF) vont sur les champs du formulaire."""
    try:
        if entreprise is None:
            return services.entreprise_creer(**form.valeurs())
        return services.entreprise_modifier(entreprise=entreprise, **form.valeurs())
    except ValidationError as erreur:
        reporter_erreurs(form, erreur)
        if form.doublon is None and "siret" in form.errors:
            form.doublon = services.entreprise_du_siret(form.cleaned_data.get("siret", ""))
        return None


@require_http_methods(["GET", "POST"])
def entreprise_creer(request):
    exiger(request, "entreprises.gerer_entreprises")
    form = EntrepriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entreprise = _enregistrer_entreprise(request, form)
        if entreprise is not None:
            messages.success(request, f"Entreprise « {entreprise} » ajoutée au registre.")
            return redirect(entreprise)
    return render(request, "entreprises/entreprise_form.html", {"form": form, "entreprise": None})


@require_http_methods(["GET", "POST"])
def entreprise_modifier(request, pk):
    exiger(request, "entreprises.gerer_entreprises")
    entreprise = get_object_or_404(Entreprise.objects.select_related("commune"), pk=pk)
    form = EntrepriseForm(request.POST or None, instance=entreprise)
    if request.method == "POST" and form.is_valid():
        if _enregistrer_entreprise(request, form, entreprise) is not None:
            messages.success(request, "Entreprise modifiée.")
            return redirect(entreprise)
        entreprise.refresh_from_db()
    return render(request, "entreprises/entreprise_form.html", {"form": form, "entreprise": entreprise})


# --- Contacts ---------------------------------------------------------------------------------------------------


@require_POST
def contact_ajouter(request, pk):
    exiger(request, "entreprises.gerer_entreprises")
    entreprise = get_object_or_404(Entreprise, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contact = services.contact_ajouter(entreprise=entreprise, **form.valeurs())
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            journaliser_objets(request, [contact], action=ActionAcces.MODIFICATION)
            messages.success(request, "Contact ajouté.")
            return redirect(f"{entreprise.get_absolute_url()}#contacts")
    return render(
        request, "entreprises/contact_form.html", {"form": form, "entreprise": entreprise, "contact": None}, status=400
    )


def _contact(pk, contact_pk):
    return get_object_or_404(
        ContactEntreprise.objects.select_related("entreprise").filter(anonymise_le__isnull=True),
        pk=contact_pk,
        entreprise_id=pk,
    )


@require_http_methods(["GET", "POST"])
def contact_modifier(request, pk, contact_pk):
    exiger(request, "entreprises.gerer_entreprises")
    contact = _contact(pk, contact_pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST":
        journaliser_objets(request, [contact], action=ActionAcces.MODIFICATION)
        if form.is_valid():
            try:
                services.contact_modifier(contact=contact, **form.valeurs())
            except ValidationError as erreur:
                reporter_erreurs(form, erreur)
            else:
                messages.success(request, "Contact modifié.")
                return redirect(f"{contact.entreprise.get_absolute_url()}#contacts")
    else:
        journaliser_objets(request, [contact], quoi="formulaire de modification")
    contexte = {"form": form, "entreprise": contact.entreprise, "contact": contact}
    return render(request, "entreprises/contact_form.html", contexte)


@require_POST
def contact_supprimer(request, pk, contact_pk):
    exiger(request, "entreprises.gerer_entreprises")
    contact = _contact(pk, contact_pk)
    entreprise = contact.entreprise
    journaliser_objets(request, [contact], action=ActionAcces.MODIFICATION, quoi="suppression")
    services.contact_supprimer(contact=contact)
    messages.success(request, "Contact retiré.")
    return redirect(f"{entreprise.get_absolute_url()}#contacts")


# --- Offres -----------------------------------------------------------------------------------------------------

EN_TETES_OFFRES = [
    "Référence",
    "Intitulé",
    "Entreprise",
    "SIRET",
    "Code ROME",
    "Type de contrat",
    "Postes",
    "Reçue le",
    "Clôture",
    "Statut",
    "Conseiller",
]


def _lignes_offres(qs):
    for offre in qs.select_related("entreprise", "conseiller").iterator(chunk_size=2000):
        yield [
            offre.reference,
            offre.intitule,
            offre.entreprise.raison_sociale,
            offre.entreprise.siret,
            offre.code_rome,
            offre.get_type_contrat_display(),
            offre.nombre_postes,
            offre.date_reception,
            offre.date_cloture,
            offre.get_statut_display(),
            str(offre.conseiller) if offre.conseiller_id else "",
        ]


@require_GET
def offre_liste(request):
    exiger(request, "entreprises.voir_offres")
    filtre = OffreFilter(request.GET or None, queryset=Offre.objects.select_related("entreprise"))
    format_export = request.GET.get("export")
    if format_export in ("csv", "xlsx"):
        exiger(request, "entreprises.exporter_offres")
        horodatage = timezone.localtime().strftime("%Y%m%d-%H%M")
        qs = filtre.qs.order_by("-date_reception", "reference")
        return reponse_tableau(
            f"offres-{horodatage}", EN_TETES_OFFRES, _lignes_offres(qs), format=format_export, titre="Offres"
        )
    table = OffreTable(filtre.qs)
    RequestConfig(request, paginate={"per_page": PAR_PAGE}).configure(table)
    parametres = request.GET.copy()
    parametres.pop("export", None)
    parametres.pop("page", None)
    contexte = {
        "filtre": filtre,
        "table": table,
        "parametres": parametres.urlencode(),
        "peut_gerer": request.user.has_perm("entreprises.gerer_offres"),
        "peut_exporter": request.user.has_perm("entreprises.exporter_offres"),
    }
    return rendre(request, "entreprises/offre_liste.html", "entreprises/includes/offre_table.html", contexte)


@require_GET
def offre_detail(request, pk):
    exiger(request, "entreprises.voir_offres")
    offre = get_object_or_404(Offre.objects.select_related("entreprise", "entreprise__commune", "conseiller"), pk=pk)
    mises_en_relation = _section(
        portail.restreindre(request, offre.mises_en_relation.select_related("jeune"), chemin="jeune__").order_by(
            "-date", "-pk"
        )
    )
    portail.lire_en_lot(
        request,
        [(f"mise en relation n° {m.pk} (offre n° {offre.pk})", m.jeune_id) for m in mises_en_relation["lignes"]],
    )
    contexte = {
        "offre": offre,
        "mises_en_relation": mises_en_relation,
        "peut_gerer": request.user.has_perm("entreprises.gerer_offres"),
        "peut_proposer": request.user.has_perm("entreprises.proposer_jeune"),
        "transitions": [
            (StatutOffre.POURVUE, "Offre pourvue"),
            (StatutOffre.ANNULEE, "Annuler l'offre"),
        ],
    }
    return render(request, "entreprises/offre_detail.html", contexte)


def _enregistrer_offre(form, offre=None):
    try:
        if offre is None:
            return services.offre_creer(**form.valeurs())
        return services.offre_modifier(offre=offre, **form.valeurs())
    except ValidationError as erreur:
        reporter_erreurs(form, erreur)
        return None


@require_http_methods(["GET", "POST"])
def offre_creer(request):
    exiger(request, "entreprises.gerer_offres")
    initial = {"date_reception": timezone.localdate(), "conseiller": request.user.pk}
    siret = request.GET.get("entreprise")
    if siret:
        initial["entreprise"] = siret
    form = OffreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        offre = _enregistrer_offre(form)
        if offre is not None:
            messages.success(request, f"Offre {offre.reference} enregistrée.")
            return redirect(offre)
    return render(request, "entreprises/offre_form.html", {"form": form, "offre": None})


@require_http_methods(["GET", "POST"])
def offre_modifier(request, pk):
    exiger(request, "entreprises.gerer_offres")
    offre = get_object_or_404(Offre.objects.select_related("entreprise"), pk=pk)
    form = OffreForm(request.POST or None, instance=offre)
    if request.method == "POST" and form.is_valid():
        if _enregistrer_offre(form, offre) is not None:
            messages.success(request, "Offre modifiée.")
            return redirect(offre)
        offre.refresh_from_db()
    return render(request, "entreprises/offre_form.html", {"form": form, "offre": offre})


@require_POST
def offre_statut(request, pk):
    """Offre pourvue ou annulée (l'expiration est faite par la tâche de nuit)."""
    exiger(request, "entreprises.gerer_offres")
    offre = get_object_or_404(Offre, pk=pk)
    statut = request.POST.get("statut", "")
    if statut not in (StatutOffre.POURVUE, StatutOffre.ANNULEE):
        messages.error(request, "Choisissez « pourvue » ou « annulée ».")
        return redirect(offre)
    try:
        services.offre_changer_statut(offre=offre, statut=statut)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Offre {StatutOffre(statut).label.lower()}.")
    return redirect(offre)


# --- Import d'un extrait SIRENE (administrateurs) -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_sirene(request):
    exiger(request, "entreprises.importer_sirene")
    form = ImportSireneForm(request.POST or None, request.FILES or None)
    rapport, erreurs = None, []
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            rapport = services.sirene_importer(fichier=fichier, nom_fichier=fichier.name, par=request.user)
        except ErreursImport as echec:
            erreurs = echec.erreurs
    contexte = {"form": form, "rapport": rapport, "erreurs": erreurs}
    return render(request, "entreprises/import_sirene.html", contexte, status=400 if erreurs else 200)
