"""Écritures de la sécurité : journal des connexions, sessions, second facteur, verrouillages, purge des journaux."""

import logging
from importlib import import_module

from axes.utils import reset as axes_reset
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from securite.journal import adresse_ip as ip_de_la_requete
from securite.models import ConnexionJournal, EvenementConnexion, JournalAcces

logger = logging.getLogger("weker.securite")

NOM_APPAREIL = "Application d'authentification"


def connexion_journaliser(*, evenement, request=None, utilisateur=None, identifiant="", adresse_ip=None, detail=""):
    """Une ligne du journal des connexions et une ligne de log `weker.securite` (jamais de secret)."""
    if utilisateur is not None and not identifiant:
        identifiant = utilisateur.get_username()
    if adresse_ip is None and request is not None:
        adresse_ip = ip_de_la_requete(request)
    ligne = ConnexionJournal.objects.create(
        evenement=evenement,
        utilisateur=utilisateur if utilisateur is not None and utilisateur.pk else None,
        identifiant=identifiant[:150],
        adresse_ip=adresse_ip,
        detail=detail[:200],
    )
    niveau = (
        logging.WARNING if evenement in (EvenementConnexion.ECHEC, EvenementConnexion.VERROUILLAGE) else logging.INFO
    )
    logger.log(niveau, "%s identifiant=%s ip=%s %s", evenement, identifiant, adresse_ip or "-", detail)
    return ligne


def sessions_fermer(*, utilisateur):
    """Supprime toutes les sessions ouvertes de l'utilisateur ; renvoie leur nombre.

    Parcourt les sessions non expirées (quelques centaines au plus : 30 minutes d'inactivité) plutôt qu'une table de
    correspondance : aucune session ne peut échapper à la fermeture, même après rotation de sa clé."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    identifiant = str(utilisateur.pk)
    cles = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500)
        if str(session.get_decoded().get(SESSION_KEY)) == identifiant
    ]
    for cle in cles:
        store(session_key=cle).delete()
    return len(cles)


@transaction.atomic
def utilisateur_desactiver(*, utilisateur, par):
    """Désactive un compte : plus de connexion possible, toutes ses sessions fermées aussitôt, événement au journal
    des connexions. Seul chemin de désactivation d'un compte (administration comprise) : un simple
    `utilisateur.save()` avec `is_active=False` ne ferme pas les sessions."""
    if utilisateur.pk == par.pk:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre compte.")
    utilisateur.is_active = False
    utilisateur.save(update_fields=["is_active"])
    fermees = sessions_fermer(utilisateur=utilisateur)
    connexion_journaliser(
        evenement=EvenementConnexion.DESACTIVATION,
        utilisateur=utilisateur,
        detail=f"{fermees} session(s) fermée(s).",
    )
    return utilisateur


def appareil_totp_en_attente(*, utilisateur):
    """Appareil TOTP non confirmé de l'utilisateur (créé au besoin) : sa clé est montrée en QR code."""
    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=False).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=utilisateur, name=NOM_APPAREIL, confirmed=False)
    return appareil


def otp_activer(*, request, appareil, code):
    """Confirme l'appareil si le code est bon ; la session est alors vérifiée (et sa clé renouvelée).

    Volontairement hors transaction propre : l'échec journalisé et le compteur d'essais de django-otp doivent
    rester écrits quand le code est refusé."""
    if appareil.user_id != request.user.pk or appareil.confirmed:
        raise ValidationError("Cet appareil ne peut pas être activé.")
    if not appareil.verify_token(code):
        connexion_journaliser(evenement=EvenementConnexion.OTP_ECHEC, request=request, utilisateur=request.user)
        raise ValidationError("Code incorrect ou expiré. Vérifiez l'heure de votre téléphone et réessayez.")
    appareil.confirmed = True
    appareil.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    request.session.cycle_key()
    otp_login(request, appareil)
    connexion_journaliser(evenement=EvenementConnexion.OTP_ENROLEMENT, request=request, utilisateur=request.user)
    return appareil


def otp_verifier(*, request, code):
    """Vérifie le code sur les appareils confirmés de l'utilisateur (limitation de débit de django-otp).

    Hors transaction propre, comme otp_activer : l'échec et le compteur d'essais restent écrits."""
    for appareil in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        attente = appareil.verify_is_allowed()
        if not attente[0]:
            connexion_journaliser(
                evenement=EvenementConnexion.OTP_ECHEC,
                request=request,
                utilisateur=request.user,
                detail="Trop d'essais : vérification temporairement bloquée.",
            )
            raise ValidationError("Trop d'essais : patientez quelques instants avant de réessayer.")
        if appareil.verify_token(code):
            request.session.cycle_key()
            otp_login(request, appareil)
            connexion_journaliser(evenement=EvenementConnexion.OTP_VERIFIE, request=request, utilisateur=request.user)
            return appareil
    connexion_journaliser(evenement=EvenementConnexion.OTP_ECHEC, request=request, utilisateur=request.user)
    raise ValidationError("Code incorrect ou expiré.")


@transaction.atomic
def verrouillage_lever(*, request, identifiant="", adresse_ip="", par):
    """Lève le verrouillage django-axes d'un identifiant et/ou d'une adresse IP."""
    if not identifiant and not adresse_ip:
        raise ValidationError("Indiquez un identifiant ou une adresse IP.")
    nombre = 0
    if identifiant:
        nombre += axes_reset(username=identifiant)
    if adresse_ip:
        nombre += axes_reset(ip=adresse_ip)
    connexion_journaliser(
        evenement=EvenementConnexion.DEVERROUILLAGE,
        request=request,
        identifiant=identifiant,
        detail=f"Déverrouillé par {par.get_username()} (adresse {adresse_ip or '—'}).",
    )
    return nombre


def journaux_purger(*, maintenant=None, taille_lot=5000):
    """Supprime, par lots, les lignes des journaux plus anciennes que WEKER_CONSERVATION["JOURNAL_MOIS"].

    Idempotent : relancer ne supprime rien de plus. Chaque lot est sa propre transaction (pas de verrou long)."""
    maintenant = maintenant or timezone.now()
    limite = maintenant - relativedelta(months=settings.WEKER_CONSERVATION["JOURNAL_MOIS"])
    totaux = {}
    for modele in (JournalAcces, ConnexionJournal):
        total = 0
        while True:
            ids = list(modele.objects.filter(le__lt=limite).order_by("pk").values_list("pk", flat=True)[:taille_lot])
            if not ids:
                break
            with transaction.atomic():
                # QuerySet.delete() contourne Model.delete() : la purge est la seule suppression permise.
                total += modele.objects.filter(pk__in=ids).delete()[0]
        totaux[modele._meta.model_name] = total
    logger.info("purge des journaux avant %s : %s", limite.isoformat(), totaux)
    return totaux
