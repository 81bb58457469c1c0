"""Parcours « actions territoriales » dans Chromium : une conseillère relations entreprises crée un job dating avec
une entreprise du registre, puis la tablette de l'entrée compte les participants au toucher et au clavier (les
totaux se mettent à jour seuls quand une autre tablette compte) ; enfin un conseiller inscrit son jeune depuis le
dossier. axe-core sur chaque page."""

import datetime
import re

from django.db.models import F
from playwright.sync_api import expect

from actions_territoriales.models import ActionTerritoriale
from comptes.enums import Role
from tests.accompagnement.factories import JeuneFactory
from tests.entreprises.factories_jeunes import EntrepriseFactory
from tests.navigateur.conftest import naviguer, verifier_accessibilite
from tests.weker.factories import UtilisateurFactory


def test_creer_une_action_puis_compter_les_entrees(page, antenne_rennes, connecter, capturer):
    EntrepriseFactory(raison_sociale="Biscuiterie de Saint-Malo")
    ines = UtilisateurFactory(username="ines", role=Role.CONSEILLER, antenne=antenne_rennes, relations_entreprises=True)
    connecter(page, ines)

    # 1. Création : une entreprise cherchée dans le registre, cochée, rejoint la liste des entreprises choisies.
    naviguer(page, "Actions territoriales")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions territoriales")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Nouvelle action").click()
    page.get_by_label("Type d'action").select_option("decouverte_metiers")
    page.get_by_label("Intitulé").fill("Visite de l'Exploratoire")
    page.get_by_label("Date (premier jour)").fill(datetime.date.today().isoformat())
    page.get_by_label("Commune").fill("35238")
    page.get_by_label("Chercher une entreprise du registre").fill("biscui")
    suggestion = page.get_by_label(re.compile("Biscuiterie de Saint-Malo"))
    expect(suggestion).to_be_visible()
    verifier_accessibilite(page)
    suggestion.check()
    expect(page.locator("#entreprises-choisies").get_by_label(re.compile("Biscuiterie"))).to_be_checked()
    page.get_by_label("Chercher une entreprise du registre").fill("zzz")  # une autre recherche ne l'efface pas
    expect(page.get_by_text("Aucune entreprise du registre ne correspond")).to_be_visible()
    capturer(page, "1-formulaire")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile(r"Action A-\d{4}-0001 créée"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visite de l'Exploratoire")
    expect(page.get_by_text(re.compile("Biscuiterie de Saint-Malo — SIRET"))).to_be_visible()
    verifier_accessibilite(page)
    action = ActionTerritoriale.objects.get()
    assert action.entreprises.get().raison_sociale == "Biscuiterie de Saint-Malo"

    # 2. Tablette : « +1 » au toucher, puis touches 1 à 7 et Maj + chiffre.
    page.get_by_role("link", name="Compter les entrées (tablette)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comptage des entrées")
    verifier_accessibilite(page)
    total = page.get_by_role("status")
    page.get_by_role("button", name="+1 Scolaires (touche 2)").click()
    expect(total).to_contain_text("Total : 1 participant compté")
    page.get_by_role("button", name="+1 Scolaires (touche 2)").click()
    expect(total).to_contain_text("Total : 2 participants comptés")
    page.keyboard.press("Digit1")  # aussitôt après l'échange : les nouveaux formulaires sont déjà pris en charge
    expect(total).to_contain_text("Total : 3 participants comptés")
    expect(page.locator("#plus-public_tout_public")).to_be_focused()  # pas de rechargement : le focus reste
    page.keyboard.press("Numpad7")
    expect(total).to_contain_text("dont 1 femme")
    page.keyboard.press("Shift+Digit2")
    expect(total).to_contain_text("Total : 2 participants comptés")
    expect(page.locator("#valeur-public_scolaires")).to_have_text("1")
    verifier_accessibilite(page)
    capturer(page, "2-tablette")

    # 3. Une autre tablette compte en même temps : les totaux de celle-ci se mettent à jour seuls.
    ActionTerritoriale.objects.filter(pk=action.pk).update(public_tout_public=F("public_tout_public") + 5)
    expect(total).to_contain_text("Total : 7 participants comptés", timeout=15_000)
    action.refresh_from_db()
    assert (action.public_tout_public, action.public_scolaires, action.participants_femmes) == (6, 1, 1)


def test_inscrire_un_jeune_depuis_son_dossier(page, conseiller_rennes, connecter, capturer, antenne_rennes):
    jeune = JeuneFactory(nom="Kerbrat", prenom="Maëlys", referent=conseiller_rennes)
    ActionTerritoriale.objects.create(
        reference="A-2026-0001",
        intitule="Job dating de la logistique",
        type="recrutement",
        date=datetime.date.today(),
        commune=jeune.commune,
        antenne=antenne_rennes,
    )
    connecter(page, conseiller_rennes)
    page.goto(f"/jeunes/{jeune.pk}/")
    section = page.locator("#actions")
    expect(section.get_by_text("Aucune action territoriale enregistrée pour ce jeune.")).to_be_visible()
    section.get_by_label("Inscrire à une action").select_option(
        label=f"Job dating de la logistique ({datetime.date.today():%d/%m/%Y})"
    )
    section.get_by_role("button", name="Inscrire").click()
    expect(section.get_by_role("link", name="Job dating de la logistique")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "dossier")
    assert jeune.participations_actions.get().action.intitule == "Job dating de la logistique"
