"""Lecture en flux des fichiers CSV du format d'échange et conversion des cellules.

Un fichier est lu ligne à ligne en binaire et décodé ligne par ligne : une erreur d'encodage est signalée à la
ligne exacte, et la mémoire ne dépend pas de la taille du fichier.
"""

import csv
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

BOM = b"\xef\xbb\xbf"
BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class Erreur:
    fichier: str
    ligne: int
    colonne: str
    message: str

    def __str__(self):
        return f"{self.fichier}:{self.ligne}: {self.colonne}: {self.message}"


class ErreurValeur(Exception):
    """Valeur de cellule refusée ; le message (en français) est celui affiché à l'utilisateur."""


class ErreurFichier(Exception):
    """Le fichier ne peut pas être lu plus loin (encodage, en-tête) : l'erreur porte ligne et colonne."""

    def __init__(self, ligne, colonne, message):
        super().__init__(message)
        self.ligne, self.colonne, self.message = ligne, colonne, message


def compter_lignes(chemin):
    """Nombre de lignes physiques (rapide, en binaire), pour afficher un pourcentage."""
    total = 0
    with open(chemin, "rb") as f:
        while bloc := f.read(1 << 20):
            total += bloc.count(b"\n")
    return total


def _lignes_decodees(fichier_binaire, compteur):
    for numero, brute in enumerate(fichier_binaire, start=1):
        compteur[0] = numero
        if numero == 1:
            if brute.startswith(BOMS_UTF16):
                raise ErreurFichier(1, "encodage", "fichier en UTF-16 : enregistrez-le en UTF-8")
            if brute.startswith(BOM):
                brute = brute[len(BOM) :]
        try:
            yield brute.decode("utf-8")
        except UnicodeDecodeError:
            raise ErreurFichier(
                numero,
                "encodage",
                "caractères invalides : le fichier doit être enregistré en UTF-8 "
                "(il semble encodé en Windows-1252 ou ISO-8859-1)",
            ) from None


def detecter_separateur(entete):
    points_virgules, virgules = entete.count(";"), entete.count(",")
    return ";" if points_virgules >= virgules else ","


class LecteurCsv:
    """Itère sur les lignes de données d'un fichier : `(numero_de_ligne, {colonne: cellule})`.

    Vérifie l'en-tête (colonnes inconnues, obligatoires absentes, en double) avant la première ligne ; lève
    `ErreurFichier` pour ce qui empêche de lire plus loin. Les cellules sont débarrassées de leurs espaces.
    """

    def __init__(self, chemin, nom, colonnes, obligatoires):
        self.chemin, self.nom = chemin, nom
        self.colonnes_connues, self.obligatoires = colonnes, obligatoires
        self.entete = []
        self.erreurs_entete = []

    def __iter__(self):
        compteur = [0]
        with open(self.chemin, "rb") as f:
            lignes = _lignes_decodees(f, compteur)
            premiere = next(lignes, None)
            while premiere is not None and not premiere.strip():
                premiere = next(lignes, None)
            if premiere is None:
                raise ErreurFichier(1, "en-tête", "fichier vide : la première ligne doit être l'en-tête des colonnes")
            separateur = detecter_separateur(premiere)
            ligne_entete = compteur[0]
            self.entete = [c.strip().lower() for c in next(csv.reader([premiere], delimiter=separateur))]
            self._verifier_entete(ligne_entete)
            if self.erreurs_entete:
                return
            largeur = len(self.entete)
            lecteur = csv.reader(lignes, delimiter=separateur)
            for cellules in lecteur:
                numero = compteur[0]
                if not cellules or (len(cellules) == 1 and not cellules[0].strip()):
                    continue
                if len(cellules) != largeur:
                    yield (
                        numero,
                        ErreurValeur(
                            f"{len(cellules)} valeurs au lieu de {largeur} (séparateur « {separateur} » attendu)"
                        ),
                    )
                    continue
                yield numero, {col: val.strip() for col, val in zip(self.entete, cellules, strict=True)}

    def _verifier_entete(self, ligne):
        vues = set()
        for colonne in self.entete:
            if not colonne:
                self.erreurs_entete.append(Erreur(self.nom, ligne, "en-tête", "colonne sans nom"))
            elif colonne in vues:
                self.erreurs_entete.append(Erreur(self.nom, ligne, colonne, "colonne en double"))
            elif colonne not in self.colonnes_connues:
                attendues = ", ".join(self.colonnes_connues)
                self.erreurs_entete.append(
                    Erreur(self.nom, ligne, colonne, f"colonne inconnue (colonnes possibles : {attendues})")
                )
            vues.add(colonne)
        for colonne in self.obligatoires:
            if colonne not in vues:
                self.erreurs_entete.append(Erreur(self.nom, ligne, colonne, "colonne obligatoire absente"))


# --- Conversion des cellules -------------------------------------------------------------------------------

_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_FR = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_PERIODE = re.compile(r"^(\d{4})-(\d{2})$")
_MONTANT = re.compile(r"^\d+([.,]\d{1,2})?$")


def lire_date(valeur):
    if m := _DATE_ISO.match(valeur):
        annee, mois, jour = m.groups()
    elif m := _DATE_FR.match(valeur):
        jour, mois, annee = m.groups()
    else:
        raise ErreurValeur(f"date invalide « {valeur} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")
    try:
        date = datetime.date(int(annee), int(mois), int(jour))
    except ValueError:
        raise ErreurValeur(f"date inexistante « {valeur} »") from None
    if date.year < 1900:
        raise ErreurValeur(f"date invraisemblable « {valeur} »")
    return date


def lire_montant(valeur):
    """Montant en euros, `.` ou `,` comme séparateur décimal, espaces de milliers tolérés ; strictement positif."""
    compact = valeur.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not _MONTANT.match(compact):
        raise ErreurValeur(f"montant invalide « {valeur} » (attendu par exemple 1234,50)")
    try:
        montant = Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - exclu par l'expression régulière
        raise ErreurValeur(f"montant invalide « {valeur} »") from None
    if montant <= 0:
        raise ErreurValeur("le montant doit être supérieur à 0")
    if montant >= Decimal("10000000"):
        raise ErreurValeur(f"montant trop élevé « {valeur} »")
    return montant.quantize(Decimal("0.01"))


def lire_periode(valeur):
    m = _PERIODE.match(valeur)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ErreurValeur(f"période invalide « {valeur} » (attendu AAAA-MM, par exemple 2024-03)")
    return valeur


def lire_code(valeur, codes):
    code = valeur.lower()
    if code not in codes:
        raise ErreurValeur(f"code inconnu « {valeur} » (valeurs possibles : {', '.join(codes)})")
    return code


def lire_booleen(valeur):
    if valeur not in ("0", "1"):
        raise ErreurValeur(f"valeur invalide « {valeur} » (attendu 0 ou 1)")
    return valeur == "1"


def lire_texte(valeur, longueur):
    if len(valeur) > longueur:
        raise ErreurValeur(f"texte trop long ({len(valeur)} caractères, {longueur} au plus)")
    return valeur
