"""Règles des établissements : SIRET, code NAF et sa section, tranche d'effectif (une seule définition, utilisée par
les formulaires, l'import et le générateur de démonstration)."""

import re

from django.core.exceptions import ValidationError

from accompagnement.enums import SectionNaf
from weker.texte import normaliser

# SIREN de La Poste : ses établissements ont des SIRET qui ne passent pas la clé de Luhn (exception connue de
# l'INSEE) ; leur somme des chiffres est un multiple de 5.
SIREN_LA_POSTE = "356000000"

MESSAGE_SIRET = "Le SIRET doit compter 14 chiffres et sa clé de contrôle doit être juste."
MESSAGE_NAF = "Le code NAF doit s'écrire comme « 56.10A » (deux chiffres, un point, deux chiffres, une lettre)."

_NAF = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")

# Sections de la NAF rév. 2 par division (deux premiers chiffres du code).
_SECTIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
SECTIONS_NAF = tuple(SectionNaf.values)  # A à U, libellés dans accompagnement.enums.SectionNaf


def _luhn(chiffres):
    total = 0
    for rang, caractere in enumerate(reversed(chiffres)):
        valeur = int(caractere)
        if rang % 2 == 1:
            valeur *= 2
            if valeur > 9:
                valeur -= 9
        total += valeur
    return total % 10 == 0


def normaliser_siret(valeur):
    """SIRET sans espaces (« 356 000 000 00048 » → « 35600000000048 »)."""
    return re.sub(r"[\s.]", "", valeur or "")


def siret_valide(valeur):
    siret = normaliser_siret(valeur)
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(SIREN_LA_POSTE):
        return _luhn(siret) or sum(int(c) for c in siret) % 5 == 0
    return _luhn(siret)


def valider_siret(valeur):
    if not siret_valide(valeur):
        raise ValidationError(MESSAGE_SIRET, code="siret")


def normaliser_naf(valeur):
    """« 5610a », « 56.10A » → « 56.10A » ; chaîne vide si le code n'a pas la forme attendue."""
    correspondance = _NAF.match((valeur or "").strip().upper())
    if not correspondance:
        return ""
    division, groupe, lettre = correspondance.groups()
    return f"{division}.{groupe}{lettre}"


def valider_naf(valeur):
    if valeur and (not normaliser_naf(valeur) or not section_naf(valeur)):
        raise ValidationError(MESSAGE_NAF, code="naf")


def section_naf(code_naf):
    """Lettre de la section NAF rév. 2 (A à U) d'un code NAF, chaîne vide si inconnue."""
    code = normaliser_naf(code_naf)
    if not code:
        return ""
    division = int(code[:2])
    for section, debut, fin in _SECTIONS:
        if debut <= division <= fin:
            return section
    return ""


def cle_recherche_entreprise(raison_sociale, enseigne=""):
    """Clé de recherche d'un établissement (`Entreprise.nom_recherche`) : raison sociale et enseigne sans accents ni
    casse, avec la normalisation de la recherche des jeunes (`weker.texte.normaliser`)."""
    return normaliser(f"{raison_sociale or ''} {enseigne or ''}")[:200]
