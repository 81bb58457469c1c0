"""Lecture d'un extrait SIRENE des établissements (fichier « StockEtablissement » de l'INSEE, ou un extrait aux
mêmes colonnes) : https://www.sirene.fr/static-resources/doc/dessin_L2_description_complete.pdf

Colonnes lues (les autres sont ignorées ; l'ordre est libre, séparateur « , » ou « ; », UTF-8) :

- `siret` : obligatoire, 14 chiffres, clé de Luhn (exception de La Poste) ; clé de l'import ;
- `denominationUniteLegale` : raison sociale, quand l'extrait est joint aux unités légales (StockUniteLegale) ;
- `denominationUsuelleEtablissement`, `enseigne1Etablissement` : enseigne ; raison sociale à défaut ;
- `activitePrincipaleEtablissement` : code NAF rév. 2, ignoré si `nomenclatureActivitePrincipaleEtablissement`
  n'est pas `NAFv2` (codes d'anciennes nomenclatures d'établissements anciens) ;
- `trancheEffectifsEtablissement` : tranche d'effectif INSEE ; `NN` ou vide : non renseignée ;
- `codeCommuneEtablissement` : obligatoire, commune du référentiel (code INSEE) ;
- `numeroVoieEtablissement`, `indiceRepetitionEtablissement`, `typeVoieEtablissement`, `libelleVoieEtablissement`,
  `complementAdresseEtablissement` : adresse ;
- `etatAdministratifEtablissement` : `A` actif ; `F` (fermé) : ligne ignorée.

Tout ou rien : la moindre erreur (par ligne, en français) et rien n'est écrit.
"""

import csv
import io
from dataclasses import dataclass, field

from antennes.models import Commune
from entreprises.enums import TrancheEffectif
from entreprises.regles import MESSAGE_NAF, MESSAGE_SIRET, normaliser_naf, normaliser_siret, section_naf, siret_valide

COLONNES_OBLIGATOIRES = ("siret", "codeCommuneEtablissement")
TAILLE_MAXIMALE = 50 * 1024 * 1024  # un département entier tient en quelques dizaines de mégaoctets
TYPES_VOIE = {
    "AV": "avenue",
    "BD": "boulevard",
    "CHE": "chemin",
    "IMP": "impasse",
    "ALL": "allée",
    "PL": "place",
    "QUA": "quai",
    "RTE": "route",
    "RUE": "rue",
    "SQ": "square",
    "ZA": "ZA",
    "ZI": "ZI",
    "ZAC": "ZAC",
    "LD": "lieu-dit",
    "PAS": "passage",
    "CRS": "cours",
    "FG": "faubourg",
    "RPT": "rond-point",
}


class ErreursImport(Exception):
    def __init__(self, erreurs):
        super().__init__(f"{len(erreurs)} erreur(s)")
        self.erreurs = erreurs


@dataclass
class LigneSirene:
    numero: int
    siret: str
    raison_sociale: str
    enseigne: str
    naf: str
    tranche_effectif: str
    adresse: str
    commune_id: str

    def valeurs(self):
        return {
            "raison_sociale": self.raison_sociale,
            "enseigne": self.enseigne,
            "naf": self.naf,
            "section_naf": section_naf(self.naf),
            "tranche_effectif": self.tranche_effectif,
            "adresse": self.adresse,
            "commune_id": self.commune_id,
        }


@dataclass
class Lecture:
    lignes: list = field(default_factory=list)
    fermes: int = 0


def _texte(fichier):
    contenu = fichier.read(TAILLE_MAXIMALE + 1)
    if len(contenu) > TAILLE_MAXIMALE:
        raise ErreursImport([f"Fichier trop volumineux (plus de {TAILLE_MAXIMALE // 1024 // 1024} Mo)."])
    if isinstance(contenu, str):
        return contenu
    try:
        return contenu.decode("utf-8-sig")
    except UnicodeDecodeError as erreur:
        raise ErreursImport(["Le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8 puis recommencez."]) from erreur


def _adresse(v):
    type_voie = v("typeVoieEtablissement").upper()
    morceaux = [
        v("numeroVoieEtablissement"),
        v("indiceRepetitionEtablissement"),
        TYPES_VOIE.get(type_voie, type_voie.lower()),
        v("libelleVoieEtablissement"),
    ]
    adresse = " ".join(m for m in morceaux if m)
    complement = v("complementAdresseEtablissement")
    return (f"{complement}, {adresse}" if complement and adresse else complement or adresse)[:250]


def lire(fichier, nom_fichier="extrait"):
    """Lit et vérifie tout le fichier ; lève ErreursImport (messages « fichier:ligne: colonne: message »)."""
    texte = _texte(fichier)
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") > premiere.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte, newline=""), delimiter=separateur)
    colonnes = set(lecteur.fieldnames or ())
    manquantes = [c for c in COLONNES_OBLIGATOIRES if c not in colonnes]
    if manquantes:
        raise ErreursImport([f"{nom_fichier}: colonne(s) absente(s) : {', '.join(manquantes)}."])
    if not colonnes & {"denominationUniteLegale", "denominationUsuelleEtablissement", "enseigne1Etablissement"}:
        raise ErreursImport(
            [
                f"{nom_fichier}: aucune colonne de nom (denominationUniteLegale, denominationUsuelleEtablissement "
                "ou enseigne1Etablissement)."
            ]
        )
    communes = set(Commune.objects.values_list("pk", flat=True))
    tranches = set(TrancheEffectif.values)
    lecture, erreurs, vus = Lecture(), [], {}
    for numero, brute in enumerate(lecteur, start=2):

        def v(colonne, brute=brute):
            return (brute.get(colonne) or "").strip()

        def erreur(colonne, message, numero=numero):
            erreurs.append(f"{nom_fichier}:{numero}: {colonne}: {message}")

        if v("etatAdministratifEtablissement").upper() == "F":
            lecture.fermes += 1
            continue
        siret = normaliser_siret(v("siret"))
        if not siret_valide(siret):
            erreur("siret", MESSAGE_SIRET)
            continue
        if siret in vus:
            erreur("siret", f"SIRET déjà présent ligne {vus[siret]}.")
            continue
        vus[siret] = numero
        enseigne = v("denominationUsuelleEtablissement") or v("enseigne1Etablissement")
        raison_sociale = v("denominationUniteLegale") or enseigne
        if not raison_sociale:
            erreur("denominationUniteLegale", "nom de l'établissement absent.")
        naf = ""
        nomenclature = v("nomenclatureActivitePrincipaleEtablissement")
        if v("activitePrincipaleEtablissement") and nomenclature in ("", "NAFv2"):
            naf = normaliser_naf(v("activitePrincipaleEtablissement"))
            if not naf or not section_naf(naf):
                erreur("activitePrincipaleEtablissement", MESSAGE_NAF)
        tranche = v("trancheEffectifsEtablissement")
        if tranche == "NN":
            tranche = ""
        if tranche and tranche not in tranches:
            erreur("trancheEffectifsEtablissement", f"tranche d'effectif inconnue « {tranche[:10]} ».")
        commune = v("codeCommuneEtablissement").upper()
        if commune not in communes:
            erreur("codeCommuneEtablissement", f"commune inconnue « {commune[:10]} » (code INSEE attendu).")
        lecture.lignes.append(
            LigneSirene(
                numero=numero,
                siret=siret,
                raison_sociale=raison_sociale[:200],
                enseigne=(enseigne if enseigne != raison_sociale else "")[:200],
                naf=naf,
                tranche_effectif=tranche,
                adresse=_adresse(v),
                commune_id=commune,
            )
        )
    if erreurs:
        raise ErreursImport(erreurs)
    if not lecture.lignes and not lecture.fermes:
        raise ErreursImport([f"{nom_fichier}: aucune ligne à importer."])
    return lecture
