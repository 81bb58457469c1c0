"""Import d'un dossier au format d'échange : validation complète, puis écriture tout-ou-rien.

    rapport = importer_dossier(dossier, simulation=False, progression=..., signaler=...)

1. Validation en flux de chaque fichier présent, dans l'ordre du format ; seules des clés compactes restent en
   mémoire (identifiants des jeunes, empreintes des clés naturelles). Chaque erreur est passée à `signaler`.
2. S'il n'y a aucune erreur, écriture par lots dans une seule transaction. En simulation (`--dry-run`),
   l'écriture est faite puis annulée : les nombres « créés / modifiés » annoncés sont exacts et rien ne reste.
"""

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from dispositifs.services import alertes_calculer
from reprise import fichiers as f
from reprise.ecriture import ecrire_fichier
from reprise.lecture import Erreur, ErreurFichier, ErreurValeur, LecteurCsv, compter_lignes
from reprise.referentiel import Referentiel

MAX_ERREURS_GARDEES = 1000
PART_VALIDATION = 30  # % de la barre de progression


@dataclass
class ResultatFichier:
    nom: str
    lignes: int = 0
    crees: int = 0
    modifies: int = 0
    secondes_validation: float = 0.0
    secondes_ecriture: float = 0.0


@dataclass
class Rapport:
    fichiers: list = field(default_factory=list)
    nb_erreurs: int = 0
    erreurs: list = field(default_factory=list)  # les MAX_ERREURS_GARDEES premières, en texte
    simulation: bool = False
    secondes: float = 0.0

    @property
    def valide(self):
        return self.nb_erreurs == 0

    @property
    def lignes(self):
        return sum(r.lignes for r in self.fichiers)

    def en_dict(self):
        return {
            "valide": self.valide,
            "simulation": self.simulation,
            "secondes": round(self.secondes, 1),
            "nb_erreurs": self.nb_erreurs,
            "erreurs": self.erreurs,
            "fichiers": [
                {"nom": r.nom, "lignes": r.lignes, "crees": r.crees, "modifies": r.modifies} for r in self.fichiers
            ],
        }


class _Annulation(Exception):
    pass


class Contexte:
    def __init__(self):
        self.ref = Referentiel()
        self._jeunes = None
        self._entreprises = self._offres = self._actions = None
        self.jeunes_crees = set()  # pk des jeunes créés par cet import
        self.jeunes_ecrits = set()  # pk des jeunes dont une ligne (dossier, événement, inscription…) a été écrite

    @property
    def entreprises(self):
        """SIRET -> (pk, section NAF), chargé après l'écriture de entreprises.csv (borné par le registre)."""
        if self._entreprises is None:
            from entreprises.models import Entreprise

            self._entreprises = {
                siret: (pk, section)
                for siret, pk, section in Entreprise.objects.values_list("siret", "pk", "section_naf").iterator(10000)
            }
        return self._entreprises

    @property
    def offres(self):
        """Référence -> pk, chargé après l'écriture de offres.csv."""
        if self._offres is None:
            from entreprises.models import Offre

            self._offres = dict(Offre.objects.values_list("reference", "pk").iterator(10000))
        return self._offres

    @property
    def actions(self):
        """Référence -> pk, chargé après l'écriture de actions.csv."""
        if self._actions is None:
            from actions_territoriales.models import ActionTerritoriale

            self._actions = dict(ActionTerritoriale.objects.values_list("reference", "pk").iterator(10000))
        return self._actions

    @property
    def jeunes(self):
        """identifiant externe -> pk, chargé après l'écriture des jeunes (borné par le nombre de jeunes)."""
        if self._jeunes is None:
            from accompagnement.models import Jeune

            self._jeunes = dict(
                Jeune.objects.filter(identifiant_externe__isnull=False)
                .values_list("identifiant_externe", "pk")
                .iterator(chunk_size=10000)
            )
        return self._jeunes


class Progression:
    """Convertit l'avancement (fichier, ligne) en pourcentage global et débit ; appelle `rappel` au plus 2×/s."""

    def __init__(self, totaux, rappel):
        self.totaux, self.rappel = totaux, rappel
        self.total = sum(totaux.values()) or 1
        self.faites_avant = 0
        self.debut_etape = time.monotonic()
        self.dernier = 0.0

    def etape(self):
        self.faites_avant = 0
        self.debut_etape = time.monotonic()

    def avancer(self, phase, nom, ligne, force=False):
        if self.rappel is None:
            return
        maintenant = time.monotonic()
        if not force and maintenant - self.dernier < 0.5:
            return
        self.dernier = maintenant
        faites = self.faites_avant + min(ligne if ligne is not None else self.totaux[nom], self.totaux[nom])
        part = faites / self.total
        if phase == "validation":
            pourcentage = int(PART_VALIDATION * part)
        else:
            pourcentage = PART_VALIDATION + int((100 - PART_VALIDATION) * part)
        duree = max(maintenant - self.debut_etape, 1e-6)
        self.rappel(
            phase=phase, fichier=nom, pourcentage=min(pourcentage, 100), lignes=faites, debit=int(faites / duree)
        )

    def fichier_fini(self, nom):
        self.faites_avant += self.totaux[nom]


def fichiers_presents(dossier):
    dossier = Path(dossier)
    return [(fichier, dossier / fichier.nom) for fichier in f.FICHIERS if (dossier / fichier.nom).is_file()]


def importer_dossier(dossier, *, simulation=False, progression=None, signaler=None, avant_validation=None):
    """`avant_validation()` est appelée dans la transaction d'écriture juste avant sa validation ; une exception
    annule l'écriture (l'import lancé depuis le navigateur y vérifie qu'il tient encore son travail)."""
    debut = time.monotonic()
    rapport = Rapport(simulation=simulation)
    presents = fichiers_presents(dossier)
    resultats = {fichier.nom: ResultatFichier(fichier.nom) for fichier, _ in presents}
    rapport.fichiers = list(resultats.values())

    def erreur(e):
        rapport.nb_erreurs += 1
        if len(rapport.erreurs) < MAX_ERREURS_GARDEES:
            rapport.erreurs.append(str(e))
        if signaler:
            signaler(e)

    contexte = Contexte()
    suivi = Progression({fichier.nom: max(compter_lignes(chemin) - 1, 1) for fichier, chemin in presents}, progression)
    for fichier, chemin in presents:
        t = time.monotonic()
        resultats[fichier.nom].lignes = valider_fichier(fichier, chemin, contexte.ref, erreur, suivi)
        resultats[fichier.nom].secondes_validation = time.monotonic() - t
        suivi.fichier_fini(fichier.nom)
    if rapport.nb_erreurs:
        rapport.secondes = time.monotonic() - debut
        return rapport

    suivi.etape()
    try:
        with transaction.atomic():
            for fichier, chemin in presents:
                t = time.monotonic()

                def avancer(ligne, nom=fichier.nom):
                    suivi.avancer("ecriture", nom, ligne, force=ligne is None)

                resultat = resultats[fichier.nom]
                resultat.crees, resultat.modifies = ecrire_fichier(fichier.nom, chemin, contexte, avancer)
                resultat.secondes_ecriture = time.monotonic() - t
                suivi.fichier_fini(fichier.nom)
            if simulation:
                raise _Annulation
            # Les dossiers repris ont leurs alertes dès la fin de l'import (page des alertes et portefeuille) ; les
            # autres n'ont pas changé (le calcul de chaque nuit les tient à jour).
            alertes_calculer(jeunes=contexte.jeunes_ecrits)
            if avant_validation:
                avant_validation()
    except _Annulation:
        pass
    rapport.secondes = time.monotonic() - debut
    return rapport


def valider_fichier(fichier, chemin, ref, erreur, suivi):
    """Premier passage sur un fichier : renvoie le nombre de lignes de données lues."""
    nom = fichier.nom
    lecteur = LecteurCsv(chemin, nom, fichier.noms_colonnes, fichier.obligatoires)
    vues = {}  # clé texte (identifiant du jeune, référence de l'aide) -> première ligne
    empreintes = Empreintes()  # clés naturelles composées (événements, situations…), sur disque
    ouvertes, fermees = {}, set()  # dispositifs : inscriptions sans sortie, clés avec sortie
    lignes = 0
    numero = 0

    def signaler(colonne, message):
        erreur(Erreur(nom, numero, colonne, message))

    try:
        for numero, cellules in lecteur:
            lignes += 1
            if lignes % 20000 == 0:
                suivi.avancer("validation", nom, numero)
            if isinstance(cellules, ErreurValeur):
                signaler("ligne", str(cellules))
                continue
            valeurs = fichier.analyser(cellules, ref, signaler)
            cle = fichier.cle_unicite(valeurs)
            if isinstance(cle, str):
                if cle in vues:
                    signaler(fichier.colonne_cle, f"{fichier.libelle_cle} à la ligne {vues[cle]}")
                else:
                    vues[cle] = numero
            elif cle is not None:
                precedente = empreintes.ajouter(hash(cle), numero)
                if precedente:
                    signaler("ligne", f"ligne en double : {fichier.libelle_cle} que la ligne {precedente}")
            fichier.noter(valeurs, ref)
            if fichier is f.DISPOSITIFS and cle is not None:
                _noter_inscription(valeurs, cle, numero, ouvertes, fermees, signaler)
    except ErreurFichier as exc:
        erreur(Erreur(nom, exc.ligne, exc.colonne, exc.message))
    finally:
        empreintes.fermer()
    for e in lecteur.erreurs_entete:
        erreur(e)
    if ouvertes:
        _verifier_inscriptions_en_base(nom, ouvertes, fermees, erreur)
    suivi.avancer("validation", nom, None, force=True)
    return lignes


class Empreintes:
    """Empreintes 64 bits des clés naturelles déjà vues, gardées dans une base SQLite temporaire sur disque
    (chemin vide = base privée supprimée à la fermeture) : la mémoire ne croît pas avec le nombre de lignes."""

    def __init__(self):
        self.connexion = sqlite3.connect("")
        self.connexion.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-8000;"
            "CREATE TABLE cle (empreinte INTEGER PRIMARY KEY, ligne INTEGER NOT NULL);"
        )

    def ajouter(self, empreinte, ligne):
        """Enregistre l'empreinte ; renvoie la ligne où elle a déjà été vue, sinon None."""
        if self.connexion.execute("INSERT OR IGNORE INTO cle VALUES (?, ?)", (empreinte, ligne)).rowcount:
            return None
        return self.connexion.execute("SELECT ligne FROM cle WHERE empreinte = ?", (empreinte,)).fetchone()[0]

    def fermer(self):
        self.connexion.close()


def _noter_inscription(valeurs, cle, numero, ouvertes, fermees, signaler):
    identifiant, dispositif_id, entree = cle
    if valeurs.get("date_sortie"):
        fermees.add(cle)
        return
    deja = ouvertes.get((identifiant, dispositif_id))
    if deja:
        signaler("date_sortie", f"ce jeune a déjà une inscription en cours dans ce dispositif (ligne {deja[1]})")
    else:
        ouvertes[(identifiant, dispositif_id)] = (entree, numero)


def _verifier_inscriptions_en_base(nom, ouvertes, fermees, erreur):
    """Une seule inscription ouverte par jeune et dispositif, en comptant celles déjà en base."""
    from dispositifs.models import Inscription

    identifiants = sorted({identifiant for identifiant, _ in ouvertes})
    for i in range(0, len(identifiants), 2000):
        en_base = Inscription.objects.filter(
            date_sortie__isnull=True, jeune__identifiant_externe__in=identifiants[i : i + 2000]
        ).values_list("jeune__identifiant_externe", "dispositif_id", "date_entree")
        for identifiant, dispositif_id, entree in en_base:
            ligne = ouvertes.get((identifiant, dispositif_id))
            if ligne and ligne[0] != entree and (identifiant, dispositif_id, entree) not in fermees:
                erreur(
                    Erreur(
                        nom,
                        ligne[1],
                        "date_sortie",
                        f"ce jeune a déjà une inscription en cours dans ce dispositif depuis le {entree:%d/%m/%Y} "
                        "(indiquez sa sortie dans le fichier)",
                    )
                )
