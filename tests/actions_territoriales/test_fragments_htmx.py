"""Tablette de comptage et section du dossier : la page après un échange htmx est celle qu'on obtient en la
rechargeant (tests/htmx.py)."""

import pytest
from django.urls import reverse

from tests.accompagnement.factories import JeuneFactory
from tests.actions_territoriales.factories import ActionFactory, ParticipationActionFactory
from tests.htmx import HTMX, Page, donnees_formulaire

pytestmark = pytest.mark.django_db


def test_chaque_clic_de_la_tablette_donne_la_page_rechargee(client_de, accueil_rennes, antenne_rennes):
    action = ActionFactory(antenne=antenne_rennes)
    client = client_de(accueil_rennes)
    url = reverse("actions_territoriales:comptage", args=[action.pk])
    page = Page(client.get(url))
    for bouton_id in (
        "plus-public_scolaires",
        "plus-public_scolaires",
        "plus-participants_femmes",
        "moins-public_scolaires",
    ):
        bouton = page.select_one(f"#{bouton_id}")
        formulaire = bouton.parent
        while formulaire.tag != "form":
            formulaire = formulaire.parent
        donnees = donnees_formulaire(formulaire) | {bouton["name"]: bouton["value"]}
        page.appliquer(client.post(formulaire["hx-post"], donnees, headers=HTMX), formulaire)
        page.assert_egale(client.get(url))
    assert page.select_one("#valeur-public_scolaires").texte().strip() == "1"
    assert "dont 1 femme" in page.select_one("#compteurs p.fs-4").texte()


def test_rafraichissement_periodique_donne_la_page_rechargee(client_de, accueil_rennes, antenne_rennes):
    action = ActionFactory(antenne=antenne_rennes)
    client = client_de(accueil_rennes)
    url = reverse("actions_territoriales:comptage", args=[action.pk])
    page = Page(client.get(url))
    action.public_salaries = 9  # une autre tablette a compté
    action.save()
    compteurs = page.select_one("#compteurs")
    page.appliquer(client.get(compteurs["hx-get"], headers=HTMX), compteurs)
    page.assert_egale(client.get(url))
    assert page.select_one("#valeur-public_salaries").texte().strip() == "9"


def test_inscription_depuis_le_dossier_comme_le_dossier_recharge(client_de, conseiller_rennes, antenne_rennes):
    jeune = JeuneFactory(referent=conseiller_rennes)
    action = ActionFactory(antenne=antenne_rennes)
    ParticipationActionFactory(jeune=jeune, action=ActionFactory(intitule="Forum de l'emploi"))
    client = client_de(conseiller_rennes)
    url = reverse("actions_territoriales:actions_du_jeune", args=[jeune.pk])
    dossier = reverse("accompagnement:jeune_detail", args=[jeune.pk])
    page = Page(client.get(dossier))
    [formulaire] = [f for f in page.select("#actions-du-jeune form") if f["hx-post"] == url]
    donnees = donnees_formulaire(formulaire) | {"action": str(action.pk)}
    page.appliquer(client.post(formulaire["hx-post"], donnees, headers=HTMX), formulaire)
    page.assert_egale(client.get(dossier))
    assert action.intitule in page.select_one("#actions").html()
