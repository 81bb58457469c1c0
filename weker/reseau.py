"""Adresse du client d'une requête, pour les journaux (accès, connexions) et le verrouillage (django-axes).

`X-Forwarded-For` est écrit par le client lui-même tant qu'aucun proxy de confiance ne l'a réécrit : il n'est lu que
si la connexion vient d'un proxy listé dans `PROXIES_DE_CONFIANCE` (variable WEKER_PROXIES_DE_CONFIANCE : adresses
ou réseaux, vide par défaut, docs/production.md). L'en-tête est alors parcouru de droite à gauche : chaque proxy
ajoute à droite l'adresse qui s'est connectée à lui ; la première adresse qui n'est pas un proxy de confiance est
celle du client. Tout ce qui est à sa gauche a pu être inventé par le client et est ignoré.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def _reseaux(valeurs):
    try:
        return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in valeurs if v.strip())
    except ValueError as erreur:
        raise ImproperlyConfigured(f"WEKER_PROXIES_DE_CONFIANCE : adresse ou réseau invalide ({erreur}).") from None


def _adresse(texte):
    try:
        return ipaddress.ip_address((texte or "").strip())
    except ValueError:
        return None


def _de_confiance(adresse, reseaux):
    return adresse is not None and any(adresse in reseau for reseau in reseaux)


def adresse_client(request):
    """Adresse IP du client (texte), ou None si la connexion n'en donne pas de valide."""
    directe = _adresse(request.META.get("REMOTE_ADDR"))
    reseaux = _reseaux(tuple(settings.PROXIES_DE_CONFIANCE))
    if not _de_confiance(directe, reseaux):
        return str(directe) if directe else None
    for maillon in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        adresse = _adresse(maillon)
        if adresse is None:
            break  # en-tête illisible : on s'en tient au dernier maillon sûr
        directe = adresse
        if not _de_confiance(adresse, reseaux):
            break
    return str(directe)
