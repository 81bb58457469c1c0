"""Parcours « agenda » dans Chromium : un conseiller planifie un rendez-vous depuis un créneau libre de son agenda
(raccourcis clavier, recherche du jeune), le note absent (non excusé), reconvoque sur un créneau libre proposé,
note le nouveau rendez-vous honoré et complète l'entretien prérempli. axe-core sur chaque page ; aucune erreur
en console (vérifié par la fixture `page`).

L'heure du serveur est déplacée (time_machine, `tick=True`) : lundi 04/01/2027 à 8 h 40, puis 9 h 05, puis 9 h 31
(jamais plus de 30 minutes d'un coup : la session expire après 30 minutes d'inactivité)."""

import datetime
import re

from playwright.sync_api import expect

from accompagnement.models import Evenement
from agenda.enums import StatutRendezVous
from agenda.heures import a_paris
from agenda.models import RendezVous
from tests.accompagnement.factories import JeuneFactory
from tests.navigateur.conftest import naviguer, verifier_accessibilite

LUNDI = datetime.date(2027, 1, 4)


def test_planifier_absence_reconvocation_entretien(page, conseiller_rennes, connecter, capturer, time_machine):
    time_machine.move_to(a_paris(LUNDI, datetime.time(8, 40)), tick=True)
    jeune = JeuneFactory(nom="Kerbrat", prenom="Nolwenn", referent=conseiller_rennes)

    # 1. Agenda de la semaine ; raccourcis → (semaine suivante) et t (cette semaine), hors d'un champ.
    connecter(page, conseiller_rennes)
    naviguer(page, "Agenda")
    expect(page.get_by_role("heading", level=1)).to_contain_text("semaine du 04/01/2027 au 10/01/2027")
    expect(page.get_by_text("Raccourcis clavier")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "1-agenda")
    page.locator("body").press("ArrowRight")
    expect(page.get_by_role("heading", level=1)).to_contain_text("semaine du 11/01/2027")
    page.locator("body").press("t")
    expect(page.get_by_role("heading", level=1)).to_contain_text("semaine du 04/01/2027")

    # 2. Créneau libre de 9 h (Tab puis Entrée) → choix du jeune par la recherche → formulaire prérempli.
    creneau = page.get_by_role("link", name="09:00 le lundi 04/01 : planifier")
    creneau.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Planifier un rendez-vous le lundi 04/01/2027 à 09:00")
    verifier_accessibilite(page)
    expect(page.get_by_label("Jeune", exact=True)).to_be_focused()
    page.keyboard.type("kerbrat")
    expect(page.locator("#recherche-rendez-vous-resultats").get_by_text("Kerbrat")).to_be_visible()
    page.keyboard.press("Enter")  # le premier résultat
    expect(page.get_by_role("heading", level=1)).to_have_text("Rendez-vous de Nolwenn Kerbrat")
    expect(page.locator("#id_date")).to_have_value("2027-01-04")
    expect(page.locator("#id_heure")).to_have_value("09:00")
    verifier_accessibilite(page)
    capturer(page, "2-planifier")
    page.locator("#id_mode").select_option(label="Téléphone")
    page.get_by_role("button", name="Planifier", exact=True).click()
    expect(page.get_by_text("Rendez-vous planifié le 04/01/2027 à 09:00.")).to_be_visible()

    # 3. À 9 h 05 : absent non excusé, puis « Reconvoquer » propose les prochains créneaux libres (9 h 30 d'abord).
    time_machine.move_to(a_paris(LUNDI, datetime.time(9, 5)), tick=True)
    page.reload()
    page.get_by_role("button", name="Absent non excusé").click()
    expect(page.get_by_text("noté absent (non excusé)")).to_be_visible()
    page.get_by_role("link", name="Reconvoquer").click()
    page.get_by_role("link", name=re.compile(r"04.01 09:30")).click()
    expect(page.locator("#id_heure")).to_have_value("09:30")
    page.locator("#id_mode").select_option(label="Téléphone")
    page.get_by_role("button", name="Planifier", exact=True).click()
    expect(page.get_by_text("Rendez-vous planifié le 04/01/2027 à 09:30.")).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "3-reconvoque")

    # 4. À 9 h 31 : honoré → saisie de l'entretien préremplie → le compte rendu est au journal.
    time_machine.move_to(a_paris(LUNDI, datetime.time(9, 31)), tick=True)
    page.reload()
    page.get_by_role("button", name="Honoré").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entretien individuel de Nolwenn Kerbrat")
    expect(page.locator("#id_duree_minutes")).to_have_value("45")
    expect(page.locator("#id_compte_rendu")).to_be_focused()
    verifier_accessibilite(page)
    capturer(page, "4-entretien")
    page.keyboard.type("Point sur la recherche d'alternance en logistique.")
    page.locator("#id_themes").fill("Alternance")
    page.locator("#id_prochaine_etape").fill("Candidatures chez trois transporteurs")
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    journal = page.locator("#journal")
    expect(journal.get_by_text("Point sur la recherche d'alternance en logistique.")).to_be_visible()
    verifier_accessibilite(page)

    statuts = list(RendezVous.objects.filter(jeune=jeune).order_by("debut").values_list("statut", flat=True))
    assert statuts == [StatutRendezVous.ABSENT_NON_EXCUSE, StatutRendezVous.HONORE]
    assert Evenement.objects.filter(jeune=jeune).count() == 1
