"""Canaux d'envoi : courriel (backend de courriel de Django, SMTP en production) et SMS (API des SMS
transactionnels de Brevo ; sans clé, un fichier). Chaque fonction envoie un message déjà rendu et renvoie
l'identifiant du fournisseur, ou lève une des erreurs ci-dessous.

Brevo (ex-Sendinblue) est le fournisseur retenu : utilisé par rdv-insertion et RDV-Solidarités (beta.gouv.fr) pour
les convocations des usagers, hébergé en France, API HTTP simple (POST JSON, clé dans l'en-tête `api-key`), statut
de distribution renvoyé à une adresse donnée avec chaque SMS (`webUrl`)."""

import json
import smtplib
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse


class EchecEnvoi(Exception):  # noqa: N818
    """Le fournisseur a refusé : le message est en échec, avec cette raison (jamais renvoyé)."""


class EchecTemporaire(EchecEnvoi):
    """Le fournisseur est indisponible (5xx) sans avoir rien accepté : un nouvel essai est sans risque de doublon."""


class EnvoiIncertain(EchecEnvoi):
    """On ne sait pas si le fournisseur a accepté (délai dépassé après l'envoi de la requête) : jamais renvoyé."""


def envoyer_courriel(message, *, lien_desinscription):
    courriel = EmailMultiAlternatives(
        subject=message.sujet,
        body=message.corps,
        to=[message.destinataire],
        headers={
            "List-Unsubscribe": f"<{lien_desinscription}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Weker-Message": str(message.pk),
        },
    )
    if message.invitation_ics:
        courriel.attach("invitation.ics", message.invitation_ics, "text/calendar; method=REQUEST; charset=utf-8")
    try:
        courriel.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as erreur:
        raise EchecEnvoi(f"Refusé par le serveur de courriel : {erreur}"[:300]) from erreur
    except (ConnectionRefusedError, smtplib.SMTPConnectError) as erreur:
        raise EchecTemporaire(f"Serveur de courriel injoignable : {erreur}"[:300]) from erreur
    except OSError as erreur:
        raise EnvoiIncertain(f"Serveur de courriel : {erreur.__class__.__name__} {erreur}"[:300]) from erreur
    return courriel.extra_headers.get("Message-ID", "") or f"courriel-{message.pk}"


def _sms_fichier(message):
    chemin = settings.WEKER_SMS_FICHIER
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("a", encoding="utf-8") as fichier:
        ligne = {"message": message.pk, "destinataire": message.destinataire, "texte": message.corps}
        fichier.write(json.dumps(ligne, ensure_ascii=False) + "\n")
    return f"fichier-{message.pk}"


def adresse_rappel_statut():
    return settings.WEKER_URL_PUBLIQUE + reverse("messagerie:rappel_fournisseur")


def envoyer_sms(message):
    if not settings.WEKER_SMS_BREVO_CLE:
        return _sms_fichier(message)
    corps = {
        "sender": settings.WEKER_SMS_EXPEDITEUR,
        "recipient": message.destinataire.lstrip("+"),
        "content": message.corps,
        "type": "transactional",
        "tag": message.modele,
        "webUrl": adresse_rappel_statut(),
        "unicodeEnabled": True,
    }
    requete = urllib.request.Request(
        settings.WEKER_SMS_BREVO_URL,
        data=json.dumps(corps).encode(),
        method="POST",
        headers={
            "api-key": settings.WEKER_SMS_BREVO_CLE,
            "accept": "application/json",
            "content-type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(requete, timeout=settings.WEKER_SMS_DELAI) as reponse:
            donnees = json.loads(reponse.read() or b"{}")
    except urllib.error.HTTPError as erreur:
        detail = _detail(erreur)
        if erreur.code >= 500:
            raise EchecTemporaire(f"Brevo indisponible ({erreur.code}) : {detail}"[:300]) from erreur
        raise EchecEnvoi(f"Refusé par Brevo ({erreur.code}) : {detail}"[:300]) from erreur
    except urllib.error.URLError as erreur:
        if isinstance(erreur.reason, ConnectionRefusedError):
            raise EchecTemporaire(f"Brevo injoignable : {erreur.reason}"[:300]) from erreur
        raise EnvoiIncertain(f"Pas de réponse de Brevo : {erreur.reason}"[:300]) from erreur
    except TimeoutError as erreur:
        raise EnvoiIncertain(f"Pas de réponse de Brevo en {settings.WEKER_SMS_DELAI:g} s") from erreur
    except ValueError as erreur:
        raise EnvoiIncertain("Réponse illisible de Brevo") from erreur
    return str(donnees.get("messageId") or donnees.get("reference") or "")


def _detail(erreur):
    try:
        donnees = json.loads(erreur.read() or b"{}")
    except (ValueError, OSError):
        return erreur.reason or ""
    return str(donnees.get("message") or donnees.get("code") or erreur.reason or "")
