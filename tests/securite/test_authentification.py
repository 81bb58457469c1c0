import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse

from comptes.enums import Role
from securite.models import ConnexionJournal, EvenementConnexion
from securite.services import utilisateur_desactiver
from tests.securite.conftest import code_totp
from tests.weker.factories import UtilisateurFactory

MOT_DE_PASSE = "mot-de-passe-de-test"


def connecter(client, username, mot_de_passe=MOT_DE_PASSE, **extra):
    return client.post(reverse("connexion"), {"username": username, "password": mot_de_passe}, **extra)


@pytest.mark.django_db
def test_connexion_renouvelle_la_session_et_journalise(client, conseiller_rennes, caplog):
    client.get(reverse("connexion"))
    client.cookies["sessionid"] = "cle-imposee-par-un-attaquant"
    reponse = connecter(client, "alice")
    assert reponse.status_code == 302
    nouvelle = client.cookies["sessionid"].value
    assert nouvelle != "cle-imposee-par-un-attaquant"
    assert Session.objects.get(session_key=nouvelle).get_decoded()[SESSION_KEY] == str(conseiller_rennes.pk)
    ligne = ConnexionJournal.objects.get(evenement=EvenementConnexion.CONNEXION)
    assert ligne.utilisateur == conseiller_rennes and ligne.identifiant == "alice"
    assert "connexion identifiant=alice" in caplog.text
    assert MOT_DE_PASSE not in caplog.text


@pytest.mark.django_db
def test_echec_et_deconnexion_journalises_sans_secret(client, conseiller_rennes, caplog):
    connecter(client, "alice", "mauvais-mot-de-passe-123")
    echec = ConnexionJournal.objects.get(evenement=EvenementConnexion.ECHEC)
    assert echec.identifiant == "alice" and echec.adresse_ip == "127.0.0.1"
    assert "mauvais-mot-de-passe-123" not in caplog.text
    assert "mauvais-mot-de-passe-123" not in (echec.detail + echec.identifiant)
    connecter(client, "alice")
    client.post(reverse("deconnexion"))
    assert ConnexionJournal.objects.filter(
        evenement=EvenementConnexion.DECONNEXION, utilisateur=conseiller_rennes
    ).exists()


@pytest.mark.django_db
def test_force_brute_verrouille_le_compte_puis_administrateur_deverrouille(client, conseiller_rennes, administrateur):
    for _ in range(5):
        connecter(client, "alice", "essai-au-hasard-0000")
    reponse = connecter(client, "alice")  # bon mot de passe, mais verrouillé
    assert reponse.status_code == 429
    assert "Compte temporairement verrouillé" in reponse.content.decode()
    assert ConnexionJournal.objects.filter(evenement=EvenementConnexion.VERROUILLAGE, identifiant="alice").exists()

    admin_client = client.__class__()
    admin_client.force_login(administrateur)
    page = admin_client.get(reverse("securite:verrouillages"))
    assert "Verrouillé" in page.content.decode() and "alice" in page.content.decode()
    reponse = admin_client.post(reverse("securite:verrouillages"), {"identifiant": "alice", "adresse_ip": "127.0.0.1"})
    assert reponse.status_code == 302
    assert ConnexionJournal.objects.filter(evenement=EvenementConnexion.DEVERROUILLAGE, identifiant="alice").exists()
    client.cookies.clear()
    assert connecter(client, "alice").status_code == 302


@pytest.mark.django_db
def test_deverrouillage_reserve_aux_administrateurs(client_de, direction):
    assert client_de(direction).get(reverse("securite:verrouillages")).status_code == 403


@pytest.mark.django_db
def test_desactivation_ferme_toutes_les_sessions(client, conseiller_rennes, administrateur):
    autre = client.__class__()
    connecter(client, "alice")
    connecter(autre, "alice")
    assert client.get(reverse("accueil")).status_code == 200
    temoin = client.__class__()
    temoin.force_login(administrateur)

    utilisateur_desactiver(utilisateur=conseiller_rennes, par=administrateur)

    for navigateur in (client, autre):
        reponse = navigateur.get(reverse("accueil"))
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion"))
    assert not [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(conseiller_rennes.pk)]
    assert temoin.get(reverse("accueil")).status_code == 200
    assert ConnexionJournal.objects.get(evenement=EvenementConnexion.DESACTIVATION).detail == "2 session(s) fermée(s)."


@pytest.mark.django_db
def test_desactivation_dans_l_administration_ferme_aussi_les_sessions(client, conseiller_rennes, administrateur):
    # Plus de signal sur l'enregistrement du compte : l'administration passe par le service utilisateur_desactiver.
    connecter(client, "alice")
    gestion = client.__class__()
    gestion.force_login(administrateur)
    reponse = gestion.post(
        reverse("admin:weker_utilisateur_change", args=[conseiller_rennes.pk]),
        {"username": "alice", "role": Role.CONSEILLER, "antenne": conseiller_rennes.antenne_id},
    )
    assert reponse.status_code == 302
    conseiller_rennes.refresh_from_db()
    assert not conseiller_rennes.is_active
    assert client.get(reverse("accueil")).status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(conseiller_rennes.pk)]
    assert gestion.get(reverse("accueil")).status_code == 200
    assert ConnexionJournal.objects.get(evenement=EvenementConnexion.DESACTIVATION).detail == "1 session(s) fermée(s)."


@pytest.mark.django_db
def test_l_administration_ne_desactive_pas_son_propre_compte(administrateur):
    from django.contrib import admin
    from django.test import RequestFactory

    from comptes.models import Utilisateur

    requete = RequestFactory().get("/")
    requete.user = administrateur
    modele_admin = admin.site.get_model_admin(Utilisateur)
    assert "is_active" in modele_admin.get_readonly_fields(requete, administrateur)
    assert "is_active" not in modele_admin.get_readonly_fields(requete, UtilisateurFactory(username="autre"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ADMINISTRATEUR, Role.SECRETARIAT_FAJ])
def test_roles_sensibles_doivent_activer_le_second_facteur(client, otp_obligatoire, role):
    user = UtilisateurFactory(username=f"u-{role}", role=role)
    connecter(client, user.username)
    reponse = client.get(reverse("accueil"))
    assert reponse.status_code == 302
    assert reponse.url.startswith(reverse("securite:otp_enrolement"))
    # Aucune autre page accessible
    assert client.get(reverse("securite:journal")).url.startswith(reverse("securite:otp_enrolement"))
    page = client.get(reverse("securite:otp_enrolement"))
    contenu = page.content.decode()
    assert "<svg" in contenu and "<script" not in contenu.split("</head>")[1]
    svg = contenu[contenu.index("<svg") : contenu.index("</svg>")]
    assert "style=" not in svg
    appareil = user.totpdevice_set.get(confirmed=False)
    reponse = client.post(
        reverse("securite:otp_enrolement"), {"code": "000000" if code_totp(appareil) != "000000" else "111111"}
    )
    assert "Code incorrect" in reponse.content.decode()
    appareil.refresh_from_db()
    assert appareil.throttling_failure_count == 1  # le compteur d'essais de django-otp n'est pas annulé
    appareil.throttle_reset()  # sinon le bon code serait refusé pendant une seconde
    reponse = client.post(reverse("securite:otp_enrolement"), {"code": code_totp(appareil), "next": "/"})
    assert reponse.status_code == 302
    assert client.get(reverse("accueil")).status_code == 200
    assert ConnexionJournal.objects.filter(evenement=EvenementConnexion.OTP_ENROLEMENT, utilisateur=user).exists()


@pytest.mark.django_db
def test_direction_ne_peut_pas_entrer_sans_code_totp(client, otp_obligatoire, direction, appareil_de):
    appareil = appareil_de(direction)
    connecter(client, "edith")
    reponse = client.get(reverse("securite:journal"))
    assert reponse.url == reverse("securite:otp_verification") + "?next=%2Fsecurite%2Fjournal%2F"
    reponse = client.post(reverse("securite:otp_verification"), {"code": "12345a"})
    assert "Le code ne contient que des chiffres." in reponse.content.decode()
    avant = client.cookies["sessionid"].value
    reponse = client.post(
        reverse("securite:otp_verification"), {"code": code_totp(appareil), "next": reverse("securite:journal")}
    )
    assert reponse.status_code == 302 and reponse.url == reverse("securite:journal")
    assert client.cookies["sessionid"].value != avant
    assert client.get(reverse("securite:journal")).status_code == 200


@pytest.mark.django_db
def test_mauvais_code_totp_refuse_et_journalise(client, otp_obligatoire, direction, appareil_de):
    appareil = appareil_de(direction)
    connecter(client, "edith")
    faux = "000000" if code_totp(appareil) != "000000" else "111111"
    reponse = client.post(reverse("securite:otp_verification"), {"code": faux})
    assert "Code incorrect ou expiré." in reponse.content.decode()
    assert ConnexionJournal.objects.filter(evenement=EvenementConnexion.OTP_ECHEC).count() == 1
    assert client.get(reverse("accueil")).status_code == 302


@pytest.mark.django_db
def test_second_facteur_facultatif_pour_un_conseiller_mais_exige_une_fois_active(
    client, otp_obligatoire, conseiller_rennes, appareil_de
):
    connecter(client, "alice")
    assert client.get(reverse("accueil")).status_code == 200
    client.post(reverse("deconnexion"))
    appareil_de(conseiller_rennes)
    connecter(client, "alice")
    assert client.get(reverse("accueil")).url.startswith(reverse("securite:otp_verification"))


@pytest.mark.django_db
def test_deconnexion_reste_possible_avant_le_second_facteur(client, otp_obligatoire, direction):
    connecter(client, "edith")
    assert client.post(reverse("deconnexion")).status_code == 302
    assert client.get(reverse("accueil")).url.startswith(reverse("connexion"))


@pytest.mark.django_db
def test_verification_refuse_la_methode_delete(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).delete(reverse("securite:otp_verification")).status_code == 405


@pytest.mark.django_db
def test_journal_des_connexions_recherche_par_identifiant(client, client_de, conseiller_rennes, administrateur):
    connecter(client, "alice", "mauvais-mot-de-passe-123")
    connecter(client, "alice")
    connecter(client.__class__(), "inconnu", "mauvais-mot-de-passe-456")
    admin = client.__class__()
    admin.force_login(administrateur)
    reponse = admin.get(reverse("securite:connexions"), {"identifiant": "alice", "evenement": "echec"})
    contenu = reponse.content.decode()
    assert "1 événement trouvé." in contenu and "Échec de connexion" in contenu
    assert "inconnu" not in contenu and "mauvais-mot-de-passe" not in contenu
    partiel = admin.get(reverse("securite:connexions"), headers={"HX-Request": "true"})
    assert "<h1" not in partiel.content.decode() and "inconnu" in partiel.content.decode()
    assert "Journal des connexions" in admin.get(reverse("accueil")).content.decode()
    assert admin.post(reverse("securite:connexions")).status_code == 405


@pytest.mark.django_db
def test_journal_des_connexions_nombre_de_requetes_constant(client_de, direction):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_de(direction)
    for i in range(2):
        ConnexionJournal.objects.create(
            evenement=EvenementConnexion.CONNEXION, identifiant=f"u{i}", utilisateur=direction
        )
    with CaptureQueriesContext(connection) as peu:
        client.get(reverse("securite:connexions"))
    for i in range(20):
        ConnexionJournal.objects.create(
            evenement=EvenementConnexion.ECHEC, identifiant=f"v{i}", utilisateur=UtilisateurFactory()
        )
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(reverse("securite:connexions"))
    assert len(beaucoup) == len(peu)
