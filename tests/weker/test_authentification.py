"""Connexion, déconnexion, changement de mot de passe, durée de session et absence de cache."""

import time

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.weker.factories import UtilisateurFactory
from weker.middleware import CLE_DEBUT_SESSION

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "mot-de-passe-de-test"


def test_page_de_connexion_en_francais(client):
    reponse = client.get(reverse("connexion"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert '<html lang="fr">' in contenu
    assert "<h1" in contenu and "Connexion à weker" in contenu
    assert '<label class="form-label" for="id_username">Identifiant</label>' in contenu
    assert '<label class="form-label" for="id_password">Mot de passe</label>' in contenu
    assert "Se connecter" in contenu


def test_connexion_reussie_mene_a_l_accueil(client, conseiller_rennes):
    reponse = client.post(reverse("connexion"), {"username": "alice", "password": MOT_DE_PASSE}, follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("accueil")
    assert reponse.context["user"] == conseiller_rennes
    assert "Bonjour" in reponse.content.decode()


def test_connexion_respecte_next(client, conseiller_rennes):
    cible = reverse("mot_de_passe")
    reponse = client.post(reverse("connexion"), {"username": "alice", "password": MOT_DE_PASSE, "next": cible})
    assert reponse.status_code == 302
    assert reponse["Location"] == cible


def test_mauvais_mot_de_passe_message_en_francais(client, conseiller_rennes):
    reponse = client.post(reverse("connexion"), {"username": "alice", "password": "pas-le-bon"})
    assert reponse.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in reponse.content.decode()
    assert not reponse.wsgi_request.user.is_authenticated
    # L'identifiant saisi est conservé, jamais le mot de passe.
    assert 'value="alice"' in reponse.content.decode()
    assert "pas-le-bon" not in reponse.content.decode()


def test_compte_inactif_refuse(client):
    UtilisateurFactory(username="parti", is_active=False)
    reponse = client.post(reverse("connexion"), {"username": "parti", "password": MOT_DE_PASSE})
    assert "Identifiant ou mot de passe incorrect" in reponse.content.decode()


def test_verrouillage_apres_echecs_repetes(client, conseiller_rennes):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("connexion"), {"username": "alice", "password": "pas-le-bon"})
    # Même avec le bon mot de passe, le compte est verrouillé.
    reponse = client.post(reverse("connexion"), {"username": "alice", "password": MOT_DE_PASSE})
    assert reponse.status_code == 429
    assert "Compte temporairement verrouillé" in reponse.content.decode()
    assert not reponse.wsgi_request.user.is_authenticated


def test_utilisateur_connecte_redirige_depuis_la_page_de_connexion(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(reverse("connexion"))
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accueil")


def test_deconnexion_par_post(client_de, conseiller_rennes):
    client = client_de(conseiller_rennes)
    reponse = client.post(reverse("deconnexion"))
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("connexion")
    # La session est close : l'accueil renvoie vers la connexion.
    assert client.get(reverse("accueil"))["Location"].startswith(reverse("connexion"))


def test_deconnexion_refuse_get(client_de, conseiller_rennes):
    client = client_de(conseiller_rennes)
    assert client.get(reverse("deconnexion")).status_code == 405
    assert client.get(reverse("accueil")).status_code == 200  # toujours connecté


def test_bouton_de_deconnexion_est_un_formulaire_post(client_de, conseiller_rennes):
    contenu = client_de(conseiller_rennes).get(reverse("accueil")).content.decode()
    assert f'<form method="post" action="{reverse("deconnexion")}">' in contenu
    assert "Se déconnecter" in contenu


class TestChangementDeMotDePasse:
    def _poster(self, client, nouveau, ancien=MOT_DE_PASSE):
        return client.post(
            reverse("mot_de_passe"), {"old_password": ancien, "new_password1": nouveau, "new_password2": nouveau}
        )

    def test_page_en_francais(self, client_de, conseiller_rennes):
        contenu = client_de(conseiller_rennes).get(reverse("mot_de_passe")).content.decode()
        assert "Changer de mot de passe" in contenu
        assert "Ancien mot de passe" in contenu
        assert "Au moins 12 caractères" in contenu

    def test_moins_de_12_caracteres_refuse(self, client_de, conseiller_rennes):
        reponse = self._poster(client_de(conseiller_rennes), "Kx7#pqZ2w9")
        assert reponse.status_code == 200
        assert "au minimum 12 caractères" in reponse.content.decode()
        conseiller_rennes.refresh_from_db()
        assert conseiller_rennes.check_password(MOT_DE_PASSE)

    def test_mot_de_passe_courant_refuse(self, client_de, conseiller_rennes):
        reponse = self._poster(client_de(conseiller_rennes), "password1234")
        assert "Ce mot de passe est trop courant" in reponse.content.decode()
        conseiller_rennes.refresh_from_db()
        assert conseiller_rennes.check_password(MOT_DE_PASSE)

    def test_ancien_mot_de_passe_faux_refuse(self, client_de, conseiller_rennes):
        reponse = self._poster(client_de(conseiller_rennes), "une phrase de passe solide", ancien="faux")
        assert "ancien mot de passe est incorrect" in reponse.content.decode()

    def test_changement_reussi_garde_la_session(self, client_de, conseiller_rennes):
        client = client_de(conseiller_rennes)
        reponse = self._poster(client, "une phrase de passe solide")
        assert reponse.status_code == 302
        assert reponse["Location"] == reverse("mot_de_passe_modifie")
        conseiller_rennes.refresh_from_db()
        assert conseiller_rennes.check_password("une phrase de passe solide")
        suite = client.get(reponse["Location"])
        assert suite.status_code == 200
        assert "Votre nouveau mot de passe est enregistré" in suite.content.decode()


class TestDureeDeSession:
    def test_duree_absolue_de_10_heures(self, client, conseiller_rennes):
        client.post(reverse("connexion"), {"username": "alice", "password": MOT_DE_PASSE})
        debut = client.session[CLE_DEBUT_SESSION]
        assert abs(debut - time.time()) < 60
        session = client.session
        # Juste avant 10 heures (activité régulière entre-temps) : encore connecté.
        session[CLE_DEBUT_SESSION] = time.time() - settings.SESSION_DUREE_ABSOLUE + 60
        session.save()
        assert client.get(reverse("accueil")).status_code == 200
        # Au-delà de 10 heures : déconnecté, quelle que soit l'activité.
        session = client.session
        session[CLE_DEBUT_SESSION] = time.time() - settings.SESSION_DUREE_ABSOLUE - 1
        session.save()
        reponse = client.get(reverse("accueil"))
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("connexion"))
        assert not client.get(reverse("mot_de_passe")).wsgi_request.user.is_authenticated

    def test_expiration_apres_30_minutes_d_inactivite(self, client, conseiller_rennes):
        with time_machine.travel("2026-11-23 09:00 +01:00", tick=False) as voyage:
            client.post(reverse("connexion"), {"username": "alice", "password": MOT_DE_PASSE})
            voyage.shift(25 * 60)
            assert client.get(reverse("accueil")).status_code == 200  # l'activité prolonge la session
            voyage.shift(25 * 60)
            assert client.get(reverse("accueil")).status_code == 200
            voyage.shift(31 * 60)
            assert client.get(reverse("accueil")).status_code == 302

    def test_parametres_de_session(self):
        assert settings.SESSION_DUREE_ABSOLUE == 10 * 3600
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST is False  # expiration repoussée par weker.middleware
        assert settings.SESSION_RAFRAICHISSEMENT == 60
        assert settings.SESSION_COOKIE_HTTPONLY is True


def test_pages_connectees_jamais_en_cache(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(reverse("accueil"))
    assert "no-store" in reponse["Cache-Control"]
    assert "private" in reponse["Cache-Control"]


def test_mot_de_passe_hache_avec_argon2_en_production():
    from weker.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_les_permissions_viennent_des_seules_regles_du_role(conseiller_rennes, django_assert_num_queries):
    """Une permission Django attribuée à la main (administration) n'ouvre rien : seules les règles comptent, et
    vérifier une permission refusée ne coûte aucune requête."""
    from django.contrib.auth.models import Permission

    conseiller_rennes.user_permissions.add(Permission.objects.get(codename="view_utilisateur"))
    user = type(conseiller_rennes).objects.get(pk=conseiller_rennes.pk)
    with django_assert_num_queries(0):
        assert not user.has_perm("weker.view_utilisateur")
        assert not user.has_perm("weker.voir_administration")
        assert user.has_perm("accompagnement.voir_portefeuille")
