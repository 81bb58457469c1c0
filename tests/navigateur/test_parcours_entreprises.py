"""Parcours « relations entreprises » dans Chromium (issue 18) : une conseillère relations entreprises inscrit une
entreprise au registre (un SIRET faux d'abord, refusé en français), enregistre une offre, propose son jeune sur cette
offre depuis le dossier, puis note le recrutement : le dossier montre la situation d'emploi reliée à l'entreprise et
la fiche de l'entreprise l'embauche ; enfin la direction voit le recrutement dans la section « Relations
entreprises » du tableau de bord (et dans les indicateurs de l'année, `calculer_indicateurs`). axe-core sur chaque
page."""

import re

from playwright.sync_api import expect

from accompagnement.enums import CategorieSituation
from comptes.enums import Role
from entreprises.enums import ResultatMiseEnRelation
from entreprises.models import Entreprise, MiseEnRelation, Offre
from entreprises.regles import MESSAGE_SIRET, siret_valide
from reporting.indicateurs import calculer_indicateurs
from reporting.services import indicateurs_recalculer_annees
from tests.accompagnement.factories import JeuneFactory, aujourd_hui
from tests.navigateur.conftest import naviguer, verifier_accessibilite
from tests.weker.factories import UtilisateurFactory

SIREN = "441921265"  # SIREN quelconque ; le NIC est complété pour que la clé de Luhn soit juste (ou fausse).


def _sirets():
    """(SIRET valide, SIRET à la clé fausse) : le dernier chiffre du NIC est choisi par `entreprises.regles`."""
    valides = [f"{SIREN}0001{chiffre}" for chiffre in range(10) if siret_valide(f"{SIREN}0001{chiffre}")]
    valide = valides[0]
    faux = f"{valide[:-1]}{(int(valide[-1]) + 1) % 10}"
    assert not siret_valide(faux)
    return valide, faux


def test_entreprise_offre_mise_en_relation_et_recrutement(page, antenne_rennes, direction, connecter, capturer):
    ines = UtilisateurFactory(username="ines", role=Role.CONSEILLER, antenne=antenne_rennes, relations_entreprises=True)
    jeune = JeuneFactory(nom="Kerbrat", prenom="Maëlys", referent=ines)
    siret, siret_faux = _sirets()
    connecter(page, ines)

    # 1. Registre : un SIRET à la clé fausse est refusé avec un message en français, rien n'est créé.
    naviguer(page, "Entreprises")
    expect(page.get_by_role("heading", level=1)).to_have_text("Entreprises")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Ajouter une entreprise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle entreprise")
    verifier_accessibilite(page)
    page.get_by_label("SIRET").fill(siret_faux)
    page.get_by_label("Raison sociale").fill("Biscuiterie de Saint-Malo")
    page.get_by_label("Code NAF").fill("1072z")
    page.get_by_label("Tranche d'effectif").select_option(label="6 à 9 salariés")
    page.get_by_label("Adresse").fill("12 rue de la Soif")
    page.get_by_label("Commune").fill("35238")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(MESSAGE_SIRET)).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "1-siret-refuse")
    assert not Entreprise.objects.exists()

    # Le bon SIRET, saisi avec des espaces comme sur un Kbis.
    page.get_by_label("SIRET").fill(f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Entreprise « Biscuiterie de Saint-Malo » ajoutée au registre.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biscuiterie de Saint-Malo")
    expect(page.get_by_text("10.72Z (section C)")).to_be_visible()
    verifier_accessibilite(page)
    entreprise = Entreprise.objects.get()
    assert (entreprise.siret, entreprise.naf, entreprise.section_naf) == (siret, "10.72Z", "C")

    # 2. Une offre sur cette entreprise, depuis sa fiche (le SIRET est prérempli).
    page.get_by_role("link", name="Enregistrer une offre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle offre")
    expect(page.get_by_label("Entreprise (SIRET)")).to_have_value(siret)
    page.get_by_label("Intitulé").fill("Biscuitier ou biscuitière")
    page.get_by_label("Code ROME").fill("d1102")
    page.get_by_label("Type de contrat").select_option(label="CDD de 6 mois ou plus")
    page.get_by_label("Nombre de postes").fill("2")
    verifier_accessibilite(page)
    capturer(page, "2-offre")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile(r"Offre OFF-\d{4}-\S+ enregistrée\."))).to_be_visible()
    expect(page.get_by_text("Biscuitier ou biscuitière").first).to_be_visible()
    verifier_accessibilite(page)
    offre = Offre.objects.get()
    assert (offre.entreprise, offre.code_rome, offre.statut, offre.conseiller) == (entreprise, "D1102", "ouverte", ines)

    # 3. Depuis le dossier du jeune : proposé sur l'offre trouvée par la recherche d'entreprise.
    page.goto(f"/jeunes/{jeune.pk}/")
    section = page.locator("#entreprises")
    expect(section.get_by_text("Aucune mise en relation.")).to_be_visible()
    section.get_by_role("link", name="Proposer à un employeur").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("à un employeur")
    page.get_by_role("searchbox", name="Entreprise ou SIRET").fill("biscui")
    proposer = page.get_by_role("button", name="Proposer sur cette offre : Biscuitier ou biscuitière")
    expect(proposer).to_be_visible()
    verifier_accessibilite(page)
    capturer(page, "3-recherche")
    proposer.click()
    expect(page.get_by_text("Mise en relation enregistrée")).to_be_visible()
    section = page.locator("#entreprises")
    expect(section.get_by_text("En cours")).to_be_visible()
    verifier_accessibilite(page)

    # 4. Le résultat « recruté·e » : sur une offre, le contrat est celui de l'offre (le formulaire ne le demande pas).
    section.get_by_role("link", name="Résultat de la mise en relation avec Biscuiterie de Saint-Malo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultat de la mise en relation")
    expect(page.get_by_label("Type de contrat")).to_have_count(0)
    verifier_accessibilite(page)
    page.get_by_role("combobox", name="Résultat", exact=True).select_option(label="Recruté·e")
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("Résultat enregistré : Recruté·e. La situation d'emploi est ajoutée au dossier.")
    ).to_be_visible()
    situations = page.locator("#situations")
    expect(situations).to_contain_text("CDD de 6 mois ou plus")
    expect(situations).to_contain_text("Biscuiterie de Saint-Malo")
    expect(page.locator("#entreprises")).to_contain_text("Recruté·e")
    expect(page.locator("#entreprises").get_by_text("En cours")).to_have_count(0)
    verifier_accessibilite(page)
    capturer(page, "4-dossier")
    mise = MiseEnRelation.objects.select_related("situation").get()
    assert mise.resultat == ResultatMiseEnRelation.RECRUTE
    assert (mise.situation.categorie, mise.situation.entreprise, mise.situation.date_debut) == (
        CategorieSituation.EMPLOI,
        entreprise,
        aujourd_hui(),
    )

    # La fiche de l'entreprise montre l'embauche.
    page.goto(f"/entreprises/{entreprise.pk}/")
    embauches = page.locator("#embauches")
    expect(embauches.get_by_role("heading")).to_have_text("Embauches (1)")
    expect(embauches).to_contain_text("KERBRAT Maëlys")
    verifier_accessibilite(page)

    # 5. Indicateurs de l'année (ceux du tableau de bord et du rapport) : une offre, une mise en relation, un
    # recrutement, une entreprise contactée.
    annee = aujourd_hui().year
    bloc = calculer_indicateurs(annee)["entreprises"]
    assert (bloc["contactees"], bloc["offres"], bloc["postes"], bloc["mises_en_relation"], bloc["recrutements"]) == (
        1,
        1,
        2,
        1,
        1,
    )

    # 6. La direction : le tableau de bord (instantanés recalculés comme la nuit) montre le recrutement.
    indicateurs_recalculer_annees(annees=[annee, annee - 1])
    page.context.clear_cookies()
    connecter(page, direction)
    naviguer(page, "Tableau de bord")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Tableau de bord {annee}")
    section = page.locator("section", has=page.get_by_role("heading", name="Relations entreprises", exact=True))
    expect(section.get_by_role("row", name=re.compile(r"^Recrutements")).get_by_role("cell").first).to_have_text("1")
    expect(section.get_by_role("row", name=re.compile(r"^Mises en relation")).get_by_role("cell").first).to_have_text(
        "1"
    )
    verifier_accessibilite(page)
    capturer(page, "5-tableau-de-bord")
