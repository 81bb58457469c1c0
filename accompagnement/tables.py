"""Tableaux des listes de jeunes (django-tables2 : tri, pagination, en-têtes).

Les lignes sont écrites par un gabarit Jinja2 (`templates/jinja2/accompagnement/lignes_jeunes.html` et
`lignes_portefeuille.html`) en une seule boucle, plutôt que cellule par cellule par django-tables2 : le rendu cellule
par cellule coûtait plusieurs fois le budget de 50 ms de ces pages, et la même boucle en gabarit Django ajoutait
~60 % au processeur du portefeuille (voir docs/performance.md). Les colonnes ci-dessous ne décrivent donc que
l'en-tête et le tri ; `lignes()` prépare les valeurs affichées (textes et adresses, aucun HTML), le gabarit les
échappe.
"""

from dataclasses import dataclass

import django_tables2 as tables

from accompagnement.models import Jeune
from weker.chemins import chemin_par_pk
from weker.tableaux import GABARIT_TABLEAU, TIRET, TableauJinja
from weker.tableaux import date_courte as _date


@dataclass(slots=True)
class Ligne:
    """Ce qu'affiche une ligne de tableau de jeunes, déjà mis en forme (textes et adresses, sans HTML)."""

    pk: int
    adresse: str
    nom: str
    prenom: str
    age: int
    secteur: object
    dernier_contact: str
    prochain_rdv: str
    dispositifs: list
    antenne: object = None
    referent: object = None
    niveau: str = ""
    alertes: list | None = None  # [(type, message)] des alertes du jeune
    adresse_saisie: str = ""
    mises_en_relation: int = 0  # mises en relation avec un employeur en cours (proposé, entretien)


class TableauDeJeunes(TableauJinja):
    """Tableau de jeunes : lignes préparées par `preparation()` (jeune → `Ligne`)."""


def _colonne(libelle, **kwargs):
    return tables.Column(verbose_name=libelle, **kwargs)


def _ligne_commune(jeune, url_dossier, aujourd_hui, **autres):
    return Ligne(
        pk=jeune.pk,
        adresse=url_dossier(jeune.pk),
        nom=jeune.nom_affiche,
        prenom=jeune.prenom,
        age=jeune.age_au(aujourd_hui),
        secteur=jeune.secteur or TIRET,
        dernier_contact=_date(jeune.date_dernier_contact),
        prochain_rdv=_date(jeune.date_prochain_rdv),
        dispositifs=[i.dispositif.nom for i in jeune.inscriptions_en_cours],
        **autres,
    )


class JeuneTable(TableauDeJeunes):
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

    gabarit_lignes = "accompagnement/lignes_jeunes.html"

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
        template_name = GABARIT_TABLEAU

    def __init__(self, *args, selection=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.avec_selection = selection
        if not selection:
            self.columns.hide("selection")

    def preparation(self, aujourd_hui):
        url_dossier = chemin_par_pk("accompagnement:jeune_detail")

        def preparer(jeune):
            return _ligne_commune(
                jeune,
                url_dossier,
                aujourd_hui,
                antenne=jeune.antenne,
                referent=jeune.referent or TIRET,
                niveau=jeune.get_niveau_display().split(" — ")[0] if jeune.niveau else TIRET,
            )

        return preparer


class PortefeuilleTable(TableauDeJeunes):
    nom = _colonne("Nom", accessor="nom", order_by=("nom", "prenom"))
    age = _colonne("Âge", accessor="date_naissance", order_by=("-date_naissance",))
    secteur = _colonne("Secteur", order_by=("secteur__nom",))
    date_dernier_contact = _colonne("Dernier contact")
    date_prochain_rdv = _colonne("Prochain RDV")
    dispositifs = _colonne("Dispositifs en cours", accessor="pk", orderable=False)
    alertes = _colonne("Alertes", accessor="pk", orderable=False)
    mises_en_relation = _colonne("Employeurs", accessor="pk", orderable=False)
    saisie = _colonne("Saisie", accessor="pk", orderable=False)

    gabarit_lignes = "accompagnement/lignes_portefeuille.html"

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
            "mises_en_relation",
            "saisie",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "Aucun jeune dans votre portefeuille pour ces critères."
        order_by = ("nom",)
        template_name = GABARIT_TABLEAU

    def preparation(self, aujourd_hui):
        url_dossier = chemin_par_pk("accompagnement:jeune_detail")
        url_saisie = chemin_par_pk("accompagnement:evenement_rapide")

        def preparer(jeune):
            return _ligne_commune(
                jeune,
                url_dossier,
                aujourd_hui,
                alertes=[(a.get_type_display(), a.message) for a in jeune.alertes.all()],
                adresse_saisie=url_saisie(jeune.pk) + "?depuis=portefeuille",
                mises_en_relation=getattr(jeune, "mises_en_relation_en_cours", 0),
            )

        return preparer
