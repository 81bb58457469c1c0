"""Page d'accueil par rôle et navigation : une entrée n'apparaît que si sa page existe et si le rôle y a droit."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from weker import navigation
from weker.navigation import ENTREES, Entree, entrees_pour

pytestmark = pytest.mark.django_db

PERSONAS = [
    "conseiller_rennes",
    "conseiller_broceliande",
    "accueil_rennes",
    "responsable_rennes",
    "responsable_broceliande",
    "direction",
    "secretariat_faj",
    "membre_commission",
    "administrateur",
]


def _existe(url_name):
    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize("persona", PERSONAS)
def test_chaque_persona_voit_son_role_et_ses_entrees(request, client_de, persona):
    user = request.getfixturevalue(persona)
    reponse = client_de(user).get(reverse("accueil"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert f"Bonjour {user.first_name}" in contenu
    assert escape(user.get_role_display()) in contenu
    if user.antenne:
        assert escape(user.antenne.nom) in contenu
    for entree in ENTREES:
        attendue = _existe(entree.url_name) and user.has_perm(entree.permission)
        if attendue:
            lien = f'href="{reverse(entree.url_name)}"'
            assert contenu.count(lien) == 2, f"{entree.libelle} : menu et tuile"  # navigation + tuile d'accueil
            assert escape(entree.description) in contenu
        else:
            assert f">{entree.libelle}</a>" not in contenu, f"{persona} ne doit pas voir {entree.libelle}"


def test_l_administrateur_voit_l_administration(client_de, administrateur):
    contenu = client_de(administrateur).get(reverse("accueil")).content.decode()
    assert f'href="{reverse("admin:index")}"' in contenu
    assert escape("Référentiels, utilisateurs et rôles.") in contenu
    assert 'aria-label="Navigation principale"' in contenu


@pytest.mark.parametrize("persona", ["conseiller_rennes", "direction", "membre_commission"])
def test_les_autres_roles_ne_voient_pas_l_administration(request, client_de, persona):
    contenu = client_de(request.getfixturevalue(persona)).get(reverse("accueil")).content.decode()
    assert reverse("admin:index") not in contenu


def test_entree_sans_page_ou_sans_droit_masquee(monkeypatch, conseiller_rennes, administrateur):
    monkeypatch.setattr(
        navigation,
        "ENTREES",
        (
            Entree("Existe et permise", "mot_de_passe", "weker.voir_administration", "a"),
            Entree("Page absente", "nulle_part:liste", "weker.voir_administration", "b"),
        ),
    )
    assert [e["libelle"] for e in entrees_pour(administrateur)] == ["Existe et permise"]
    assert entrees_pour(administrateur)[0]["url"] == reverse("mot_de_passe")
    assert entrees_pour(conseiller_rennes) == []


def test_accueil_sans_espace_l_annonce(monkeypatch, client_de, conseiller_rennes):
    monkeypatch.setattr(navigation, "ENTREES", ())
    contenu = client_de(conseiller_rennes).get(reverse("accueil")).content.decode()
    assert "Aucun espace n'est encore ouvert pour votre rôle." in contenu
    assert "Navigation principale" not in contenu


def test_accueil_refuse_post(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).post(reverse("accueil")).status_code == 405


def test_une_seule_h1_et_repere_principal(client_de, conseiller_rennes):
    contenu = client_de(conseiller_rennes).get(reverse("accueil")).content.decode()
    assert contenu.count("<h1") == 1
    assert '<main id="contenu"' in contenu
    assert 'href="#contenu"' in contenu


def test_nombre_de_requetes_constant(client_de, administrateur, django_assert_max_num_queries):
    client = client_de(administrateur)
    client.get(reverse("accueil"))
    with django_assert_max_num_queries(10):
        client.get(reverse("accueil"))
