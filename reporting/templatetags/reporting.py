from django import template
from django.utils.http import urlencode

from reporting import charts
from weker.templatetags.weker import euros, nombre

register = template.Library()


@register.filter
def parametres(valeur):
    """Dictionnaire de paramètres → chaîne de requête."""
    return urlencode(valeur or {})


@register.filter
def chiffre(valeur, format="nombre"):
    """Affiche un chiffre clé : « 8 065 » ou « 229 985 € »."""
    return euros(valeur, 0) if format == "euros" else nombre(valeur)


@register.filter
def sens(valeur):
    """Classe CSS selon le sens de l'évolution."""
    if valeur is None:
        return "evolution-nulle"
    return "evolution-hausse" if valeur > 0 else ("evolution-baisse" if valeur < 0 else "evolution-nulle")


@register.filter
def graphique_pdf(svg):
    """Graphique SVG passé en image pour WeasyPrint (voir `charts.en_image`)."""
    return charts.en_image(svg)
