"""Recherche d'un jeune depuis l'en-tête de chaque page : suggestions htmx pendant la frappe, page de résultats
sans JavaScript (Entrée). Nom, prénom, date de naissance, identifiants ; dans le périmètre et la base active.
Aussi pour choisir le jeune d'un rendez-vous planifié depuis l'agenda (`creneau`)."""

import re

from django.views.decorators.http import require_GET

from accompagnement.forms import RechercheEnteteForm
from accompagnement.models import Jeune
from accompagnement.views.commun import exiger
from securite import portail
from weker.htmx import rendre

CRENEAU = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
SUGGESTIONS = 10
RESULTATS = 50


def _creneau(request):
    """Recherche lancée depuis l'agenda (« planifier à ce créneau ») : chaque résultat ouvre le formulaire de
    rendez-vous du jeune prérempli (`?creneau=AAAA-MM-JJTHH:MM`) au lieu du dossier."""
    valeur = request.GET.get("creneau", "")
    return valeur if CRENEAU.fullmatch(valeur) else ""


@require_GET
def recherche(request):
    exiger(request, "accompagnement.voir_liste_jeunes")
    form = RechercheEnteteForm(request.GET) if "q" in request.GET else RechercheEnteteForm()
    limite = SUGGESTIONS if request.htmx else RESULTATS
    jeunes, plus = [], False
    if form.is_bound and form.is_valid():
        qs = portail.restreindre(request, Jeune.objects.actifs().recherche(form.cleaned_data["q"]))
        jeunes = list(qs.select_related("antenne").order_by("nom", "prenom", "pk")[: limite + 1])
        plus, jeunes = len(jeunes) > limite, jeunes[:limite]
        portail.lire_en_lot(request, jeunes, quoi="recherche d'un jeune")
    return rendre(
        request,
        "accompagnement/recherche.html",
        "accompagnement/includes/recherche_suggestions.html",
        {"form": form, "jeunes": jeunes, "plus": plus, "limite": limite, "creneau": _creneau(request)},
    )
