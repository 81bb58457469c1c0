"""Écrans des dispositifs : catalogue, bénéficiaires, inscriptions, alertes, paiements CEJ."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from accompagnement.models import Jeune
from comptes.enums import Role
from dispositifs import selectors, services
from dispositifs.enums import TypeAllocation
from dispositifs.filters import AlertesFilter, BeneficiairesFilter
from dispositifs.forms import (
    AjustementForm,
    AllocationPaceaForm,
    EmploiForm,
    InscriptionForm,
    PhaseEvaluationForm,
    PhaseForm,
    PreparationForm,
    SortieForm,
    ValidationPaiementForm,
)
from dispositifs.models import Alerte, Dispositif, Inscription, LignePaiement, Phase, PreparationPaiement
from dispositifs.tasks import calculer_alertes
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from weker.exports import FORMATS, reponse_tableau
from weker.htmx import rendre

PAR_PAGE = 50


def _avec_antenne_par_defaut(request):
    """Filtres de liste : l'antenne de l'utilisateur par défaut (la direction voit tout)."""
    donnees = request.GET.copy()
    if "antenne" not in donnees and request.user.antenne_id and request.user.role != Role.DIRECTION:
        donnees["antenne"] = str(request.user.antenne_id)
    return donnees


def _inscription_pour(request, pk, perm):
    """Inscription visible par l'utilisateur : 404 si inexistante, 403 si la permission manque sur l'objet."""
    inscription = get_object_or_404(
        Inscription.objects.select_related("jeune", "jeune__antenne", "dispositif", "conseiller"), pk=pk
    )
    if not request.user.has_perm(perm, inscription):
        raise PermissionDenied
    return inscription


def _format(request):
    format_ = request.GET.get("format", "csv")
    if format_ not in FORMATS:
        raise Http404("Format inconnu.")
    return format_


# --- Catalogue et bénéficiaires ---------------------------------------------------------------------------------


@require_GET
@permission_required("dispositifs.voir_dispositifs", raise_exception=True)
def liste(request):
    dispositifs = selectors.catalogue_avec_effectifs(antenne=request.user.antenne)
    return render(request, "dispositifs/dispositif_liste.html", {"dispositifs": dispositifs})


def _beneficiaires(request, dispositif):
    filtre = BeneficiairesFilter(
        _avec_antenne_par_defaut(request),
        queryset=Inscription.objects.filter(dispositif=dispositif)
        .avec_donnees_de_liste()
        .select_related("jeune__referent")
        .order_by("jeune__nom", "jeune__prenom", "-date_entree"),
        request=request,
    )
    return filtre


@require_GET
@permission_required("dispositifs.voir_dispositifs", raise_exception=True)
def beneficiaires(request, code):
    dispositif = get_object_or_404(Dispositif.objects.prefetch_related("incompatibilites"), code=code)
    filtre = _beneficiaires(request, dispositif)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = filtre.data.copy()
    parametres.pop("page", None)
    contexte = {
        "dispositif": dispositif,
        "filtre": filtre,
        "page": page,
        "parametres": parametres.urlencode(),
        "effectifs": selectors.effectifs_par_antenne(dispositif=dispositif, annee=timezone.localdate().year),
        "annee": timezone.localdate().year,
    }
    return rendre(
        request, "dispositifs/beneficiaire_liste.html", "dispositifs/includes/beneficiaires_tableau.html", contexte
    )


@require_GET
@permission_required("dispositifs.exporter_beneficiaires", raise_exception=True)
def beneficiaires_export(request, code):
    dispositif = get_object_or_404(Dispositif, code=code)
    format_ = _format(request)
    filtre = _beneficiaires(request, dispositif)
    journaliser_acces(request, action=ActionAcces.EXPORT, objet=f"Bénéficiaires {dispositif.nom} ({format_})")
    entetes = [
        "Nom",
        "Prénom",
        "Date de naissance",
        "Antenne",
        "Référent",
        "Entrée",
        "Fin prévue",
        "Renouvellements",
        "Sortie",
        "Motif de sortie",
    ]
    lignes = (
        [
            i.jeune.nom_affiche,
            i.jeune.prenom,
            i.jeune.date_naissance,
            i.jeune.antenne.nom,
            str(i.jeune.referent) if i.jeune.referent else "",
            i.date_entree,
            i.date_fin_prevue,
            i.nombre_renouvellements,
            i.date_sortie,
            i.get_motif_sortie_display(),
        ]
        for i in filtre.qs.iterator(chunk_size=2000)
    )
    return reponse_tableau(f"beneficiaires-{dispositif.code}", entetes, lignes, format=format_, titre=dispositif.nom)


# --- Inscriptions -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def inscription_creer(request, jeune_pk):
    jeune = get_object_or_404(Jeune.objects.select_related("antenne"), pk=jeune_pk)
    if not request.user.has_perm("dispositifs.gerer_inscriptions", jeune):
        raise PermissionDenied
    form = InscriptionForm(request.POST or None, initial={"date_entree": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            inscription = services.inscription_creer(
                jeune=jeune,
                dispositif=donnees["dispositif"],
                date_entree=donnees["date_entree"],
                par=request.user,
                foyer_imposable=donnees["foyer_imposable"],
                orienteur_type=donnees["orienteur_type"],
                orienteur_nom=donnees["orienteur_nom"],
                commentaire=donnees["commentaire"],
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"{jeune.prenom} est inscrit·e en « {inscription.dispositif.nom} ».")
            return redirect("dispositifs:inscription_detail", pk=inscription.pk)
    dispositifs = list(Dispositif.objects.prefetch_related("incompatibilites"))
    contexte = {
        "jeune": jeune,
        "form": form,
        "dispositifs": dispositifs,
        "avec_foyer": ",".join(str(d.pk) for d in dispositifs if d.allocation == TypeAllocation.MENSUELLE_CEJ),
        "avec_orienteur": ",".join(str(d.pk) for d in dispositifs if d.orientation_requise),
    }
    return render(request, "dispositifs/inscription_creer.html", contexte, status=400 if form.errors else 200)


@require_GET
def inscription_detail(request, pk):
    inscription = _inscription_pour(request, pk, "dispositifs.voir_inscription")
    journaliser_acces(request, objet=f"Inscription {inscription.dispositif.nom}", jeune=inscription.jeune)
    return render(request, "dispositifs/inscription_detail.html", _contexte_detail(request, inscription))


def _contexte_detail(request, inscription, **formulaires):
    aujourd_hui = timezone.localdate()
    dispositif = inscription.dispositif
    contexte = {
        "inscription": inscription,
        "jeune": inscription.jeune,
        "dispositif": dispositif,
        "peut_gerer": request.user.has_perm("dispositifs.gerer_inscriptions", inscription),
        "phases": inscription.phases.all(),
        "versements": inscription.versements.order_by("-date"),
        "alertes": inscription.alertes.all(),
        "historique": inscription.history.select_related("history_user").order_by("-history_date")[:20],
        "form_sortie": formulaires.get("form_sortie") or SortieForm(initial={"date_sortie": aujourd_hui}),
        "form_phase": formulaires.get("form_phase") or PhaseForm(initial={"date_debut": aujourd_hui}),
        "form_emploi": formulaires.get("form_emploi") or EmploiForm(initial={"date_entree_emploi": aujourd_hui}),
        "form_allocation": formulaires.get("form_allocation") or AllocationPaceaForm(initial={"date": aujourd_hui}),
        "plafond": None,
        "montant_cej": None,
    }
    if dispositif.allocation == TypeAllocation.MENSUELLE_CEJ and inscription.est_ouverte:
        try:
            contexte["montant_cej"] = selectors.montant_cej(
                age=inscription.jeune.age_au(aujourd_hui.replace(day=1)),
                foyer_imposable=inscription.foyer_imposable,
                date=aujourd_hui.replace(day=1),
            )
        except ValidationError:
            contexte["montant_cej"] = None
    if dispositif.allocation == TypeAllocation.PONCTUELLE_PACEA:
        try:
            contexte["plafond"] = selectors.plafond_pacea(
                jeune=inscription.jeune, dispositif=dispositif, date=aujourd_hui
            )
        except ValidationError as exc:
            contexte["erreur_plafond"] = " ".join(exc.messages)
    contexte.setdefault("erreur_plafond", "")
    return contexte


def _action_inscription(request, pk, form_class, nom_form, appel, succes):
    inscription = _inscription_pour(request, pk, "dispositifs.gerer_inscriptions")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            appel(inscription, form.cleaned_data)
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, succes)
            return redirect("dispositifs:inscription_detail", pk=inscription.pk)
    contexte = _contexte_detail(request, inscription, **{nom_form: form})
    return render(request, "dispositifs/inscription_detail.html", contexte, status=400)


@require_POST
def inscription_renouveler(request, pk):
    inscription = _inscription_pour(request, pk, "dispositifs.gerer_inscriptions")
    try:
        inscription = services.inscription_renouveler(inscription=inscription, par=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Inscription renouvelée ({inscription.nombre_renouvellements} renouvellement(s)) : fin prévue le "
            f"{inscription.date_fin_prevue:%d/%m/%Y}.",
        )
    return redirect("dispositifs:inscription_detail", pk=inscription.pk)


@require_POST
def inscription_sortir(request, pk):
    return _action_inscription(
        request,
        pk,
        SortieForm,
        "form_sortie",
        lambda inscription, d: services.inscription_sortir(
            inscription=inscription, date_sortie=d["date_sortie"], motif_sortie=d["motif_sortie"], par=request.user
        ),
        "La sortie est enregistrée.",
    )


@require_POST
def inscription_emploi(request, pk):
    return _action_inscription(
        request,
        pk,
        EmploiForm,
        "form_emploi",
        lambda inscription, d: services.inscription_enregistrer_emploi(
            inscription=inscription, date_entree_emploi=d["date_entree_emploi"], par=request.user
        ),
        "L'entrée en emploi est enregistrée : le suivi continue jusqu'à la fin prévue.",
    )


@require_POST
def phase_ajouter(request, pk):
    return _action_inscription(
        request,
        pk,
        PhaseForm,
        "form_phase",
        lambda inscription, d: services.phase_ajouter(
            inscription=inscription, date_debut=d["date_debut"], objectifs=d["objectifs"], par=request.user
        ),
        "La nouvelle phase est ouverte.",
    )


@require_POST
def allocation_pacea(request, pk):
    return _action_inscription(
        request,
        pk,
        AllocationPaceaForm,
        "form_allocation",
        lambda inscription, d: services.allocation_pacea_verser(
            inscription=inscription, montant=d["montant"], date=d["date"], motif=d["motif"], par=request.user
        ),
        "L'allocation est enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def phase_evaluer(request, pk):
    phase = get_object_or_404(Phase.objects.select_related("inscription__jeune", "inscription__dispositif"), pk=pk)
    if not request.user.has_perm("dispositifs.gerer_inscriptions", phase.inscription):
        raise PermissionDenied
    form = PhaseEvaluationForm(
        request.POST or None,
        initial={"date_fin": phase.date_fin or timezone.localdate(), "evaluation": phase.evaluation},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_evaluer(
                phase=phase,
                evaluation=form.cleaned_data["evaluation"],
                date_fin=form.cleaned_data["date_fin"],
                par=request.user,
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"La phase {phase.numero} est évaluée.")
            return redirect("dispositifs:inscription_detail", pk=phase.inscription_id)
    return render(
        request,
        "dispositifs/phase_evaluer.html",
        {"phase": phase, "inscription": phase.inscription, "form": form},
        status=400 if form.errors else 200,
    )


# --- Alertes ----------------------------------------------------------------------------------------------------


@require_GET
@permission_required("dispositifs.voir_alertes", raise_exception=True)
def alertes(request):
    filtre = AlertesFilter(
        _avec_antenne_par_defaut(request),
        queryset=Alerte.objects.avec_donnees_de_liste().order_by("echeance", "jeune__nom"),
        request=request,
    )
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = filtre.data.copy()
    parametres.pop("page", None)
    return rendre(
        request,
        "dispositifs/alerte_liste.html",
        "dispositifs/includes/alertes_tableau.html",
        {"filtre": filtre, "page": page, "parametres": parametres.urlencode()},
    )


@require_POST
@permission_required("dispositifs.calculer_alertes", raise_exception=True)
def alertes_calculer(request):
    calculer_alertes.delay_on_commit()
    messages.success(request, "Le calcul des alertes est lancé : la liste sera à jour dans quelques instants.")
    return redirect("dispositifs:alertes")


# --- Paiements CEJ ----------------------------------------------------------------------------------------------


@require_GET
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def preparation_liste(request):
    preparations = PreparationPaiement.objects.select_related("validee_par").annotate(
        nombre=Count("lignes"), total=Sum("lignes__montant")
    )
    mois = timezone.localdate().replace(day=1)
    return render(
        request,
        "dispositifs/preparation_liste.html",
        {"preparations": preparations, "form": PreparationForm(initial={"mois": f"{mois:%Y-%m}"})},
    )


@require_POST
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def preparation_creer(request):
    form = PreparationForm(request.POST)
    if form.is_valid():
        try:
            mois = services.mois_depuis_texte(form.cleaned_data["mois"])
            preparation = services.preparation_creer(mois=mois, par=request.user)
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(request, f"Préparation de {preparation.mois:%m/%Y} créée.")
            return redirect("dispositifs:preparation_detail", pk=preparation.pk)
    preparations = PreparationPaiement.objects.select_related("validee_par").annotate(
        nombre=Count("lignes"), total=Sum("lignes__montant")
    )
    return render(
        request, "dispositifs/preparation_liste.html", {"preparations": preparations, "form": form}, status=400
    )


def _lignes(preparation):
    return preparation.lignes.select_related("jeune", "jeune__antenne", "inscription").order_by(
        "jeune__antenne__ordre", "jeune__nom", "jeune__prenom"
    )


@require_GET
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def preparation_detail(request, pk):
    preparation = get_object_or_404(PreparationPaiement, pk=pk)
    return render(request, "dispositifs/preparation_detail.html", _contexte_preparation(preparation))


def _contexte_preparation(preparation, form_validation=None):
    lignes = list(_lignes(preparation))
    return {
        "preparation": preparation,
        "lignes": [(ligne, AjustementForm(prefix=f"l{ligne.pk}", initial=_initial(ligne))) for ligne in lignes],
        "nombre": sum(1 for ligne in lignes if ligne.montant > 0),
        "total": sum((ligne.montant for ligne in lignes), start=0),
        "total_du": sum((ligne.montant_du for ligne in lignes), start=0),
        "form_validation": form_validation or ValidationPaiementForm(initial={"date_paiement": timezone.localdate()}),
    }


def _initial(ligne):
    return {"montant": ligne.montant, "motif": ligne.motif_ajustement}


@require_POST
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def preparation_recalculer(request, pk):
    preparation = get_object_or_404(PreparationPaiement, pk=pk)
    try:
        services.preparation_calculer(preparation=preparation, par=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Les montants dus sont recalculés (les ajustements motivés sont conservés).")
    return redirect("dispositifs:preparation_detail", pk=preparation.pk)


@require_POST
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def ligne_ajuster(request, pk):
    ligne = get_object_or_404(LignePaiement.objects.select_related("preparation", "jeune", "jeune__antenne"), pk=pk)
    form = AjustementForm(request.POST, prefix=f"l{ligne.pk}")
    statut = 200
    if form.is_valid():
        try:
            ligne = services.ligne_ajuster(
                ligne=ligne, montant=form.cleaned_data["montant"], motif=form.cleaned_data["motif"], par=request.user
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
            statut = 400
        else:
            form = AjustementForm(prefix=f"l{ligne.pk}", initial=_initial(ligne))
            if not request.htmx:
                messages.success(request, f"Ligne de {ligne.jeune} ajustée.")
    else:
        statut = 400
    if request.htmx:
        return render(
            request,
            "dispositifs/includes/ligne_paiement.html",
            {"ligne": ligne, "form": form, "preparation": ligne.preparation},
            status=statut,
        )
    if statut != 200:
        for erreurs in form.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
    return redirect("dispositifs:preparation_detail", pk=ligne.preparation_id)


@require_POST
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def preparation_valider(request, pk):
    preparation = get_object_or_404(PreparationPaiement, pk=pk)
    form = ValidationPaiementForm(request.POST)
    if form.is_valid():
        try:
            services.preparation_valider(
                preparation=preparation, date_paiement=form.cleaned_data["date_paiement"], par=request.user
            )
        except ValidationError as exc:
            form.ajouter_erreurs(exc)
        else:
            messages.success(
                request, "Paiements validés et enregistrés comme versements : exportez l'ordre de paiement."
            )
            return redirect("dispositifs:preparation_detail", pk=preparation.pk)
    return render(request, "dispositifs/preparation_detail.html", _contexte_preparation(preparation, form), status=400)


@require_GET
@permission_required("dispositifs.preparer_paiements", raise_exception=True)
def preparation_export(request, pk):
    preparation = get_object_or_404(PreparationPaiement, pk=pk)
    if not preparation.est_validee:
        messages.error(request, "L'ordre de paiement s'exporte une fois la préparation validée.")
        return redirect("dispositifs:preparation_detail", pk=preparation.pk)
    format_ = _format(request)
    journaliser_acces(request, action=ActionAcces.EXPORT, objet=f"Ordre de paiement CEJ {preparation.periode}")
    entetes = [
        "Nom",
        "Prénom",
        "Date de naissance",
        "Identifiant France Travail",
        "Antenne",
        "Mois couvert",
        "Date de paiement",
        "Montant dû",
        "Montant payé",
        "Motif de l'ajustement",
    ]
    lignes = [
        [
            ligne.jeune.nom_affiche,
            ligne.jeune.prenom,
            ligne.jeune.date_naissance,
            ligne.jeune.france_travail_identifiant,
            ligne.jeune.antenne.nom,
            preparation.periode,
            preparation.date_paiement,
            ligne.montant_du,
            ligne.montant,
            ligne.motif_ajustement,
        ]
        for ligne in _lignes(preparation).filter(montant__gt=0)
    ]
    return reponse_tableau(
        f"ordre-paiement-cej-{preparation.periode}", entetes, lignes, format=format_, titre="Ordre de paiement CEJ"
    )
