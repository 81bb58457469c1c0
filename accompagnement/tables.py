"""Tableaux des listes de jeunes (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accompagnement.models import Jeune
from accompagnement.selectors import alertes_suivi


def _dispositifs(record):
    inscriptions = getattr(record, "inscriptions_en_cours", [])
    if not inscriptions:
        return "—"
    return format_html_join(
        " ", '<span class="badge text-bg-info">{}</span>', ((i.dispositif.nom,) for i in inscriptions)
    )


def _date_suivi(prefixe, record, valeur):
    """Date dans un <span> identifié : la saisie rapide la met à jour sans recharger la page (hx-swap-oob)."""
    return format_html('<span id="{}-{}">{}</span>', prefixe, record.pk, f"{valeur:%d/%m/%Y}" if valeur else "—")


class ColonneNom(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", "Nom")
        kwargs.setdefault("order_by", ("nom", "prenom"))
        kwargs.setdefault("accessor", "nom")
        super().__init__(**kwargs)

    def render(self, record):
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("accompagnement:jeune_detail", kwargs={"pk": record.pk}),
            record.nom_affiche,
            record.prenom,
        )


class JeuneTable(tables.Table):
    selection = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": "Tout sélectionner", "data-tout-selectionner": "jeunes"},
            "td__input": {"name": "jeunes", "aria-label": lambda record: f"Sélectionner {record}"},
        },
    )
    nom = ColonneNom()
    age = tables.Column(verbose_name="Âge", accessor="date_naissance", order_by=("-date_naissance",))
    antenne = tables.Column(verbose_name="Antenne", order_by=("antenne__ordre",))
    secteur = tables.Column(verbose_name="Secteur", order_by=("secteur__nom",))
    referent = tables.Column(verbose_name="Référent", order_by=("referent__last_name", "referent__first_name"))
    niveau = tables.Column(verbose_name="Niveau")
    date_dernier_contact = tables.DateColumn(verbose_name="Dernier contact", format="d/m/Y")
    date_prochain_rdv = tables.DateColumn(verbose_name="Prochain RDV", format="d/m/Y")
    dispositifs = tables.Column(verbose_name="Dispositifs en cours", accessor="pk", orderable=False)

    class Meta:
        model = Jeune
        fields = ()
        sequence = (
            "selection",
            "nom",
            "age",
            "antenne",
            "secteur",
            "referent",
            "niveau",
            "date_dernier_contact",
            "date_prochain_rdv",
            "dispositifs",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "Aucun jeune ne correspond à ces critères."
        order_by = ("nom",)

    def __init__(self, *args, selection=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not selection:
            self.columns.hide("selection")

    def render_age(self, record):
        return f"{record.age} ans"

    def render_niveau(self, record):
        return record.niveau and record.get_niveau_display().split(" — ")[0] or "—"

    def render_dispositifs(self, record):
        return _dispositifs(record)


class PortefeuilleTable(tables.Table):
    nom = ColonneNom()
    age = tables.Column(verbose_name="Âge", accessor="date_naissance", order_by=("-date_naissance",))
    secteur = tables.Column(verbose_name="Secteur", order_by=("secteur__nom",))
    date_dernier_contact = tables.Column(verbose_name="Dernier contact", empty_values=())
    date_prochain_rdv = tables.Column(verbose_name="Prochain RDV", empty_values=())
    dispositifs = tables.Column(verbose_name="Dispositifs en cours", accessor="pk", orderable=False)
    alertes = tables.Column(verbose_name="Alertes", accessor="pk", orderable=False)
    saisie = tables.TemplateColumn(
        verbose_name="Saisie",
        template_name="accompagnement/includes/bouton_saisie_rapide.html",
        orderable=False,
    )

    class Meta:
        model = Jeune
        fields = ()
        sequence = (
            "nom",
            "age",
            "secteur",
            "date_dernier_contact",
            "date_prochain_rdv",
            "dispositifs",
            "alertes",
            "saisie",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "Aucun jeune dans votre portefeuille pour ces critères."
        order_by = ("nom",)

    def render_age(self, record):
        return f"{record.age} ans"

    def render_date_dernier_contact(self, record):
        return _date_suivi("dernier-contact", record, record.date_dernier_contact)

    def render_date_prochain_rdv(self, record):
        return _date_suivi("prochain-rdv", record, record.date_prochain_rdv)

    def render_dispositifs(self, record):
        return _dispositifs(record)

    def render_alertes(self, record):
        alertes = alertes_suivi(record)
        if not alertes:
            return "—"
        return format_html_join(" ", '<span class="badge text-bg-warning">{}</span>', ((a,) for a in alertes))
