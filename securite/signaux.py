"""Branchements sur les signaux d'authentification (Django, django-axes) : journal des connexions, fermeture des
sessions d'un compte désactivé. La logique est dans securite.services."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from comptes.models import Utilisateur
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


@receiver(pre_save, sender=Utilisateur, dispatch_uid="securite_etat_actif")
def memoriser_etat_actif(sender, instance, raw=False, **kwargs):
    instance._etait_actif = (
        False
        if raw or instance._state.adding or not instance.pk
        else Utilisateur.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=Utilisateur, dispatch_uid="securite_desactivation")
def fermer_sessions_si_desactive(sender, instance, raw=False, **kwargs):
    """Désactiver un compte (administration, service, import) ferme aussitôt toutes ses sessions."""
    if not raw and getattr(instance, "_etait_actif", False) and not instance.is_active:
        fermees = services.sessions_fermer(utilisateur=instance)
        services.connexion_journaliser(
            evenement=EvenementConnexion.DESACTIVATION,
            utilisateur=instance,
            detail=f"{fermees} session(s) fermée(s).",
        )
