"""Parcours dans Chromium : la page de connexion, puis l'accueil d'un conseiller, avec axe-core sur chaque page."""

import re

from playwright.sync_api import expect

from tests.navigateur.conftest import verifier_accessibilite


def test_un_conseiller_se_connecte_et_arrive_sur_son_accueil(page, conseiller_rennes, capturer):
    # Une page protégée renvoie vers la connexion, en français.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next=/$"))
    expect(page).to_have_title("Connexion — weker")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à weker")
    verifier_accessibilite(page)
    capturer(page, "1-connexion")

    # Un mauvais mot de passe : message clair, toujours sur la page de connexion.
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Identifiant ou mot de passe incorrect")
    verifier_accessibilite(page)
    capturer(page, "2-erreur")

    # Au clavier seulement : saisie, tabulation, Entrée.
    page.get_by_label("Identifiant").fill("alice")
    page.get_by_label("Mot de passe").focus()
    page.keyboard.type("mot-de-passe-de-test")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {conseiller_rennes.first_name}")
    expect(page.get_by_text("Conseiller·ère — Antenne Rennes")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "3-accueil")
    assert page.erreurs_console == [], page.reponses_en_erreur

    # Déconnexion : retour à la page de connexion.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/connexion/$"))
