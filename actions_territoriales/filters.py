"""Filtres de la liste des actions territoriales (django-filter)."""

import django_filters
from django.utils import timezone

from accompagnement.filters import FiltreFormulaire
from actions_territoriales.enums import TypeAction
from actions_territoriales.models import ActionTerritoriale
from antennes.models import Antenne, Commune


def annees_possibles():
    """L'année en cours, la suivante et celles des actions enregistrées (une requête)."""
    aujourd_hui = timezone.localdate()
    annees = {aujourd_hui.year, aujourd_hui.year + 1}
    annees.update(d.year for d in ActionTerritoriale.objects.dates("date", "year"))
    return [(annee, str(annee)) for annee in sorted(annees, reverse=True)]


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Intitulé ou référence", method="filtrer_texte")
    type = django_filters.ChoiceFilter(label="Type", choices=TypeAction.choices, empty_label="Tous les types")
    annee = django_filters.ChoiceFilter(
        label="Année", choices=annees_possibles, method="filtrer_annee", empty_label="Toutes les années"
    )
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", queryset=Antenne.objects.all(), empty_label="Toutes les antennes"
    )
    commune = django_filters.ModelChoiceFilter(
        label="Commune",
        queryset=Commune.objects.filter(actions_territoriales__isnull=False).distinct().order_by("nom"),
        empty_label="Toutes les communes",
    )

    class Meta:
        model = ActionTerritoriale
        fields = []
        form = FiltreFormulaire

    def filtrer_texte(self, qs, name, value):
        texte = value.strip()[:100]
        if not texte:
            return qs
        return qs.filter(intitule__icontains=texte) | qs.filter(reference__iexact=texte)

    def filtrer_annee(self, qs, name, value):
        return qs.filter(date__year=int(value)) if value else qs
