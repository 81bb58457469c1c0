"""Tableaux des listes de jeunes (django-tables2 : tri, pagination, en-têtes).

Les lignes sont écrites ici, en Python, d'un seul tenant (`lignes_html`), plutôt que cellule par cellule par
django-tables2 ou par une boucle de gabarit : sur 50 lignes, le rendu cellule par cellule coûtait à lui seul plusieurs
fois le budget de 50 ms de ces pages, et une boucle de gabarit encore une vingtaine de millisecondes (voir
docs/performance.md). Les colonnes ci-dessous ne décrivent donc que l'en-tête et le tri.
"""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accompagnement.models import Jeune
from accompagnement.selectors import alertes_suivi
from weker.chemins import chemin_par_pk

TIRET = "—"


def _date(valeur):
    return f"{valeur:%d/%m/%Y}" if valeur else TIRET


def _badges(textes, classe):
    if not textes:
        return TIRET
    return format_html_join(" ", '<span class="badge {}">{}</span>', ((classe, texte) for texte in textes))


def _dispositifs(jeune):
    return _badges([i.dispositif.nom for i in jeune.inscriptions_en_cours], "text-bg-info")


class TableauEnLignesHtml(tables.Table):
    """Tableau dont le gabarit (`accompagnement/tables/lignes.html`) insère `table.lignes_html`."""

    def jeunes(self):
        lignes = self.page.object_list if getattr(self, "page", None) else self.rows
        return [ligne.record for ligne in lignes]

    def lignes_html(self):
        jeunes = self.jeunes()
        if not jeunes:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text)
        ligne = self.ligne_html_pour(timezone.localdate())
        return mark_safe("".join(ligne(jeune) for jeune in jeunes))

    def ligne_html_pour(self, aujourd_hui):
        """Fonction jeune → HTML d'une ligne (<tr>…</tr>) ; préparée une fois par tableau."""
        raise NotImplementedError


def _colonne(libelle, **kwargs):
    return tables.Column(verbose_name=libelle, **kwargs)


class JeuneTable(TableauEnLignesHtml):
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
        template_name = "accompagnement/tables/lignes.html"

    def __init__(self, *args, selection=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.avec_selection = selection
        if not selection:
            self.columns.hide("selection")

    def ligne_html_pour(self, aujourd_hui):
        url_dossier = chemin_par_pk("accompagnement:jeune_detail")
        selection = self.avec_selection

        def ligne(jeune):
            case = (
                format_html(
                    '<td><input type="checkbox" name="jeunes" value="{}" aria-label="Sélectionner {} {}"></td>',
                    jeune.pk,
                    jeune.nom_affiche,
                    jeune.prenom,
                )
                if selection
                else ""
            )
            return format_html(
                '<tr>{}<td><a href="{}">{}</a> {}</td><td>{} ans</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td></tr>",
                case,
                url_dossier(jeune.pk),
                jeune.nom_affiche,
                jeune.prenom,
                jeune.age_au(aujourd_hui),
                jeune.antenne,
                jeune.secteur or TIRET,
                jeune.referent or TIRET,
                jeune.get_niveau_display().split(" — ")[0] if jeune.niveau else TIRET,
                _date(jeune.date_dernier_contact),
                _date(jeune.date_prochain_rdv),
                _dispositifs(jeune),
            )

        return ligne


class PortefeuilleTable(TableauEnLignesHtml):
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
        template_name = "accompagnement/tables/lignes.html"

    def ligne_html_pour(self, aujourd_hui):
        url_dossier = chemin_par_pk("accompagnement:jeune_detail")
        url_saisie = chemin_par_pk("accompagnement:evenement_rapide")

        def ligne(jeune):
            saisie = url_saisie(jeune.pk) + "?depuis=portefeuille"
            return format_html(
                '<tr><td><a href="{}">{}</a> {}</td><td>{} ans</td><td>{}</td>'
                '<td><span id="dernier-contact-{}">{}</span></td><td><span id="prochain-rdv-{}">{}</span></td>'
                "<td>{}</td><td>{}</td>"
                '<td><a class="btn btn-sm btn-outline-primary" href="{}" hx-get="{}" hx-target="#saisie-rapide" '
                'hx-swap="outerHTML">Saisir<span class="visually-hidden"> un entretien pour {} {}</span></a></td></tr>',
                url_dossier(jeune.pk),
                jeune.nom_affiche,
                jeune.prenom,
                jeune.age_au(aujourd_hui),
                jeune.secteur or TIRET,
                jeune.pk,
                _date(jeune.date_dernier_contact),
                jeune.pk,
                _date(jeune.date_prochain_rdv),
                _dispositifs(jeune),
                _badges(alertes_suivi(jeune, aujourd_hui), "text-bg-warning"),
                saisie,
                saisie,
                jeune.nom_affiche,
                jeune.prenom,
            )

        return ligne
