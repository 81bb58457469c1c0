"""Messagerie : consentement, programmation (une fois par objet et canal), envoi exactement une fois, statuts du
fournisseur, aucune donnée sensible dans un SMS."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import TestCase
from django.utils import timezone

from accompagnement.regles import mobile_normalise
from messagerie import canaux, gabarits, services
from messagerie.enums import Canal, CodeModele, OrigineConsentement, StatutMessage
from messagerie.models import Consentement, Message, ModeleMessage
from tests.accompagnement.factories import JeuneFactory

pytestmark = pytest.mark.django_db


def programmer(jeune, objet_id=1, modele=CodeModele.CONVOCATION, envoyer=True, **valeurs):
    """Programme, puis (comme à la validation de la transaction) exécute les tâches d'envoi."""
    with TestCase.captureOnCommitCallbacks(execute=envoyer):
        return services.messages_programmer(
            modele=modele,
            objet_type="rendez-vous",
            envois=[{"jeune": jeune, "objet_id": objet_id, "valeurs": {"prenom": jeune.prenom, **valeurs}}],
        )


# --- Règle du mobile (accompagnement/regles.py, phonenumbers) -------------------------------------------------


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("07.81.23.45.67", "+33781234567"),
        ("02 99 00 00 00", ""),  # fixe : pas de SMS
        ("06 12 34 56", ""),
        ("", ""),
        ("abc", ""),
    ],
)
def test_mobile_normalise(saisi, attendu):
    assert mobile_normalise(saisi) == attendu


# --- Consentement ----------------------------------------------------------------------------------------------


def test_rien_n_est_programme_sans_consentement(fichier_sms, conseiller_rennes):
    jeune = JeuneFactory(referent=conseiller_rennes)
    assert programmer(jeune) == []
    assert not Message.objects.exists()


def test_rien_n_est_envoye_au_jeune_qui_a_refuse(fichier_sms, jeune_consentant, conseiller_rennes):
    services.consentement_enregistrer(jeune=jeune_consentant, canal=Canal.SMS, accepte=False, par=conseiller_rennes)
    programmer(jeune_consentant)
    assert list(Message.objects.values_list("canal", flat=True)) == [Canal.COURRIEL]
    assert fichier_sms() == []
    assert len(mail.outbox) == 1


def test_sms_refuse_sans_mobile_valide(conseiller_rennes):
    jeune = JeuneFactory(referent=conseiller_rennes, telephone="02 99 00 00 00")
    with pytest.raises(ValidationError) as erreur:
        services.consentement_enregistrer(jeune=jeune, canal=Canal.SMS, accepte=True, par=conseiller_rennes)
    assert "numéro de mobile" in erreur.value.messages[0]
    assert not Consentement.objects.exists()


def test_numero_devenu_invalide_rien_n_est_programme(fichier_sms, jeune_consentant):
    type(jeune_consentant).objects.filter(pk=jeune_consentant.pk).update(telephone="", courriel="")
    jeune_consentant.refresh_from_db()
    assert programmer(jeune_consentant) == []


def test_refus_apres_programmation_le_message_en_attente_ne_part_pas(jeune_consentant, conseiller_rennes):
    programmer(jeune_consentant, envoyer=False)  # la tâche n'a pas encore tourné : le message est en attente
    services.consentement_enregistrer(jeune=jeune_consentant, canal=Canal.SMS, accepte=False, par=conseiller_rennes)
    sms = Message.objects.get(canal=Canal.SMS)
    assert sms.statut == StatutMessage.ECHEC
    assert "refusé" in sms.raison


# --- Une fois par objet et canal, envoi exactement une fois -----------------------------------------------------


def test_envoi_sur_chaque_canal_accepte(fichier_sms, jeune_consentant):
    crees = programmer(jeune_consentant, date="mardi 12 janvier 2027")
    assert len(crees) == 2
    assert dict(Message.objects.values_list("canal", "statut")) == {
        Canal.SMS: StatutMessage.ENVOYE,
        Canal.COURRIEL: StatutMessage.ENVOYE,
    }
    (sms,) = fichier_sms()
    assert sms["destinataire"] == "+33612345678"
    assert "mardi 12 janvier 2027" in sms["texte"]
    assert sms["texte"].endswith(services.MENTION_STOP)
    (courriel,) = mail.outbox
    assert courriel.to == ["camille@exemple.fr"]
    assert "/messages/desinscription/" in courriel.body
    assert courriel.extra_headers["List-Unsubscribe"].startswith("<http")


def test_programmer_deux_fois_ne_cree_ni_n_envoie_rien_de_plus(fichier_sms, jeune_consentant):
    programmer(jeune_consentant)
    assert programmer(jeune_consentant) == []
    assert Message.objects.count() == 2
    assert len(fichier_sms()) == 1
    assert len(mail.outbox) == 1


def test_une_tache_rejouee_ne_renvoie_pas(fichier_sms, jeune_consentant):
    programmer(jeune_consentant)
    sms = Message.objects.get(canal=Canal.SMS)
    for _ in range(3):
        services.message_envoyer(sms.pk)
    assert len(fichier_sms()) == 1
    sms.refresh_from_db()
    assert sms.statut == StatutMessage.ENVOYE
    assert sms.tentatives == 1


def test_un_message_en_cours_d_envoi_n_est_pas_repris(fichier_sms, jeune_consentant, settings):
    """Un worker mort pendant l'appel au fournisseur laisse la ligne « en cours d'envoi » : elle n'est jamais
    renvoyée ; la surveillance la déclare « envoi incertain »."""
    programmer(jeune_consentant)
    sms = Message.objects.get(canal=Canal.SMS)
    Message.objects.filter(pk=sms.pk).update(
        statut=StatutMessage.EN_COURS, envoi_commence_le=timezone.now() - datetime.timedelta(minutes=30)
    )
    envoyes = len(fichier_sms())
    services.message_envoyer(sms.pk)  # le message redistribué par le courtier
    assert services.messages_surveiller() == (1, 0)
    assert len(fichier_sms()) == envoyes
    sms.refresh_from_db()
    assert sms.statut == StatutMessage.ECHEC
    assert sms.raison.startswith("Envoi incertain")


def test_un_envoi_recent_en_cours_n_est_pas_declare_incertain(jeune_consentant, fichier_sms):
    programmer(jeune_consentant)
    Message.objects.update(statut=StatutMessage.EN_COURS, envoi_commence_le=timezone.now())
    assert services.messages_surveiller() == (0, 0)


def test_deux_executants_simultanes_n_envoient_qu_une_fois(fichier_sms, jeune_consentant, monkeypatch):
    """Pendant que le premier exécutant appelle le fournisseur, un second (tâche redistribuée) passe son chemin."""
    programmer(jeune_consentant)
    sms = Message.objects.get(canal=Canal.SMS)
    Message.objects.filter(pk=sms.pk).update(statut=StatutMessage.EN_ATTENTE, tentatives=0)
    appels = []
    envoyer = canaux.envoyer_sms

    def lent(message):
        appels.append(message.pk)
        services.message_envoyer(message.pk)  # le second exécutant, pendant l'appel du premier
        return envoyer(message)

    monkeypatch.setattr(canaux, "envoyer_sms", lent)
    services.message_envoyer(sms.pk)
    assert appels == [sms.pk]
    assert len(fichier_sms()) == 2  # le premier envoi (programmation) et celui-ci : aucun troisième


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reclamation_ligne_verrouillee_passe_son_chemin(fichier_sms, conseiller_rennes):
    """PostgreSQL : une ligne verrouillée par un autre exécutant (transaction ouverte) est sautée (skip_locked)."""
    jeune = JeuneFactory(referent=conseiller_rennes, telephone="06 12 34 56 78")
    services.consentement_enregistrer(jeune=jeune, canal=Canal.SMS, accepte=True)
    ModeleMessage.objects.get_or_create(code=CodeModele.CONVOCATION, canal=Canal.SMS, defaults={"corps": "x"})
    message = Message.objects.create(
        jeune=jeune, canal=Canal.SMS, modele=CodeModele.CONVOCATION, objet_type="t", objet_id=1,
        destinataire="+33612345678", corps="Bonjour",
    )  # fmt: skip
    verrou_pris, liberer, resultat = threading.Event(), threading.Event(), {}

    def autre_executant():
        with transaction.atomic():
            Message.objects.select_for_update().get(pk=message.pk)
            verrou_pris.set()
            liberer.wait(10)
        connection.close()

    fil = threading.Thread(target=autre_executant)
    fil.start()
    verrou_pris.wait(10)
    try:
        resultat["reclame"] = services._reclamer(message.pk)
    finally:
        liberer.set()
        fil.join()
    assert resultat["reclame"] is None
    message.refresh_from_db()
    assert message.statut == StatutMessage.EN_ATTENTE
    assert fichier_sms() == []


def test_fournisseur_indisponible_reessaye_puis_echoue(jeune_consentant, monkeypatch, fichier_sms):
    def indisponible(message):
        raise canaux.EchecTemporaire("Brevo indisponible (503) : maintenance")

    monkeypatch.setattr(canaux, "envoyer_sms", indisponible)
    programmer(jeune_consentant)  # tâches exécutées dans le processus : trois essais
    sms = Message.objects.get(canal=Canal.SMS)
    assert sms.statut == StatutMessage.ECHEC
    assert sms.tentatives == services.TENTATIVES_MAX
    assert "503" in sms.raison


def test_annuler_les_messages_en_attente_d_un_objet(jeune_consentant):
    Message.objects.create(
        jeune=jeune_consentant, canal=Canal.SMS, modele=CodeModele.RAPPEL, objet_type="rendez-vous", objet_id=9,
        destinataire="+33612345678", corps="x",
    )  # fmt: skip
    assert services.messages_annuler(objet_type="rendez-vous", objet_id=9, raison="Annulé") == 1
    assert Message.objects.get().statut == StatutMessage.ECHEC


def test_modele_illisible_le_message_est_en_echec_sans_erreur(jeune_consentant, fichier_sms):
    ModeleMessage.objects.filter(code=CodeModele.CONVOCATION, canal=Canal.SMS).update(corps="Bonjour {% if %}")
    programmer(jeune_consentant)
    sms = Message.objects.get(canal=Canal.SMS)
    assert sms.statut == StatutMessage.ECHEC
    assert sms.raison.startswith("Modèle de message illisible")
    assert fichier_sms() == []


def test_dossier_archive_rien_n_est_programme(jeune_consentant):
    type(jeune_consentant).objects.filter(pk=jeune_consentant.pk).update(archive_le=datetime.date(2026, 1, 1))
    jeune_consentant.refresh_from_db()
    assert programmer(jeune_consentant) == []


# --- Statuts du fournisseur ------------------------------------------------------------------------------------


def _sms_envoye(jeune, identifiant="1511882900176220"):
    return Message.objects.create(
        jeune=jeune, canal=Canal.SMS, modele=CodeModele.CONVOCATION, objet_type="rendez-vous", objet_id=1,
        destinataire="+33612345678", corps="x", statut=StatutMessage.ENVOYE, identifiant_fournisseur=identifiant,
    )  # fmt: skip


def test_statut_distribue(jeune_consentant):
    message = _sms_envoye(jeune_consentant)
    services.message_statut_fournisseur(identifiant="1511882900176220", evenement="delivered")
    message.refresh_from_db()
    assert message.statut == StatutMessage.DISTRIBUE
    assert message.distribue_le is not None


def test_statut_echec_avec_la_raison(jeune_consentant):
    message = _sms_envoye(jeune_consentant)
    services.message_statut_fournisseur(identifiant="1511882900176220", evenement="hardBounce", description="X")
    message.refresh_from_db()
    assert message.statut == StatutMessage.ECHEC
    assert message.raison == "Non distribué : numéro invalide ou injoignable (X)"


def test_reponse_stop_enregistre_le_refus(jeune_consentant):
    _sms_envoye(jeune_consentant)
    services.message_statut_fournisseur(identifiant="1511882900176220", evenement="reply", reponse=" stop ")
    consentement = Consentement.objects.get(jeune=jeune_consentant, canal=Canal.SMS)
    assert not consentement.accepte
    assert consentement.origine == OrigineConsentement.STOP


# --- Aucune donnée sensible dans un SMS --------------------------------------------------------------------------

SENSIBLE = {
    "note": "Compte rendu : suivi psychiatrique",
    "compte_rendu": "Compte rendu : suivi psychiatrique",
    "sante": "RQTH, traitement en cours",
    "justice": "Sous main de justice (SPIP)",
    "montant": "350,00 €",
    "montant_accorde": "350,00 €",
    "motif": "Dettes de loyer",
    "nom": "NOM-DE-FAMILLE",
    "adresse": "12 rue secrète",
    "conseiller": "Nom du conseiller",
}


@pytest.mark.parametrize("code", CodeModele.values)
def test_chaque_sms_ne_laisse_passer_que_les_variables_permises(code):
    modele = ModeleMessage.objects.get(code=code, canal=Canal.SMS)
    texte = gabarits.rendre(modele.corps, canal=Canal.SMS, valeurs={**gabarits.EXEMPLE, **SENSIBLE})
    for valeur in SENSIBLE.values():
        assert valeur not in texte
    assert "Camille" in texte


@pytest.mark.parametrize("variable", ["note", "compte_rendu", "montant", "jeune.nom", "nom", "adresse"])
def test_un_sms_qui_nomme_une_autre_variable_est_refuse(variable):
    modele = ModeleMessage(code=CodeModele.RAPPEL, canal=Canal.SMS, corps=f"Bonjour {{{{ {variable} }}}}")
    with pytest.raises(ValidationError) as erreur:
        modele.full_clean()
    assert "non permise pour un sms" in erreur.value.message_dict["corps"][0]


@pytest.mark.parametrize(
    "corps",
    [
        "{% include 'base.html' %}",
        "{% if montant %}x{% endif %}",
        "{{ prenom|default:montant }}",
        "{{ prenom|add:montant }}",
        "{% load static %}",
    ],
)
def test_balises_et_filtres_detournes_refuses(corps):
    with pytest.raises(ValidationError):
        gabarits.verifier_modele(canal=Canal.SMS, sujet="", corps=corps)


def test_erreur_de_syntaxe_message_francais():
    with pytest.raises(ValidationError) as erreur:
        gabarits.verifier_modele(canal=Canal.COURRIEL, sujet="{{ prenom|inexistant }}", corps="ok")
    assert erreur.value.message_dict["sujet"][0].startswith("Le texte contient une erreur de syntaxe")


def test_decision_faj_sms_sans_montant():
    modele = ModeleMessage.objects.get(code=CodeModele.DECISION_FAJ, canal=Canal.SMS)
    texte = gabarits.rendre(modele.corps, canal=Canal.SMS, valeurs=gabarits.EXEMPLE)
    assert "une décision a été prise" in texte
    assert "€" not in texte
