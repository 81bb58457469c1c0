"""« Mes disponibilités » : plages hebdomadaires et absences du conseiller connecté (htmx, sans JavaScript aussi).

Aucune donnée de jeune ici : seulement le nombre de rendez-vous déjà planifiés pendant une absence nouvelle."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accompagnement.views.commun import exiger, reporter_erreurs
from agenda import services
from agenda.forms import AbsenceForm, PlageForm
from agenda.models import AbsenceConseiller, PlageDisponibilite
from weker.htmx import rendre

PERMISSION = "agenda.gerer_disponibilites"


def _page(request, *, form_plage=None, form_absence=None, confirmation=""):
    user = request.user
    contexte = {
        "plages": PlageDisponibilite.objects.filter(conseiller=user).select_related("lieu"),
        "absences": AbsenceConseiller.objects.filter(conseiller=user, fin__gte=timezone.now()),
        "form_plage": form_plage or PlageForm(user=user),
        "form_absence": form_absence or AbsenceForm(),
        "confirmation": confirmation,
    }
    return rendre(request, "agenda/disponibilites.html", "agenda/includes/disponibilites.html", contexte)


def _fait(request, texte):
    if request.htmx:
        return _page(request, confirmation=texte)
    messages.success(request, texte)
    return redirect("agenda:disponibilites")


@require_GET
def disponibilites(request):
    exiger(request, PERMISSION)
    return _page(request)


@require_POST
def plage_ajouter(request):
    exiger(request, PERMISSION)
    form = PlageForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            plage = services.plage_ajouter(conseiller=request.user, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            return _fait(request, f"Plage ajoutée : {str(plage).lower()}.")
    return _page(request, form_plage=form)


@require_POST
def plage_supprimer(request, pk):
    exiger(request, PERMISSION)
    plage = get_object_or_404(PlageDisponibilite, pk=pk, conseiller=request.user)
    services.plage_supprimer(plage=plage, par=request.user)
    return _fait(request, "Plage retirée.")


@require_POST
def absence_ajouter(request):
    exiger(request, PERMISSION)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            absence = services.absence_ajouter(conseiller=request.user, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            texte = f"{absence} : notée."
            a_reporter = len(services.rendez_vous_pendant(absence))
            if a_reporter:
                pluriel = "s" if a_reporter > 1 else ""
                texte += f" {a_reporter} rendez-vous déjà planifié{pluriel} pendant cette absence : reportez-les."
            return _fait(request, texte)
    return _page(request, form_absence=form)


@require_POST
def absence_supprimer(request, pk):
    exiger(request, PERMISSION)
    absence = get_object_or_404(AbsenceConseiller, pk=pk, conseiller=request.user)
    services.absence_supprimer(absence=absence, par=request.user)
    return _fait(request, "Absence retirée.")
