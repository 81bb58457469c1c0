"""Filtres des listes de jeunes (django-filter)."""

import django_filters
from django import forms
from django.utils import timezone

from accompagnement.enums import Niveau
from accompagnement.forms import DateInput, ReferentChoiceField, SecteurChoiceField, referents_possibles
from accompagnement.models import Jeune
from accompagnement.selectors import filtre_avec_alerte
from antennes.models import Antenne, Secteur
from dispositifs.models import Dispositif, Inscription

TRANCHES_AGE = [
    ("moins_18", "Moins de 18 ans"),
    ("18_21", "18 à 21 ans"),
    ("22_25", "22 à 25 ans"),
    ("26_plus", "26 ans et plus"),
]
BORNES_TRANCHES = {"moins_18": (None, 17), "18_21": (18, 21), "22_25": (22, 25), "26_plus": (26, None)}


def _naissance_pour_age(aujourd_hui, age):
    """Jour des `age` ans d'une personne qui les fête aujourd'hui."""
    try:
        return aujourd_hui.replace(year=aujourd_hui.year - age)
    except ValueError:
        return aujourd_hui.replace(year=aujourd_hui.year - age, day=28)


def filtrer_tranche_age(qs, tranche, aujourd_hui=None):
    aujourd_hui = aujourd_hui or timezone.localdate()
    mini, maxi = BORNES_TRANCHES[tranche]
    if mini is not None:  # âge ≥ mini : né au plus tard le jour des `mini` ans
        qs = qs.filter(date_naissance__lte=_naissance_pour_age(aujourd_hui, mini))
    if maxi is not None:  # âge ≤ maxi : né après le jour des `maxi + 1` ans
        qs = qs.filter(date_naissance__gt=_naissance_pour_age(aujourd_hui, maxi + 1))
    return qs


class ReferentFilter(django_filters.ModelChoiceFilter):
    field_class = ReferentChoiceField


class FiltreFormulaire(forms.Form):
    """Formulaire des filtres, aux classes Bootstrap."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            if isinstance(champ.widget, forms.Select):
                champ.widget.attrs.setdefault("class", "form-select form-select-sm")
            elif isinstance(champ.widget, forms.CheckboxInput):
                champ.widget.attrs.setdefault("class", "form-check-input")
            else:
                champ.widget.attrs.setdefault("class", "form-control form-control-sm")


class SecteurFilter(django_filters.ModelChoiceFilter):
    field_class = SecteurChoiceField


class JeuneFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom", method="filtrer_nom")
    antenne = django_filters.ModelChoiceFilter(
        label="Antenne", queryset=Antenne.objects.all(), empty_label="Toutes les antennes"
    )
    secteur = SecteurFilter(
        label="Secteur", queryset=Secteur.objects.select_related("antenne"), empty_label="Tous les secteurs"
    )
    referent = ReferentFilter(label="Référent", queryset=None, empty_label="Tous les référents")
    tranche_age = django_filters.ChoiceFilter(
        label="Âge", choices=TRANCHES_AGE, method="filtrer_tranche_age", empty_label="Tous les âges"
    )
    niveau = django_filters.ChoiceFilter(label="Niveau", choices=Niveau.choices, empty_label="Tous les niveaux")
    dispositif = django_filters.ModelChoiceFilter(
        label="Dispositif en cours",
        queryset=Dispositif.objects.all(),
        method="filtrer_dispositif",
        empty_label="Tous",
    )
    contact_depuis = django_filters.DateFilter(
        label="Dernier contact depuis le", field_name="date_dernier_contact", lookup_expr="gte", widget=DateInput()
    )
    contact_avant = django_filters.DateFilter(
        label="Dernier contact jusqu'au", field_name="date_dernier_contact", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Jeune
        fields = []
        form = FiltreFormulaire

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["referent"].queryset = referents_possibles()

    def filtrer_nom(self, qs, name, value):
        return qs.recherche(value) if value else qs

    def filtrer_tranche_age(self, qs, name, value):
        return filtrer_tranche_age(qs, value) if value else qs

    def filtrer_dispositif(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(pk__in=Inscription.objects.en_cours().filter(dispositif=value).values("jeune_id"))


class PortefeuilleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom", method="filtrer_nom")
    alerte = django_filters.BooleanFilter(
        label="Avec une alerte seulement", method="filtrer_alerte", widget=forms.CheckboxInput
    )
    tranche_age = django_filters.ChoiceFilter(
        label="Âge", choices=TRANCHES_AGE, method="filtrer_tranche_age", empty_label="Tous les âges"
    )
    dispositif = django_filters.ModelChoiceFilter(
        label="Dispositif en cours",
        queryset=Dispositif.objects.all(),
        method="filtrer_dispositif",
        empty_label="Tous",
    )

    class Meta:
        model = Jeune
        fields = []
        form = FiltreFormulaire

    def filtrer_nom(self, qs, name, value):
        return qs.recherche(value) if value else qs

    def filtrer_alerte(self, qs, name, value):
        return qs.filter(filtre_avec_alerte()) if value else qs

    filtrer_tranche_age = JeuneFilter.filtrer_tranche_age
    filtrer_dispositif = JeuneFilter.filtrer_dispositif
