"""Tableau de la liste des actions territoriales (django-tables2 : tri, pagination, en-têtes)."""

import django_tables2 as tables

from actions_territoriales.models import ActionTerritoriale


class ActionTable(tables.Table):
    reference = tables.Column(verbose_name="Référence")
    date = tables.DateColumn(verbose_name="Date", format="d/m/Y")
    intitule = tables.Column(verbose_name="Intitulé", linkify=("actions_territoriales:detail", {"pk": tables.A("pk")}))
    type = tables.Column(verbose_name="Type")
    commune = tables.Column(verbose_name="Commune", accessor="commune__nom", order_by=("commune__nom",))
    antenne = tables.Column(verbose_name="Antenne", default="Toute l'agence", order_by=("antenne__ordre",))
    participants = tables.Column(verbose_name="Participants comptés", accessor="pk", orderable=False)
    nombre_jeunes = tables.Column(verbose_name="Jeunes suivis")
    nombre_entreprises = tables.Column(verbose_name="Entreprises")
    embauches = tables.Column(verbose_name="Contrats signés")

    class Meta:
        model = ActionTerritoriale
        fields = ()
        sequence = (
            "reference",
            "date",
            "intitule",
            "type",
            "commune",
            "antenne",
            "participants",
            "nombre_jeunes",
            "nombre_entreprises",
            "embauches",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "Aucune action ne correspond à ces critères."
        order_by = ("-date",)

    def render_type(self, record):
        return record.get_type_display().split(" (")[0]

    def render_participants(self, record):
        return record.participants_comptes
