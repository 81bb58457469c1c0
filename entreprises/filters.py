"""Filtres des listes du registre (django-filter)."""

import django_filters

from accompagnement.filters import FiltreFormulaire
from accompagnement.forms import DateInput
from entreprises.enums import TYPES_CONTRAT_OFFRE, StatutOffre, TrancheEffectif
from entreprises.models import Entreprise, Offre
from entreprises.regles import SECTIONS_NAF


class EntrepriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom ou SIRET", method="filtrer_nom")
    commune = django_filters.CharFilter(label="Commune (nom ou code INSEE)", method="filtrer_commune")
    section_naf = django_filters.ChoiceFilter(
        label="Section NAF", choices=[(s, s) for s in SECTIONS_NAF], empty_label="Toutes les sections"
    )
    tranche_effectif = django_filters.ChoiceFilter(
        label="Effectif", choices=TrancheEffectif.choices, empty_label="Tous les effectifs"
    )

    class Meta:
        model = Entreprise
        fields = []
        form = FiltreFormulaire

    def filtrer_nom(self, qs, name, value):
        return qs.recherche(value) if value else qs

    def filtrer_commune(self, qs, name, value):
        return qs.dans_la_commune(value) if value else qs


class OffreFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(label="Statut", choices=StatutOffre.choices, empty_label="Tous les statuts")
    entreprise = django_filters.CharFilter(label="Entreprise (nom ou SIRET)", method="filtrer_entreprise")
    type_contrat = django_filters.ChoiceFilter(
        label="Type de contrat", choices=TYPES_CONTRAT_OFFRE, empty_label="Tous les contrats"
    )
    recue_depuis = django_filters.DateFilter(
        label="Reçue depuis le", field_name="date_reception", lookup_expr="gte", widget=DateInput()
    )
    recue_avant = django_filters.DateFilter(
        label="Reçue jusqu'au", field_name="date_reception", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Offre
        fields = []
        form = FiltreFormulaire

    def filtrer_entreprise(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(entreprise__in=Entreprise.objects.recherche(value))
