"""Stockage de test sans disque, comme un stockage objet (S3) : les fichiers n'ont pas de chemin local."""

import os

from django.core.files.storage import InMemoryStorage


class StockageSansChemin(InMemoryStorage):
    """En mémoire, et `path()` lève NotImplementedError comme pour tout stockage distant (`Storage.path`).

    InMemoryStorage se sert de `path()` pour ranger ses fichiers : il garde l'original sous un autre nom.
    """

    _chemin_interne = InMemoryStorage.path

    def _relative_path(self, name):
        return os.path.relpath(self._chemin_interne(name), self.location)

    def path(self, name):
        raise NotImplementedError("Ce stockage n'a pas de chemin local.")


def installer(settings):
    """Remplace le stockage par défaut pour la durée du test ; renvoie le stockage (vide)."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.stockage.StockageSansChemin"}}
    from django.core.files.storage import default_storage

    return default_storage
