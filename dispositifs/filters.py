import django_filters
from django import forms

from accompagnement.models import Jeune
from antennes.models import Antenne
from comptes.models import Utilisateur
from dispositifs.enums import TypeAlerte
from dispositifs.models import Alerte, Inscription


class StatutInscription:
    EN_COURS = "en_cours"
    SORTIES = "sorties"
    TOUTES = "toutes"
    CHOIX = [(EN_COURS, "En cours"), (SORTIES, "Sorties"), (TOUTES, "Toutes")]


def _classes(filterset):
    for champ in filterset.form.fields.values():
        classe = "form-select" if isinstance(champ.widget, forms.Select) else "form-control"
        champ.widget.attrs.setdefault("class", classe)


class BeneficiairesFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(
        label="Statut", choices=StatutInscription.CHOIX, method="filtrer_statut", empty_label="En cours"
    )
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", field_name="jeune__antenne", queryset=Antenne.objects.all(), empty_label="Toutes"
    )
    referent = django_filters.ModelChoiceFilter(
        label="Référent",
        field_name="jeune__referent",
        queryset=Utilisateur.objects.actifs().conseillers().order_by("last_name", "first_name"),
        empty_label="Tous",
    )
    nom = django_filters.CharFilter(label="Nom ou prénom", method="filtrer_nom")
    entree_du = django_filters.DateFilter(
        label="Entrée à partir du",
        field_name="date_entree",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    entree_au = django_filters.DateFilter(
        label="Entrée jusqu'au",
        field_name="date_entree",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Inscription
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _classes(self)

    @property
    def qs(self):
        qs = super().qs
        if not self.form.is_valid() or not self.form.cleaned_data.get("statut"):
            qs = qs.ouvertes()
        return qs

    def filtrer_statut(self, queryset, name, value):
        if value == StatutInscription.SORTIES:
            return queryset.sorties()
        if value == StatutInscription.TOUTES:
            return queryset
        return queryset.ouvertes()

    def filtrer_nom(self, queryset, name, value):
        return queryset.filter(jeune__in=Jeune.objects.recherche(value)) if value else queryset


class AlertesFilter(django_filters.FilterSet):
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", field_name="jeune__antenne", queryset=Antenne.objects.all(), empty_label="Toutes"
    )
    type = django_filters.ChoiceFilter(label="Type", choices=TypeAlerte.choices, empty_label="Tous")
    mes_jeunes = django_filters.BooleanFilter(
        label="Mes jeunes seulement", method="filtrer_mes_jeunes", widget=forms.CheckboxInput
    )

    class Meta:
        model = Alerte
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _classes(self)
        self.form.fields["mes_jeunes"].widget.attrs["class"] = "form-check-input"

    def filtrer_mes_jeunes(self, queryset, name, value):
        if value:
            return queryset.filter(jeune__referent=self.request.user)
        return queryset
