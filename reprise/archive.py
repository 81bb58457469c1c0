"""Archive zip envoyée depuis le navigateur : contrôle (noms, tailles, bombe zip) et extraction bornée."""

import shutil
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError

from reprise.fichiers import NOMS_FICHIERS

TAILLE_MAX_ZIP = getattr(settings, "REPRISE_TAILLE_MAX_ZIP", 200 * 1024 * 1024)
TAILLE_MAX_DECOMPRESSEE = getattr(settings, "REPRISE_TAILLE_MAX_DECOMPRESSEE", 2 * 1024 * 1024 * 1024)
TAUX_COMPRESSION_MAX = 100  # un CSV se compresse rarement au-delà de 10 à 20 fois


def _mo(octets):
    return f"{octets / (1024 * 1024):.0f} Mo"


def membres_valides(archive):
    """Membres retenus `{nom: ZipInfo}` ; lève ValidationError (message en français) sinon.

    Seuls les noms des fichiers du format sont admis, à la racine ou dans un unique dossier ; les dossiers et les
    métadonnées de macOS (__MACOSX/) sont ignorés. Contrôle la taille décompressée annoncée et le taux de
    compression de chaque membre (bombe zip).
    """
    retenus, inconnus = {}, []
    total = 0
    for info in archive.infolist():
        chemin = PurePosixPath(info.filename)
        if info.is_dir() or (chemin.parts and chemin.parts[0] == "__MACOSX"):
            continue
        if chemin.is_absolute() or ".." in chemin.parts or len(chemin.parts) > 2 or chemin.name not in NOMS_FICHIERS:
            inconnus.append(info.filename)
            continue
        if chemin.name in retenus:
            raise ValidationError(f"L'archive contient deux fois le fichier {chemin.name}.")
        if info.flag_bits & 0x1:
            raise ValidationError("L'archive est chiffrée : envoyez une archive sans mot de passe.")
        if info.compress_size and info.file_size / info.compress_size > TAUX_COMPRESSION_MAX:
            raise ValidationError(f"Le fichier {chemin.name} est anormalement compressé : archive refusée.")
        total += info.file_size
        retenus[chemin.name] = info
    if inconnus:
        raise ValidationError(
            "Fichiers non reconnus dans l'archive : {}. Fichiers attendus : {}.".format(
                ", ".join(sorted(inconnus)[:10]), ", ".join(NOMS_FICHIERS)
            )
        )
    if not retenus:
        raise ValidationError(f"L'archive ne contient aucun fichier attendu ({', '.join(NOMS_FICHIERS)}).")
    if total > TAILLE_MAX_DECOMPRESSEE:
        raise ValidationError(
            f"Les fichiers décompressés dépassent {_mo(TAILLE_MAX_DECOMPRESSEE)} : découpez l'import "
            "ou utilisez la commande importer_reprise."
        )
    return retenus


def ouvrir(fichier):
    try:
        return zipfile.ZipFile(fichier)
    except (zipfile.BadZipFile, OSError):
        raise ValidationError("Ce fichier n'est pas une archive zip lisible.") from None


def verifier_archive(fichier):
    """Contrôle à l'envoi (sans extraire) : taille de l'archive, puis noms et tailles des membres."""
    if fichier.size > TAILLE_MAX_ZIP:
        raise ValidationError(f"L'archive dépasse {_mo(TAILLE_MAX_ZIP)}.")
    with ouvrir(fichier) as archive:
        return sorted(membres_valides(archive))


def extraire(fichier, dossier):
    """Extrait les membres retenus dans `dossier`, en comptant les octets réellement écrits (une taille annoncée
    mensongère ne permet pas de dépasser la limite). `fichier` : objet fichier binaire où l'on peut se déplacer
    (fichier du stockage ouvert par `open("rb")`, fichier envoyé) ou chemin."""
    with ouvrir(fichier) as archive:
        retenus = membres_valides(archive)
        for nom, info in retenus.items():
            ecrits = 0
            with archive.open(info) as source, open(dossier / nom, "wb") as cible:
                while bloc := source.read(1 << 20):
                    ecrits += len(bloc)
                    if ecrits > info.file_size or ecrits > TAILLE_MAX_DECOMPRESSEE:
                        raise ValidationError(f"Le fichier {nom} est plus grand qu'annoncé : archive refusée.")
                    cible.write(bloc)
    return sorted(retenus)


def supprimer(dossier):
    shutil.rmtree(dossier, ignore_errors=True)
