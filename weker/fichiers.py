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


def verifier_fichier(fichier):
    """Renvoie le type MIME reconnu ; refuse tout fichier vide, trop lourd ou qui n'est ni PDF, ni JPEG, ni PNG."""
    if fichier is None or not fichier.size:
        raise ValidationError({"fichier": "Le fichier est vide."})
    if fichier.size > TAILLE_MAXIMALE:
        taille = f"{fichier.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError({"fichier": f"Le fichier pèse {taille} Mo : 10 Mo au plus."})
    fichier.seek(0)
    debut = fichier.read(16)
    fichier.seek(0)
    type_mime = type_du_contenu(debut)
    if type_mime is None:
        raise ValidationError(
            {"fichier": "Seuls les fichiers PDF, JPEG et PNG sont acceptés (le contenu du fichier a été vérifié)."}
        )
    return type_mime
