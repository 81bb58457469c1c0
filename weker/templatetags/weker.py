"""Filtres d'affichage à la française : « 8 065 », « 1 234,50 € », « 46 % », « 22/11/2026 »."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

ESPACE_FINE = "\u202f"


def _groupes(entier: str) -> str:
    signe = "-" if entier.startswith("-") else ""
    entier = entier.lstrip("-")
    morceaux = []
    while len(entier) > 3:
        morceaux.insert(0, entier[-3:])
        entier = entier[:-3]
    morceaux.insert(0, entier)
    return signe + ESPACE_FINE.join(morceaux)


@register.filter
def nombre(valeur):
    """8065 → « 8 065 »."""
    if valeur is None or valeur == "":
        return "—"
    try:
        return _groupes(str(int(Decimal(str(valeur)).quantize(Decimal(1), rounding=ROUND_HALF_UP))))
    except (ValueError, ArithmeticError):
        return str(valeur)


@register.filter
def euros(valeur, decimales=2):
    """1234.5 → « 1 234,50 € » ; euros:0 → « 1 235 € »."""
    if valeur is None or valeur == "":
        return "—"
    try:
        montant = Decimal(str(valeur))
    except ArithmeticError:
        return str(valeur)
    decimales = int(decimales)
    quantum = Decimal(1).scaleb(-decimales)
    montant = montant.quantize(quantum, rounding=ROUND_HALF_UP)
    entier, _, fraction = f"{montant:.{decimales}f}".partition(".")
    texte = _groupes(entier) + ("," + fraction if decimales else "")
    return f"{texte}\u00a0€"


@register.filter
def jour(valeur):
    """date(2026, 11, 22) → « 22/11/2026 » ; None → « — ». Pour une date (DateField), pas un horodatage : comme
    date:"d/m/Y", sans le détour par les formats localisés (une centaine d'appels Python par date, sensible sur les
    pages qui en affichent une par ligne)."""
    if not valeur:
        return "—"
    return f"{valeur:%d/%m/%Y}"


@register.filter
def pourcent(valeur):
    """46 → « 46 % » ; None → « — »."""
    if valeur is None or valeur == "":
        return "—"
    return f"{nombre(valeur)}\u00a0%"


@register.filter
def evolution(valeur):
    """+12 → « +12 % », -3 → « −3 % », None → « — »."""
    if valeur is None or valeur == "":
        return "—"
    valeur = int(valeur)
    signe = "+" if valeur > 0 else ("−" if valeur < 0 else "")
    return f"{signe}{nombre(abs(valeur))}\u00a0%"
