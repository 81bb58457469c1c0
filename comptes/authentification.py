"""Authentification par mot de passe, sans les permissions des tables de Django.

Toutes les permissions de weker sont des règles (`rules`, fichiers permissions.py de chaque application) calculées
à partir du rôle et de l'antenne. Le ModelBackend de Django chercherait en plus, à chaque requête où une permission
est refusée, les permissions attribuées par utilisateur ou par groupe (deux requêtes SQL) : il n'y en a jamais, et
en attribuer par l'administration n'aurait pas à ouvrir d'accès en dehors des règles.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AuthentificationParMotDePasse(ModelBackend):
    def get_user(self, user_id):
        """L'utilisateur de la session, lu avec son antenne : le périmètre et chaque ligne du journal des accès la
        lisent (une requête de moins sur chaque page qui montre un jeune)."""
        modele = get_user_model()
        try:
            user = modele._default_manager.select_related("antenne").get(pk=user_id)
        except modele.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
