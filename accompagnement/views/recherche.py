"""Recherche d'un jeune depuis l'en-tête de chaque page : suggestions htmx pendant la frappe, page de résultats
sans JavaScript (Entrée). Nom, prénom, date de naissance, identifiants ; dans le périmètre et la base active."""

from django.views.decorators.http import require_GET

from accompagnement.forms import RechercheEnteteForm
from accompagnement.models import Jeune
from accompagnement.views.commun import exiger
from securite import portail
from weker.htmx import rendre

SUGGESTIONS = 10
RESULTATS = 50


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
        {"form": form, "jeunes": jeunes, "plus": plus, "limite": limite},
    )
