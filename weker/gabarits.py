"""Rendu par le second moteur de gabarits (Jinja2), réservé aux lignes répétées des tableaux de jeunes.

Voir le réglage TEMPLATES et docs/performance.md : échappement automatique, variables absentes en erreur.
"""

from django.template import engines
from django.utils.safestring import SafeString


def rendre_jinja(nom, contexte):
    """HTML produit par le gabarit Jinja2 `nom` (sous templates/jinja2/), à insérer tel quel dans un gabarit Django.

    Le moteur de Django rend une SafeString ; celui de Jinja2, un str déjà échappé (autoescape) : même statut ici.
    """
    return SafeString(engines["jinja2"].get_template(nom).render(contexte))
