import django_filters
from django import forms

from aides.enums import Fonds, StatutDemande, TypeAide
from aides.models import DemandeAide
from antennes.models import Antenne


class DemandeFiltre(django_filters.FilterSet):
    fonds = django_filters.ChoiceFilter(label="Fonds", choices=Fonds.choices, empty_label="Tous")
    statut = django_filters.ChoiceFilter(label="Statut", choices=StatutDemande.choices, empty_label="Tous")
    type = django_filters.ChoiceFilter(label="Type d'aide", choices=TypeAide.choices, empty_label="Tous")
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne du jeune",
        field_name="jeune__antenne",
        queryset=Antenne.objects.all(),
        empty_label="Toutes les antennes",
    )
    urgence = django_filters.BooleanFilter(
        label="Aides d'urgence seulement",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        method="filtrer_urgence",
    )

    class Meta:
        model = DemandeAide
        fields = ["fonds", "statut", "type", "antenne"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom, champ in self.form.fields.items():
            if nom != "urgence":
                champ.widget.attrs.setdefault("class", "form-select")

    def filtrer_urgence(self, queryset, name, value):
        return queryset.filter(urgence=True) if value else queryset
