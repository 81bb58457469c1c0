"""Recherche d'un jeune depuis l'en-tête : champ présent pour qui peut ouvrir la liste des jeunes, suggestions htmx,
page de résultats sans JavaScript ; périmètre, base active et journal des accès par le portail."""

import datetime

import pytest
from django.urls import reverse

from accompagnement.models import Jeune
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory

pytestmark = pytest.mark.django_db

URL = reverse("accompagnement:recherche")
HTMX = {"HX-Request": "true"}
AUTORISES = ["accueil_rennes", "conseiller_rennes", "responsable_rennes", "direction", "secretariat_faj"]
REFUSES = ["membre_commission", "administrateur"]


def _lien(jeune):
    return reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})


@pytest.mark.parametrize("persona", AUTORISES)
def test_chaque_role_autorise_trouve_le_jeune(client_de, request, persona):
    jeune = JeuneFactory(nom="Kerbrat", prenom="Maëlys", date_naissance=datetime.date(2007, 4, 2))
    reponse = client_de(request.getfixturevalue(persona)).get(URL, {"q": "kerbrat"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "1 jeune trouvé" in contenu
    assert _lien(jeune) in contenu and "KERBRAT Maëlys" in contenu and "02/04/2007" in contenu


@pytest.mark.parametrize("persona", REFUSES)
def test_refusee_au_membre_de_commission_et_a_l_administrateur(client_de, request, persona):
    JeuneFactory(nom="Kerbrat")
    client = client_de(request.getfixturevalue(persona))
    assert client.get(URL, {"q": "kerbrat"}).status_code == 403
    assert client.get(URL, {"q": "kerbrat"}, headers=HTMX).status_code == 403
    assert JournalAcces.objects.count() == 0


def test_anonyme_renvoye_a_la_connexion(client):
    reponse = client.get(URL, {"q": "kerbrat"})
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion"))


def test_mauvaise_methode(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).post(URL, {"q": "kerbrat"}).status_code == 405


@pytest.mark.parametrize("saisie", ["ELOISE le goff", "éloïse", "LE GOFF", "le go"])
def test_sans_accents_ni_casse(client_de, conseiller_rennes, saisie):
    jeune = JeuneFactory(nom="Le Goff", prenom="Éloïse")
    JeuneFactory(nom="Gomez", prenom="Alexandre")
    contenu = client_de(conseiller_rennes).get(URL, {"q": saisie}).content.decode()
    assert _lien(jeune) in contenu and "GOMEZ" not in contenu


@pytest.mark.parametrize("saisie", ["02/04/2007", "2/4/2007", "02-04-2007", "2007-04-02", "martin 02/04/2007"])
def test_par_date_de_naissance(client_de, conseiller_rennes, saisie):
    jeune = JeuneFactory(nom="Martin", prenom="Lou", date_naissance=datetime.date(2007, 4, 2))
    autre = JeuneFactory(nom="Martin", prenom="Noé", date_naissance=datetime.date(2007, 4, 3))
    contenu = client_de(conseiller_rennes).get(URL, {"q": saisie}).content.decode()
    assert _lien(jeune) in contenu and _lien(autre) not in contenu


def test_date_qui_n_existe_pas_ne_trouve_personne(client_de, conseiller_rennes):
    JeuneFactory(nom="Martin", date_naissance=datetime.date(2007, 2, 28))
    reponse = client_de(conseiller_rennes).get(URL, {"q": "31/02/2007"})
    assert reponse.status_code == 200
    assert "Aucun jeune de votre périmètre ne correspond à cette recherche." in reponse.content.decode()


@pytest.mark.parametrize("saisie", ["ml35-000123", "ML35-000123", "1234567a"])
def test_par_identifiant(client_de, conseiller_rennes, saisie):
    ancien = JeuneFactory(nom="Ancien", identifiant_externe="ML35-000123")
    suivi = JeuneFactory(nom="Suivi", france_travail_identifiant="1234567A")
    contenu = client_de(conseiller_rennes).get(URL, {"q": saisie}).content.decode()
    attendu, exclu = (suivi, ancien) if saisie == "1234567a" else (ancien, suivi)
    assert _lien(attendu) in contenu and _lien(exclu) not in contenu


def test_hors_perimetre_archive_et_anonymise_absents(client_de, conseiller_rennes, direction):
    dans_le_perimetre = JeuneFactory(nom="Kerbrat", prenom="Rennes")
    autre_antenne = JeuneFactory(nom="Kerbrat", prenom="Montfort", broceliande=True)
    archive = JeuneFactory(nom="Kerbrat", prenom="Archive", archive=True)
    anonymise = JeuneFactory(nom="Kerbrat", prenom="Anonyme", anonymise=True)
    contenu = client_de(conseiller_rennes).get(URL, {"q": "kerbrat"}).content.decode()
    assert _lien(dans_le_perimetre) in contenu
    assert _lien(autre_antenne) not in contenu and _lien(archive) not in contenu and _lien(anonymise) not in contenu
    # La direction pilote toute l'agence : l'autre antenne, oui ; la base active seulement.
    contenu = client_de(direction).get(URL, {"q": "kerbrat"}).content.decode()
    assert _lien(autre_antenne) in contenu and _lien(archive) not in contenu


def test_une_ligne_de_journal_par_jeune_montre(client_de, conseiller_rennes):
    montres = [JeuneFactory(nom="Kerbrat"), JeuneFactory(nom="Kerbrat")]
    JeuneFactory(nom="Kerbrat", broceliande=True)
    JeuneFactory(nom="Martin")
    client_de(conseiller_rennes).get(URL, {"q": "kerbrat"}, headers=HTMX)
    lignes = JournalAcces.objects.filter(utilisateur=conseiller_rennes)
    assert sorted(lignes.values_list("jeune_id", flat=True)) == sorted(j.pk for j in montres)
    assert set(lignes.values_list("objet", flat=True)) == {"recherche d'un jeune"}


def test_fragment_htmx_limite_a_dix_avec_lien_vers_tous_les_resultats(client_de, conseiller_rennes):
    jeunes = JeuneFactory.create_batch(12, nom="Kerbrat")
    reponse = client_de(conseiller_rennes).get(URL, {"q": "kerbrat"}, headers=HTMX)
    contenu = reponse.content.decode()
    assert "<h1" not in contenu and "<html" not in contenu
    assert sum(f'href="{_lien(jeune)}"' in contenu for jeune in jeunes) == 10
    assert "Voir tous les résultats" in contenu and f"{URL}?q=kerbrat" in contenu
    assert JournalAcces.objects.count() == 10
    page = client_de(conseiller_rennes).get(URL, {"q": "kerbrat"}).content.decode()
    assert "<h1" in page and "12 jeunes trouvés" in page


def test_page_complete_sans_saisie_puis_saisie_trop_courte(client_de, conseiller_rennes):
    JeuneFactory(nom="Kerbrat")
    client = client_de(conseiller_rennes)
    contenu = client.get(URL).content.decode()
    assert "Rechercher un jeune" in contenu and "Saisissez" not in contenu
    for saisie, message in [("k", "Saisissez au moins 2 caractères."), ("", "Saisissez un nom, un prénom")]:
        reponse = client.get(URL, {"q": saisie})
        assert reponse.status_code == 200 and message in reponse.content.decode()
        assert message in client.get(URL, {"q": saisie}, headers=HTMX).content.decode()
    assert "Saisissez au plus 100 caractères." in client.get(URL, {"q": "k" * 101}).content.decode()
    assert JournalAcces.objects.count() == 0


def test_fragment_sans_resultat(client_de, conseiller_rennes):
    contenu = client_de(conseiller_rennes).get(URL, {"q": "personne"}, headers=HTMX).content.decode()
    assert "Aucun jeune ne correspond à cette recherche." in contenu


@pytest.mark.parametrize("persona", AUTORISES)
def test_champ_de_l_entete_pour_les_roles_autorises(client_de, request, persona):
    contenu = client_de(request.getfixturevalue(persona)).get(reverse("accueil"), follow=True).content.decode()
    assert 'id="recherche-entete"' in contenu and f'hx-get="{URL}"' in contenu and 'role="search"' in contenu


@pytest.mark.parametrize("persona", REFUSES)
def test_pas_de_champ_dans_l_entete_pour_les_autres(client_de, request, persona):
    contenu = client_de(request.getfixturevalue(persona)).get(reverse("accueil"), follow=True).content.decode()
    assert "Se déconnecter" in contenu  # l'en-tête est bien là
    assert 'id="recherche-entete"' not in contenu


def test_pas_de_champ_pour_l_anonyme(client):
    contenu = client.get(reverse("connexion")).content.decode()
    assert 'id="recherche-entete"' not in contenu


def test_recherche_du_modele_par_identifiant_ne_confond_pas_les_noms():
    jeune = JeuneFactory(nom="Durand", identifiant_externe="A1")
    assert list(Jeune.objects.recherche("a1")) == [jeune]
    assert list(Jeune.objects.recherche("durand a2")) == []
