"""Petits utilitaires de texte partagés : normalisation pour la recherche, caviardage des identifiants."""

import re
import unicodedata


def normaliser(texte: str) -> str:
    """Minuscules sans accents, espaces réduits : « Éloïse  LE GOFF » → « eloise le goff »."""
    decompose = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(sans_accents.lower().replace("-", " ").replace("'", " ").split())


# --- Caviardage : retirer d'un texte les identifiants d'une personne (effacement, anonymisation) --------------------

MASQUE = "[…]"
MOIS = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
SEPARATEUR = r"[\s._/\-]*"
LONGUEUR_MINIMALE_MOT = 3


def plier(texte: str) -> str:
    """Minuscules sans accents, caractère pour caractère (mêmes positions que le texte d'origine)."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in texte)


def expression_caviardage(*, noms=(), textes=(), dates=(), telephones=()):
    """Expression (sur le texte plié, voir `plier`) qui reconnaît les identifiants d'une personne, ou None.

    - `noms` : nom, prénom… ; chaque mot de 3 lettres ou plus est reconnu seul, quelle que soit la casse ou les
      accents, même collé à d'autres caractères (« cni_quatrevingt.pdf ») ;
    - `textes` : adresse, courriel… reconnus en entier ;
    - `dates` : 2008-04-17, 17/04/2008, 20080417, 17.04.08, 17 avril 2008… ;
    - `telephones` : les chiffres, avec ou sans séparateurs, en +33 comme en 0.
    """
    morceaux = set()
    for nom in noms:
        for mot in re.split(r"[\s'’\-]+", plier(nom or "")):
            if len(mot) >= LONGUEUR_MINIMALE_MOT:
                morceaux.add(re.escape(mot))
    for texte in textes:
        texte = " ".join(plier(texte or "").split())
        if len(texte) >= LONGUEUR_MINIMALE_MOT:
            morceaux.add(r"\s+".join(re.escape(mot) for mot in texte.split()))
    for jour in dates:
        if jour is None:
            continue
        j, m, a, aa = rf"0?{jour.day}", rf"0?{jour.month}", str(jour.year), f"{jour.year % 100:02d}"
        morceaux |= {
            SEPARATEUR.join((a, m, rf"{jour.day:02d}")),
            SEPARATEUR.join((j, m, a)),
            rf"{jour.day:02d}{SEPARATEUR}{jour.month:02d}{SEPARATEUR}{aa}(?!\d)",
            rf"{j}(?:er)?\s+{MOIS[jour.month - 1]}\s+{a}",
        }
    for telephone in telephones:
        chiffres = re.sub(r"\D", "", telephone or "")
        if chiffres.startswith("33") and len(chiffres) > 10:
            chiffres = "0" + chiffres[2:]
        if len(chiffres) < 6:
            continue
        suite = SEPARATEUR.join(chiffres[1:])
        debut = (
            rf"(?:{chiffres[0]}|(?:\+|00){SEPARATEUR}33{SEPARATEUR}(?:\(0\))?)" if chiffres[0] == "0" else chiffres[0]
        )
        morceaux.add(rf"{debut}{SEPARATEUR}{suite}")  # même dans un numéro plus long (saisie erronée citée)
    if not morceaux:
        return None
    return re.compile("|".join(sorted(morceaux, key=len, reverse=True)))


def caviarder(texte, expression):
    """`texte` où chaque identifiant reconnu par `expression` (voir `expression_caviardage`) devient « […] »."""
    if not texte or expression is None:
        return texte
    morceaux, fin = [], 0
    for trouve in expression.finditer(plier(texte)):
        morceaux += [texte[fin : trouve.start()], MASQUE]
        fin = trouve.end()
    return "".join(morceaux) + texte[fin:] if morceaux else texte


def caviarder_json(valeur, expression):
    """Même chose dans une valeur JSON (chaînes des listes et dictionnaires, clés comprises)."""
    if isinstance(valeur, str):
        return caviarder(valeur, expression)
    if isinstance(valeur, list):
        return [caviarder_json(v, expression) for v in valeur]
    if isinstance(valeur, dict):
        return {caviarder(k, expression): caviarder_json(v, expression) for k, v in valeur.items()}
    return valeur
