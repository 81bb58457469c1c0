"""Parcours « conseiller » dans Chromium : connexion, portefeuille, entretien saisi au clavier seulement et visible
dans le journal sans rechargement, inscription en CARS 35, inscription de jeunes à un atelier et émargement.
axe-core sur chaque page visitée."""

import re

from playwright.sync_api import expect

from accompagnement.enums import Presence
from accompagnement.models import Evenement, Participation
from dispositifs.models import Inscription
from tests.accompagnement.factories import JeuneFactory, SessionCollectiveFactory, aujourd_hui, ne_il_y_a
from tests.navigateur.conftest import naviguer, verifier_accessibilite


def tabuler_jusqu_a(page, cible, maximum=8):
    """Appuie sur Tab jusqu'à ce que `cible` ait le focus (comme une personne au clavier)."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if cible.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{cible} jamais atteint au clavier")


def test_journee_d_un_conseiller(page, conseiller_rennes, connecter, capturer):
    yanis = JeuneFactory(
        nom="Le Goff", prenom="Yanis", referent=conseiller_rennes, rsa=True, date_naissance=ne_il_y_a(23)
    )
    JeuneFactory(nom="Tanguy", prenom="Inès", referent=conseiller_rennes)
    JeuneFactory(nom="Tanguy", prenom="Noah", referent=conseiller_rennes)
    atelier = SessionCollectiveFactory(
        theme="Préparer un entretien d'embauche", date=aujourd_hui(), animateur=conseiller_rennes
    )

    # 1. Connexion et portefeuille.
    connecter(page, conseiller_rennes)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {conseiller_rennes.first_name}")
    naviguer(page, "Mes jeunes")
    expect(page.get_by_text("3 jeunes suivis")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "1-portefeuille")

    # 2. Dossier de Yanis ; entretien saisi au clavier seulement (le champ « Type » a le focus).
    page.get_by_role("link", name=re.compile("Le Goff", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Yanis")
    verifier_accessibilite(page)
    expect(page.get_by_label("Type", exact=True)).to_be_focused()
    page.keyboard.type("Entretien")  # sélection au clavier dans la liste
    page.keyboard.press("Tab")
    page.keyboard.type("Pr")  # Présentiel
    # Date : aujourd'hui par défaut ; Tab parcourt jour, mois et année avant le champ suivant.
    tabuler_jusqu_a(page, page.get_by_label("Durée (min)"))
    page.keyboard.type("45")
    page.keyboard.press("Tab")
    page.keyboard.type("Projet : préparation du CACES, recherche de chantiers")
    page.keyboard.press("Enter")

    # Le journal se met à jour sans rechargement de la page.
    journal = page.locator("#journal")
    expect(journal.get_by_text("Projet : préparation du CACES, recherche de chantiers")).to_be_visible()
    expect(journal.get_by_text(re.compile(r"Entretien individuel"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Entretien individuel")
    evenement = Evenement.objects.get(jeune=yanis)
    assert (evenement.modalite, evenement.duree_minutes, evenement.date) == ("presentiel", 45, aujourd_hui())
    verifier_accessibilite(page)
    capturer(page, "2-entretien-saisi")

    # 3. Inscription en CARS 35 (bénéficiaire du RSA, moins de 26 ans, orienté par son référent RSA au CDAS).
    page.get_by_role("link", name="Inscrire dans un dispositif").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("dans un dispositif")
    verifier_accessibilite(page)
    page.get_by_label("Dispositif").select_option(label="CARS 35")
    page.get_by_label("Date d'entrée").fill(aujourd_hui().isoformat())
    page.get_by_label("Orienté par (CARS 35)").select_option(label="CDAS")
    page.get_by_label("Nom du CCAS/CDAS ou du référent RSA").fill("CDAS Champs-Manceaux — Mme Riou")
    capturer(page, "3-inscription-cars")
    page.get_by_role("button", name="Inscrire").click()
    expect(page.get_by_text("Yanis est inscrit·e en « CARS 35 »")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "4-inscrit-cars")
    assert Inscription.objects.get(jeune=yanis).dispositif.code == "cars35"

    # 4. Atelier : inscrire les deux Tanguy, puis émarger.
    naviguer(page, "Sessions collectives")
    verifier_accessibilite(page)
    page.get_by_role("link", name=re.compile("Préparer un entretien d'embauche")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier : Préparer un entretien d'embauche")
    verifier_accessibilite(page)
    page.get_by_label("Nom du jeune").fill("tanguy")
    page.get_by_role("button", name="Rechercher").click()
    candidats = page.locator("#candidats")
    candidats.get_by_label(re.compile("Inès")).check()
    candidats.get_by_label(re.compile("Noah")).check()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Inscrire la sélection").click()
    expect(page.get_by_text("2 inscrit·es sur 12 places")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "5-atelier-inscrits")

    page.get_by_role("group", name=re.compile("Présence de .*Inès")).get_by_label("Présent·e").check()
    page.get_by_role("group", name=re.compile("Présence de .*Noah")).get_by_label("Absent·e").check()
    page.get_by_role("button", name="Enregistrer l'émargement").click()
    expect(page.get_by_role("group", name=re.compile("Présence de .*Inès")).get_by_label("Présent·e")).to_be_checked()
    verifier_accessibilite(page)
    capturer(page, "6-emargement")
    presences = dict(Participation.objects.filter(session=atelier).values_list("jeune__prenom", "presence"))
    assert presences == {"Inès": Presence.PRESENT, "Noah": Presence.ABSENT}
    assert page.erreurs_console == []
