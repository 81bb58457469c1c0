"""Dossier du jeune : la page après un échange htmx est celle qu'on obtient en la rechargeant (tests/htmx.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accompagnement.factories import EvenementFactory, JeuneFactory, SituationFactory
from tests.htmx import HTMX, Page, donnees_formulaire

pytestmark = pytest.mark.django_db


def url_dossier(jeune, **params):
    url = reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})
    return url + "".join(f"{'?' if i == 0 else '&'}{k}={v}" for i, (k, v) in enumerate(params.items()))


def historique(jeune, nombre):
    """`nombre` entretiens, un par jour jusqu'à avant-hier, et une situation au milieu."""
    avant_hier = timezone.localdate() - datetime.timedelta(days=2)
    for i in range(nombre):
        EvenementFactory(jeune=jeune, date=avant_hier - datetime.timedelta(days=i), prochaine_etape=f"Étape {i:02d}")
    SituationFactory(jeune=jeune, date_debut=avant_hier - datetime.timedelta(days=nombre // 2))


@pytest.mark.parametrize("entrees", [30, 55, 80])
def test_entrees_plus_anciennes_comme_la_page_rechargee(client_de, conseiller_rennes, entrees):
    """Chaque « Afficher les entrées plus anciennes » ajouté par htmx donne la page du dossier `?journal_page=N`."""
    jeune = JeuneFactory(referent=conseiller_rennes)
    historique(jeune, entrees)
    client = client_de(conseiller_rennes)
    page = Page(client.get(url_dossier(jeune)))
    numero = 1
    while liens := page.select("#journal li.journal-suite a"):
        [lien] = liens
        page.appliquer(client.get(lien["hx-get"], headers=HTMX), lien)
        numero += 1
        page.assert_egale(client.get(url_dossier(jeune, journal_page=numero)))
    assert numero == -(-(entrees + 1) // 25)  # toutes les pages ont été chargées, une à une
    assert "Étape 00" in page.html() and f"Étape {entrees - 1:02d}" in page.html()


def test_saisie_rapide_sur_le_dossier_comme_la_page_rechargee(client_de, conseiller_rennes):
    """Journal, formulaire vierge et tout le reste du dossier : comme un rechargement, à la confirmation près
    (sans htmx, elle passe par les messages de la page suivante)."""
    jeune = JeuneFactory(referent=conseiller_rennes, contact_ancien=True)
    historique(jeune, 3)
    client = client_de(conseiller_rennes)
    page = Page(client.get(url_dossier(jeune)))
    formulaire = page.select_one("#saisie-rapide form")
    donnees = donnees_formulaire(formulaire) | {
        "type": "entretien_individuel",
        "modalite": "telephone",
        "duree_minutes": "20",
        "compte_rendu": "Relance des candidatures envoyées.",
    }
    reponse = client.post(formulaire["hx-post"], donnees, headers=HTMX)
    page.appliquer(reponse, formulaire)
    assert "Relance des candidatures envoyées." in page.html()
    page.retirer("#saisie-rapide p[role=status]")
    page.assert_egale(client.get(url_dossier(jeune)))


def test_saisie_rapide_refusee_remplace_le_formulaire(client_de, conseiller_rennes):
    """Erreur de saisie : la réponse vise le formulaire (HX-Retarget), le journal reste tel quel."""
    jeune = JeuneFactory(referent=conseiller_rennes)
    historique(jeune, 2)
    client = client_de(conseiller_rennes)
    page = Page(client.get(url_dossier(jeune)))
    journal_avant = str(page.select_one("#journal"))
    formulaire = page.select_one("#saisie-rapide form")
    demain = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page.appliquer(
        client.post(formulaire["hx-post"], donnees_formulaire(formulaire) | {"date": demain}, headers=HTMX), formulaire
    )
    assert str(page.select_one("#journal")) == journal_avant
    assert "ne peut pas être dans le futur" in str(page.select_one("#saisie-rapide"))


def test_saisie_rapide_depuis_le_portefeuille_comme_le_tableau_recharge(client_de, conseiller_rennes):
    """Le tableau du portefeuille après « Saisir » puis « Enregistrer » : comme le tableau rechargé."""
    jeune = JeuneFactory(referent=conseiller_rennes, contact_ancien=True)
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:portefeuille")
    page = Page(client.get(url))
    lien = page.select_one("#tableau-portefeuille a[hx-target]")
    page.appliquer(client.get(lien["hx-get"], headers=HTMX), lien)
    formulaire = page.select_one("#saisie-rapide form")
    donnees = donnees_formulaire(formulaire) | {"type": "contact", "modalite": "sms"}
    page.appliquer(client.post(formulaire["hx-post"], donnees, headers=HTMX), formulaire)
    assert f"enregistré pour {jeune}" in page.select_one("#saisie-rapide").texte()
    page.assert_egale(client.get(url), selecteur="#tableau-portefeuille")
