"""Parcours « accueil » dans Chromium : premier accueil d'un nouveau jeune (recherche, création avec commune et
secteur), puis seconde tentative pour la même personne : l'avertissement de doublon bloque la création tant que
l'agent n'a pas confirmé qu'il s'agit d'une autre personne. axe-core sur chaque page."""

import re

from playwright.sync_api import expect

from accompagnement.models import Jeune
from tests.accompagnement.factories import JeuneFactory, ne_il_y_a
from tests.navigateur.conftest import naviguer, verifier_accessibilite


def _rechercher(page, nom, prenom, date_naissance):
    naviguer(page, "Premier accueil")
    expect(page.get_by_role("heading", level=1)).to_have_text("Premier accueil")
    page.get_by_label("Nom", exact=True).fill(nom)
    page.get_by_label("Prénom", exact=True).fill(prenom)
    page.get_by_label("Date de naissance").fill(date_naissance.isoformat())
    page.get_by_role("button", name="Rechercher").click()


def test_premier_accueil_puis_doublon_signale(page, accueil_rennes, connecter, capturer):
    JeuneFactory(nom="Martin", prenom="Lucas")  # un dossier existant sans rapport
    naissance = ne_il_y_a(19, jours=40)
    connecter(page, accueil_rennes)

    # 1. Recherche : aucun dossier pour cette personne.
    _rechercher(page, "Kerbrat", "Maëlys", naissance)
    expect(page.get_by_text("Aucun dossier ne correspond à cette recherche.")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "1-recherche-vide")

    # 2. Création : nom, prénom et date pré-remplis depuis la recherche ; commune saisie, quartier choisi.
    page.get_by_role("link", name="Ce jeune n'a pas de dossier : créer le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Premier accueil : nouveau dossier")
    expect(page.get_by_label("Nom de naissance")).to_have_value("Kerbrat")
    expect(page.get_by_role("textbox", name="Prénom", exact=True)).to_have_value("Maëlys")
    verifier_accessibilite(page)
    page.get_by_label("Sexe").select_option(label="Femme")
    page.get_by_label("Nationalité").select_option(label="Française")
    page.get_by_label("Commune").fill("35238")
    page.get_by_label("Commune").press("Tab")
    secteur = page.get_by_label("Secteur")
    # htmx remplace les options par les seuls secteurs de la commune : attendre ce remplacement avant de choisir.
    expect(secteur.locator("option", has_text="Brocéliande")).to_have_count(0)
    expect(secteur.locator("option", has_text="Le Blosne")).to_have_count(1)
    secteur.select_option(label="Antenne Rennes — Le Blosne")
    capturer(page, "2-formulaire")
    page.get_by_role("button", name="Créer le dossier").click()

    expect(page.get_by_text(re.compile(r"Dossier de .*Maëlys.* créé"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maëlys")
    expect(page.get_by_text("Le Blosne").first).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "3-dossier-cree")
    jeune = Jeune.objects.get(prenom="Maëlys")
    assert (jeune.commune_id, jeune.secteur.nom, jeune.antenne.code) == ("35238", "Le Blosne", "RENNES")

    # 3. Seconde tentative, sans accent : la recherche retrouve le dossier.
    _rechercher(page, "maelys", "kerbrat", naissance)  # ordre inversé : trouvé quand même
    expect(page.get_by_role("heading", name="1 dossier trouvé")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("KERBRAT Maëlys", re.I))).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "4-recherche-trouve")

    # 4. L'agent force la création : avertissement de doublon, refus tant qu'il n'a pas confirmé.
    page.get_by_role("link", name="Ce jeune n'a pas de dossier : créer le dossier").click()
    page.get_by_label("Nom de naissance").fill("Kerbrat")
    page.get_by_role("textbox", name="Prénom", exact=True).fill("Maëlys")
    page.get_by_label("Sexe").select_option(label="Femme")
    page.get_by_label("Nationalité").select_option(label="Française")
    page.get_by_label("Commune").fill("35238")
    page.get_by_label("Commune").press("Tab")
    expect(page.get_by_label("Secteur").locator("option", has_text="Brocéliande")).to_have_count(0)
    page.get_by_label("Secteur").select_option(label="Antenne Rennes — Le Blosne")
    page.get_by_role("button", name="Créer le dossier").click()

    expect(page.get_by_role("heading", name="Dossiers existants proches")).to_be_visible()
    expect(page.get_by_text("Ce jeune a peut-être déjà un dossier")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "5-doublon")
    assert Jeune.objects.filter(nom__iexact="Kerbrat").count() == 1

    # Soumettre à nouveau sans cocher : toujours refusé.
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.get_by_text("Ce jeune a peut-être déjà un dossier")).to_be_visible()
    assert Jeune.objects.filter(nom__iexact="Kerbrat").count() == 1

    # Confirmé (homonyme né le même jour) : le second dossier est créé.
    page.get_by_label("J'ai vérifié : ce n'est aucune de ces personnes").check()
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.get_by_text(re.compile(r"Dossier de .*Maëlys.* créé"))).to_be_visible()
    assert Jeune.objects.filter(nom__iexact="Kerbrat").count() == 2
    assert page.erreurs_console == []


def test_recherche_de_l_entete(page, conseiller_rennes, connecter):
    """Suggestions pendant la frappe (sans accents ni casse), Entrée ouvre le premier résultat ; axe-core avec la
    liste ouverte."""
    jeune = JeuneFactory(nom="Le Goff", prenom="Éloïse")
    JeuneFactory(nom="Martin", prenom="Lucas")
    connecter(page, conseiller_rennes)
    champ = page.get_by_role("searchbox", name="Rechercher un jeune")
    champ.fill("eloise le go")
    suggestion = page.get_by_role("link", name=re.compile("LE GOFF Éloïse"))
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("MARTIN"))).to_have_count(0)
    verifier_accessibilite(page)
    champ.press("ArrowDown")
    expect(suggestion).to_be_focused()
    champ.focus()
    champ.press("Enter")
    expect(page).to_have_url(re.compile(f"/{jeune.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Éloïse")
