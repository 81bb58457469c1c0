"""Branchements sur les signaux d'authentification (Django, django-axes) : journal des connexions. La logique est
dans securite.services.

La désactivation d'un compte n'est pas un signal : elle passe par le service `utilisateur_desactiver` (fermeture des
sessions, journal), appelé par l'administration des comptes."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from securite import services
from securite.models import EvenementConnexion


@receiver(user_logged_in, dispatch_uid="securite_connexion")
def connexion(sender, request, user, **kwargs):
    services.connexion_journaliser(evenement=EvenementConnexion.CONNEXION, request=request, utilisateur=user)


@receiver(user_logged_out, dispatch_uid="securite_deconnexion")
def deconnexion(sender, request, user, **kwargs):
    if user is not None:
        services.connexion_journaliser(evenement=EvenementConnexion.DECONNEXION, request=request, utilisateur=user)


@receiver(user_login_failed, dispatch_uid="securite_echec")
def echec(sender, credentials, request=None, **kwargs):
    # `credentials` est déjà nettoyé par Django (mot de passe masqué) : seul l'identifiant saisi est gardé.
    services.connexion_journaliser(
        evenement=EvenementConnexion.ECHEC, request=request, identifiant=str(credentials.get("username") or "")
    )


@receiver(user_locked_out, dispatch_uid="securite_verrouillage")
def verrouillage(sender, request, username, ip_address, **kwargs):
    services.connexion_journaliser(
        evenement=EvenementConnexion.VERROUILLAGE,
        request=request,
        identifiant=str(username or ""),
        adresse_ip=ip_address,
        detail="Trop d'échecs de connexion : compte et adresse verrouillés.",
    )
