"""Textes des messages : gabarits Django restreints, rendus à partir d'une liste fermée de variables.

Un modèle de message ne contient que du texte et des variables `{{ nom }}` (avec, au besoin, un filtre de casse) :
aucune balise (`{% if %}`, `{% include %}`…), et seules les variables permises pour son canal. Pour un SMS, la liste
est la plus courte (prénom, date, heure, lieu, agence) : aucune note libre, aucune donnée de santé ou de justice,
aucun montant ne peut y entrer, puisque le contexte d'un SMS est réduit à ces clés avant le rendu et qu'un modèle
qui en nomme une autre est refusé à l'enregistrement. Les erreurs de syntaxe sont refusées à l'enregistrement,
avec un message en français ; à l'envoi, un modèle illisible (modifié hors de l'administration) met le message en
échec avec sa raison, jamais en erreur 500."""

import functools

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, VariableNode

from messagerie.enums import Canal

# Variables d'un SMS : rien d'autre ne peut entrer dans un SMS.
VARIABLES_SMS = ("prenom", "date", "heure", "lieu", "agence", "agence_telephone")
# Courriel et courrier : en plus, ce qu'une convocation écrite doit dire (jamais de note, de santé, de montant).
VARIABLES_ECRITES = (*VARIABLES_SMS, "nom", "adresse", "conseiller", "mode", "duree", "theme")
VARIABLES = {
    Canal.SMS: VARIABLES_SMS,
    Canal.COURRIEL: (*VARIABLES_ECRITES, "lien_desinscription"),
    Canal.COURRIER: VARIABLES_ECRITES,
}
FILTRES_PERMIS = {"upper", "lower", "capfirst", "title", "default"}

# Données fictives de l'aperçu (administration) : aucune donnée d'un vrai jeune.
EXEMPLE = {
    "prenom": "Camille",
    "nom": "EXEMPLE",
    "date": "mardi 12 janvier 2027",
    "heure": "14 h 30",
    "lieu": "Antenne de Rennes centre",
    "adresse": "1 place de l'Exemple, 35000 Rennes",
    "agence": "Mission Locale",
    "agence_telephone": "02 99 00 00 00",
    "conseiller": "Dominique Conseiller",
    "mode": "au lieu d'accueil",
    "duree": "45 minutes",
    "theme": "Préparer son CV",
    "lien_desinscription": "https://exemple.invalid/messages/desinscription/…",
}

_MOTEUR = Engine(autoescape=False, libraries={}, builtins=["django.template.defaultfilters"])


def _variables_du_noeud(noeud):
    expression = noeud.filter_expression
    noms = []
    if not isinstance(expression.var, str):  # une Variable (pas une chaîne littérale)
        noms.append(expression.var.var.split(".")[0])
    for fonction, arguments in expression.filters:
        if fonction.__name__ not in FILTRES_PERMIS:
            raise ValidationError(f"Filtre « {fonction.__name__} » non permis dans un message.")
        for est_variable, argument in arguments:
            if est_variable and argument.literal is None:
                noms.append(argument.var.split(".")[0])
    return noms


@functools.lru_cache(maxsize=128)
def _compiler(texte, canal):
    """Le gabarit compilé et vérifié ; gardé en mémoire par texte et canal (les rappels de la veille rendent des
    milliers de messages avec les mêmes modèles : compilé une fois). Une erreur n'est pas gardée."""
    try:
        gabarit = _MOTEUR.from_string(texte or "")
    except TemplateSyntaxError as erreur:
        raise ValidationError(f"Le texte contient une erreur de syntaxe ({erreur}).") from erreur
    permises = VARIABLES[canal]
    for noeud in gabarit.nodelist:
        if isinstance(noeud, TextNode):
            continue
        if not isinstance(noeud, VariableNode):
            raise ValidationError(
                "Un message ne contient que du texte et des variables « {{ … }} » : les balises « {% … %} » ne "
                "sont pas permises."
            )
        for nom in _variables_du_noeud(noeud):
            if nom not in permises:
                raise ValidationError(
                    f"Variable « {nom} » non permise pour un {Canal(canal).label.lower()} : {', '.join(permises)}."
                )
    return gabarit


def verifier_modele(*, canal, sujet, corps):
    """ValidationError en français si le sujet ou le texte n'est pas un gabarit permis pour ce canal."""
    erreurs = {}
    for champ, texte in (("sujet", sujet), ("corps", corps)):
        try:
            _compiler(texte or "", str(canal))
        except ValidationError as erreur:
            erreurs[champ] = erreur.messages
    if erreurs:
        raise ValidationError(erreurs)


def rendre(texte, *, canal, valeurs):
    """Le texte rendu avec les seules variables permises pour ce canal (les autres clés de `valeurs` sont
    ignorées). ValidationError si le gabarit n'est pas permis."""
    gabarit = _compiler(texte or "", str(canal))
    contexte = {nom: str(valeurs.get(nom, "")) for nom in VARIABLES[canal]}
    return gabarit.render(Context(contexte, autoescape=False)).strip()


def apercu(modele):
    """(sujet, texte) rendus sur les données fictives, ou l'erreur en français."""
    try:
        return (
            rendre(modele.sujet, canal=modele.canal, valeurs=EXEMPLE),
            rendre(modele.corps, canal=modele.canal, valeurs=EXEMPLE),
            "",
        )
    except ValidationError as erreur:
        return "", "", " ".join(erreur.messages)


def valeurs_communes(*, jeune, jour=None, heure=None, lieu=None, **autres):
    """Les variables d'un message, au format français : `jour` (date), `heure` (time, heure de Paris), `lieu`
    (lieu d'accueil ou None). Seules les clés de VARIABLES entrent ensuite dans un texte."""
    from django.conf import settings
    from django.utils.formats import date_format

    valeurs = {
        "prenom": jeune.prenom,
        "nom": jeune.nom,
        "agence": settings.WEKER_AGENCE_NOM,
        "agence_telephone": settings.WEKER_AGENCE_TELEPHONE,
        "date": date_format(jour, "l j F Y") if jour else "",
        "heure": f"{heure:%H} h {heure:%M}" if heure else "",
        "lieu": str(lieu.nom) if lieu else "",
        "adresse": " ".join(filter(None, [lieu.adresse, str(lieu.commune or "")])) if lieu else "",
    }
    valeurs.update({cle: str(valeur) for cle, valeur in autres.items()})
    return valeurs
