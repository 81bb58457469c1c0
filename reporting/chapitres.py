"""Chapitres du rapport d'activité : une liste nommée, dans l'ordre du rapport imprimé.

Un chapitre est une unité : un code (ancre du sommaire, clé des textes de la direction et du choix des chapitres),
un titre et un gabarit (le corps du chapitre, sous `templates/reporting/chapitres/`). Le rapport les met en page
dans cet ordre : titre, mot de la direction (texte et citation de l'année), puis le gabarit.

Ajouter un chapitre = ajouter une entrée à `CHAPITRES` (et son gabarit). Si le gabarit a besoin de chiffres qui ne
sont pas déjà dans le contexte commun (`reporting.rapport.contexte_rapport`), `contexte` est une fonction
`(ind: Indicateurs) -> dict` appelée seulement quand le chapitre est retenu ; `sous_parties` une fonction
`(contexte) -> [(ancre, titre)]` pour les entrées du sommaire sous le chapitre.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Chapitre:
    code: str
    titre: str
    gabarit: str
    contexte: Callable | None = None
    sous_parties: Callable | None = None


def _antennes(contexte):
    return [(f"antenne-{a['code']}", a["nom"]) for a in contexte["antennes"]]


CHAPITRES = (
    Chapitre("jeunes", "Les jeunes accompagnés", "reporting/chapitres/jeunes.html"),
    Chapitre("profil", "Âge et niveau de qualification", "reporting/chapitres/profil.html"),
    Chapitre("formation", "Les entrées en formation", "reporting/chapitres/formation.html"),
    Chapitre("emploi", "Les entrées en emploi", "reporting/chapitres/emploi.html"),
    Chapitre("dispositifs", "Les dispositifs", "reporting/chapitres/dispositifs.html"),
    Chapitre("secteurs", "Évolution par secteur", "reporting/chapitres/secteurs.html", sous_parties=_antennes),
    Chapitre("sante", "La santé", "reporting/chapitres/sante.html"),
    Chapitre("hebergement", "L'hébergement", "reporting/chapitres/hebergement.html"),
    Chapitre("mobilite", "La mobilité", "reporting/chapitres/mobilite.html"),
    Chapitre("aides", "Les aides attribuées", "reporting/chapitres/aides.html"),
    Chapitre("faj", "Le Fonds d'Aide aux Jeunes", "reporting/chapitres/faj.html"),
    # Issues 18 et 19 : corps sous templates/reporting/rapport/, chiffres dans `complements` du contexte commun
    # (reporting.rapport.contexte_chapitres_complementaires).
    Chapitre("dispositifs_detail", "Les dispositifs en détail", "reporting/rapport/chapitre_dispositifs_detail.html"),
    Chapitre("ateliers", "Les ateliers", "reporting/rapport/chapitre_ateliers.html"),
    Chapitre("entreprises", "Relations entreprises", "reporting/rapport/chapitre_entreprises.html"),
    Chapitre("actions", "Les actions territoriales", "reporting/rapport/chapitre_actions.html"),
)

PAR_CODE = {c.code: c for c in CHAPITRES}
CODES = tuple(PAR_CODE)


def chapitre(code):
    """Le chapitre de ce code ; `KeyError` s'il n'existe pas (un code retiré du registre)."""
    return PAR_CODE[code]
