"""Pages d'erreur en français, sans base de données ; entrées malformées (octet nul) refusées en 400, jamais en 500."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from weker import erreurs


@pytest.fixture
def client_sans_exception(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_404_en_francais(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    contenu = reponse.content.decode()
    assert "Page introuvable" in contenu and 'lang="fr"' in contenu
    assert "Not Found" not in contenu


@pytest.mark.django_db
def test_403_en_francais(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(reverse("securite:journal"))
    assert reponse.status_code == 403
    assert "Accès refusé" in reponse.content.decode()
    assert "Forbidden" not in reponse.content.decode()


@pytest.mark.django_db
def test_500_en_francais(client_sans_exception, conseiller_rennes, monkeypatch):
    def panne(utilisateur):
        raise RuntimeError("panne imprévue")

    monkeypatch.setattr("weker.views.entrees_pour", panne)
    client_sans_exception.force_login(conseiller_rennes)
    reponse = client_sans_exception.get(reverse("accueil"))
    assert reponse.status_code == 500
    contenu = reponse.content.decode()
    assert "Erreur du serveur" in contenu and "rien n&#x27;a été enregistré" in contenu
    assert "Server Error" not in contenu and "panne imprévue" not in contenu


@pytest.mark.django_db
def test_base_injoignable_503_en_francais(client_sans_exception, conseiller_rennes, monkeypatch):
    def base_injoignable(utilisateur):
        raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')

    monkeypatch.setattr("weker.views.entrees_pour", base_injoignable)
    client_sans_exception.force_login(conseiller_rennes)
    reponse = client_sans_exception.get(reverse("accueil"))
    assert reponse.status_code == 503
    contenu = reponse.content.decode()
    assert "Service momentanément indisponible" in contenu
    assert "port 1" not in contenu  # aucun détail technique montré


@pytest.mark.parametrize("statut", [400, 403, 404, 500, 503])
def test_pages_d_erreur_sans_base_de_donnees(statut):
    """Rendues sans requête ni utilisateur : elles s'affichent même quand la base est injoignable (sans marque
    django_db, tout accès à la base ferait échouer ce test)."""
    reponse = erreurs.reponse_erreur(statut)
    assert reponse.status_code == statut
    assert erreurs.PAGES[statut][0] in reponse.content.decode()


@pytest.mark.django_db
def test_formulaire_sans_jeton_csrf_en_francais(conseiller_rennes):
    client = Client(enforce_csrf_checks=True)
    reponse = client.post(reverse("connexion"), {"username": "alice", "password": "x"})
    assert reponse.status_code == 403
    assert "Formulaire expiré" in reponse.content.decode()


# --- Octet nul et paramètres malformés ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parametres",
    [{"q": "Dup\x00ont"}, {"page": "\x00"}, {"nom\x00": "x"}],
    ids=["valeur", "numéro de page", "nom de paramètre"],
)
def test_octet_nul_dans_l_adresse_400(client_de, conseiller_rennes, parametres):
    reponse = client_de(conseiller_rennes).get(reverse("accompagnement:jeune_liste"), parametres)
    assert reponse.status_code == 400
    assert "Requête invalide" in reponse.content.decode()


@pytest.mark.django_db
def test_octet_nul_dans_le_chemin_400(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get("/jeunes/%00/")
    assert reponse.status_code == 400


@pytest.mark.django_db
def test_octet_nul_dans_un_formulaire_400_et_rien_n_est_enregistre(client_de, accueil_rennes):
    from accompagnement.models import Jeune

    reponse = client_de(accueil_rennes).post(
        reverse("accompagnement:jeune_creer"), {"nom": "Le\x00Goff", "prenom": "Éloïse", "sexe": "f"}
    )
    assert reponse.status_code == 400
    assert "Requête invalide" in reponse.content.decode()
    assert not Jeune.objects.exists()


def test_octet_nul_avant_la_connexion_400(client):
    reponse = client.get(reverse("connexion"), {"next": "/\x00"})
    assert reponse.status_code == 400
