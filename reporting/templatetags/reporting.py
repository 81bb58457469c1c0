from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from reporting import charts
from weker.templatetags.weker import euros, nombre

register = template.Library()

CLASSES_DE_LIGNE = {1: "ligne-regroupement", 2: "ligne-intertitre"}


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


@register.simple_tag
def lignes_de_tableau(tableau, lien_jeunes=False):
    """Le <tbody> d'un tableau d'indicateurs, écrit en Python : le tableau de bord en affiche une vingtaine (près
    d'un millier de cellules) et la même boucle en gabarit coûtait ~50 ms par page (voir docs/performance.md).
    Chaque texte passe par conditional_escape, comme dans un gabarit."""
    url_jeunes = reverse("reporting:jeunes")
    colonnes = len(tableau.entetes)
    morceaux = []
    for cellules, niveau, lien in tableau.rangees():
        classe = CLASSES_DE_LIGNE.get(niveau, "")
        if niveau == 2:
            titre = conditional_escape(cellules[0][0])
            morceaux.append(f'<tr class="{classe}"><th scope="rowgroup" colspan="{colonnes}">{titre}</th></tr>')
            continue
        (texte, _), *autres = cellules
        texte = conditional_escape(texte)
        if lien and lien_jeunes:
            texte = f'<a href="{url_jeunes}?{conditional_escape(urlencode(lien))}">{texte}</a>'
        morceaux.append(f'<tr class="{classe}"><th scope="row" class="fw-normal">{texte}</th>')
        morceaux.extend(
            f'<td class="{"text-end text-nowrap" if numerique else ""}">{conditional_escape(t)}</td>'
            for t, numerique in autres
        )
        morceaux.append("</tr>")
    return mark_safe("".join(morceaux))  # noqa: S308 — chaque texte est échappé ci-dessus


@register.filter
def graphique_pdf(svg):
    """Graphique SVG passé en image pour WeasyPrint (voir `charts.en_image`)."""
    return charts.en_image(svg)
