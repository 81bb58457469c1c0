"""Écran de séance FAJ : la page après les échanges htmx est celle qu'on obtient en la rechargeant (tests/htmx.py)."""

import pytest
from django.urls import reverse

from aides.enums import TypeDecision
from tests.aides.factories import demande_soumise, seance_ouverte_avec
from tests.htmx import HTMX, Page, donnees_formulaire

pytestmark = pytest.mark.django_db


def url_seance(seance, **params):
    return reverse("aides:seance_detail", args=[seance.pk]) + "".join(
        f"{'?' if i == 0 else '&'}{k}={v}" for i, (k, v) in enumerate(params.items())
    )


@pytest.fixture
def seance_de(conseiller_rennes, secretariat_faj, membre_commission, budget_rm):
    def creer(nombre):
        demandes = [demande_soumise(conseiller_rennes) for _ in range(nombre)]
        return seance_ouverte_avec(secretariat_faj, *demandes, membres=[membre_commission])

    return creer


@pytest.mark.parametrize("persona", ["secretariat_faj", "membre_commission"])
@pytest.mark.parametrize("nombre", [11, 25])
def test_blocs_de_points_comme_la_page_rechargee(client_de, request, seance_de, persona, nombre):
    """Chaque bloc chargé par htmx (hx-trigger="load") donne la page `?jusqu_a=N` rendue d'un coup, sans JavaScript."""
    seance = seance_de(nombre)
    client = client_de(request.getfixturevalue(persona))
    page = Page(client.get(url_seance(seance)))
    charges = 10
    while suites := page.select("div.seance-suite"):
        [suite] = suites
        page.appliquer(client.get(suite["hx-get"], headers=HTMX), suite)
        charges = min(charges + 10, nombre)
        page.assert_egale(client.get(url_seance(seance, jusqu_a=charges)))
    assert charges == nombre and len(page.select("article.card")) == nombre  # chaque point une fois, aucun oublié


def test_decision_en_seance_comme_la_page_rechargee(client_de, secretariat_faj, seance_de):
    """Le point décidé et les enveloppes (hors bande) : comme un rechargement, au message de confirmation près
    (sans htmx, il passe par les messages de la page suivante)."""
    seance = seance_de(3)
    client = client_de(secretariat_faj)
    page = Page(client.get(url_seance(seance)))
    formulaire = page.select("article.card form[hx-post]")[1]  # le deuxième point
    cible = formulaire["hx-target"]
    prefixe = formulaire.select("select")[0]["name"].split("-")[0]
    donnees = donnees_formulaire(formulaire) | {f"{prefixe}-decision": TypeDecision.ACCORDEE}
    enveloppes_avant = page.select_one("#enveloppes-seance").texte()
    page.appliquer(client.post(formulaire["hx-post"], donnees, headers=HTMX), formulaire)
    assert page.select_one("#enveloppes-seance").texte() != enveloppes_avant  # 150 € engagés
    assert "Décision enregistrée" in page.select_one(cible).texte()
    page.retirer(f"{cible} [role=status]")
    page.assert_egale(client.get(url_seance(seance)))
