"""Balises des gabarits du FAJ."""

from django import template

from weker.gabarits import rendre_jinja

register = template.Library()


@register.simple_tag
def lignes_du_budget(lignes):
    """Les lignes <tr> d'un tableau de budget, pour [(poste, montant mensuel)] de DemandeAide.lignes_budget().

    Gabarit Jinja2 (templates/jinja2/aides/lignes_budget.html) : le tableau est répété pour chaque demande de l'écran
    de séance (100 postes), où la même boucle en gabarit Django ajoutait ~11 % d'appels de fonctions à la page
    (docs/performance.md).
    """
    return rendre_jinja("aides/lignes_budget.html", {"lignes": lignes})
