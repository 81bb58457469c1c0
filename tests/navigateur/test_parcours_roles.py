"""Parcours des rôles qui n'ont pas le leur ailleurs (accueil, conseiller, direction, secrétariat FAJ et membre de
commission ont le leur) : responsable d'antenne et administrateur. axe-core sur chaque page visitée ; toute erreur
de la console fait échouer le test (fixture `page`)."""

import re

from playwright.sync_api import expect

from tests.accompagnement.factories import EvenementFactory, JeuneFactory
from tests.navigateur.conftest import naviguer, verifier_accessibilite


def test_un_responsable_d_antenne_cherche_un_jeune_et_imprime_sa_synthese(
    page, responsable_rennes, conseiller_rennes, connecter, capturer
):
    jeune = JeuneFactory(nom="Kerhervé", prenom="Maëlys", referent=conseiller_rennes)
    EvenementFactory(jeune=jeune, conseiller=conseiller_rennes)

    connecter(page, responsable_rennes)
    naviguer(page, "Jeunes")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ jeunes?"))).to_be_visible()
    verifier_accessibilite(page)

    # Recherche de l'en-tête, sans accents ni majuscules : Entrée ouvre le premier résultat.
    recherche = page.get_by_label("Rechercher un jeune")
    recherche.fill("kerherve")
    expect(page.locator("#recherche-entete-resultats").get_by_role("link", name=re.compile("Maëlys"))).to_be_visible()
    recherche.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maëlys")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "1-dossier")
    expect(page.get_by_role("link", name="Imprimer la synthèse du dossier (PDF)")).to_have_attribute(
        "href", re.compile(rf"/{jeune.pk}/synthese\.pdf$")
    )

    naviguer(page, "Alertes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alertes")
    expect(page.get_by_text("Qu'est-ce qu'une alerte ?")).to_be_visible()
    verifier_accessibilite(page)


def test_un_administrateur_gere_les_referentiels_sans_voir_aucun_jeune(page, administrateur, connecter, capturer):
    JeuneFactory(nom="Invisible", prenom="Pourladmin")

    connecter(page, administrateur)
    expect(page.get_by_label("Rechercher un jeune")).to_have_count(0)  # aucune recherche de jeune
    naviguer(page, "Reprise de données")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reprise de données")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Description des fichiers du format d'échange").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Format d'échange de la reprise de données")
    verifier_accessibilite(page)
    capturer(page, "1-format")

    page.goto("/")
    naviguer(page, "Administration")
    expect(page.get_by_role("link", name="Lieux d'accueil")).to_be_visible()
    expect(page.get_by_text("Intervalles")).to_be_visible()  # applications tierces en français
    contenu = page.content()
    assert "Invisible" not in contenu and "/gestion/accompagnement/jeune/" not in contenu
    capturer(page, "2-administration")
