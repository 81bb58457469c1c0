import html


def texte(reponse):
    """Contenu HTML décodé (ce que lit l'utilisateur). Une variable de gabarit manquante a déjà levé au rendu."""
    return html.unescape(reponse.content.decode())
