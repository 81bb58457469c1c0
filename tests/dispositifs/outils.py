import html


def texte(reponse):
    """Contenu HTML d'une réponse, entités décodées (ce que lit l'utilisateur)."""
    return html.unescape(reponse.content.decode())
