"""Canaux réels : un vrai serveur SMTP sur la boucle locale (aiosmtpd) reçoit le courriel et son invitation .ics ;
un serveur HTTP local qui parle l'API des SMS transactionnels de Brevo reçoit les SMS et répond comme lui."""

import datetime
import email
import email.policy
import http.server
import json
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.test import TestCase

from messagerie import ics, services
from messagerie.enums import Canal, CodeModele, StatutMessage
from messagerie.models import Message

pytestmark = pytest.mark.django_db


class Boite:
    def __init__(self):
        self.recus = []

    async def handle_DATA(self, server, session, enveloppe):  # noqa: N802 (interface d'aiosmtpd)
        self.recus.append(email.message_from_bytes(enveloppe.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def serveur_smtp(settings):
    boite = Boite()
    with socket.socket() as libre:  # un port libre (aiosmtpd se teste lui-même en s'y connectant : pas de port 0)
        libre.bind(("127.0.0.1", 0))
        port = libre.getsockname()[1]
    controleur = Controller(boite, hostname="127.0.0.1", port=port)
    controleur.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield boite
    controleur.stop()


def _programmer(jeune, **envoi):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.messages_programmer(
            modele=CodeModele.CONVOCATION,
            objet_type="rendez-vous",
            envois=[{"jeune": jeune, "objet_id": 7, "valeurs": {"prenom": jeune.prenom, "heure": "14 h 30"}, **envoi}],
            canaux=envoi.pop("canaux", (Canal.COURRIEL,)) if "canaux" in envoi else (Canal.COURRIEL,),
        )


def test_courriel_recu_par_un_vrai_serveur_smtp_avec_son_invitation(serveur_smtp, jeune_consentant):
    debut = datetime.datetime(2026, 10, 26, 9, 0, tzinfo=datetime.UTC)  # 10 h à Paris (heure d'hiver)
    invitation = ics.invitation(
        uid="rendez-vous-7@weker", debut=debut, fin=debut + datetime.timedelta(minutes=45), titre="Rendez-vous"
    )
    _programmer(jeune_consentant, invitation_ics=invitation)
    (recu,) = serveur_smtp.recus
    assert recu["To"] == "camille@exemple.fr"
    assert recu["Subject"].startswith("Votre rendez-vous")
    assert recu["List-Unsubscribe"].strip().startswith("<http")
    parties = {p.get_content_type(): p for p in recu.walk()}
    corps = parties["text/plain"].get_content()
    assert f"Bonjour {jeune_consentant.prenom}" in corps
    assert "/messages/desinscription/" in corps
    piece = parties["text/calendar"].get_content()
    assert "DTSTART:20261026T090000Z" in piece
    assert "METHOD:REQUEST" in piece
    assert Message.objects.get().statut == StatutMessage.ENVOYE


def test_smtp_injoignable_le_message_echoue_avec_sa_raison(settings, jeune_consentant):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # rien n'écoute
    _programmer(jeune_consentant)
    message = Message.objects.get()
    assert message.statut == StatutMessage.ECHEC
    assert "injoignable" in message.raison


class FauxBrevo(http.server.BaseHTTPRequestHandler):
    """Parle l'API POST /v3/transactionalSMS/send : clé dans l'en-tête api-key, réponse 201 {"messageId": …}."""

    reponses = []
    requetes = []

    def do_POST(self):  # noqa: N802
        corps = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FauxBrevo.requetes.append({"chemin": self.path, "cle": self.headers["api-key"], "corps": corps})
        statut, donnees, pause = FauxBrevo.reponses.pop(0) if FauxBrevo.reponses else (201, {"messageId": 42}, 0)
        time.sleep(pause)
        self.send_response(statut)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(donnees).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def brevo(settings):
    FauxBrevo.reponses, FauxBrevo.requetes = [], []
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FauxBrevo)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    settings.WEKER_SMS_BREVO_CLE = "cle-de-test"
    settings.WEKER_SMS_BREVO_URL = f"http://127.0.0.1:{serveur.server_address[1]}/v3/transactionalSMS/send"
    settings.WEKER_SMS_DELAI = 0.5
    yield FauxBrevo
    serveur.shutdown()


def _programmer_sms(jeune):
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.messages_programmer(
            modele=CodeModele.RAPPEL,
            objet_type="rendez-vous",
            envois=[{"jeune": jeune, "objet_id": 7, "valeurs": {"prenom": jeune.prenom}}],
            canaux=(Canal.SMS,),
        )
    return Message.objects.get(canal=Canal.SMS)


def test_sms_envoye_a_l_api_de_brevo(brevo, jeune_consentant):
    message = _programmer_sms(jeune_consentant)
    (requete,) = brevo.requetes
    assert requete["chemin"] == "/v3/transactionalSMS/send"
    assert requete["cle"] == "cle-de-test"
    assert requete["corps"]["recipient"] == "33612345678"
    assert requete["corps"]["type"] == "transactional"
    assert requete["corps"]["webUrl"].endswith("/messages/fournisseur/statut/")
    assert message.statut == StatutMessage.ENVOYE
    assert message.identifiant_fournisseur == "42"


def test_sms_refuse_4xx_echec_avec_la_raison_sans_nouvel_essai(brevo, jeune_consentant):
    brevo.reponses = [(400, {"code": "invalid_parameter", "message": "Invalid phone number"}, 0)]
    message = _programmer_sms(jeune_consentant)
    assert message.statut == StatutMessage.ECHEC
    assert message.raison == "Refusé par Brevo (400) : Invalid phone number"
    assert len(brevo.requetes) == 1


def test_sms_5xx_nouvel_essai_puis_envoye(brevo, jeune_consentant):
    brevo.reponses = [(503, {"message": "Service Unavailable"}, 0)]
    message = _programmer_sms(jeune_consentant)
    assert len(brevo.requetes) == 2
    assert message.statut == StatutMessage.ENVOYE
    assert message.tentatives == 2


def test_sms_delai_depasse_envoi_incertain_jamais_renvoye(brevo, jeune_consentant):
    brevo.reponses = [(201, {"messageId": 1}, 1.5)]
    message = _programmer_sms(jeune_consentant)
    assert message.statut == StatutMessage.ECHEC
    assert message.raison.startswith("Envoi incertain")
    services.message_envoyer(message.pk)
    assert len(brevo.requetes) == 1
