"""Tableaux du registre (django-tables2 : tri, pagination, en-têtes). Cellules en texte, échappées par le gabarit."""

import django_tables2 as tables

from entreprises.models import Entreprise, Offre


class EntrepriseTable(tables.Table):
    raison_sociale = tables.Column(verbose_name="Raison sociale", linkify=True)
    siret = tables.Column(verbose_name="SIRET", accessor="siret_affiche", order_by="siret")
    commune = tables.Column(verbose_name="Commune", accessor="commune__nom", order_by="commune__nom")
    section_naf = tables.Column(verbose_name="Section NAF", empty_values=("",), default="—")
    tranche_effectif = tables.Column(verbose_name="Effectif", empty_values=("",), default="—")

    class Meta:
        model = Entreprise
        fields = ("raison_sociale", "siret", "commune", "section_naf", "tranche_effectif")
        order_by = ("raison_sociale",)
        empty_text = "Aucune entreprise ne correspond à ces critères."
        attrs = {"class": "table table-sm table-hover align-middle"}


class OffreTable(tables.Table):
    reference = tables.Column(verbose_name="Référence", linkify=True)
    intitule = tables.Column(verbose_name="Intitulé")
    entreprise = tables.Column(
        verbose_name="Entreprise",
        linkify=lambda record: record.entreprise.get_absolute_url(),
        order_by="entreprise__raison_sociale",
    )
    type_contrat = tables.Column(verbose_name="Contrat")
    nombre_postes = tables.Column(verbose_name="Postes")
    date_reception = tables.DateColumn(verbose_name="Reçue le", format="d/m/Y")
    date_cloture = tables.DateColumn(verbose_name="Clôture", format="d/m/Y", default="—")
    statut = tables.Column(verbose_name="Statut")

    class Meta:
        model = Offre
        fields = (
            "reference",
            "intitule",
            "entreprise",
            "type_contrat",
            "nombre_postes",
            "date_reception",
            "date_cloture",
            "statut",
        )
        order_by = ("-date_reception",)
        empty_text = "Aucune offre ne correspond à ces critères."
        attrs = {"class": "table table-sm table-hover align-middle"}
