from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ComptesConfig(AppConfig):
    """Utilisateurs et rôles : modèle `Utilisateur`, rôles, prédicats de rôle, administration des comptes.

    L'application garde l'étiquette « weker », celle sous laquelle le modèle utilisateur a été créé quand il était
    dans le paquet `weker/` : `AUTH_USER_MODEL = "weker.Utilisateur"`, le nom des tables (`weker_utilisateur`…),
    les types de contenu et l'historique des migrations (`comptes/migrations/`, enregistrées sous « weker » dans
    `django_migrations`) restent ceux des bases existantes. Django ne sait pas changer l'étiquette d'un modèle
    utilisateur remplaçable sans réécrire les clés étrangères de toutes les applications : on ne le fait pas.
    Les noms de permissions « weker.* » restent eux aussi tels quels.
    """

    default = True
    name = "comptes"
    label = "weker"
    verbose_name = "comptes et rôles"


class AdminWekerConfig(admin_apps.AdminConfig):
    """L'administration de Django, avec le site de weker (réservé au rôle administrateur)."""

    default = False
    default_site = "comptes.site_admin.WekerAdminSite"
