"""Listes d'options partagées par plusieurs formulaires d'une même page, écrites sans les widgets de Django.

L'écran de séance affiche un formulaire de décision par demande (40 et plus) avec les mêmes listes (types de
décision, enveloppes) : le gabarit écrit le <select> et ce filtre ses options, la valeur du formulaire choisie.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def options_choisies(choix, valeur):
    """Les <option> d'une liste [(valeur, libellé)] (sans groupes), celle qui vaut `valeur` sélectionnée ; valeurs
    comparées en texte, comme dans le HTML. Même HTML que le widget Select de Django."""
    valeur = str(valeur)
    morceaux = []
    for cle, libelle in choix:
        cle = str(cle)
        selection = " selected" if cle == valeur else ""
        morceaux.append(f'<option value="{escape(cle)}"{selection}>{escape(str(libelle))}</option>')
    return mark_safe("".join(morceaux))  # valeurs et libellés échappés
