"""Tableaux django-tables2 dont les lignes sont écrites par un gabarit Jinja2, en une seule boucle.

django-tables2 garde le tri, la pagination et les en-têtes ; le rendu cellule par cellule (un gabarit par cellule,
et pour les colonnes à lien un reverse() par ligne) coûtait plusieurs fois le plancher d'une page : ~100 ms pour
50 offres (docs/performance.md). Une sous-classe décrit ses colonnes (en-têtes, tri), prépare dans `preparation()`
les valeurs affichées d'une ligne (textes et adresses, aucun HTML) et nomme le gabarit Jinja2 de ses lignes, qui
les échappe. Son Meta.template_name est `GABARIT_TABLEAU`.
"""

import django_tables2 as tables
from django.utils import timezone

from weker.gabarits import rendre_jinja

GABARIT_TABLEAU = "components/tableau_lignes.html"
TIRET = "—"


def date_courte(valeur):
    return f"{valeur:%d/%m/%Y}" if valeur else TIRET


class TableauJinja(tables.Table):
    """Tableau dont le gabarit (`GABARIT_TABLEAU`) insère `corps`, rendu par le gabarit Jinja2 `gabarit_lignes`."""

    gabarit_lignes = ""

    def corps(self):
        return rendre_jinja(self.gabarit_lignes, {"table": self, "lignes": self.lignes()})

    def enregistrements(self):
        """Les objets de la page affichée (ou de tout le tableau sans pagination)."""
        lignes = self.page.object_list if getattr(self, "page", None) else self.rows
        return [ligne.record for ligne in lignes]

    def lignes(self):
        """Les lignes de la page affichée, préparées une fois (adresses calculées par un seul reverse())."""
        preparer = self.preparation(timezone.localdate())
        return [preparer(objet) for objet in self.enregistrements()]

    def preparation(self, aujourd_hui):
        """Fonction objet → valeurs d'une ligne ; préparée une fois par tableau."""
        raise NotImplementedError
