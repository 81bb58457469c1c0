"""Règles du dossier jeune, chacune écrite une seule fois.

L'âge au premier accueil, le numéro de téléphone et le mobile à qui envoyer un SMS sont vérifiés ici et nulle part
ailleurs : services de création et de modification (donc premier accueil, modification de l'identité,
modifications en place), validation de la reprise de données, générateur de démonstration, messagerie. Les règles
d'âge propres à un dispositif (catalogue) ou au FAJ sont des données ou des règles de ces domaines, pas celles-ci.
"""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.db.models import Q

from weker.texte import normaliser

# Date saisie dans une recherche : 02/04/2007, 2/4/2007, 02-04-2007, 02.04.2007 ou 2007-04-02.
DATE_SAISIE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DATE_SAISIE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def date_saisie(mot):
    """La date que forme `mot` (jour/mois/année, ou année-mois-jour), None s'il n'a pas la forme d'une date ;
    `ValueError` s'il en a la forme mais que le jour n'existe pas (31/02/2007)."""
    if trouve := DATE_SAISIE_FR.match(mot):
        jour, mois, annee = (int(n) for n in trouve.groups())
    elif trouve := DATE_SAISIE_ISO.match(mot):
        annee, mois, jour = (int(n) for n in trouve.groups())
    else:
        return None
    return datetime.date(annee, mois, jour)


# Public de la Mission Locale : 16 à 25 ans révolus au premier accueil (l'anniversaire compte) ; de 26 à 30 ans
# avec un motif de dérogation.
AGE_MIN = 16
AGE_MAX = 25
AGE_MAX_DEROGATION = 30
# L'historique repris d'un système précédent peut contenir un accueil à 15 ans (../shared/specs/echange.md) ;
# il est importé avec le motif de dérogation de la reprise.
AGE_MIN_REPRISE = AGE_MIN - 1
# Majorité : représentants légaux, allocation CEJ des mineurs, âge minimum du FAJ sans dérogation.
AGE_MAJORITE = 18


def age_au(date_naissance, date):
    """Âge en années révolues à une date donnée (le jour de l'anniversaire compte)."""
    return date.year - date_naissance.year - ((date.month, date.day) < (date_naissance.month, date_naissance.day))


def anniversaire(jour, ans):
    """Le même jour `ans` ans plus tôt (28 février pour un 29 février) : né ce jour-là ou avant ⇔ `ans` ans révolus."""
    try:
        return jour.replace(year=jour.year - ans)
    except ValueError:
        return jour.replace(year=jour.year - ans, day=28)


# Tranches d'âge des listes de jeunes (âge du jour) et des indicateurs (âge au 31 décembre) : clé → (âge minimum,
# âge maximum) révolus, bornes comprises, None = sans borne.
TRANCHES_AGE = {
    "moins_18": (None, AGE_MAJORITE - 1),
    "18_21": (AGE_MAJORITE, 21),
    "22_25": (22, AGE_MAX),
    "26_plus": (AGE_MAX + 1, None),
}
LIBELLES_TRANCHES_AGE = {
    "moins_18": "Moins de 18 ans",
    "18_21": "18 à 21 ans",
    "22_25": "22 à 25 ans",
    "26_plus": "26 ans et plus",
}


def filtre_tranche_age(tranche, le):
    """Q sur `date_naissance` : âge révolu à la date `le` dans la tranche."""
    mini, maxi = TRANCHES_AGE[tranche]
    conditions = {}
    if mini is not None:  # âge ≥ mini : né au plus tard le jour des `mini` ans
        conditions["date_naissance__lte"] = anniversaire(le, mini)
    if maxi is not None:  # âge ≤ maxi : né après le jour des `maxi + 1` ans
        conditions["date_naissance__gt"] = anniversaire(le, maxi + 1)
    return Q(**conditions)


def exige_derogation(age):
    """Vrai hors de la tranche habituelle (16 à 25 ans) : l'accueil demande alors un motif de dérogation."""
    return not AGE_MIN <= age <= AGE_MAX


def verifier_age_premier_accueil(*, date_naissance, date_premier_accueil, derogation_age_motif=""):
    """16 à 25 ans au premier accueil ; 26 à 30 ans avec un motif de dérogation. Renvoie l'âge ; sinon
    `ValidationError` sur `date_naissance` (hors limites) ou sur `derogation_age_motif` (motif manquant)."""
    age = age_au(date_naissance, date_premier_accueil)
    le = f"{date_premier_accueil:%d/%m/%Y}"
    if age < AGE_MIN:
        raise ValidationError(
            {
                "date_naissance": f"Le jeune a {age} ans au {le} : le premier accueil est possible à partir de "
                f"{AGE_MIN} ans."
            }
        )
    if age > AGE_MAX_DEROGATION:
        raise ValidationError(
            {
                "date_naissance": f"Le jeune a {age} ans au {le} : l'accueil n'est pas possible au-delà de "
                f"{AGE_MAX_DEROGATION} ans, même avec une dérogation."
            }
        )
    if exige_derogation(age) and not (derogation_age_motif or "").strip():
        raise ValidationError(
            {
                "derogation_age_motif": f"Le jeune a {age} ans au {le} : l'accueil est prévu de {AGE_MIN} à "
                f"{AGE_MAX} ans. Indiquez le motif de la dérogation (possible jusqu'à {AGE_MAX_DEROGATION} ans)."
            }
        )
    return age


def erreur_age_reprise(age):
    """Message de refus d'un âge au premier accueil dans l'historique repris (15 à 30 ans admis), ou None."""
    if AGE_MIN_REPRISE <= age <= AGE_MAX_DEROGATION:
        return None
    return f"le jeune a {age} ans à cette date (de {AGE_MIN_REPRISE} à {AGE_MAX_DEROGATION} ans attendus)"


# Téléphone : chiffres, espaces, points, tirets, parenthèses, « + » en tête ; 10 chiffres (numéro français) à 15
# (format international).
CARACTERES_TELEPHONE = re.compile(r"^\+?[0-9 .()\-]+$")
CHIFFRES_TELEPHONE_MIN, CHIFFRES_TELEPHONE_MAX = 10, 15
MESSAGE_TELEPHONE = (
    "Numéro de téléphone invalide : 10 chiffres (par exemple 06 12 34 56 78) ou un numéro international "
    "(+33 6 12 34 56 78)."
)


# Les numéros sont lus par `phonenumbers` (portage maintenu de libphonenumber de Google), région France par défaut :
# « 06 12 34 56 78 », « +33 (0)6 12 34 56 78 » et « 0033 6… » désignent le même numéro.
REGION_PAR_DEFAUT = "FR"
TYPES_MOBILES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _numero(valeur):
    """Le numéro lu par phonenumbers, ou None s'il n'a pas la forme d'un numéro."""
    valeur = (valeur or "").strip()
    chiffres = sum(c.isdigit() for c in valeur)
    if not CARACTERES_TELEPHONE.match(valeur) or not CHIFFRES_TELEPHONE_MIN <= chiffres <= CHIFFRES_TELEPHONE_MAX:
        return None
    try:
        return phonenumbers.parse(valeur, REGION_PAR_DEFAUT)
    except phonenumbers.NumberParseException:
        return None


def telephone_valide(valeur):
    """Un numéro saisi dans un dossier (fixe, mobile, étranger) : vide accepté, sinon de longueur possible pour
    son pays (phonenumbers)."""
    if not (valeur or "").strip():
        return True
    numero = _numero(valeur)
    return numero is not None and phonenumbers.is_possible_number(numero)


def mobile_normalise(valeur):
    """Le numéro de mobile à qui envoyer un SMS, au format international E.164 (« +33612345678 »), ou "" si
    `valeur` n'est pas un numéro de mobile attribuable (fixe, numéro inexistant, vide). Seule règle des SMS : la
    messagerie n'envoie qu'à un numéro qu'elle a obtenu ici."""
    numero = _numero(valeur)
    if numero is None or not phonenumbers.is_valid_number(numero):
        return ""
    if phonenumbers.number_type(numero) not in TYPES_MOBILES:
        return ""
    return phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)


def valider_telephone(valeur):
    """Validateur de champ (modèle, formulaires, reprise) : vide accepté, sinon un numéro plausible."""
    if not telephone_valide(valeur):
        raise ValidationError(MESSAGE_TELEPHONE, code="telephone")


MESSAGE_NOM = (
    "Un nom ou un prénom commence par une lettre (pas par « = », « + », « - », « @ », un chiffre ou un espace)."
)


def valider_nom_personne(valeur):
    """Validateur de champ (modèle, donc formulaires et reprise) des noms et prénoms d'une personne : vide accepté
    (le caractère obligatoire est porté par le champ), sinon le premier caractère est une lettre, de tout alphabet.
    Refuse les valeurs qu'un tableur prendrait pour une formule ; les exports les neutralisent de toute façon
    (weker/exports.py), pour les données déjà en base."""
    if valeur and not valeur[0].isalpha():
        raise ValidationError(MESSAGE_NOM, code="nom")


def cle_recherche(nom, nom_usage, prenom):
    """Clé de recherche d'un jeune (`Jeune.nom_recherche`) : nom, nom d'usage et prénom sans accents ni casse.

    Écrite par `Jeune.save()` et par les écritures en masse (reprise, démonstration) ; lue par la recherche par nom
    (`JeuneQuerySet.recherche`) et la recherche de doublons, qui normalisent la saisie avec le même `normaliser`.
    """
    return normaliser(f"{nom} {nom_usage or ''} {prenom}")
