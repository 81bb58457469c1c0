"""Balises des gabarits de l'accompagnement."""

from django import template

from accompagnement.forms import DUREE_CACHE_REFERENTS, version_referents

register = template.Library()


@register.simple_tag
def cache_referents():
    """(durée, version) des fragments en cache qui affichent une liste de référents :
    `{% cache_referents as c %}{% cache c.0 nom c.1 … %}`."""
    return DUREE_CACHE_REFERENTS, version_referents()
