"""Petits utilitaires de texte partagés (normalisation pour la recherche)."""

import unicodedata


def normaliser(texte: str) -> str:
    """Minuscules sans accents, espaces réduits : « Éloïse  LE GOFF » → « eloise le goff »."""
    decompose = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(sans_accents.lower().replace("-", " ").replace("'", " ").split())
