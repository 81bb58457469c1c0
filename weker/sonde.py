"""Sonde du conteneur web (docker-compose) : `python -m weker.sonde` sort en 0 si /sante/?perimetre=web répond 200.

La requête passe par le nom d'hôte autorisé (ALLOWED_HOSTS) et se présente comme venant du mandataire HTTPS,
pour ne pas être redirigée vers https:// par SECURE_SSL_REDIRECT.
"""

import os
import sys
import urllib.request

ADRESSE = os.environ.get("WEKER_SONDE_URL", "http://127.0.0.1:8000/sante/?perimetre=web&format=json")


def sonder(adresse=ADRESSE, delai=5):
    hote = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip("*.") or "localhost"
    requete = urllib.request.Request(adresse, headers={"Host": hote, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(requete, timeout=delai) as reponse:  # noqa: S310 (adresse locale)
            return reponse.status == 200
    except OSError as exc:
        print(f"Sonde en échec : {exc}", file=sys.stderr)
        return False


if __name__ == "__main__":
    sys.exit(0 if sonder() else 1)
