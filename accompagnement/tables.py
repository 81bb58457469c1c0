"""Tableaux des listes de jeunes (django-tables2 : tri, pagination, en-têtes).

Les lignes sont écrites en une seule boucle de gabarit (`templates/accompagnement/tables/`) plutôt que cellule par
cellule par django-tables2 : sur 50 lignes, le rendu cellule par cellule coûtait à lui seul plusieurs fois le budget
de 50 ms de ces pages (voir docs/performance.md). Les colonnes ci-dessous ne décrivent donc que l'en-tête et le tri ;
ce que montre chaque cellule est dans le gabarit du tableau.
"""

import django_tables2 as tables
from django.utils import timezone

from accompagnement.models import Jeune
from accompagnement.selectors import alertes_suivi


class TableauEnUneBoucle(tables.Table):
    """Tableau dont le gabarit parcourt `table.jeunes` (les jeunes de la page, préparés pour l'affichage)."""

    def jeunes(self):
        lignes = self.page.object_list if getattr(self, "page", None) else self.rows
        aujourd_hui = timezone.localdate()
        jeunes = []
        for ligne in lignes:
            jeune = ligne.record
            jeune.alertes_de_suivi = alertes_suivi(jeune, aujourd_hui)
            jeune.niveau_court = jeune.get_niveau_display().split(" — ")[0] if jeune.niveau else ""
            jeunes.append(jeune)
        return jeunes


def _colonne(libelle, **kwargs):
    return tables.Column(verbose_name=libelle, **kwargs)


class JeuneTable(TableauEnUneBoucle):
    selection = tables.CheckBoxColumn(
        accessor="pk", attrs={"th__input": {"aria-label": "Tout sélectionner", "data-tout-selectionner": "jeunes"}}
    )
    nom = _colonne("Nom", accessor="nom", order_by=("nom", "prenom"))
    age = _colonne("Âge", accessor="date_naissance", order_by=("-date_naissance",))
    antenne = _colonne("Antenne", order_by=("antenne__ordre",))
    secteur = _colonne("Secteur", order_by=("secteur__nom",))
    referent = _colonne("Référent", order_by=("referent__last_name", "referent__first_name"))
    niveau = _colonne("Niveau")
    date_dernier_contact = _colonne("Dernier contact")
    date_prochain_rdv = _colonne("Prochain RDV")
    dispositifs = _colonne("Dispositifs en cours", accessor="pk", orderable=False)

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
        template_name = "accompagnement/tables/jeunes.html"

    def __init__(self, *args, selection=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.avec_selection = selection
        if not selection:
            self.columns.hide("selection")


class PortefeuilleTable(TableauEnUneBoucle):
    nom = _colonne("Nom", accessor="nom", order_by=("nom", "prenom"))
    age = _colonne("Âge", accessor="date_naissance", order_by=("-date_naissance",))
    secteur = _colonne("Secteur", order_by=("secteur__nom",))
    date_dernier_contact = _colonne("Dernier contact")
    date_prochain_rdv = _colonne("Prochain RDV")
    dispositifs = _colonne("Dispositifs en cours", accessor="pk", orderable=False)
    alertes = _colonne("Alertes", accessor="pk", orderable=False)
    saisie = _colonne("Saisie", accessor="pk", orderable=False)

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
        template_name = "accompagnement/tables/portefeuille.html"
