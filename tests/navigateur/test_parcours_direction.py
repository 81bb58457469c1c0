"""Parcours « direction » dans Chromium : tableau de bord, recalcul des indicateurs, lancement du rapport
d'activité, suivi de sa progression puis téléchargement du PDF. Les tâches de fond s'exécutent dans le processus
pendant les tests : la progression peut être déjà terminée, on vérifie l'état affiché et le téléchargement.
axe-core sur chaque page visitée."""

import re

from playwright.sync_api import expect

from reporting.models import RapportPdf
from reporting.services import indicateurs_recalculer_annees
from tests.accompagnement.factories import EvenementFactory, JeuneFactory, aujourd_hui
from tests.aides.factories import texte_pdf
from tests.navigateur.conftest import naviguer, verifier_accessibilite


def test_la_direction_consulte_le_tableau_de_bord_et_telecharge_le_rapport(
    page, direction, conseiller_rennes, connecter, capturer
):
    for prenom in ("Lina", "Hugo", "Jade"):
        EvenementFactory(jeune=JeuneFactory(prenom=prenom, referent=conseiller_rennes), conseiller=conseiller_rennes)
    annee = aujourd_hui().year
    # Les instantanés de la nuit (la page ne lit que des indicateurs déjà calculés).
    indicateurs_recalculer_annees(annees=[annee, annee - 1])

    # 1. Tableau de bord de l'agence, recalculé à la demande.
    connecter(page, direction)
    naviguer(page, "Tableau de bord")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Tableau de bord {annee}")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Recalculer maintenant").click()
    # Tâche de fond exécutée dans le processus pendant les tests : l'état « en cours » (sondé par htmx) n'est
    # visible qu'avec un worker ; ici on vérifie l'annonce du lancement puis les chiffres recalculés.
    expect(page.get_by_role("status")).to_contain_text(f"Recalcul des indicateurs {annee} et {annee - 1} lancé.")
    verifier_accessibilite(page)
    expect(page.get_by_role("heading", name="Chiffres clés")).to_be_visible()
    capturer(page, "1-tableau-de-bord")

    # 2. Rapport d'activité : lancement, état et progression, téléchargement.
    page.get_by_role("link", name="Rapport d'activité (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapports d'activité")
    verifier_accessibilite(page)
    capturer(page, "2-rapports")
    # Pendant les tests, le PDF est produit dans la requête (tâche en processus) : délai plus long.
    page.get_by_role("button", name="Générer le rapport").click(timeout=90_000)
    etat = page.locator("#rapport-etat")
    expect(etat).to_have_attribute("role", "status")
    expect(etat).to_contain_text(re.compile(r"Rapport prêt|\d+ %"))
    telecharger = page.get_by_role("link", name="Télécharger le PDF")
    expect(telecharger).to_be_visible()
    expect(etat).to_contain_text("Rapport prêt")
    verifier_accessibilite(page)
    capturer(page, "3-rapport-pret")
    assert RapportPdf.objects.get().statut == "termine"

    with page.expect_download() as telechargement:
        telecharger.click()
    fichier = telechargement.value
    assert fichier.suggested_filename.endswith(".pdf")
    with open(fichier.path(), "rb") as pdf:
        texte = texte_pdf(pdf.read())
    assert "Rapport d'activité" in texte or "RAPPORT D'ACTIVITÉ" in texte.upper(), texte[:500]
    assert str(annee) in texte

    # La liste des rapports montre l'état en français.
    page.get_by_role("link", name="← Rapports d'activité").click()
    expect(page.get_by_role("cell", name="Terminé")).to_be_visible()
    verifier_accessibilite(page)
    assert page.erreurs_console == []
