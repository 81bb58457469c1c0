"""Filtres des listes de jeunes (django-filter)."""

import django_filters
from django import forms
from django.utils import timezone

from accompagnement.enums import Niveau
from accompagnement.forms import DateInput, ReferentChoiceField, SecteurChoiceField, referents_possibles
from accompagnement.models import Jeune
from accompagnement.regles import LIBELLES_TRANCHES_AGE, filtre_tranche_age
from accompagnement.selectors import filtre_avec_alerte
from antennes.models import Antenne, Secteur

# Les inscriptions aux dispositifs, lues par la relation inverse du jeune : accompagnement n'importe pas l'application
# dispositifs, qui est au-dessus de lui (l'inscription pointe vers le jeune, pas l'inverse).
Inscription = Jeune._meta.get_field("inscriptions").related_model
Dispositif = Inscription._meta.get_field("dispositif").related_model

TRANCHES_AGE = list(LIBELLES_TRANCHES_AGE.items())


def filtrer_tranche_age(qs, tranche, aujourd_hui=None):
    return qs.filter(filtre_tranche_age(tranche, aujourd_hui or timezone.localdate()))


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
