"""Listes : portefeuille « Mes jeunes », liste des jeunes de l'agence (filtres, export), actions groupées."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from accompagnement import selectors, services
from accompagnement.filters import JeuneFilter, PortefeuilleFilter
from accompagnement.forms import InscriptionDepuisListeForm, ReaffectationForm, ReferentForm
from accompagnement.models import Jeune, SessionCollective
from accompagnement.tables import JeuneTable, PortefeuilleTable
from accompagnement.views.commun import exiger, retour_sur
from securite.journal import journaliser_acces
from securite.models import ActionAcces
from weker.exports import reponse_tableau
from weker.htmx import rendre

PAR_PAGE = 50


@require_GET
def portefeuille(request):
    exiger(request, "accompagnement.voir_portefeuille")
    filtre = PortefeuilleFilter(request.GET or None, queryset=selectors.portefeuille(request.user))
    table = PortefeuilleTable(filtre.qs)
    RequestConfig(request, paginate={"per_page": PAR_PAGE}).configure(table)
    return rendre(
        request,
        "accompagnement/portefeuille.html",
        "accompagnement/includes/portefeuille_table.html",
        {"filtre": filtre, "table": table},
    )


def _donnees_filtre(request):
    """Par défaut, l'antenne de l'utilisateur ; « Toutes les antennes » est un choix explicite (valeur vide)."""
    donnees = request.GET.copy()
    if "antenne" not in donnees and request.user.antenne_id:
        donnees["antenne"] = str(request.user.antenne_id)
    return donnees


def sessions_ouvertes_pour(user):
    qs = SessionCollective.objects.filter(date__gte=timezone.localdate()).select_related("antenne")
    if user.role not in ("direction", "administrateur"):
        qs = qs.filter(antenne_id=user.antenne_id)
    return qs.order_by("date", "heure_debut")


EN_TETES_EXPORT = [
    "Nom",
    "Nom d'usage",
    "Prénom",
    "Date de naissance",
    "Âge",
    "Sexe",
    "Commune",
    "Antenne",
    "Secteur",
    "Référent",
    "Niveau",
    "Premier accueil",
    "Dernier contact",
    "Prochain rendez-vous",
    "Dispositifs en cours",
]


def _lignes_export(qs):
    # Jamais de compte rendu ni de coordonnées dans un export (minimisation des données).
    for jeune in qs.defer(None).select_related("commune").iterator(chunk_size=2000):
        yield [
            jeune.nom,
            jeune.nom_usage,
            jeune.prenom,
            jeune.date_naissance,
            jeune.age,
            jeune.get_sexe_display(),
            jeune.commune.nom,
            jeune.antenne.nom,
            jeune.secteur.nom if jeune.secteur_id else "",
            str(jeune.referent) if jeune.referent_id else "",
            jeune.get_niveau_display() if jeune.niveau else "",
            jeune.date_premier_accueil,
            jeune.date_dernier_contact,
            jeune.date_prochain_rdv,
            ", ".join(i.dispositif.nom for i in jeune.inscriptions_en_cours),
        ]


@require_GET
def jeune_liste(request):
    exiger(request, "accompagnement.voir_liste_jeunes")
    base = selectors.jeunes_avec_donnees_de_liste(Jeune.objects.actifs())
    filtre = JeuneFilter(_donnees_filtre(request), queryset=base)
    format_export = request.GET.get("export")
    if format_export in ("csv", "xlsx"):
        exiger(request, "accompagnement.exporter_jeunes")
        qs = filtre.qs.order_by("nom", "prenom")
        journaliser_acces(
            request, action=ActionAcces.EXPORT, objet=f"liste des jeunes ({format_export}, {qs.count()} lignes)"
        )
        horodatage = timezone.localtime().strftime("%Y%m%d-%H%M")
        return reponse_tableau(
            f"jeunes-{horodatage}", EN_TETES_EXPORT, _lignes_export(qs), format=format_export, titre="Jeunes"
        )
    peut_reaffecter = request.user.has_perm("accompagnement.reaffecter_jeunes")
    peut_inscrire = request.user.has_perm("accompagnement.gerer_session")
    table = JeuneTable(filtre.qs, selection=peut_reaffecter or peut_inscrire)
    RequestConfig(request, paginate={"per_page": PAR_PAGE}).configure(table)
    contexte = {
        "filtre": filtre,
        "table": table,
        "peut_exporter": request.user.has_perm("accompagnement.exporter_jeunes"),
        "peut_reaffecter": peut_reaffecter,
        "peut_inscrire": peut_inscrire,
        "form_referent": ReferentForm() if peut_reaffecter else None,
        "form_session": InscriptionDepuisListeForm(sessions=sessions_ouvertes_pour(request.user))
        if peut_inscrire
        else None,
        "parametres": request.GET.urlencode(),
    }
    return rendre(
        request, "accompagnement/jeune_liste.html", "accompagnement/includes/jeune_liste_table.html", contexte
    )


@require_POST
def jeunes_action(request):
    """Actions groupées sur la sélection de la liste : réaffecter, inscrire à une session."""
    exiger(request, "accompagnement.voir_liste_jeunes")
    retour = retour_sur(request, reverse("accompagnement:jeune_liste"))
    action = request.POST.get("action")
    if action == "reaffecter":
        exiger(request, "accompagnement.reaffecter_jeunes")
        form = ReaffectationForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
            return redirect(retour)
        try:
            nombre = services.jeunes_reaffecter(
                jeunes=form.cleaned_data["jeunes"],
                referent=form.cleaned_data["referent"],
                par=request.user,
                motif=form.cleaned_data["motif"],
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, f"{nombre} jeune(s) réaffecté(s) à {form.cleaned_data['referent']}.")
        return redirect(retour)
    if action == "inscrire":
        form = InscriptionDepuisListeForm(request.POST, sessions=sessions_ouvertes_pour(request.user))
        if not form.is_valid():
            messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
            return redirect(retour)
        session = form.cleaned_data["session"]
        exiger(request, "accompagnement.gerer_session", session)
        try:
            nombre = services.session_inscrire(session=session, jeunes=form.cleaned_data["jeunes"], par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
            return redirect(retour)
        messages.success(request, f"{nombre} jeune(s) inscrit(s) à la session.")
        return redirect("accompagnement:session_detail", pk=session.pk)
    messages.error(request, "Action inconnue.")
    return redirect(retour)
