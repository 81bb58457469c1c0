"""Tableau de bord de la direction, exports, liste des jeunes derrière un chiffre et rapports PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from antennes.models import Antenne
from dispositifs.models import Dispositif
from reporting import services
from reporting.definitions import LIBELLES_VENTILATIONS, VENTILATIONS, libelles_buckets
from reporting.forms import FiltreForm
from reporting.messages_envoyes import chiffres_messages
from reporting.models import RapportPdf, RecalculIndicateurs
from reporting.rendez_vous import chiffres_rendez_vous
from reporting.selectors import indicateurs_pour, jeunes_du_chiffre, noms_territoires, rapports_visibles
from securite import portail
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from weker.exports import FORMATS, reponse_tableau
from weker.htmx import rendre
from weker.pdf import reponse_pdf
from weker.routeur import lectures_du_pilotage
from weker.travaux import TravailNonProgramme


def _perimetre(request):
    """Année et antenne demandées, vérifiées : un responsable ne voit que son antenne."""
    formulaire = FiltreForm(request.GET or None, user=request.user)
    annee, antenne = formulaire.perimetre()
    if not request.user.has_perm("reporting.voir_perimetre", antenne):
        raise PermissionDenied("Ce périmètre ne vous est pas accessible.")
    if formulaire.is_bound and not formulaire.is_valid():
        formulaire = FiltreForm({"annee": annee, "antenne": antenne or ""}, user=request.user)
    return formulaire, annee, antenne


def _url_dossier():
    try:
        reverse("accompagnement:jeune_detail", args=[0])
        return True
    except NoReverseMatch:
        return False


def _rendez_vous(indicateurs, annee, antenne):
    """Chiffres des rendez-vous de l'instantané ; calculés par la même fonction pour un instantané antérieur à
    l'agenda (sans la clé `rendez_vous`)."""
    if "rendez_vous" in indicateurs.d:
        return indicateurs.d["rendez_vous"]
    with lectures_du_pilotage():
        return chiffres_rendez_vous(annee, antenne)


def _messages(indicateurs, annee, antenne):
    """Chiffres des messages aux jeunes de l'instantané ; calculés par la même fonction pour un instantané
    antérieur à la messagerie (sans la clé `messages`)."""
    if "messages" in indicateurs.d:
        return indicateurs.d["messages"]
    with lectures_du_pilotage():
        return chiffres_messages(annee, antenne)


@require_GET
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def tableau_de_bord(request):
    formulaire, annee, antenne = _perimetre(request)
    indicateurs = indicateurs_pour(annee, antenne)
    recalcul = RecalculIndicateurs.objects.filter(annee=annee).first()
    requete = urlencode({"annee": annee, **({"antenne": antenne} if antenne else {})})
    if indicateurs is None:  # lire ne calcule pas : la page le dit et propose le recalcul (tâche de fond)
        noms = noms_territoires()
        contexte = {
            "formulaire": formulaire,
            "annee": annee,
            "antenne_code": antenne,
            "perimetre_nom": noms.get(antenne, antenne) if antenne else "toute l'agence",
            "gabarit_contenu": "reporting/includes/indicateurs_manquants.html",
            "recalcul": recalcul if recalcul and not recalcul.est_fini else None,
            "requete": requete,
        }
        return rendre(
            request, "reporting/tableau_de_bord.html", "reporting/includes/indicateurs_manquants.html", contexte
        )
    tableaux = indicateurs.tableaux_exportables()
    contexte = {
        "gabarit_contenu": "reporting/includes/tableau_de_bord_contenu.html",
        "formulaire": formulaire,
        "annee": annee,
        "antenne_code": antenne,
        "perimetre_nom": indicateurs.noms.get(antenne, antenne) if antenne else "toute l'agence",
        "ind": indicateurs,
        "chiffres_cles": indicateurs.chiffres_cles(),
        "territoires": tableaux["territoires"],
        "ventilations": [{"tableau": tableaux[cle], "graphique": indicateurs.graphique(cle)} for cle in VENTILATIONS],
        "entrees": [tableaux["formation"], tableaux["emploi"], tableaux["immersions"]],
        "dispositifs": tableaux["dispositifs"],
        "aides": [tableaux["aides"], tableaux["faj_type"], tableaux["faj_tranche"]],
        "services": [
            {"tableau": tableaux[f"services_{t}"], "jeunes": indicateurs.services_jeunes(t)}
            for t in ("sante", "logement", "mobilite")
        ],
        "profils": [t for nom, t in tableaux.items() if nom.startswith("profil_")],
        "rendez_vous": _rendez_vous(indicateurs, annee, antenne),
        "messages_jeunes": _messages(indicateurs, annee, antenne),
        "recalcul": recalcul if recalcul and not recalcul.est_fini else None,
        "requete": requete,
        **_sections_complementaires(indicateurs, tableaux),
    }
    return rendre(
        request, "reporting/tableau_de_bord.html", "reporting/includes/tableau_de_bord_contenu.html", contexte
    )


def _sections_complementaires(indicateurs, tableaux):
    """Relations entreprises, actions territoriales, ateliers par thème, programmes et cohortes (issues 18 et 19) :
    None pour un tableau absent de l'instantané (la section dit « à recalculer »)."""
    return {
        "entreprises": tableaux.get("entreprises"),
        "entreprises_naf": tableaux.get("entreprises_naf"),
        "graphique_naf": indicateurs.graphique_naf(),
        "actions": tableaux.get("actions"),
        "actions_evolution": tableaux.get("actions_evolution"),
        "ateliers": tableaux.get("ateliers"),
        "graphique_ateliers": indicateurs.graphique_ateliers(),
        "formation_programme": tableaux.get("formation_programme"),
        "cohortes": tableaux.get("cohortes"),
        "cohortes_pages": indicateurs.cohortes(),
    }


@require_GET
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def export(request, nom, format):
    if format not in FORMATS:
        raise Http404("Format inconnu.")
    _, annee, antenne = _perimetre(request)
    indicateurs = indicateurs_pour(annee, antenne)
    if indicateurs is None:
        raise Http404(
            f"Les indicateurs {annee} ne sont pas encore calculés : recalculez-les depuis le tableau de bord."
        )
    tableaux = indicateurs.tableaux_exportables()
    if nom not in tableaux:
        raise Http404("Tableau inconnu.")
    tableau = tableaux[nom]
    entetes, lignes = tableau.pour_export()
    suffixe = f"-{antenne.lower()}" if antenne else ""
    return reponse_tableau(f"{nom}-{annee}{suffixe}", entetes, lignes, format=format, titre=tableau.titre)


@require_GET
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def dispositif(request, code):
    """Page d'un dispositif : sa cohorte N et N-1 (chiffres, sorties par motif, profil), les jeunes bénéficiaires
    et les exports de ses tableaux. Lit les instantanés, comme le tableau de bord."""
    formulaire, annee, antenne = _perimetre(request)
    dispositif = get_object_or_404(Dispositif, code=code)
    indicateurs = indicateurs_pour(annee, antenne)
    requete = urlencode({"annee": annee, **({"antenne": antenne} if antenne else {})})
    cohorte = indicateurs.cohorte(dispositif.code) if indicateurs is not None else None
    contexte = {
        "formulaire": formulaire,
        "annee": annee,
        "antenne_code": antenne,
        "dispositif": dispositif,
        "ind": indicateurs,
        "cohorte": cohorte,
        "recalcul": None,
        "perimetre_nom": (indicateurs.noms if indicateurs else {}).get(antenne, antenne)
        if antenne
        else "toute l'agence",
        "requete": requete,
    }
    return render(request, "reporting/dispositif_cohorte.html", contexte)


@transaction.non_atomic_requests  # la tâche part à la fin du service : un courtier injoignable s'affiche ici
@require_POST
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def recalculer(request):
    _, annee, antenne = _perimetre(request)
    try:
        services.recalcul_demander(annee=annee, par=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except TravailNonProgramme as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, f"Recalcul des indicateurs {annee} et {annee - 1} lancé.")
    requete = urlencode({"annee": annee, **({"antenne": antenne} if antenne else {})})
    return HttpResponseRedirect(f"{reverse('reporting:tableau_de_bord')}?{requete}")


@require_GET
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def recalcul_etat(request, pk):
    recalcul = get_object_or_404(RecalculIndicateurs, pk=pk)
    return render(request, "reporting/includes/recalcul_etat.html", {"recalcul": recalcul})


@require_GET
@permission_required("reporting.voir_jeunes_du_chiffre", raise_exception=True)
def jeunes(request):
    """Liste des jeunes derrière un chiffre du tableau de bord (mêmes définitions que le calcul)."""
    _, annee, antenne = _perimetre(request)
    secteur = request.GET.get("secteur") or None
    indicateurs_connus = ("accompagnes", "primo", "beneficiaires")
    indicateur = request.GET.get("indicateur") if request.GET.get("indicateur") in indicateurs_connus else ""
    ventilation = request.GET.get("ventilation", "")
    case = request.GET.get("case", "")
    if ventilation and (ventilation not in VENTILATIONS or case not in VENTILATIONS[ventilation](annee)):
        raise Http404("Ventilation inconnue.")
    dispositif = None
    if indicateur == "beneficiaires":
        dispositif = Dispositif.objects.filter(code=request.GET.get("dispositif", "")).first()
        if dispositif is None:
            raise Http404("Dispositif inconnu.")
    qs = jeunes_du_chiffre(
        annee=annee,
        antenne_code=antenne,
        secteur_code=secteur,
        indicateur=indicateur or "accompagnes",
        ventilation=ventilation,
        case=case,
        dispositif_code=dispositif.code if dispositif else "",
    )
    # Les dossiers sortis de la base active comptent dans le chiffre mais ne sont jamais nommés ici.
    qs_actifs = portail.restreindre(request, qs.filter(archive_le__isnull=True, anonymise_le__isnull=True))
    with lectures_du_pilotage():  # compte et page lus sur le réplica s'il est configuré
        page = Paginator(qs_actifs, 50).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        hors_base_active = qs.count() - page.paginator.count
    noms = noms_territoires()
    description = ["Primo-accueillis" if indicateur == "primo" else "Jeunes accompagnés", f"en {annee}"]
    if dispositif is not None:
        description = [f"Bénéficiaires du dispositif {dispositif.nom}", f"en {annee}"]
    if antenne:
        description.append(f"— {noms.get(antenne, antenne)}")
    if secteur:
        description.append(f"— secteur {noms.get(secteur, secteur)}")
    if ventilation:
        description.append(
            f"— {LIBELLES_VENTILATIONS[ventilation].lower()} : {libelles_buckets(annee)[ventilation][case].lower()}"
        )
    portail.lire_en_lot(request, page.object_list, quoi=f"Liste du tableau de bord : {' '.join(description)}")
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "reporting/jeunes_liste.html",
        {
            "page": page,
            "titre": " ".join(description),
            "hors_base_active": hors_base_active,
            "parametres": parametres.urlencode(),
            "lien_dossier": _url_dossier(),
            "retour": f"{reverse('reporting:tableau_de_bord')}?"
            + urlencode({"annee": annee, **({"antenne": antenne} if antenne else {})}),
        },
    )


@transaction.non_atomic_requests  # la tâche part à la fin du service : un courtier injoignable s'affiche ici
@require_http_methods(["GET", "POST"])
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def rapports(request):
    if request.method == "POST":
        formulaire = FiltreForm(request.POST, user=request.user)
        annee, antenne_code = formulaire.perimetre()
        if not request.user.has_perm("reporting.voir_perimetre", antenne_code):
            raise PermissionDenied("Ce périmètre ne vous est pas accessible.")
        antenne = Antenne.objects.get(code=antenne_code) if antenne_code else None
        try:
            rapport = services.rapport_pdf_demander(annee=annee, antenne=antenne, par=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reporting:rapports")
        except TravailNonProgramme as exc:
            messages.error(request, exc.message)
            return redirect("reporting:rapports")
        messages.info(request, "Génération du rapport lancée : la page se met à jour toute seule.")
        return redirect("reporting:rapport_detail", pk=rapport.pk)
    formulaire, _, _ = _perimetre(request)
    liste = rapports_visibles(request.user)[:30]
    return render(request, "reporting/rapport_liste.html", {"formulaire": formulaire, "rapports": liste})


def _rapport_autorise(request, pk):
    rapport = get_object_or_404(RapportPdf.objects.select_related("antenne"), pk=pk)
    if not request.user.has_perm("reporting.voir_rapport", rapport):
        raise Http404("Rapport introuvable.")
    return rapport


@require_GET
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def rapport_detail(request, pk):
    rapport = _rapport_autorise(request, pk)
    return rendre(
        request, "reporting/rapport_detail.html", "reporting/includes/rapport_etat.html", {"rapport": rapport}
    )


@require_GET
@permission_required("reporting.voir_tableau_de_bord", raise_exception=True)
def rapport_telecharger(request, pk):
    rapport = _rapport_autorise(request, pk)
    if not rapport.fichier:
        raise Http404("Le rapport n'est pas encore prêt.")
    journaliser_acces(request, action=ActionAcces.TELECHARGEMENT, objet=str(rapport))
    with rapport.fichier.open("rb") as fichier:
        return reponse_pdf(fichier.read(), rapport.nom_fichier)
