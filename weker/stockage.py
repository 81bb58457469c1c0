"""Stockage des fichiers produits et reçus (rapports PDF, pièces justificatives, archives de reprise).

Par défaut, le disque local (`FileSystemStorage` sous `MEDIA_ROOT`). Avec `STOCKAGE_S3_BUCKET`, un stockage objet
compatible S3 (django-storages) : web et workers peuvent alors tourner sur des machines différentes sans disque
partagé. Dans les deux cas les fichiers ne sont jamais servis directement : les vues contrôlées (permission,
journal des accès) lisent le contenu par `fichier.open("rb")` et le renvoient.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class StockageObjetPrive(S3Storage):
    """Stockage S3 sans URL vers le stockage ; ses options (ACL privée, pas d'écrasement) sont dans les réglages.

    `url()` renvoie, comme le stockage local, une adresse sous `MEDIA_URL` qu'aucune vue ne sert (l'administration
    affiche un lien pour les champs fichier) : jamais d'URL signée qui contournerait les vues contrôlées.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)
