"""Fichiers reçus des utilisateurs (pièces FAJ, documents du dossier) : type reconnu au contenu (octets magiques),
jamais à l'extension ; rangés sous un nom aléatoire, jamais sous leur nom d'origine."""

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils import timezone

TAILLE_MAXIMALE = 10 * 1024 * 1024  # 10 Mo

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def chemin_aleatoire(*dossiers, type_mime):
    """Chemin de stockage : `dossiers/AAAA/<aléatoire>.<extension déduite du contenu>`."""
    nom = uuid.uuid4().hex + EXTENSIONS.get(type_mime, "")
    return str(PurePosixPath(*dossiers, timezone.now().strftime("%Y"), nom))


def type_du_contenu(debut: bytes):
    for signature, type_mime in SIGNATURES:
        if debut.startswith(signature):
            return type_mime
    return None


NOMS_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
IMAGES = ("image/jpeg", "image/png")


def _enumerer(noms):
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def verifier_fichier(fichier, *, types=None, taille_maximale=TAILLE_MAXIMALE, champ="fichier"):
    """Renvoie le type MIME reconnu ; refuse tout fichier vide, trop lourd ou qui n'est ni PDF, ni JPEG, ni PNG.

    `types` restreint les types admis (`IMAGES` pour un logo) ; `champ` nomme le champ du formulaire en erreur."""
    types = tuple(types or EXTENSIONS)
    if fichier is None or not fichier.size:
        raise ValidationError({champ: "Le fichier est vide."})
    if fichier.size > taille_maximale:
        taille = f"{fichier.size / 1024 / 1024:.1f}".replace(".", ",")
        maximum = f"{taille_maximale / 1024 / 1024:.0f}"
        raise ValidationError({champ: f"Le fichier pèse {taille} Mo : {maximum} Mo au plus."})
    fichier.seek(0)
    debut = fichier.read(16)
    fichier.seek(0)
    type_mime = type_du_contenu(debut)
    if type_mime not in types:
        noms = _enumerer([NOMS_TYPES[t] for t in types])
        raise ValidationError(
            {champ: f"Seuls les fichiers {noms} sont acceptés (le contenu du fichier a été vérifié)."}
        )
    return type_mime
