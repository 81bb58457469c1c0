"""De bout en bout : l'aperçu et le refus d'un modèle dans /gestion/, « Inviter les inscrits » d'une session, l'avis
de décision FAJ, et la convocation envoyée par le formulaire « Planifier » du dossier."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accompagnement.enums import Presence
from aides.enums import TypeDecision
from aides.services import demande_aide_decider_urgence
from messagerie import services
from messagerie.enums import Canal, CodeModele, StatutMessage
from messagerie.models import Message, ModeleMessage
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory, ParticipationFactory, SessionCollectiveFactory
from tests.aides.factories import budget_rennes_metropole, demande_soumise

pytestmark = pytest.mark.django_db


# --- Modèles de message dans /gestion/ ---------------------------------------------------------------------------


def test_apercu_du_modele_sur_des_donnees_fictives(client_de, administrateur, jeune_consentant):
    modele = ModeleMessage.objects.get(code=CodeModele.CONVOCATION, canal=Canal.SMS)
    page = client_de(administrateur).get(reverse("admin:messagerie_modelemessage_change", args=[modele.pk]))
    texte = page.content.decode()
    assert page.status_code == 200
    assert "aperçu (données fictives)" in texte.lower()
    assert "Camille" in texte and "mardi 12 janvier 2027" in texte  # les données de l'exemple
    assert jeune_consentant.nom not in texte  # aucun vrai jeune
    assert "{{ prenom }}" in texte  # variables permises affichées


@pytest.mark.parametrize(
    ("corps", "erreur"),
    [
        ("Bonjour {{ }}", "erreur de syntaxe"),
        ("Bonjour {{ prenom|inconnu }}", "erreur de syntaxe"),
        ("Bonjour {{ nom }}", "Variable « nom » non permise pour un sms"),
        ("{% if prenom %}Bonjour{% endif %}", "les balises"),
    ],
)
def test_modele_fautif_refuse_a_l_enregistrement(client_de, administrateur, corps, erreur):
    modele = ModeleMessage.objects.get(code=CodeModele.CONVOCATION, canal=Canal.SMS)
    avant = modele.corps
    url = reverse("admin:messagerie_modelemessage_change", args=[modele.pk])
    reponse = client_de(administrateur).post(url, {"sujet": modele.sujet, "corps": corps})
    assert reponse.status_code == 200  # le formulaire revient, avec l'erreur en français
    assert erreur.lower() in reponse.content.decode().lower().replace("&#x27;", "'").replace("&quot;", '"')
    modele.refresh_from_db()
    assert modele.corps == avant


def test_modele_correct_enregistre(client_de, administrateur):
    modele = ModeleMessage.objects.get(code=CodeModele.CONVOCATION, canal=Canal.SMS)
    url = reverse("admin:messagerie_modelemessage_change", args=[modele.pk])
    corps = "Bonjour {{ prenom|capfirst }}, rendez-vous le {{ date }} à {{ heure }}."
    assert client_de(administrateur).post(url, {"sujet": modele.sujet, "corps": corps}).status_code == 302
    modele.refresh_from_db()
    assert modele.corps == corps


# --- « Inviter les inscrits » d'une session ---------------------------------------------------------------------


def test_inviter_les_inscrits_sur_les_canaux_acceptes_une_fois(client_de, conseiller_rennes, jeune_consentant):
    session = SessionCollectiveFactory(antenne=conseiller_rennes.antenne, theme="Préparer son CV")
    ParticipationFactory(session=session, jeune=jeune_consentant)
    sans_accord = JeuneFactory(referent=conseiller_rennes, telephone="06 11 22 33 44")
    ParticipationFactory(session=session, jeune=sans_accord)
    ParticipationFactory(session=session, jeune=JeuneFactory(referent=conseiller_rennes), presence=Presence.EXCUSE)
    client = client_de(conseiller_rennes)
    url = reverse("messagerie:session_inviter", args=[session.pk])
    page = client.get(reverse("accompagnement:session_detail", args=[session.pk])).content.decode()
    assert url in page
    reponse = client.post(url, follow=True)
    assert "2 invitation(s) programmée(s) pour 2 inscrit(s)" in reponse.content.decode()
    invitations = Message.objects.filter(modele=CodeModele.INVITATION_SESSION, objet_id=session.pk)
    assert {(m.jeune_id, m.canal) for m in invitations} == {
        (jeune_consentant.pk, Canal.SMS),
        (jeune_consentant.pk, Canal.COURRIEL),
    }
    sms = invitations.get(canal=Canal.SMS)
    assert "Préparer son CV" not in sms.corps  # le thème n'est pas une variable des SMS
    assert "Préparer son CV" in invitations.get(canal=Canal.COURRIEL).corps
    assert JournalAcces.objects.filter(jeune=sans_accord).exists()  # chaque inscrit lu est journalisé
    reponse = client.post(url, follow=True)
    assert "0 invitation(s) programmée(s) pour 2 inscrit(s)" in reponse.content.decode()
    assert invitations.count() == 2


# --- Avis de décision FAJ ----------------------------------------------------------------------------------------


def test_decision_faj_un_avis_sans_montant(
    conseiller_rennes, secretariat_faj, fichier_sms, django_capture_on_commit_callbacks
):
    budget_rennes_metropole()
    jeune = JeuneFactory(referent=conseiller_rennes, telephone="06 12 34 56 78", courriel="")
    services.consentement_enregistrer(jeune=jeune, canal=Canal.SMS, accepte=True, par=conseiller_rennes)
    demande = demande_soumise(conseiller_rennes, jeune=jeune, montant="60.00")
    with django_capture_on_commit_callbacks(execute=True):
        decision = demande_aide_decider_urgence(
            demande=demande, par=secretariat_faj, decision=TypeDecision.ACCORDEE, motif="Loyer impayé"
        )
    message = Message.objects.get()
    assert (message.modele, message.canal, message.objet_id) == (CodeModele.DECISION_FAJ, Canal.SMS, decision.pk)
    assert message.statut == StatutMessage.ENVOYE
    envoyes = fichier_sms()
    assert len(envoyes) == 1
    texte = envoyes[0]["texte"]
    assert "une décision a été prise" in texte
    for interdit in ("60", "€", "euros", "Loyer", "subsistance", "accord"):
        assert interdit.lower() not in texte.lower(), interdit


# --- Le formulaire « Planifier » envoie la convocation --------------------------------------------------------


def test_planifier_envoie_la_convocation_par_courriel(
    client_de, conseiller_rennes, jeune_consentant, fichier_sms, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jour = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client_de(conseiller_rennes).post(
            reverse("agenda:rendez_vous_jeune", args=[jeune_consentant.pk]),
            {
                "date": jour.isoformat(),
                "heure": "10:00",
                "duree_minutes": 45,
                "type": "entretien_individuel",
                "mode": "telephone",
            },
        )
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert courriel.to == ["camille@exemple.fr"]
    assert f"{jour.day}" in courriel.body and "10 h 00" in courriel.body
    assert "List-Unsubscribe" in courriel.extra_headers
    assert any(nom.endswith(".ics") for nom, _, _ in courriel.attachments)
    assert len(fichier_sms()) == 1 and "10 h 00" in fichier_sms()[0]["texte"]
    assert set(Message.objects.values_list("canal", "statut")) == {
        (Canal.SMS, StatutMessage.ENVOYE),
        (Canal.COURRIEL, StatutMessage.ENVOYE),
    }
