"""Exports tabulaires CSV (séparateur « ; », UTF-8 avec BOM pour les tableurs) et XLSX."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMATS = ("csv", "xlsx")

# Premiers caractères qu'un tableur (Excel, LibreOffice, Google Sheets) interprète comme le début d'une formule
# ou d'une commande (injection de formules, « CSV injection ») ; tabulation et retour chariot en font partie.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(texte):
    """Texte sûr pour une cellule de tableur : précédé d'une apostrophe s'il commence comme une formule.

    L'apostrophe est le préfixe « texte » des tableurs ; la valeur reste lisible et n'est jamais évaluée.
    Seules les chaînes passent ici : nombres et dates restent des nombres et des dates (un montant négatif
    n'est pas une formule)."""
    if texte.startswith(DEBUTS_DE_FORMULE):
        return "'" + texte
    return texte


def _valeur_csv(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime):
        return valeur.strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, Decimal):
        return f"{valeur:.2f}".replace(".", ",")
    if isinstance(valeur, (int, float)):
        return str(valeur)
    return neutraliser(str(valeur))


def _valeur_xlsx(valeur):
    if isinstance(valeur, datetime) and valeur.tzinfo is not None:
        return valeur.replace(tzinfo=None)
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, str):
        return neutraliser(valeur)
    return valeur


def tableau_csv(entetes, lignes):
    tampon = io.StringIO()
    tampon.write("\ufeff")
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([neutraliser(str(e)) for e in entetes])
    for ligne in lignes:
        ecrivain.writerow([_valeur_csv(v) for v in ligne])
    return tampon.getvalue().encode("utf-8")


def tableau_xlsx(entetes, lignes, titre="Export"):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook(write_only=False)
    feuille = classeur.active
    feuille.title = re.sub(r"[\[\]:*?/\\]", "-", titre)[:31]  # caractères refusés dans un nom de feuille
    feuille.append([_valeur_xlsx(e) for e in entetes])
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        feuille.append([_valeur_xlsx(v) for v in ligne])
    for colonne in feuille.columns:
        feuille.column_dimensions[colonne[0].column_letter].width = max(12, min(40, len(str(colonne[0].value)) + 4))
    for cellule in feuille["A"][1:]:
        if isinstance(cellule.value, date):
            cellule.number_format = "DD/MM/YYYY"
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def reponse_tableau(nom, entetes, lignes, format="csv", titre="Export"):
    """Réponse HTTP de téléchargement d'un tableau ; `format` vaut « csv » ou « xlsx »."""
    if format == "xlsx":
        contenu = tableau_xlsx(entetes, lignes, titre=titre)
        type_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        contenu = tableau_csv(entetes, lignes)
        type_mime = "text/csv; charset=utf-8"
    response = HttpResponse(contenu, content_type=type_mime)
    response["Content-Disposition"] = f'attachment; filename="{nom}.{format if format in FORMATS else "csv"}"'
    return response
