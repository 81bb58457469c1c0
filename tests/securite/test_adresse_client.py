"""Adresse du client : `X-Forwarded-For` n'est cru que venant d'un mandataire de confiance (WEKER_PROXIES_DE_CONFIANCE).

Un en-tête forgé par le client ne doit jamais devenir l'adresse des journaux d'accès et de connexion, ni permettre
d'échapper au verrouillage par adresse (django-axes)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from securite.models import ConnexionJournal, EvenementConnexion, JournalAcces
from tests.accompagnement.factories import JeuneFactory
from weker.reseau import adresse_client

FORGEE = "203.0.113.66"


def _requete(rf, remote, transmise=None):
    extra = {"REMOTE_ADDR": remote}
    if transmise is not None:
        extra["HTTP_X_FORWARDED_FOR"] = transmise
    return rf.get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "transmise", "attendue"),
    [
        # Aucun mandataire déclaré (défaut) : l'en-tête est ignoré, quoi qu'il dise.
        ([], "198.51.100.7", FORGEE, "198.51.100.7"),
        ([], "198.51.100.7", f"{FORGEE}, 10.0.0.1", "198.51.100.7"),
        # Connexion directe d'un client alors qu'un mandataire est déclaré : l'en-tête n'est pas de lui.
        (["10.0.0.1"], "198.51.100.7", FORGEE, "198.51.100.7"),
        # Derrière le mandataire : il a ajouté à droite l'adresse du client ; la valeur forgée à gauche est ignorée.
        (["10.0.0.1"], "10.0.0.1", f"{FORGEE}, 198.51.100.7", "198.51.100.7"),
        (["10.0.0.1"], "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        # Deux mandataires de confiance en chaîne (réseau déclaré en CIDR).
        (["10.0.0.0/8"], "10.0.0.2", f"{FORGEE}, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # IPv6.
        (["::1"], "::1", "2001:db8::42", "2001:db8::42"),
        # En-tête illisible ou vide derrière le mandataire : on s'en tient à l'adresse sûre la plus proche.
        (["10.0.0.1"], "10.0.0.1", "pas-une-adresse", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", f"{FORGEE}, n'importe quoi", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_adresse_du_client(rf, settings, proxies, remote, transmise, attendue):
    settings.PROXIES_DE_CONFIANCE = proxies
    assert adresse_client(_requete(rf, remote, transmise)) == attendue


def test_sans_adresse_de_connexion_valide(rf, settings):
    settings.PROXIES_DE_CONFIANCE = []
    assert adresse_client(_requete(rf, "", FORGEE)) is None


def test_reglage_invalide_refuse(rf, settings):
    settings.PROXIES_DE_CONFIANCE = ["10.0.0.300"]
    with pytest.raises(ImproperlyConfigured, match="WEKER_PROXIES_DE_CONFIANCE"):
        adresse_client(_requete(rf, "10.0.0.1"))


@pytest.mark.django_db
def test_en_tete_forge_absent_du_journal_des_connexions(client, conseiller_rennes):
    client.post(
        reverse("connexion"),
        {"username": "alice", "password": "mauvais-mot-de-passe"},
        HTTP_X_FORWARDED_FOR=FORGEE,
    )
    ligne = ConnexionJournal.objects.get(evenement=EvenementConnexion.ECHEC)
    assert ligne.adresse_ip == "127.0.0.1"


@pytest.mark.django_db
def test_en_tete_forge_absent_du_journal_des_acces(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    client_de(conseiller_rennes).get(
        reverse("accompagnement:jeune_detail", args=[jeune.pk]), HTTP_X_FORWARDED_FOR=FORGEE
    )
    assert list(JournalAcces.objects.filter(jeune=jeune).values_list("adresse_ip", flat=True)) == ["127.0.0.1"]


@pytest.mark.django_db
def test_un_en_tete_change_a_chaque_essai_n_echappe_pas_au_verrouillage(client, conseiller_rennes):
    """Sans mandataire déclaré, changer d'adresse forgée à chaque essai ne remet pas le compteur de l'adresse à zéro."""
    for numero in range(5):
        client.post(
            reverse("connexion"),
            {"username": f"inconnu-{numero}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{numero}",
        )
    reponse = client.post(reverse("connexion"), {"username": "alice", "password": "mot-de-passe-de-test"})
    assert reponse.status_code == 429
    assert ConnexionJournal.objects.filter(evenement=EvenementConnexion.VERROUILLAGE, adresse_ip="127.0.0.1").exists()
