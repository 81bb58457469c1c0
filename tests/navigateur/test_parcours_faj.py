"""Parcours FAJ dans Chromium : un conseiller prépare et soumet une demande, le secrétariat construit la séance
(ordre du jour : demandes filtrées et cochées), un membre extérieur de la commission enregistre la décision sur
l'écran de séance, puis le secrétariat clôt la séance et télécharge le courrier de notification (PDF) dont le texte
porte le montant accordé. axe-core sur chaque page visitée."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from aides.models import DemandeAide
from tests.accompagnement.factories import JeuneFactory, aujourd_hui
from tests.aides.factories import budget_rennes_metropole, texte_pdf
from tests.navigateur.conftest import naviguer, verifier_accessibilite


def _deconnecter(page):
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à weker")


def test_demande_faj_de_la_soumission_au_courrier(
    page, conseiller_rennes, secretariat_faj, membre_commission, connecter, capturer
):
    budget_rennes_metropole()  # enveloppes de l'année, déjà votées
    JeuneFactory(nom="Rault", prenom="Camille", referent=conseiller_rennes)

    # 1. Le conseiller prépare la demande depuis la liste des demandes FAJ, puis la soumet.
    connecter(page, conseiller_rennes)
    naviguer(page, "Aides FAJ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes au Fonds d'aide aux jeunes")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Nouvelle demande").click()
    page.get_by_label("Nom ou prénom du jeune").fill("rault")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text(re.compile("Camille"))).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("link", name="Préparer une demande").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nouvelle demande FAJ pour")
    expect(page.get_by_text("FAJ Rennes Métropole")).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_label("Type d'aide").select_option(label="Subsistance")
    page.get_by_label("Montant demandé (€)").fill("180")
    page.get_by_label("Motivation").fill("Rupture de ressources en attendant le premier salaire de son CDD.")
    capturer(page, "1-demande")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text(re.compile(r"Demande .* enregistrée en brouillon"))).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Soumettre la demande").click()
    expect(page.get_by_text("Demande soumise : le secrétariat FAJ peut l'inscrire à une séance.")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "2-demande-soumise")
    demande = DemandeAide.objects.get()
    _deconnecter(page)

    # 2. Le secrétariat crée la séance, y fait siéger le membre extérieur, inscrit la demande et ouvre la séance.
    connecter(page, secretariat_faj)
    naviguer(page, "Commissions FAJ")
    expect(page.get_by_role("heading", level=1)).to_have_text("Séances des commissions FAJ")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Nouvelle séance").click()
    verifier_accessibilite(page)
    page.get_by_label("Fonds").select_option(label="FAJ Rennes Métropole")
    page.locator("#id_date").fill(aujourd_hui().isoformat())
    page.get_by_label("Heure").fill("14:00")
    page.get_by_label("Lieu").fill("Maison de l'emploi, salle du conseil")
    page.get_by_label("Présidence de séance").fill("Mme Le Bihan, vice-présidente de Rennes Métropole")
    page.get_by_label(re.compile(f"{membre_commission.first_name} .*Membre")).check()
    capturer(page, "3-seance-nouvelle")
    page.get_by_role("button", name=re.compile("Enregistrer|Créer")).click()
    expect(page.get_by_text(re.compile("créée : construisez son ordre du jour"))).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("link", name="Ajouter des demandes à l'ordre du jour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajouter des demandes à l'ordre du jour")
    verifier_accessibilite(page)
    page.get_by_label("Jeune ou n° de demande").fill("rault")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"q=rault"))  # tableau filtré (htmx), adresse mise à jour
    expect(page.get_by_text("1 demande à inscrire")).to_be_visible()
    page.get_by_label(demande.numero).check()
    capturer(page, "3b-demandes-a-inscrire")
    page.get_by_role("button", name="Inscrire les demandes cochées").click()
    expect(page.get_by_text(f"Demande {demande.numero} inscrite en point 1.")).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Ouvrir la séance").click()
    expect(page.get_by_text("Séance ouverte", exact=True)).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "4-seance-ouverte")
    _deconnecter(page)

    # 3. Le membre extérieur décide sur l'écran de séance (fiche sans nom complet : initiales).
    connecter(page, membre_commission)
    naviguer(page, "Commissions FAJ")
    verifier_accessibilite(page)
    page.get_by_role("link", name=aujourd_hui().strftime("%d/%m/%Y")).click()
    point = page.locator("article", has_text=demande.numero)
    expect(point.get_by_text("En attente de décision")).to_be_visible()
    expect(point.get_by_text("Rault")).to_have_count(0)
    verifier_accessibilite(page)
    point.get_by_label("Décision").select_option(label="Accordée partiellement")
    point.get_by_label("Montant accordé (€)").fill("150")
    point.get_by_label("Motif").fill("Montant ajusté au reste à vivre.")
    point.get_by_role("button", name="Enregistrer la décision").click()
    point = page.locator("article", has_text=demande.numero)
    expect(point.get_by_text("Décision enregistrée.")).to_be_visible()
    expect(point.get_by_text(re.compile(r"Accordée partiellement\s*: 150,00"))).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "5-decision")
    demande.refresh_from_db()
    assert (demande.decision, demande.montant_accorde) == ("accordee_partiellement", Decimal("150.00"))
    _deconnecter(page)

    # 4. Le secrétariat clôt la séance et télécharge le courrier de notification.
    connecter(page, secretariat_faj)
    naviguer(page, "Commissions FAJ")
    page.get_by_role("link", name=aujourd_hui().strftime("%d/%m/%Y")).click()
    page.once("dialog", lambda dialogue: dialogue.accept())
    page.get_by_role("button", name="Clore la séance").click()
    expect(page.get_by_text("Séance close", exact=True)).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "6-seance-close")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Courriers de notification (PDF)").click()
    fichier = telechargement.value
    assert fichier.suggested_filename.endswith(".pdf")
    with open(fichier.path(), "rb") as pdf:
        texte = texte_pdf(pdf.read())
    assert "150,00 €" in texte, texte
    assert "Camille" in texte
    assert page.erreurs_console == []
