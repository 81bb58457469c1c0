import html


def texte(reponse):
    """Contenu HTML d'une réponse, entités décodées (ce que lit l'utilisateur) ; aucune variable de gabarit manquante."""
    contenu = html.unescape(reponse.content.decode())
    assert "VARIABLE MANQUANTE" not in contenu, contenu[contenu.index("VARIABLE MANQUANTE") - 200 :][:400]
    return contenu
