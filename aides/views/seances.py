"""Séances de commission : préparation (secrétariat), écran de décision (secrétariat et membres), documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aides import selectors, services
from aides.enums import StatutDemande, TypeDecision
from aides.forms import (
    DecisionForm,
    FiltreInscriptionForm,
    InscriptionLotForm,
    SaisieDecision,
    SeanceForm,
    choix_enveloppes,
)
from aides.models import DemandeAide, Enveloppe, PointOrdreDuJour, Seance
from aides.views.communs import exiger, messages_de, reporter_erreurs
from aides.views.demandes import contexte_courrier
from securite import portail
from securite.models import ActionAcces
from weker.chemins import chemin_par_pk
from weker.pdf import rendre_pdf, reponse_pdf


def _seance_visible(request, pk):
    """La séance si l'utilisateur peut la voir ; 404 sinon (un membre ne devine pas les autres séances)."""
    seance = get_object_or_404(Seance, pk=pk)
    if not request.user.has_perm("aides.voir_seance", seance):
        raise Http404
    return seance


def _annee_budget(seance):
    """Les décisions d'une séance sont datées du jour de la séance : imputées sur le budget de cette année-là."""
    return seance.date.year


@require_GET
def seance_liste(request):
    exiger(request.user, "aides.voir_seances")
    seances = Seance.objects.annotate(nb_points=Count("points")).order_by("-date", "-id")
    if not request.user.est_agence:
        seances = seances.ou_siege(request.user).non_closes()
    page = Paginator(seances, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "aides/seance_liste.html",
        {"page": page, "peut_gerer": request.user.has_perm("aides.gerer_seances")},
    )


@require_http_methods(["GET", "POST"])
def seance_creer(request):
    exiger(request.user, "aides.gerer_seances")
    form = SeanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seance = services.seance_creer(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"{seance} créée : construisez son ordre du jour.")
            return redirect("aides:seance_detail", pk=seance.pk)
    return render(request, "aides/seance_formulaire.html", {"form": form, "seance": None})


@require_http_methods(["GET", "POST"])
def seance_modifier(request, pk):
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.gerer_seances")
    if seance.est_close:
        messages.error(request, "Une séance close ne peut plus être modifiée.")
        return redirect("aides:seance_detail", pk=seance.pk)
    form = SeanceForm(request.POST or None, instance=seance)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        donnees.pop("fonds", None)
        try:
            services.seance_modifier(seance=seance, par=request.user, **donnees)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, "Séance mise à jour.")
            return redirect("aides:seance_detail", pk=seance.pk)
    return render(request, "aides/seance_formulaire.html", {"form": form, "seance": seance})


def _formulaire_decision(point, annee, data=None):
    fiche_decision = selectors.decision_en_seance(point)
    initial = {}
    if fiche_decision is not None:
        initial = {
            "decision": fiche_decision.type,
            "montant_accorde": fiche_decision.montant_accorde,
            "motif": fiche_decision.motif,
            "enveloppe": fiche_decision.enveloppe_id,
        }
    return DecisionForm(data, prefix=f"p{point.pk}", initial=initial, fonds=point.seance.fonds, annee=annee)


def _contexte_formulaires_decision(enveloppes):
    """Ce que partagent les formulaires de décision de tous les points : libellés et aides, listes de choix."""
    return {
        "champs_decision": DecisionForm.base_fields,
        "choix_decision": DecisionForm.base_fields["decision"].choices,
        "choix_enveloppes": choix_enveloppes(enveloppes),
    }


def _chemins_des_points(seance):
    """Adresses propres à chaque point, pour toute la page en trois appels à reverse() (voir weker.chemins)."""
    return {
        "demande": chemin_par_pk("aides:demande_detail"),
        "decision": chemin_par_pk("aides:point_decider", seance.pk),
        "retirer": chemin_par_pk("aides:seance_retirer", seance.pk),
    }


def _contexte_point(seance, point, chemins, *, complet, peut_decider, peut_gerer, form=None):
    """Un point de l'ordre du jour : sa fiche, ses adresses, et la saisie de son formulaire de décision (celle du
    formulaire envoyé s'il faut réafficher des erreurs)."""
    saisie = None
    if peut_decider:
        if form is None:
            saisie = SaisieDecision.initiale(point, selectors.decision_en_seance(point))
        else:
            saisie = SaisieDecision.du_formulaire(form)
    return {
        "seance": seance,
        "fiche": selectors.fiche_commission(point, complet=complet),
        "peut_decider": peut_decider,
        "saisie": saisie,
        "adresses": {
            "demande": chemins["demande"](point.demande_id) if complet else "",
            "decision": chemins["decision"](point.pk),
            "retirer": chemins["retirer"](point.pk),
        },
        "complet": complet,
        "peut_gerer": complet and peut_gerer,
        "succes": False,
    }


TAILLE_BLOC = 10  # points de l'ordre du jour par bloc : la page en rend un, htmx charge les suivants un à un


def _rang(valeur, *, defaut):
    """Rang lu dans la requête (entier positif ou nul) ; `defaut` s'il est absent, None s'il est illisible."""
    if valeur is None or valeur == "":
        return defaut
    try:
        rang = int(valeur)
    except ValueError:
        return None
    return rang if rang >= 0 else None


def _contexte_points(request, seance, *, debut, fin):
    """Les points de rang debut à fin - 1 de l'ordre du jour, prêts à afficher, et de quoi charger la suite.

    Journalise la consultation des seules demandes montrées. Nombre de requêtes SQL constant : l'ordre du jour est
    lu avec tout ce qu'il affiche, les enveloppes une fois pour tous les formulaires, le journal écrit en une requête.
    """
    user = request.user
    complet = user.est_agence  # un membre de commission ne reçoit que les fiches de décision
    peut_decider = user.has_perm("aides.decider_en_seance", seance)
    peut_gerer = user.has_perm("aides.gerer_seances")
    nb_points = selectors.points_montres(seance).count()
    debut, fin = min(debut, nb_points), min(fin, nb_points)  # ni OFFSET démesuré en SQL, ni lien vers le vide
    points = selectors.points_de_seance(seance, debut=debut, fin=fin)
    for point in points:
        point.seance = seance
    portail.lire_en_lot(request, [(f"Demande FAJ {p.demande.numero} ({seance})", p.demande.jeune_id) for p in points])
    chemins = _chemins_des_points(seance)
    contexte = {
        "seance": seance,
        "points": [
            {
                **_contexte_point(
                    seance, point, chemins, complet=complet, peut_decider=peut_decider, peut_gerer=peut_gerer
                ),
                # Repère du lien sans JavaScript « points suivants », au premier point de chaque bloc après le premier.
                "ancre": f"point-rang-{rang + 1}" if rang and rang % TAILLE_BLOC == 0 else "",
            }
            for rang, point in enumerate(points, start=debut)
        ],
        "nb_points": nb_points,
        "suite": None,
        "complet": complet,
        "peut_gerer": peut_gerer,
        "peut_decider": peut_decider,
    }
    if fin < nb_points:
        page, bloc = reverse("aides:seance_detail", args=[seance.pk]), reverse("aides:seance_points", args=[seance.pk])
        contexte["suite"] = {
            "debut": fin,
            "jusqu_a": min(fin + TAILLE_BLOC, nb_points),
            "bloc": f"{bloc}?debut={fin}",
            "repli": f"{page}?jusqu_a={fin + TAILLE_BLOC}#point-rang-{fin + 1}",
        }
    if peut_decider and points:
        annee = _annee_budget(seance)
        contexte.update(_contexte_formulaires_decision(Enveloppe.objects.de(seance.fonds, annee).imputables()))
    return contexte


@require_GET
def seance_detail(request, pk):
    """Écran de séance : l'ordre du jour, une décision par demande (htmx, sans recharger).

    La page rend les TAILLE_BLOC premiers points ; les suivants arrivent par blocs (seance_points), chargés l'un
    après l'autre par htmx, ou sans JavaScript par le lien « points suivants » (?jusqu_a=N : N premiers points).
    Le coût d'une requête ne dépend donc pas du nombre de demandes de la séance.
    """
    seance = _seance_visible(request, pk)
    jusqu_a = max(_rang(request.GET.get("jusqu_a"), defaut=0) or 0, TAILLE_BLOC)  # illisible : le premier bloc
    contexte = _contexte_points(request, seance, debut=0, fin=jusqu_a)
    annee = _annee_budget(seance)
    contexte |= {
        "enveloppes": selectors.situations_imputables(seance.fonds, annee),
        "annee_budget": annee,
        "membres": seance.membres.all(),
    }
    # Les demandes à inscrire (des centaines) se choisissent sur une page à part, filtrable (seance_inscrire).
    contexte["peut_inscrire"] = contexte["peut_gerer"] and not seance.est_close
    if contexte["peut_gerer"] and seance.est_close:
        contexte["a_notifier"] = len(_a_notifier(seance))
    return render(request, "aides/seance_detail.html", contexte)


@require_GET
def seance_points(request, pk):
    """Un bloc de TAILLE_BLOC points de l'ordre du jour à partir du rang `debut` (0 pour le premier point), suivi de
    l'élément qui charge le bloc suivant. Mêmes contrôles d'accès que seance_detail ; au-delà de la fin, bloc vide."""
    seance = _seance_visible(request, pk)
    debut = _rang(request.GET.get("debut"), defaut=0)
    if debut is None:
        return HttpResponseBadRequest("Paramètre « debut » invalide : un entier positif ou nul est attendu.")
    contexte = _contexte_points(request, seance, debut=debut, fin=debut + TAILLE_BLOC)
    return render(request, "aides/includes/seance_points.html", contexte)


@require_POST
def point_decider(request, pk, point_pk):
    seance = _seance_visible(request, pk)
    if not request.user.has_perm("aides.decider_en_seance", seance):
        raise PermissionDenied
    point = get_object_or_404(PointOrdreDuJour, pk=point_pk, seance=seance)
    form = _formulaire_decision(point, _annee_budget(seance), data=request.POST)
    succes = False
    if form.is_valid():
        donnees = form.cleaned_data
        try:
            services.demande_aide_decider(
                demande=point.demande,
                seance=seance,
                par=request.user,
                decision=donnees["decision"],
                montant_accorde=donnees["montant_accorde"],
                motif=donnees["motif"],
                enveloppe=donnees["enveloppe"],
                reallouer_depuis_reserve=donnees["reallouer_depuis_reserve"],
            )
            succes = True
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
    if not request.htmx:
        if succes:
            messages.success(request, f"Décision enregistrée pour la demande {point.demande.numero}.")
        else:
            for erreur in form.non_field_errors() or ["Décision non enregistrée : vérifiez le formulaire."]:
                messages.error(request, erreur)
        return redirect("aides:seance_detail", pk=seance.pk)
    [point] = selectors.points_de_seance(seance, pk=point.pk)
    point.seance = seance
    contexte = _contexte_point(
        seance,
        point,
        _chemins_des_points(seance),
        complet=request.user.est_agence,
        peut_decider=True,
        peut_gerer=request.user.has_perm("aides.gerer_seances"),
        form=None if succes else form,
    )
    contexte.update(_contexte_formulaires_decision(form.enveloppes.values()))
    contexte["succes"] = succes
    contexte["enveloppes"] = selectors.situations_imputables(seance.fonds, _annee_budget(seance))
    contexte["annee_budget"] = _annee_budget(seance)
    contexte["oob"] = True
    return render(request, "aides/includes/seance_point_reponse.html", contexte)


LIGNES_A_INSCRIRE = 200  # au-delà, la liste demande d'affiner les filtres


def _demandes_a_inscrire(request, seance):
    """Demandes que la séance peut examiner, dans le périmètre de l'utilisateur et la base active (portail)."""
    return portail.restreindre(request, selectors.demandes_inscriptibles(seance), "jeune__")


@require_http_methods(["GET", "POST"])
def seance_inscrire(request, pk):
    """GET : les demandes que la séance peut examiner, filtrables, à cocher (htmx : le tableau seul, à chaque
    changement de filtre) ; POST : inscrit toutes les demandes cochées à l'ordre du jour (tout ou rien)."""
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.gerer_seances")
    if seance.est_close:
        if request.method == "POST":
            messages.error(request, "Cette séance est close : inscrivez les demandes à une séance à venir.")
        return redirect("aides:seance_detail", pk=seance.pk)
    eligibles = _demandes_a_inscrire(request, seance)
    if request.method == "POST":
        form = InscriptionLotForm(request.POST, demandes=eligibles)
        if form.is_valid():
            try:
                points = services.demandes_aide_inscrire(
                    demandes=list(form.cleaned_data["demandes"]), seance=seance, par=request.user
                )
            except ValidationError as erreur:
                for message in messages_de(erreur):
                    messages.error(request, message)
            else:
                premier, dernier = points[0].ordre, points[-1].ordre
                rang = f"en point {premier}" if premier == dernier else f"en points {premier} à {dernier}"
                numeros = ", ".join(p.demande.numero for p in points)
                if len(points) == 1:
                    messages.success(request, f"Demande {numeros} inscrite {rang}.")
                else:
                    messages.success(request, f"{len(points)} demandes inscrites {rang} : {numeros}.")
                return redirect("aides:seance_detail", pk=seance.pk)
        else:
            for erreur in form.errors.get("demandes", []):
                messages.error(request, erreur)
        return redirect(reverse("aides:seance_inscrire", args=[seance.pk]) + _filtres_de(request.POST))
    filtres = FiltreInscriptionForm(request.GET or None)
    demandes = filtres.filtrer(eligibles).select_related("jeune", "jeune__antenne", "conseiller")
    demandes = list(demandes.order_by("date_demande", "pk")[: LIGNES_A_INSCRIRE + 1])
    tronquee = len(demandes) > LIGNES_A_INSCRIRE
    demandes = demandes[:LIGNES_A_INSCRIRE]
    portail.lire_en_lot(request, [(f"Demande FAJ {d.numero} (à inscrire : {seance})", d.jeune_id) for d in demandes])
    contexte = {
        "seance": seance,
        "filtres": filtres,
        "demandes": demandes,
        "tronquee": tronquee,
        "limite": LIGNES_A_INSCRIRE,
        "retour_filtres": request.GET.urlencode(),
    }
    if request.htmx:
        return render(request, "aides/includes/seance_inscription.html", contexte)
    return render(request, "aides/seance_inscrire.html", contexte)


def _filtres_de(donnees):
    """Les filtres renvoyés par le formulaire d'inscription, pour réafficher la même liste après un refus."""
    filtres = donnees.get("filtres", "")
    return f"?{filtres}" if filtres else ""


@require_POST
def seance_retirer(request, pk, point_pk):
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.gerer_seances")
    point = get_object_or_404(PointOrdreDuJour.objects.select_related("demande"), pk=point_pk, seance=seance)
    try:
        services.demande_aide_desinscrire(demande=point.demande, seance=seance, par=request.user)
    except ValidationError as erreur:
        for message in messages_de(erreur):
            messages.error(request, message)
    else:
        messages.success(request, f"Demande {point.demande.numero} retirée de l'ordre du jour.")
    return redirect("aides:seance_detail", pk=seance.pk)


def _changer_etat(request, pk, service, succes):
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.gerer_seances")
    try:
        service(seance=seance, par=request.user)
    except ValidationError as erreur:
        for message in messages_de(erreur):
            messages.error(request, message)
    else:
        messages.success(request, succes)
    return redirect("aides:seance_detail", pk=seance.pk)


@require_POST
def seance_ouvrir(request, pk):
    return _changer_etat(request, pk, services.seance_ouvrir, "Séance ouverte : les décisions peuvent être saisies.")


@require_POST
def seance_clore(request, pk):
    return _changer_etat(request, pk, services.seance_clore, "Séance close : procès-verbal et courriers disponibles.")


def _decidees_par(seance):
    """Demandes dont la décision en vigueur a été prise par cette séance (hors ajournements)."""
    demandes = (
        DemandeAide.objects.filter(points__seance=seance)
        .exclude(decision__in=["", TypeDecision.AJOURNEE])
        .select_related("jeune", "jeune__commune")
        .prefetch_related("decisions")
        .order_by("points__ordre")
    )
    resultat = []
    for demande in demandes:
        derniere = max(demande.decisions.all(), key=lambda d: (d.enregistree_le, d.pk), default=None)
        if derniere is not None and derniere.seance_id == seance.pk:
            resultat.append(demande)
    return resultat


def _a_notifier(seance):
    return [d for d in _decidees_par(seance) if d.statut == StatutDemande.DECIDEE]


@require_POST
def seance_notifier(request, pk):
    """Marque notifiées toutes les décisions de la séance (après envoi des courriers)."""
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.notifier")
    if not seance.est_close:
        messages.error(request, "Les décisions se notifient une fois la séance close.")
        return redirect("aides:seance_detail", pk=seance.pk)
    nombre = 0
    for demande in _a_notifier(seance):
        services.demande_aide_notifier(demande=demande, par=request.user)
        nombre += 1
    messages.success(request, f"{nombre} décision(s) notifiée(s).")
    return redirect("aides:seance_detail", pk=seance.pk)


def _contexte_pdf(request, seance):
    complet = request.user.est_agence
    points = selectors.points_de_seance(seance)
    for point in points:
        point.seance = seance
    return {
        "seance": seance,
        "fiches": [selectors.fiche_commission(p, complet=complet) for p in points],
        "demandes_lues": [(p.demande.numero, p.demande.jeune_id) for p in points],  # pour le journal des accès
        "membres": seance.membres.all(),
        "complet": complet,
        "date_edition": timezone.localdate(),
    }


@require_GET
def seance_ordre_du_jour_pdf(request, pk):
    seance = _seance_visible(request, pk)
    contexte = _contexte_pdf(request, seance)
    portail.lire_en_lot(
        request,
        [(f"Ordre du jour : {seance}, demande {numero}", jeune) for numero, jeune in contexte["demandes_lues"]],
        action=ActionAcces.IMPRESSION,
    )
    return reponse_pdf(rendre_pdf("aides/pdf/ordre_du_jour.html", contexte), f"ordre-du-jour-{seance.pk}.pdf")


@require_GET
def seance_proces_verbal_pdf(request, pk):
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.gerer_seances")
    if not seance.est_close:
        messages.error(request, "Le procès-verbal est disponible une fois la séance close.")
        return redirect("aides:seance_detail", pk=seance.pk)
    contexte = _contexte_pdf(request, seance)
    decisions = {}
    for fiche in contexte["fiches"]:
        type_decision = fiche["decision"]["type"] if fiche["decision"] else ""
        decisions[type_decision] = decisions.get(type_decision, 0) + 1
    contexte["totaux"] = {
        "accordees": decisions.get(TypeDecision.ACCORDEE, 0) + decisions.get(TypeDecision.ACCORDEE_PARTIELLEMENT, 0),
        "refusees": decisions.get(TypeDecision.REFUSEE, 0),
        "ajournees": decisions.get(TypeDecision.AJOURNEE, 0),
        "montant": sum(
            (f["decision"]["montant_accorde"] or 0 for f in contexte["fiches"] if f["decision"]),
            0,
        ),
    }
    portail.lire_en_lot(
        request,
        [(f"Procès-verbal : {seance}, demande {numero}", jeune) for numero, jeune in contexte["demandes_lues"]],
        action=ActionAcces.IMPRESSION,
    )
    return reponse_pdf(rendre_pdf("aides/pdf/proces_verbal.html", contexte), f"proces-verbal-{seance.pk}.pdf")


@require_GET
def seance_courriers_pdf(request, pk):
    """Tous les courriers de notification de la séance (un par page), à imprimer et envoyer."""
    seance = _seance_visible(request, pk)
    exiger(request.user, "aides.notifier")
    if not seance.est_close:
        messages.error(request, "Les courriers sont disponibles une fois la séance close.")
        return redirect("aides:seance_detail", pk=seance.pk)
    demandes = _decidees_par(seance)
    if not demandes:
        messages.error(request, "Aucune décision à notifier dans cette séance.")
        return redirect("aides:seance_detail", pk=seance.pk)
    courriers = [contexte_courrier(demande) for demande in demandes]
    portail.lire_en_lot(
        request,
        [(f"Courrier de notification de la demande {d.numero}", d.jeune_id) for d in demandes],
        action=ActionAcces.IMPRESSION,
    )
    return reponse_pdf(rendre_pdf("aides/pdf/courriers.html", {"courriers": courriers}), f"courriers-{seance.pk}.pdf")
