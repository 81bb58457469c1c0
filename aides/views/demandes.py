"""Parcours du conseiller : préparer une demande, la compléter, la soumettre ; suivi jusqu'au paiement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompagnement.models import Jeune
from aides import services
from aides.enums import DECISIONS_FAVORABLES, StatutDemande, TypeDecision
from aides.filters import DemandeFiltre
from aides.forms import DemandeForm, PaiementForm, PieceJointeForm, RechercheJeuneForm, UrgenceForm
from aides.models import DemandeAide, ParametreFAJ, PieceJointe
from aides.views.communs import demande_visible, exiger, messages_de, reporter_erreurs
from comptes.enums import Role
from securite import portail
from securite.journal import reference
from securite.models import ActionAcces
from weker.htmx import rendre
from weker.pdf import rendre_pdf, reponse_pdf

PAR_PAGE = 50
ROLES_LISTE_PAR_ANTENNE = (Role.ACCUEIL, Role.CONSEILLER, Role.RESPONSABLE_ANTENNE)


@require_GET
def demande_liste(request):
    exiger(request.user, "aides.voir_demandes")
    donnees = request.GET.copy()
    # Par défaut, les équipes d'antenne voient la liste de leur antenne (« antenne= » vide : toutes).
    if "antenne" not in donnees and request.user.antenne_id and request.user.role in ROLES_LISTE_PAR_ANTENNE:
        donnees["antenne"] = str(request.user.antenne_id)
    base = portail.restreindre(request, DemandeAide.objects.avec_donnees_de_liste(), chemin="jeune__")
    filtre = DemandeFiltre(donnees, queryset=base)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = donnees.copy()
    parametres.pop("page", None)
    portail.lire_en_lot(request, [(f"Liste des demandes FAJ : {d.numero}", d.jeune_id) for d in page], quoi="")
    contexte = {"filtre": filtre, "page": page, "parametres": parametres.urlencode()}
    return rendre(request, "aides/demande_liste.html", "aides/includes/demande_tableau.html", contexte)


@require_GET
def demande_choisir_jeune(request):
    exiger(request.user, "aides.creer_demande")
    form = RechercheJeuneForm(request.GET or None)
    jeunes = []
    if form.is_valid():
        jeunes = portail.restreindre(request, Jeune.objects.actifs().recherche(form.cleaned_data["q"]))
        jeunes = list(jeunes.select_related("commune", "antenne")[:30])
        portail.lire_en_lot(request, jeunes, quoi="demande FAJ : choix du jeune")
    return render(request, "aides/demande_choisir_jeune.html", {"form": form, "jeunes": jeunes})


@require_http_methods(["GET", "POST"])
def demande_creer(request, jeune_pk):
    exiger(request.user, "aides.creer_demande")
    jeune = get_object_or_404(Jeune.objects.select_related("commune", "commune__epci"), pk=jeune_pk)
    portail.ouvrir(request, jeune, permission="aides.creer_demande", quoi="nouvelle demande FAJ", ecriture=True)
    try:
        fonds = services.fonds_pour_commune(jeune.commune)
    except ValidationError as erreur:
        return render(request, "aides/demande_impossible.html", {"jeune": jeune, "erreurs": messages_de(erreur)})
    instance = DemandeAide(jeune=jeune, fonds=fonds)
    form = DemandeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            demande = services.demande_aide_creer(jeune=jeune, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"Demande {demande.numero} enregistrée en brouillon.")
            return redirect("aides:demande_detail", pk=demande.pk)
    return render(
        request,
        "aides/demande_formulaire.html",
        {"form": form, "jeune": jeune, "fonds": instance.get_fonds_display(), "demande": None},
    )


@require_http_methods(["GET", "POST"])
def demande_modifier(request, pk):
    demande = demande_visible(request, pk, "aides.modifier_demande")
    form = DemandeForm(request.POST or None, instance=demande)
    if request.method == "POST" and form.is_valid():
        try:
            services.demande_aide_modifier(demande=demande, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, "Demande mise à jour.")
            return redirect("aides:demande_detail", pk=demande.pk)
    return render(
        request,
        "aides/demande_formulaire.html",
        {"form": form, "jeune": demande.jeune, "fonds": demande.get_fonds_display(), "demande": demande},
    )


def _contexte_detail(request, demande, **formulaires):
    user = request.user
    paye = services.montant_paye(demande)
    peut_payer = (
        user.has_perm("aides.payer", demande)
        and demande.statut == StatutDemande.NOTIFIEE
        and demande.decision in DECISIONS_FAVORABLES
    )
    contexte = {
        "demande": demande,
        "jeune": demande.jeune,
        "etapes": demande.etapes.select_related("par"),
        "decisions": demande.decisions.select_related("seance", "decide_par", "enveloppe"),
        "pieces": demande.pieces.select_related("ajoute_par"),
        "paiements": demande.paiements.select_related("par"),
        "points": demande.points.select_related("seance", "conseiller_presentant"),
        "montant_paye": paye,
        "reste_a_payer": (demande.montant_accorde - paye) if demande.montant_accorde else None,
        "ressources": demande.lignes_budget()[0],
        "charges": demande.lignes_budget()[1],
        "peut_modifier": user.has_perm("aides.modifier_demande", demande),
        "peut_soumettre": user.has_perm("aides.soumettre_demande", demande),
        "peut_ajouter_piece": user.has_perm("aides.ajouter_piece", demande),
        "peut_urgence": user.has_perm("aides.decider_urgence", demande) and demande.statut == StatutDemande.SOUMISE,
        "plafond_urgence": ParametreFAJ.courant().plafond_urgence,
        "peut_notifier": user.has_perm("aides.notifier", demande) and demande.statut == StatutDemande.DECIDEE,
        "peut_payer": peut_payer,
        "courrier_disponible": _courrier_disponible(demande),
        "form_piece": formulaires.get("form_piece") or PieceJointeForm(),
        "form_paiement": formulaires.get("form_paiement")
        or PaiementForm(initial={"date": timezone.localdate(), "montant": (demande.montant_accorde or 0) - paye}),
    }
    return contexte


def _courrier_disponible(demande):
    """Un courrier de notification existe dès qu'une décision définitive est prise (séance close si commission)."""
    if demande.decision in ("", TypeDecision.AJOURNEE) or demande.statut not in (
        StatutDemande.DECIDEE,
        StatutDemande.NOTIFIEE,
        StatutDemande.PAYEE,
    ):
        return False
    derniere = demande.decisions.select_related("seance").first()
    return derniere is None or derniere.seance is None or derniere.seance.est_close


@require_GET
def demande_detail(request, pk):
    demande = demande_visible(request, pk)
    return render(request, "aides/demande_detail.html", _contexte_detail(request, demande))


@require_POST
def demande_soumettre(request, pk):
    demande = demande_visible(request, pk, "aides.soumettre_demande")
    try:
        services.demande_aide_soumettre(demande=demande, par=request.user)
    except ValidationError as erreur:
        for message in messages_de(erreur):
            messages.error(request, message)
    else:
        messages.success(request, "Demande soumise : le secrétariat FAJ peut l'inscrire à une séance.")
    return redirect("aides:demande_detail", pk=demande.pk)


@require_http_methods(["GET", "POST"])
def demande_urgence(request, pk):
    demande = demande_visible(request, pk, "aides.decider_urgence")
    if demande.statut != StatutDemande.SOUMISE:
        messages.error(request, "Seule une demande soumise, non inscrite à une séance, peut être décidée en urgence.")
        return redirect("aides:demande_detail", pk=demande.pk)
    form = UrgenceForm(request.POST or None, fonds=demande.fonds, annee=timezone.localdate().year)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            services.demande_aide_decider_urgence(
                demande=demande,
                par=request.user,
                decision=donnees["decision"],
                montant_accorde=donnees["montant_accorde"],
                motif=donnees["motif"],
                enveloppe=donnees["enveloppe"],
            )
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, "Aide d'urgence décidée.")
            return redirect("aides:demande_detail", pk=demande.pk)
    plafond = ParametreFAJ.courant().plafond_urgence
    return render(request, "aides/demande_urgence.html", {"demande": demande, "form": form, "plafond": plafond})


@require_POST
def piece_ajouter(request, pk):
    demande = demande_visible(request, pk, "aides.ajouter_piece")
    form = PieceJointeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            piece = services.piece_jointe_ajouter(
                demande=demande,
                par=request.user,
                fichier=form.cleaned_data["fichier"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"Pièce « {piece.nom_original} » ajoutée.")
            return redirect("aides:demande_detail", pk=demande.pk)
    return render(request, "aides/demande_detail.html", _contexte_detail(request, demande, form_piece=form))


@require_GET
def piece_telecharger(request, pk):
    piece = get_object_or_404(PieceJointe.objects.select_related("demande", "demande__jeune"), pk=pk)
    portail.ouvrir(
        request,
        piece.demande.jeune,
        objet=piece,
        permission="aides.telecharger_piece",
        introuvable=True,
        action=ActionAcces.TELECHARGEMENT,
        quoi=f"{reference(piece)} de la demande {piece.demande.numero}",
    )
    return FileResponse(
        piece.fichier.open("rb"), as_attachment=True, filename=piece.nom_original, content_type=piece.type_mime
    )


def contexte_courrier(demande):
    derniere = demande.decisions.select_related("seance").first()
    parametre = ParametreFAJ.courant()
    return {
        "demande": demande,
        "jeune": demande.jeune,
        "decision": derniere,
        "seance": derniere.seance if derniere else None,
        "parametre": parametre,
        "lignes_adresse_structure": parametre.adresse_structure.splitlines(),
        # Daté du jour de la notification (un courrier réimprimé garde sa date), à défaut du jour de l'impression.
        "date_courrier": demande.date_notification or timezone.localdate(),
    }


@require_GET
def demande_courrier(request, pk):
    demande = demande_visible(request, pk, journaliser=False)  # journalisée ci-dessous, si le courrier est imprimé
    if not _courrier_disponible(demande):
        messages.error(request, "Le courrier de notification est disponible une fois la décision définitive prise.")
        return redirect("aides:demande_detail", pk=demande.pk)
    portail.lire_en_lot(
        request,
        [(f"Courrier de notification de la demande {demande.numero}", demande.jeune_id)],
        action=ActionAcces.IMPRESSION,
    )
    contenu = rendre_pdf("aides/pdf/courriers.html", {"courriers": [contexte_courrier(demande)]})
    return reponse_pdf(contenu, f"notification-{demande.numero}.pdf")


@require_POST
def demande_notifier(request, pk):
    demande = demande_visible(request, pk, "aides.notifier")
    try:
        services.demande_aide_notifier(demande=demande, par=request.user)
    except ValidationError as erreur:
        for message in messages_de(erreur):
            messages.error(request, message)
    else:
        messages.success(request, "Décision notifiée au jeune.")
    return redirect("aides:demande_detail", pk=demande.pk)


@require_POST
def paiement_ajouter(request, pk):
    demande = demande_visible(request, pk, "aides.payer")
    form = PaiementForm(request.POST)
    if form.is_valid():
        try:
            services.demande_aide_payer(demande=demande, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, "Paiement enregistré.")
            return redirect("aides:demande_detail", pk=demande.pk)
    demande.refresh_from_db()
    return render(request, "aides/demande_detail.html", _contexte_detail(request, demande, form_paiement=form))
