"""Invitation iCalendar (RFC 5545) jointe aux convocations, écrite avec la bibliothèque standard.

Les heures sont écrites en UTC (suffixe « Z ») : l'agenda du jeune les affiche à l'heure de Paris, changements
d'heure compris, sans dépendre d'une définition de fuseau dans le fichier."""

import datetime

from django.utils import timezone


def _texte(valeur):
    return (
        str(valeur)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _plier(ligne):
    """Lignes de 75 octets au plus, continuées par une espace (RFC 5545, 3.1), sans couper un caractère."""
    morceaux, courant = [], b""
    for caractere in ligne:
        octets = caractere.encode()
        if len(courant) + len(octets) > (75 if not morceaux else 74):
            morceaux.append(courant.decode())
            courant = b""
        courant += octets
    morceaux.append(courant.decode())
    return "\r\n ".join(morceaux)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(*, uid, debut, fin, titre, lieu="", description="", sequence=0, annulee=False):
    lignes = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//weker//Messages aux jeunes//FR",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if annulee else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(debut)}",
        f"DTEND:{_utc(fin)}",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{_texte(titre)}",
        f"LOCATION:{_texte(lieu)}",
        f"DESCRIPTION:{_texte(description)}",
        f"STATUS:{'CANCELLED' if annulee else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_plier(ligne) for ligne in lignes) + "\r\n"
