"""Listes d'options des formulaires écrits dans le gabarit (écran de séance : un formulaire de décision par point)."""

from django import template

from weker.gabarits import rendre_jinja

register = template.Library()


@register.simple_tag
def options_choisies(choix, valeur):
    """Les <option> d'une liste [(valeur, libellé)] (sans groupes), celle qui vaut `valeur` choisie ; valeurs
    comparées en texte, comme dans le HTML. Gabarit Jinja2 templates/jinja2/components/options.html."""
    return rendre_jinja("components/options.html", {"choix": choix, "valeur": str(valeur)})
