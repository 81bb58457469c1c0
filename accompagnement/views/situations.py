"""Situations : entrées en emploi, en formation, en immersion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accompagnement import services
from accompagnement.forms import SituationForm
from accompagnement.models import Situation
from accompagnement.views.commun import jeune_pour, reporter_erreurs


def _formulaire(request, jeune, situation=None):
    form = SituationForm(request.POST or None, instance=situation)
    if request.method == "POST" and form.is_valid():
        try:
            if situation is None:
                situation = services.situation_creer(jeune=jeune, par=request.user, **form.donnees_service())
            else:
                situation = services.situation_modifier(situation=situation, par=request.user, **form.donnees_service())
        except ValidationError as erreur:
            reporter_erreurs(form, erreur)
        else:
            messages.success(request, f"Situation enregistrée : {situation}.")
            return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#situations")
    return render(request, "accompagnement/situation_form.html", {"jeune": jeune, "form": form, "situation": situation})


@require_http_methods(["GET", "POST"])
def situation_creer(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.saisir_situation", quoi="situations du dossier")
    return _formulaire(request, jeune)


@require_http_methods(["GET", "POST"])
def situation_modifier(request, pk, situation_pk):
    jeune = jeune_pour(request, pk, "accompagnement.saisir_situation", quoi="situations du dossier")
    situation = get_object_or_404(Situation, pk=situation_pk, jeune=jeune)
    return _formulaire(request, jeune, situation)
