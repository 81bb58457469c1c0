"""Filtres des gabarits du FAJ."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from weker.templatetags.weker import euros

register = template.Library()


@register.filter
def lignes_du_budget(lignes):
    """Les lignes <tr> d'un tableau de budget, pour [(poste, montant mensuel)] de DemandeAide.lignes_budget().

    Écrites d'un seul tenant : le tableau est répété pour chaque demande de l'écran de séance (40 et plus), où une
    boucle de gabarit sur les dix postes coûtait à elle seule le quart du rendu de la page.
    """
    return mark_safe(  # poste et montant échappés
        "\n".join(
            f'<tr><td>{escape(poste)}</td><td class="text-end">{escape(euros(montant))}</td></tr>'
            for poste, montant in lignes
        )
    )
