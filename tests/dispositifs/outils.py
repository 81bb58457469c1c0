import html


def texte(reponse):
    """Contenu HTML décodé (ce que lit l'utilisateur) ; échoue si une variable de gabarit manque."""
    contenu = html.unescape(reponse.content.decode())
    assert "VARIABLE MANQUANTE" not in contenu, contenu[contenu.index("VARIABLE MANQUANTE") - 200 :][:400]
    return contenu
