"""Vues des mises en relation et des immersions : parcours, refus, journal des accès, nombre de requêtes."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accompagnement.models import Situation
from entreprises.models import Immersion, MiseEnRelation
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory
from tests.entreprises.factories_jeunes import EntrepriseFactory, ImmersionFactory, MiseEnRelationFactory, OffreFactory
from tests.securite.outils import acces_journalise

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def jeune(conseiller_rennes):
    return JeuneFactory(nom="Lefloch", prenom="Maëlys", referent=conseiller_rennes)


def test_proposer_depuis_le_dossier_sur_une_offre(client_de, conseiller_rennes, jeune):
    offre = OffreFactory(entreprise=EntrepriseFactory(raison_sociale="Fournil de la Vilaine"), intitule="Vendeuse")
    client = client_de(conseiller_rennes)
    url = reverse("entreprises:mise_en_relation_creer", args=[jeune.pk])
    page = client.get(url, {"q": "vilaine"}).content.decode()
    assert "Fournil de la Vilaine" in page and f'value="offre-{offre.pk}"' in page
    fragment = client.get(url, {"q": "vilaine"}, headers=HTMX).content.decode()
    assert fragment.startswith('<div id="resultats">') and "Vendeuse" in fragment
    with acces_journalise(jeune=jeune, utilisateur=conseiller_rennes, action="modification"):
        reponse = client.post(url, {"cible": f"offre-{offre.pk}", "date": "2026-02-02"})
    assert reponse.status_code == 302 and reponse.url.endswith("#entreprises")
    mise = MiseEnRelation.objects.get()
    assert (mise.jeune, mise.offre, mise.entreprise, mise.date) == (
        jeune,
        offre,
        offre.entreprise,
        datetime.date(2026, 2, 2),
    )
    dossier = client.get(reverse("accompagnement:jeune_detail", args=[jeune.pk])).content.decode()
    assert "Fournil de la Vilaine" in dossier and "Vendeuse" in dossier and "En cours" in dossier


def test_proposer_cible_invalide_message_clair(client_de, conseiller_rennes, jeune):
    url = reverse("entreprises:mise_en_relation_creer", args=[jeune.pk])
    for cible in ("offre-999999", "nimporte", "entreprise-abc", "offre-" + "9" * 40):
        reponse = client_de(conseiller_rennes).post(url, {"cible": cible, "date": "2026-02-02"})
        assert reponse.status_code == 200
        texte = reponse.content.decode()
        assert "Choisissez une entreprise" in texte or "Cette offre n&#x27;existe pas" in texte
    assert not MiseEnRelation.objects.exists()


def test_proposer_refuse_a_une_autre_antenne_et_a_l_accueil(client_de, conseiller_broceliande, accueil_rennes, jeune):
    url = reverse("entreprises:mise_en_relation_creer", args=[jeune.pk])
    entreprise = EntrepriseFactory()
    assert (
        client_de(conseiller_broceliande)
        .post(url, {"cible": f"entreprise-{entreprise.pk}", "date": "2026-02-02"})
        .status_code
        == 403
    )
    assert client_de(accueil_rennes).get(url).status_code == 403
    assert not MiseEnRelation.objects.exists()


def test_conseiller_relations_entreprises_de_l_accueil(client_de, accueil_rennes, jeune):
    accueil_rennes.relations_entreprises = True
    accueil_rennes.save()
    entreprise = EntrepriseFactory()
    reponse = client_de(accueil_rennes).post(
        reverse("entreprises:mise_en_relation_creer", args=[jeune.pk]),
        {"cible": f"entreprise-{entreprise.pk}", "date": "2026-02-02"},
    )
    assert reponse.status_code == 302 and MiseEnRelation.objects.get().entreprise == entreprise


def test_resultat_recrute_cree_la_situation(client_de, conseiller_rennes, jeune):
    offre = OffreFactory(type_contrat="cdi")
    mise = MiseEnRelationFactory(jeune=jeune, entreprise=offre.entreprise, offre=offre)
    client = client_de(conseiller_rennes)
    url = reverse("entreprises:mise_en_relation_resultat", args=[mise.pk])
    assert "Type de contrat" not in client.get(url).content.decode()  # sur une offre : le contrat de l'offre
    for _ in range(2):  # double envoi
        reponse = client.post(url, {"resultat": "recrute", "date_embauche": "2026-03-01"})
        assert reponse.status_code == 302
    assert Situation.objects.get(jeune=jeune).type == "cdi"
    offre.refresh_from_db()
    assert offre.statut == "pourvue"


def test_resultat_invalide_rien_ne_change(client_de, conseiller_rennes, jeune):
    mise = MiseEnRelationFactory(jeune=jeune)
    client = client_de(conseiller_rennes)
    url = reverse("entreprises:mise_en_relation_resultat", args=[mise.pk])
    reponse = client.post(url, {"resultat": "recrute", "date_embauche": "2026-03-01"})  # sans type de contrat
    assert reponse.status_code == 200 and "Indiquez le type de contrat" in reponse.content.decode()
    assert client.post(url, {"resultat": "inconnu"}).status_code == 200
    mise.refresh_from_db()
    assert mise.resultat == "proposee" and not Situation.objects.exists()
    assert (
        client_de(conseiller_rennes).get(reverse("entreprises:mise_en_relation_resultat", args=[999999])).status_code
        == 404
    )


def test_offre_proposer_ne_montre_que_son_perimetre(client_de, conseiller_broceliande, conseiller_rennes, jeune):
    offre = OffreFactory()
    MiseEnRelationFactory(jeune=jeune, entreprise=offre.entreprise, offre=offre)
    url = reverse("entreprises:offre_proposer", args=[offre.pk])
    autre = client_de(conseiller_broceliande)
    assert "maëlys" not in autre.get(url).content.decode().lower()
    assert "maëlys" not in autre.get(url, {"q": "lefloch"}).content.decode().lower()
    # Le jeune de Rennes ne peut pas être proposé par une autre antenne, même en forgeant la requête.
    assert autre.post(url, {"jeune": jeune.pk, "date": "2026-02-03"}).status_code == 403
    client = client_de(conseiller_rennes)
    with acces_journalise(jeune=jeune, utilisateur=conseiller_rennes, nombre=2):
        page = client.get(url, {"q": "lefloch"}).content.decode()
    assert page.lower().count("maëlys") >= 2


def test_offre_proposer_cree_la_mise_en_relation(client_de, conseiller_rennes, jeune):
    offre = OffreFactory()
    client = client_de(conseiller_rennes)
    url = reverse("entreprises:offre_proposer", args=[offre.pk])
    assert client.post(url, {"jeune": jeune.pk, "date": "2026-02-03"}).status_code == 302
    assert MiseEnRelation.objects.get().offre == offre
    assert client.post(url, {"jeune": "abc", "date": "2026-02-03"}).status_code == 200
    assert client.post(url, {"jeune": 10**15, "date": "2026-02-03"}).status_code == 200
    assert client.post(url, {"jeune": 999999, "date": "2026-02-03"}).status_code == 404


def test_immersion_creer_puis_renouveler(client_de, conseiller_rennes, jeune):
    entreprise = EntrepriseFactory(raison_sociale="Ferme des Landes")
    client = client_de(conseiller_rennes)
    url = reverse("entreprises:immersion_creer", args=[jeune.pk])
    assert "Ferme des Landes" in client.get(url, {"q": "landes"}).content.decode()
    donnees = {
        "entreprise": entreprise.pk,
        "objet": "decouvrir",
        "metier": "Maraîcher",
        "date_debut": "2026-03-15",
        "date_fin": "2026-04-15",
        "tuteur_nom": "Anne Sillon",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "au plus tard le 14/04/2026" in reponse.content.decode()
    assert not Immersion.objects.exists()
    assert client.post(url, {**donnees, "date_fin": "2026-04-14"}).status_code == 302
    immersion = Immersion.objects.get()
    url_renouveler = reverse("entreprises:immersion_renouveler", args=[immersion.pk])
    formulaire = client.get(url_renouveler).content.decode()
    assert 'value="2026-04-15"' in formulaire and 'value="2026-05-14"' in formulaire
    reponse = client.post(url_renouveler, {**donnees, "date_debut": "2026-04-15", "date_fin": "2026-05-14"})
    assert reponse.status_code == 302
    assert Immersion.objects.get(renouvellement_de=immersion).date_fin == datetime.date(2026, 5, 14)


def test_immersion_demarrer_et_convention_pdf(client_de, conseiller_rennes, jeune, conseiller_broceliande):
    immersion = ImmersionFactory(jeune=jeune, metier="Fleuriste")
    autre = Client()
    autre.force_login(conseiller_broceliande)
    assert autre.post(reverse("entreprises:immersion_demarrer", args=[immersion.pk])).status_code == 403
    client = client_de(conseiller_rennes)
    assert client.get(reverse("entreprises:immersion_demarrer", args=[immersion.pk])).status_code == 405
    for _ in range(2):
        assert client.post(reverse("entreprises:immersion_demarrer", args=[immersion.pk])).status_code == 302
    assert Situation.objects.get(jeune=jeune).type == "pmsmp"
    with acces_journalise(jeune=jeune, utilisateur=conseiller_rennes, action="impression"):
        reponse = client.get(reverse("entreprises:immersion_convention_pdf", args=[immersion.pk]))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")


def test_immersion_annuler(client_de, conseiller_rennes, jeune):
    immersion = ImmersionFactory(jeune=jeune)
    assert (
        client_de(conseiller_rennes).post(reverse("entreprises:immersion_annuler", args=[immersion.pk])).status_code
        == 302
    )
    immersion.refresh_from_db()
    assert immersion.statut == "annulee"


def test_portefeuille_montre_les_mises_en_relation_en_cours_sans_requete_par_ligne(
    client_de, conseiller_rennes, django_assert_max_num_queries
):
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:portefeuille")

    def compter():
        cache.clear()
        with django_assert_max_num_queries(30) as requetes:
            reponse = client.get(url)
        return len(requetes), reponse.content.decode()

    for _ in range(2):
        MiseEnRelationFactory(jeune=JeuneFactory(referent=conseiller_rennes))
    peu, _page = compter()
    for _ in range(10):
        jeune = JeuneFactory(referent=conseiller_rennes)
        MiseEnRelationFactory(jeune=jeune)
        MiseEnRelationFactory(jeune=jeune, resultat="entretien", date=datetime.date(2026, 2, 3))
        MiseEnRelationFactory(jeune=jeune, resultat="sans_suite", date=datetime.date(2026, 2, 4))
    beaucoup, page = compter()
    assert beaucoup == peu
    assert page.count("mises en relation en cours") == 10 and page.count("mise en relation en cours<") == 2


def test_dossier_nombre_de_requetes_constant(client_de, conseiller_rennes, jeune, django_assert_max_num_queries):
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:jeune_detail", args=[jeune.pk])
    MiseEnRelationFactory(jeune=jeune)
    ImmersionFactory(jeune=jeune)
    cache.clear()
    with django_assert_max_num_queries(60) as requetes:
        client.get(url)
    peu = len(requetes)
    for jour in range(5, 15):
        MiseEnRelationFactory(jeune=jeune, date=datetime.date(2026, 2, jour), offre=OffreFactory())
    ImmersionFactory(jeune=jeune, date_debut=datetime.date(2026, 5, 4), date_fin=datetime.date(2026, 5, 8))
    cache.clear()
    with django_assert_max_num_queries(60) as requetes:
        assert client.get(url).status_code == 200
    assert len(requetes) == peu
    assert JournalAcces.objects.filter(jeune=jeune).exists()
