"""Vues de la messagerie : désinscription publique, rappel de statut authentifié, consentement du dossier,
rappels de la veille (tâche de l'agenda)."""

import json

import pytest
from django.urls import reverse

from agenda.enums import StatutRendezVous
from agenda.heures import local
from agenda.messages import programmer_rappels
from messagerie import services
from messagerie.enums import Canal, CodeModele, OrigineConsentement, StatutMessage
from messagerie.models import Consentement, Message
from tests.agenda.factories import RendezVousFactory, demain_a

pytestmark = pytest.mark.django_db


def test_desinscription_get_demande_confirmation_post_enregistre_le_refus(client, jeune_consentant):
    url = reverse(
        "messagerie:desinscription", kwargs={"jeton": services.jeton_desinscription(jeune_consentant.pk, "courriel")}
    )
    reponse = client.get(url)
    assert "Ne plus recevoir ces messages" in reponse.content.decode()
    assert jeune_consentant.nom not in reponse.content.decode()
    assert Consentement.objects.get(jeune=jeune_consentant, canal=Canal.COURRIEL).accepte
    reponse = client.post(url)
    assert "C'est noté" in reponse.content.decode()
    consentement = Consentement.objects.get(jeune=jeune_consentant, canal=Canal.COURRIEL)
    assert not consentement.accepte
    assert consentement.origine == OrigineConsentement.LIEN


def test_desinscription_jeton_altere_404_rien_ne_change(client, jeune_consentant):
    jeton = services.jeton_desinscription(jeune_consentant.pk, "courriel")[:-2] + "xx"
    assert client.post(reverse("messagerie:desinscription", kwargs={"jeton": jeton})).status_code == 404
    assert Consentement.objects.get(jeune=jeune_consentant, canal=Canal.COURRIEL).accepte


def _envoye(jeune):
    return Message.objects.create(
        jeune=jeune, canal=Canal.SMS, modele=CodeModele.RAPPEL, objet_type="rendez-vous", objet_id=3,
        destinataire="+33612345678", corps="x", statut=StatutMessage.ENVOYE, identifiant_fournisseur="77",
    )  # fmt: skip


@pytest.mark.parametrize("entete", [None, "Bearer mauvais", "Bearer secret-partage-de-test-x"])
def test_rappel_fournisseur_refuse_sans_le_bon_secret(client, settings, jeune_consentant, entete):
    settings.WEKER_SMS_RAPPEL_SECRET = "secret-partage-de-test"
    message = _envoye(jeune_consentant)
    entetes = {"Authorization": entete} if entete else {}
    corps = json.dumps({"messageId": 77, "msg_status": "delivered"})
    reponse = client.post(
        reverse("messagerie:rappel_fournisseur"), corps, content_type="application/json", headers=entetes
    )
    assert reponse.status_code == 403
    message.refresh_from_db()
    assert message.statut == StatutMessage.ENVOYE


def test_rappel_fournisseur_authentifie_met_a_jour_le_statut(client, settings, jeune_consentant):
    settings.WEKER_SMS_RAPPEL_SECRET = "secret-partage-de-test"
    message = _envoye(jeune_consentant)
    reponse = client.post(
        reverse("messagerie:rappel_fournisseur"),
        json.dumps({"messageId": 77, "msg_status": "delivered"}),
        content_type="application/json",
        headers={"Authorization": "Bearer secret-partage-de-test"},
    )
    assert reponse.status_code == 200
    message.refresh_from_db()
    assert message.statut == StatutMessage.DISTRIBUE


def test_consentement_modifie_depuis_le_dossier(client_de, conseiller_rennes, jeune_consentant):
    client = client_de(conseiller_rennes)
    url = reverse("messagerie:consentement_modifier", kwargs={"pk": jeune_consentant.pk})
    reponse = client.post(url, {"sms": "non", "courriel": "oui"}, follow=True)
    assert "Consentement aux messages enregistré." in reponse.content.decode()
    assert not Consentement.objects.get(jeune=jeune_consentant, canal=Canal.SMS).accepte
    page = client.get(reverse("messagerie:messages_jeune", kwargs={"pk": jeune_consentant.pk})).content.decode()
    assert "SMS :" in page and "refusé" in page


def test_consentement_refuse_a_une_autre_antenne(client_de, conseiller_broceliande, jeune_consentant):
    url = reverse("messagerie:consentement_modifier", kwargs={"pk": jeune_consentant.pk})
    assert client_de(conseiller_broceliande).post(url, {"sms": "non"}).status_code == 403
    assert Consentement.objects.get(jeune=jeune_consentant, canal=Canal.SMS).accepte


def test_rappels_de_la_veille_une_fois_et_pas_pour_un_rendez_vous_annule(jeune_consentant, fichier_sms):
    rdv = RendezVousFactory(jeune=jeune_consentant, debut=demain_a(10))
    RendezVousFactory(jeune=jeune_consentant, debut=demain_a(15), statut=StatutRendezVous.ANNULE_JEUNE)
    jour = local(rdv.debut).date()
    assert programmer_rappels(jour) == 2  # SMS et courriel du seul rendez-vous planifié
    assert programmer_rappels(jour) == 0  # relancé : rien de plus
    assert set(Message.objects.values_list("objet_id", flat=True)) == {rdv.pk}


def test_le_journal_du_dossier_renvoie_aux_messages(client_de, conseiller_rennes, jeune_consentant):
    page = client_de(conseiller_rennes).get(reverse("accompagnement:jeune_detail", args=[jeune_consentant.pk]))
    texte = page.content.decode()
    journal = texte.index('id="titre-journal"')
    assert texte.index('href="#messages"', journal) < texte.index('id="journal"')  # dans la section du journal
    assert 'id="messages"' in texte  # la cible existe avant même le chargement du fragment
