"""Périmètre (besoin d'en connaître) : la règle, sa forme de filtre, la lecture motivée et le transfert d'un dossier."""

import pytest
from django.urls import reverse

from accompagnement.models import AffectationReferent, Jeune
from securite.models import JournalAcces
from securite.perimetre import filtre_perimetre, jeune_dans_perimetre
from tests.accompagnement.factories import JeuneFactory
from tests.securite.outils import declarer_motif
from tests.securite.test_matrice_permissions import AUTHENTIFIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeunes(conseiller_rennes, conseiller_broceliande):
    return [
        JeuneFactory(nom="Rennais", referent=None),
        JeuneFactory(nom="Suivi", referent=conseiller_rennes),
        JeuneFactory(nom="Forestier", broceliande=True, referent=None),
        JeuneFactory(nom="Demenage", broceliande=True, referent=conseiller_rennes),
        JeuneFactory(nom="Brocelien", broceliande=True, referent=conseiller_broceliande),
    ]


@pytest.mark.parametrize("persona", sorted(AUTHENTIFIES))
def test_le_predicat_et_le_filtre_disent_la_meme_regle(request, jeunes, persona):
    user = request.getfixturevalue(persona)
    par_predicat = {j.pk for j in jeunes if jeune_dans_perimetre(user, j)}
    par_filtre = set(Jeune.objects.filter(filtre_perimetre(user)).values_list("pk", flat=True))
    assert par_predicat == par_filtre


def test_perimetres_attendus(jeunes, conseiller_rennes, responsable_broceliande, direction, administrateur):
    def noms(user):
        return set(Jeune.objects.filter(filtre_perimetre(user)).values_list("nom", flat=True))

    assert noms(conseiller_rennes) == {"Rennais", "Suivi", "Demenage"}  # son antenne et les jeunes qu'il suit
    assert noms(responsable_broceliande) == {"Forestier", "Demenage", "Brocelien"}
    assert noms(direction) == {"Rennais", "Suivi", "Forestier", "Demenage", "Brocelien"}
    assert noms(administrateur) == set()  # rôle technique : aucun jeune


@pytest.mark.parametrize("antenne_du_jeune", ["rennes", "broceliande"])
@pytest.mark.parametrize("referent", [None, "rennes", "autre"])
def test_un_referent_garde_son_jeune_partout(conseiller_rennes, conseiller_broceliande, antenne_du_jeune, referent):
    jeune = Jeune(
        antenne_id=conseiller_rennes.antenne_id if antenne_du_jeune == "rennes" else conseiller_broceliande.antenne_id,
        referent_id={None: None, "rennes": conseiller_rennes.pk, "autre": conseiller_broceliande.pk}[referent],
    )
    attendu = antenne_du_jeune == "rennes" or referent == "rennes"
    assert jeune_dans_perimetre(conseiller_rennes, jeune) is attendu


# --- Lecture motivée d'un dossier d'une autre antenne ---------------------------------------------------------------


def test_motif_obligatoire_et_journalise(client_de, conseiller_broceliande):
    jeune = JeuneFactory(nom="Lointain", referent=None)
    client = client_de(conseiller_broceliande)
    url = reverse("accompagnement:consultation_hors_perimetre", args=[jeune.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "LOINTAIN" not in page.content.decode() and "Antenne Rennes" in page.content.decode()
    reponse = client.post(url, {"raison": "autre", "precision": "court"})
    assert reponse.status_code == 200 and "Précisez le motif" in reponse.content.decode()
    assert not JournalAcces.objects.exists()
    client.post(url, {"raison": "autre", "precision": "Coordination demandée par la PJJ"})
    ligne = JournalAcces.objects.get()
    assert (ligne.action, ligne.jeune, ligne.motif) == (
        "hors_perimetre",
        jeune,
        "Autre motif (à préciser) : Coordination demandée par la PJJ",
    )


def test_lecture_seule_ecritures_refusees(client_de, conseiller_broceliande):
    jeune = JeuneFactory(nom="Lointain", referent=None)
    client = client_de(conseiller_broceliande)
    declarer_motif(client, jeune)
    assert client.get(reverse("accompagnement:jeune_detail", args=[jeune.pk])).status_code == 200
    for nom in ("accompagnement:jeune_modifier_identite", "accompagnement:evenement_creer"):
        assert client.get(reverse(nom, args=[jeune.pk])).status_code == 403, nom
    reponse = client.post(reverse("accompagnement:evenement_rapide", args=[jeune.pk]), {"type": "entretien"})
    assert reponse.status_code == 403
    assert not jeune.evenements.exists()


def test_fragment_htmx_hors_perimetre_renvoie_vers_le_motif(client_de, conseiller_broceliande):
    jeune = JeuneFactory(referent=None)
    reponse = client_de(conseiller_broceliande).get(
        reverse("accompagnement:jeune_journal", args=[jeune.pk]), HTTP_HX_REQUEST="true"
    )
    assert reponse.status_code == 200
    assert reponse["HX-Redirect"] == reverse("accompagnement:consultation_hors_perimetre", args=[jeune.pk])
    assert not JournalAcces.objects.exists()


def test_motif_valable_pour_la_session_seulement(client, conseiller_broceliande):
    jeune = JeuneFactory(referent=None)
    client.force_login(conseiller_broceliande)
    declarer_motif(client, jeune)
    assert client.get(reverse("accompagnement:jeune_detail", args=[jeune.pk])).status_code == 200
    client.logout()
    client.force_login(conseiller_broceliande)
    assert client.get(reverse("accompagnement:jeune_detail", args=[jeune.pk])).status_code == 302


# --- Transfert ----------------------------------------------------------------------------------------------------


def test_transfert_vers_son_antenne_en_une_action(client_de, conseiller_broceliande, conseiller_rennes):
    jeune = JeuneFactory(nom="Demenage", referent=conseiller_rennes)
    client = client_de(conseiller_broceliande)
    url = reverse("accompagnement:jeune_transferer", args=[jeune.pk])
    assert client.get(url).status_code == 302  # motif d'abord
    declarer_motif(client, jeune, raison="demenagement")
    assert client.get(url).status_code == 200
    # Une commune de Rennes Métropole : pas l'antenne de l'utilisateur, refusé avec un message.
    reponse = client.post(url, {"commune": "35238", "motif": "Déménagement signalé par le jeune"})
    assert reponse.status_code == 200 and "choisissez une de ses communes" in reponse.content.decode()
    reponse = client.post(
        url, {"commune": "35188", "adresse": "3 rue du Lac", "motif": "Déménagement signalé par le jeune"}
    )
    assert reponse.status_code == 302
    jeune.refresh_from_db()
    assert jeune.antenne == conseiller_broceliande.antenne and jeune.commune.code_insee == "35188"
    assert jeune.referent == conseiller_broceliande
    assert AffectationReferent.objects.get(jeune=jeune, fin__isnull=True).referent == conseiller_broceliande
    assert "Transfert" in jeune.history.first().history_change_reason
    assert JournalAcces.objects.filter(jeune=jeune, action="transfert").exists()
    # Désormais dans son périmètre : il modifie ; l'ancien référent n'a plus la main.
    assert client.get(reverse("accompagnement:jeune_modifier_identite", args=[jeune.pk])).status_code == 200
    ancien = client_de(conseiller_rennes)
    assert ancien.get(reverse("accompagnement:jeune_modifier_identite", args=[jeune.pk])).status_code == 403


def test_transfert_refuse_aux_roles_sans_droit(client_de, accueil_rennes, secretariat_faj):
    jeune = JeuneFactory(broceliande=True)
    for user in (accueil_rennes, secretariat_faj):
        assert client_de(user).get(reverse("accompagnement:jeune_transferer", args=[jeune.pk])).status_code == 403


def test_action_groupee_refuse_un_jeune_hors_perimetre(client_de, responsable_rennes, conseiller_rennes):
    rennais = JeuneFactory(referent=None)
    forestier = JeuneFactory(broceliande=True, referent=None)
    reponse = client_de(responsable_rennes).post(
        reverse("accompagnement:jeunes_action"),
        {
            "action": "reaffecter",
            "jeunes": [rennais.pk, forestier.pk],
            "referent": conseiller_rennes.pk,
            "motif": "Réorganisation",
        },
        follow=True,
    )
    assert "pas dans votre périmètre" in reponse.content.decode()
    rennais.refresh_from_db()
    forestier.refresh_from_db()
    assert rennais.referent is None and forestier.referent is None
