"""Graphiques SVG produits côté serveur (chaînes de caractères), partagés par le tableau de bord et le PDF.

Accessibles : role="img", <title> et <desc> reprenant les valeurs, libellés et nombres à la française.
Aucun style en ligne (CSP) : couleurs et polices en attributs de présentation SVG.
"""

import base64
import itertools
import re
from html import escape

from django.utils.safestring import mark_safe

from weker.templatetags.weker import nombre, pourcent

POLICE = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
COULEUR_N = "#0b5394"
COULEUR_N_1 = "#a4c2e0"
COULEUR_TEXTE = "#1f2933"
COULEUR_GRILLE = "#d9e2ec"
PALETTE = ["#0b5394", "#e07a1f", "#3f9c35", "#8e44ad", "#c0392b", "#7f8c8d"]

_compteur = itertools.count(1)


def _id(prefixe):
    return f"{prefixe}-{next(_compteur)}"


TAILLE_TEXTE = 12


def _texte(x, y, contenu, *, taille=TAILLE_TEXTE, ancre="start", graisse="normal", couleur=COULEUR_TEXTE):
    """Texte SVG : police, taille et couleur par défaut héritées de l'élément <svg> (voir `_ouvrir`).

    Seuls les attributs qui s'en écartent sont écrits : un graphique a des dizaines de libellés, et chaque
    attribut répété alourdit la page du tableau de bord comme le rendu du rapport PDF (analyse et dessin).
    """
    attributs = [f'x="{x:.1f}"', f'y="{y:.1f}"']
    if taille != TAILLE_TEXTE:
        attributs.append(f'font-size="{taille}"')
    if couleur != COULEUR_TEXTE:
        attributs.append(f'fill="{couleur}"')
    if ancre != "start":
        attributs.append(f'text-anchor="{ancre}"')
    if graisse != "normal":
        attributs.append(f'font-weight="{graisse}"')
    return f"<text {' '.join(attributs)}>{escape(str(contenu))}</text>"


def _ouvrir(largeur, hauteur, titre, description):
    ident = _id("graphique")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique" role="img" width="{largeur}" '
        f'height="{hauteur}" viewBox="0 0 {largeur} {hauteur}" aria-labelledby="{ident}-t {ident}-d" '
        f'font-family="{POLICE}" font-size="{TAILLE_TEXTE}" fill="{COULEUR_TEXTE}">',
        f'<title id="{ident}-t">{escape(titre)}</title>',
        f'<desc id="{ident}-d">{escape(description)}</desc>',
    ]


def barres(titre, donnees, *, precedentes=None, annee=None, largeur=520, couleur=COULEUR_N, pourcentages=True):
    """Barres horizontales : `donnees` liste de (libellé, valeur) ; `precedentes` valeurs N-1 (même ordre).

    Chaque barre porte sa valeur (et sa part du total) ; la barre N-1 est dessinée en clair dessous.
    """
    donnees = list(donnees)
    total = sum(v for _, v in donnees)
    maximum = max([v for _, v in donnees] + list(precedentes or []) + [1])
    marge_gauche, marge_droite = 170, 110
    hauteur_barre = 16 if precedentes is None else 13
    pas = hauteur_barre + 12 if precedentes is None else 2 * hauteur_barre + 16
    haut = 8
    legende = 22 if precedentes is not None else 0
    hauteur = haut + pas * len(donnees) + legende + 4
    utile = largeur - marge_gauche - marge_droite
    morceaux_desc = []
    for i, (libelle, valeur) in enumerate(donnees):
        texte = f"{libelle} : {nombre(valeur)}"
        if precedentes is not None:
            texte += f" ({nombre(precedentes[i])} l'année précédente)"
        morceaux_desc.append(texte)
    parties = _ouvrir(largeur, hauteur, titre, " ; ".join(morceaux_desc) + ".")
    parties.append(
        f'<line x1="{marge_gauche}" y1="{haut - 4}" x2="{marge_gauche}" y2="{haut + pas * len(donnees) - 6}" '
        f'stroke="{COULEUR_GRILLE}" stroke-width="1"/>'
    )
    for i, (libelle, valeur) in enumerate(donnees):
        y = haut + i * pas
        parties.append(_texte(marge_gauche - 8, y + hauteur_barre - 3, libelle, ancre="end"))
        longueur = utile * valeur / maximum
        parties.append(
            f'<rect x="{marge_gauche}" y="{y}" width="{max(longueur, 1 if valeur else 0):.1f}" '
            f'height="{hauteur_barre}" fill="{couleur}" rx="2"/>'
        )
        etiquette = nombre(valeur)
        if pourcentages and total:
            etiquette += f" ({pourcent(round(100 * valeur / total))})"
        parties.append(_texte(marge_gauche + longueur + 6, y + hauteur_barre - 3, etiquette, graisse="bold"))
        if precedentes is not None:
            y2 = y + hauteur_barre + 2
            longueur2 = utile * precedentes[i] / maximum
            parties.append(
                f'<rect x="{marge_gauche}" y="{y2}" width="{max(longueur2, 1 if precedentes[i] else 0):.1f}" '
                f'height="{hauteur_barre}" fill="{COULEUR_N_1}" rx="2"/>'
            )
            parties.append(
                _texte(marge_gauche + longueur2 + 6, y2 + hauteur_barre - 3, nombre(precedentes[i]), taille=11)
            )
    if precedentes is not None:
        y = haut + pas * len(donnees) + 6
        parties.append(f'<rect x="{marge_gauche}" y="{y}" width="12" height="12" fill="{couleur}"/>')
        parties.append(_texte(marge_gauche + 18, y + 10, str(annee or "Année N"), taille=11))
        parties.append(f'<rect x="{marge_gauche + 90}" y="{y}" width="12" height="12" fill="{COULEUR_N_1}"/>')
        parties.append(_texte(marge_gauche + 108, y + 10, str(annee - 1 if annee else "Année N-1"), taille=11))
    parties.append("</svg>")
    return mark_safe("".join(parties))  # noqa: S308 — tout texte est échappé ci-dessus


def repartition(titre, parts, *, largeur=520):
    """Barre unique empilée à 100 % (répartition femmes / hommes par exemple) avec légende."""
    parts = list(parts)
    total = sum(v for _, v in parts) or 1
    hauteur = 74
    description = " ; ".join(f"{libelle} : {nombre(v)} ({pourcent(round(100 * v / total))})" for libelle, v in parts)
    elements = _ouvrir(largeur, hauteur, titre, description + ".")
    x = 0.0
    for i, (_libelle, valeur) in enumerate(parts):
        largeur_part = (largeur - 2) * valeur / total
        couleur = PALETTE[i % len(PALETTE)]
        if largeur_part > 0:
            elements.append(f'<rect x="{x + 1:.1f}" y="4" width="{largeur_part:.1f}" height="30" fill="{couleur}"/>')
            if largeur_part > 60:
                elements.append(
                    _texte(
                        x + 1 + largeur_part / 2,
                        24,
                        pourcent(round(100 * valeur / total)),
                        ancre="middle",
                        graisse="bold",
                        couleur="#ffffff",
                    )
                )
        x += largeur_part
    x_legende = 1
    for i, (libelle, valeur) in enumerate(parts):
        couleur = PALETTE[i % len(PALETTE)]
        elements.append(f'<rect x="{x_legende}" y="48" width="12" height="12" fill="{couleur}"/>')
        texte = f"{libelle} : {nombre(valeur)}"
        elements.append(_texte(x_legende + 18, 58, texte, taille=12))
        x_legende += 30 + 7 * len(texte)
    elements.append("</svg>")
    return mark_safe("".join(elements))  # noqa: S308 — tout texte est échappé ci-dessus


def en_image(svg):
    """Le même graphique en <img> (SVG en data: URI), pour le rapport PDF.

    WeasyPrint dessine l'image exactement comme le SVG en ligne (même texte, mêmes pixels), mais ses centaines
    de nœuds (rect, text…) ne passent plus par l'analyseur HTML ni par la cascade CSS du document : le SVG est
    lu d'un bloc par ElementTree au moment du dessin (~0,25 s de moins sur le rapport annuel). Les pages web
    gardent le SVG en ligne (accessible, sans data: dans la politique de sécurité du contenu).
    """
    largeur, hauteur = re.search(r'width="(\d+)" height="(\d+)"', svg).groups()
    titre = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S).group(1)  # déjà échappé par _ouvrir
    donnees = base64.b64encode(str(svg).encode()).decode("ascii")
    return mark_safe(  # noqa: S308 — données en base64, titre échappé à la construction du graphique
        f'<img class="graphique" src="data:image/svg+xml;base64,{donnees}" width="{largeur}" height="{hauteur}" '
        f'alt="{titre}">'
    )
