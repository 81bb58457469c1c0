"""Historique d'un dossier, consultation exceptionnelle hors base active, droits des personnes."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accompagnement.models import Jeune
from aides.models import DemandeAide
from dispositifs.models import Versement
from securite.models import ActionAcces, JournalAcces
from tests.securite.factories import DispositifFactory, EvenementFactory, InscriptionFactory, JeuneFactory
from tests.securite.outils import acces_journalise, declarer_motif
from tests.weker.factories import UtilisateurFactory

J = datetime.date


@pytest.fixture
def jeune(db, conseiller_rennes):
    jeune = JeuneFactory(nom="Le Bihan", prenom="Nolwenn", telephone="06 11 11 11 11")
    return jeune


def url(nom, jeune):
    return reverse(nom, kwargs={"pk": jeune.pk})


# --- Historique ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_historique_montre_qui_a_change_quoi_avant_apres(client_de, conseiller_rennes, conseiller_broceliande, jeune):
    from simple_history.utils import update_change_reason  # noqa: F401

    jeune = Jeune.objects.get(pk=jeune.pk)
    jeune.telephone = "07 22 22 22 22"
    jeune.hebergement = "autonome"
    jeune._history_user = conseiller_rennes
    jeune.save()
    evenement = EvenementFactory(jeune=jeune, compte_rendu="Premier entretien")
    evenement.compte_rendu = "Premier entretien, projet CAP"
    evenement._history_user = conseiller_rennes
    evenement.save()
    demande = DemandeAide.objects.create(jeune=jeune, fonds="faj_rm", type="mobilite", montant_demande=Decimal("150"))
    demande.montant_demande = Decimal("180.50")
    demande.save()

    client = client_de(conseiller_broceliande)  # une autre antenne : après un motif déclaré
    declarer_motif(client, jeune)
    with acces_journalise(jeune=jeune, utilisateur=conseiller_broceliande, action=ActionAcces.CONSULTATION):
        reponse = client.get(url("conservation:historique_jeune", jeune))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "06 11 11 11 11" in contenu and "07 22 22 22 22" in contenu
    assert "Hébergement" in contenu and "Logement autonome" in contenu
    assert str(conseiller_rennes) in contenu
    assert "Premier entretien, projet CAP" in contenu
    assert "150,00 €" in contenu and "180,50 €" in contenu
    assert "Demande d&#x27;aide n° " in contenu
    partiel = client.get(url("conservation:historique_jeune", jeune), headers={"HX-Request": "true"})
    assert "<h1" not in partiel.content.decode() and "07 22 22 22 22" in partiel.content.decode()


@pytest.mark.django_db
def test_historique_nombre_de_requetes_constant(client_de, direction, jeune):
    client = client_de(direction)
    EvenementFactory(jeune=jeune, conseiller=UtilisateurFactory())
    with CaptureQueriesContext(connection) as peu:
        client.get(url("conservation:historique_jeune", jeune))
    for i in range(10):
        e = EvenementFactory(jeune=jeune, conseiller=UtilisateurFactory())
        e.compte_rendu = f"modifié {i}"
        e.save()
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(url("conservation:historique_jeune", jeune))
    assert len(beaucoup) == len(peu)


@pytest.mark.django_db
def test_historique_refuse_commission_et_methode(client_de, membre_commission, conseiller_rennes, jeune):
    assert client_de(membre_commission).get(url("conservation:historique_jeune", jeune)).status_code == 403
    assert client_de(conseiller_rennes).post(url("conservation:historique_jeune", jeune)).status_code == 405
    assert (
        client_de(conseiller_rennes).get(reverse("conservation:historique_jeune", kwargs={"pk": 999999})).status_code
        == 404
    )


# --- Dossier hors base active ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dossier_archive_invisible_pour_un_conseiller(client_de, conseiller_rennes, jeune):
    Jeune.objects.filter(pk=jeune.pk).update(archive_le=J(2026, 1, 1))
    assert client_de(conseiller_rennes).get(url("conservation:historique_jeune", jeune)).status_code == 404


@pytest.mark.django_db
def test_direction_consulte_un_dossier_archive_avec_un_motif(client_de, direction, jeune):
    Jeune.objects.filter(pk=jeune.pk).update(archive_le=J(2026, 1, 1))
    client = client_de(direction)
    cible = url("conservation:historique_jeune", jeune)
    reponse = client.get(cible)
    assert reponse.status_code == 302
    formulaire = reponse.url
    assert formulaire.startswith(url("conservation:consultation_exceptionnelle", jeune))
    page = client.get(formulaire)
    assert "sorti de la base active le 01/01/2026" in page.content.decode()
    reponse = client.post(formulaire, {"motif": "court", "next": cible})
    assert "au moins 10 caractères" in reponse.content.decode()
    with acces_journalise(jeune=jeune, action=ActionAcces.EXCEPTIONNELLE):
        reponse = client.post(formulaire, {"motif": "Réquisition judiciaire du 20/11/2026", "next": cible})
    assert reponse.status_code == 302 and reponse.url == cible
    assert JournalAcces.objects.get(action=ActionAcces.EXCEPTIONNELLE).motif == "Réquisition judiciaire du 20/11/2026"
    assert client.get(cible).status_code == 200


@pytest.mark.django_db
def test_consultation_exceptionnelle_refusee_aux_conseillers(client_de, responsable_rennes, jeune):
    Jeune.objects.filter(pk=jeune.pk).update(archive_le=J(2026, 1, 1))
    reponse = client_de(responsable_rennes).post(
        url("conservation:consultation_exceptionnelle", jeune), {"motif": "x" * 20}
    )
    assert reponse.status_code == 403
    assert not JournalAcces.objects.exists()


# --- Droits des personnes ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_droit_d_acces_json_complet_et_journalise(client_de, direction, conseiller_rennes, jeune):
    EvenementFactory(jeune=jeune, compte_rendu="Entretien : recherche d'alternance")
    InscriptionFactory(jeune=jeune, dispositif=DispositifFactory(code="PACEA", nom="PACEA"), date_entree=J(2024, 2, 1))
    Versement.objects.create(jeune=jeune, fonds="allocation_pacea", date=J(2024, 3, 5), montant=Decimal("250.00"))
    DemandeAide.objects.create(jeune=jeune, fonds="faj_rm", type="mobilite", montant_demande=Decimal("150"))
    JournalAcces.objects.create(
        utilisateur=conseiller_rennes,
        identifiant="alice",
        role="conseiller",
        jeune=jeune,
        action="consultation",
        objet="dossier",
    )
    client = client_de(direction)
    with acces_journalise(jeune=jeune, utilisateur=direction, action=ActionAcces.EXPORT):
        reponse = client.get(url("conservation:droit_acces_json", jeune))
    assert reponse["Content-Disposition"] == f'attachment; filename="donnees-jeune-{jeune.pk}.json"'
    donnees = json.loads(reponse.content)
    titres = [s["titre"] for s in donnees["sections"]]
    assert titres[0] == "Dossier"
    assert donnees["sections"][0]["elements"][0]["nom de naissance"] == "Le Bihan"
    assert {"Événements", "Inscriptions à des dispositifs", "Versements", "Demandes d'aide"} <= set(titres)
    evenements = next(s for s in donnees["sections"] if s["titre"] == "Événements")["elements"]
    assert evenements[0]["compte rendu"] == "Entretien : recherche d'alternance"
    assert any(entree["objet"] == "Dossier" and entree["type"] == "Création" for entree in donnees["historique"])
    assert [a["par"] for a in donnees["acces"]] == ["edith", "alice"]  # y compris cet export
    assert donnees["documents"] == []


@pytest.mark.django_db
def test_droit_d_acces_json_objets_lies_a_toute_profondeur(client_de, direction, jeune):
    """Phases d'une inscription, lignes de paiement d'une préparation CEJ (sans relation inverse nommée) : tout ce qui
    mène au jeune figure dans l'export, comme tout ce qui mène au jeune est effacé."""
    from dispositifs.models import LignePaiement, Phase, PreparationPaiement

    inscription = InscriptionFactory(
        jeune=jeune, dispositif=DispositifFactory(code="PACEA", nom="PACEA"), date_entree=J(2024, 2, 1)
    )
    Phase.objects.create(inscription=inscription, numero=1, date_debut=J(2024, 2, 1))
    preparation = PreparationPaiement.objects.create(mois=J(2024, 3, 1))
    LignePaiement.objects.create(
        preparation=preparation,
        jeune=jeune,
        inscription=inscription,
        age=20,
        montant_du=Decimal("500.00"),
        montant=Decimal("480.00"),
        motif_ajustement="Absence injustifiée le 12/03",
    )
    donnees = json.loads(client_de(direction).get(url("conservation:droit_acces_json", jeune)).content)
    sections = {s["titre"]: s["elements"] for s in donnees["sections"]}
    assert len(sections["Phases"]) == 1
    assert [ligne["montant à payer (€)"] for ligne in sections["Lignes de paiement"]] == ["480.00"]


@pytest.mark.django_db
def test_droit_d_acces_pdf(client_de, direction, jeune):
    EvenementFactory(jeune=jeune, compte_rendu="Entretien de suivi")
    with acces_journalise(jeune=jeune, action=ActionAcces.IMPRESSION):
        reponse = client_de(direction).get(url("conservation:droit_acces_pdf", jeune))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["conseiller_rennes", "responsable_rennes", "secretariat_faj", "membre_commission"])
def test_droits_reserves_direction_et_dpo(client_de, request, persona, jeune):
    client = client_de(request.getfixturevalue(persona))
    for nom in ("conservation:droits", "conservation:droit_acces_json", "conservation:droit_acces_pdf"):
        assert client.get(url(nom, jeune)).status_code == 403
    assert client.post(url("conservation:effacement", jeune), {"motif": "x" * 20}).status_code == 403
    assert Jeune.objects.get(pk=jeune.pk).nom == "Le Bihan"


@pytest.mark.django_db
def test_effacement_immediat_avec_motif(client_de, antenne_rennes, jeune):
    dpo = UtilisateurFactory(username="dpo", role="conseiller", est_dpo=True, antenne=antenne_rennes)
    client = client_de(dpo)
    page = client.get(url("conservation:droits", jeune))
    assert "Anonymiser maintenant" in page.content.decode()
    assert client.get(url("conservation:effacement", jeune)).status_code == 405
    with acces_journalise(jeune=jeune, action=ActionAcces.EFFACEMENT):
        reponse = client.post(url("conservation:effacement", jeune), {"motif": "Opposition écrite du 18/11/2026"})
    assert reponse.status_code == 302
    assert Jeune.objects.get(pk=jeune.pk).nom == "ANONYME"
    assert JournalAcces.objects.get(action=ActionAcces.EFFACEMENT).motif == "Opposition écrite du 18/11/2026"


@pytest.mark.django_db
def test_effacement_bloque_par_le_cej(client_de, direction, jeune):
    InscriptionFactory(jeune=jeune, dispositif=DispositifFactory(code="CEJ"), date_entree=J(2025, 1, 1))
    client = client_de(direction)
    page = client.get(url("conservation:droits", jeune)).content.decode()
    assert "obligation légale de conservation" in page and "Contrat d&#x27;engagement jeune (contrat en cours)" in page
    reponse = client.post(
        url("conservation:effacement", jeune), {"motif": "Demande d'effacement du jeune"}, follow=True
    )
    assert "Anonymisation impossible" in reponse.content.decode()
    assert Jeune.objects.get(pk=jeune.pk).nom == "Le Bihan"
    assert not JournalAcces.objects.filter(action=ActionAcces.EFFACEMENT).exists()
