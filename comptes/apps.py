from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django_celery_beat.apps import BeatConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpConfig


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


# Applications tierces montrées dans /gestion/ : noms en français.
#
# Django documente la façon de renommer une application tierce : la déclarer dans INSTALLED_APPS par une
# sous-classe de sa configuration qui change `verbose_name` (voir « Configuring applications », pour les
# utilisateurs d'une application). Les noms de leurs modèles sont fixés au même endroit, dans `ready()` : ce sont
# de simples attributs d'affichage (`_meta.verbose_name`), lus par l'administration à chaque page ; les migrations
# ne les voient pas (elles lisent `_meta.original_attrs`), la base et les adresses de /gestion/ ne changent pas.
# Des modèles mandataires (proxy) auraient déplacé les adresses, les types de contenu et les permissions, et des
# traductions (.po) ne suffisent pas : django-otp n'a aucune chaîne traduisible.


class NomsFrancaisMixin:
    """`verbose_name` de l'application (attribut de classe) et `noms_des_modeles` : {modèle: (singulier, pluriel)}."""

    noms_des_modeles = {}

    def ready(self):
        super().ready()
        for nom_modele, (singulier, pluriel) in self.noms_des_modeles.items():
            meta = self.get_model(nom_modele)._meta
            meta.verbose_name, meta.verbose_name_plural = singulier, pluriel


class TachesPeriodiquesConfig(NomsFrancaisMixin, BeatConfig):
    verbose_name = "tâches périodiques"
    noms_des_modeles = {
        "PeriodicTask": ("tâche périodique", "tâches périodiques"),
        "IntervalSchedule": ("intervalle", "intervalles"),
        "CrontabSchedule": ("planification crontab", "planifications crontab"),
        "SolarSchedule": ("événement solaire", "événements solaires"),
        "ClockedSchedule": ("date et heure fixes", "dates et heures fixes"),
    }


class TentativesConnexionConfig(NomsFrancaisMixin, AxesConfig):
    verbose_name = "tentatives de connexion (verrouillage des comptes)"
    noms_des_modeles = {
        "AccessAttempt": ("tentative de connexion échouée", "tentatives de connexion échouées"),
        "AccessLog": ("connexion", "connexions"),
        "AccessFailureLog": ("échec de connexion", "échecs de connexion"),
    }


class DoubleAuthentificationTotpConfig(NomsFrancaisMixin, TotpConfig):
    verbose_name = "double authentification : applications"
    noms_des_modeles = {"TOTPDevice": ("application d'authentification", "applications d'authentification")}


class DoubleAuthentificationCodesConfig(NomsFrancaisMixin, StaticConfig):
    verbose_name = "double authentification : codes de secours"
    noms_des_modeles = {
        "StaticDevice": ("liste de codes de secours", "listes de codes de secours"),
        "StaticToken": ("code de secours", "codes de secours"),
    }
