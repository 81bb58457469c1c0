"""Second moteur de gabarits (Jinja2), réservé aux lignes répétées : lignes des tableaux de jeunes, postes du budget
et options des formulaires de décision de l'écran de séance.

Voir le réglage TEMPLATES et docs/performance.md : échappement automatique, variables absentes en erreur.
"""

import jinja2
from django.template import engines
from django.utils.safestring import SafeString


def environnement(**options):
    """Environnement Jinja2 du projet (réglage TEMPLATES) : les filtres de mise en forme des gabarits Django."""
    from weker.templatetags.weker import euros

    env = jinja2.Environment(**options)
    env.filters["euros"] = euros
    return env


def rendre_jinja(nom, contexte):
    """HTML produit par le gabarit Jinja2 `nom` (sous templates/jinja2/), à insérer tel quel dans un gabarit Django.

    Le moteur de Django rend une SafeString ; celui de Jinja2, un str déjà échappé (autoescape) : même statut ici.
    """
    return SafeString(engines["jinja2"].get_template(nom).render(contexte))


def message_gabarit(nom, contexte):
    """Message (HTML sûr, sur une ligne) écrit dans le gabarit Django `nom` : un refus qui porte un lien, par exemple.

    Le texte et ses balises restent dans le gabarit ; les sauts de ligne qui entourent la phrase sont retirés. Le
    statut « sûr » est gardé par le cadre des messages et par les erreurs de formulaire : le lien reste cliquable."""
    from django.template.loader import render_to_string

    return SafeString(render_to_string(nom, contexte).strip())
