import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aides import services
from aides.enums import ModePaiement, TypeEnveloppe
from aides.models import Enveloppe, Reallocation
from securite.models import JournalAcces
from tests.aides.factories import JeuneFactory, budget_rennes_metropole, demande_accordee_notifiee

pytestmark = pytest.mark.django_db


def test_page_budget_montre_accorde_paye_restant(client_de, conseiller_rennes, secretariat_faj):
    budget_rennes_metropole(agence="1000.00", ccas="500.00", reserve="300.00")
    demande = demande_accordee_notifiee(conseiller_rennes, secretariat_faj, montant="250.00")
    services.demande_aide_payer(
        demande=demande,
        par=secretariat_faj,
        mode=ModePaiement.VIREMENT,
        date=timezone.localdate(),
        reference="M1",
        montant=Decimal("100.00"),
    )
    reponse = client_de(secretariat_faj).get(reverse("aides:enveloppe_liste"))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert f"Budget FAJ {timezone.localdate().year}" in contenu
    assert "Mission Locale" in contenu and "CCAS de Rennes" in contenu and "Réserve" in contenu
    assert "1\u202f000,00\u00a0€" in contenu  # voté Mission Locale
    assert "250,00\u00a0€" in contenu  # accordé
    assert "100,00\u00a0€" in contenu  # payé
    assert "750,00\u00a0€" in contenu  # restant Mission Locale
    assert "1\u202f550,00\u00a0€" in contenu  # restant du budget du fonds (1 800 − 250)
    assert "Nouvelle enveloppe" in contenu


def test_page_budget_pour_un_responsable_sans_formulaires(client_de, responsable_rennes):
    budget_rennes_metropole()
    contenu = client_de(responsable_rennes).get(reverse("aides:enveloppe_liste")).content.decode()
    assert "Mission Locale" in contenu and "Nouvelle enveloppe" not in contenu


@pytest.mark.parametrize("persona", ["conseiller_rennes", "membre_commission", "accueil_rennes"])
def test_page_budget_refusee(client_de, persona, request):
    assert client_de(request.getfixturevalue(persona)).get(reverse("aides:enveloppe_liste")).status_code == 403


def test_page_budget_mauvaise_methode(client_de, direction):
    assert client_de(direction).post(reverse("aides:enveloppe_liste")).status_code == 405


def test_page_budget_requetes_constantes(client_de, direction, django_assert_max_num_queries):
    client = client_de(direction)
    annee = timezone.localdate().year
    budget_rennes_metropole(annee=annee)
    client.get(reverse("aides:enveloppe_liste"))
    with django_assert_max_num_queries(40) as avant:
        client.get(reverse("aides:enveloppe_liste"))
    for i in range(5):
        Enveloppe.objects.create(fonds="faj_cd35", annee=annee, nom=f"CD35 {i}", type="agence", montant=Decimal("10"))
    with django_assert_max_num_queries(len(avant.captured_queries)):
        client.get(reverse("aides:enveloppe_liste"))


def test_creer_une_enveloppe_et_une_reallocation(client_de, direction):
    annee = timezone.localdate().year
    client = client_de(direction)
    reponse = client.post(
        reverse("aides:enveloppe_creer"),
        {"fonds": "faj_cd35", "annee": annee, "nom": "FAJ CD35 bassin", "type": "agence", "montant": "12 500,00"},
    )
    assert reponse.status_code == 302
    assert Enveloppe.objects.get(nom="FAJ CD35 bassin").montant == Decimal("12500.00")
    budget = budget_rennes_metropole()
    reponse = client.post(
        reverse("aides:reallocation_creer") + f"?annee={annee}",
        {
            "source": budget["reserve"].pk,
            "destination": budget["ccas"].pk,
            "montant": "300",
            "motif": "Pic de demandes",
        },
        follow=True,
    )
    assert "Réallocation depuis la réserve enregistrée." in reponse.content.decode()
    assert Reallocation.objects.get().par == direction


def test_reallocation_au_dela_de_la_reserve_refusee(client_de, direction):
    budget = budget_rennes_metropole(reserve="100.00")
    reponse = client_de(direction).post(
        reverse("aides:reallocation_creer"),
        {"source": budget["reserve"].pk, "destination": budget["agence"].pk, "montant": "150", "motif": "x"},
        follow=True,
    )
    assert "ne dispose plus que de 100,00" in reponse.content.decode()
    assert not Reallocation.objects.exists()


def test_gestion_des_enveloppes_refusee_au_responsable(client_de, responsable_rennes):
    client = client_de(responsable_rennes)
    donnees = {"fonds": "faj_rm", "annee": 2026, "nom": "X", "type": TypeEnveloppe.AGENCE, "montant": "1"}
    assert client.post(reverse("aides:enveloppe_creer"), donnees).status_code == 403
    assert client.post(reverse("aides:reallocation_creer"), {}).status_code == 403
    assert client.get(reverse("aides:enveloppe_creer")).status_code == 405


# --- Export comptable -------------------------------------------------------------------------


@pytest.fixture
def paiements(conseiller_rennes, secretariat_faj):
    budget_rennes_metropole()
    payee = demande_accordee_notifiee(
        conseiller_rennes, secretariat_faj, jeune=JeuneFactory(nom="Hamon", prenom="Erwan"), montant="300"
    )
    services.demande_aide_payer(
        demande=payee,
        par=secretariat_faj,
        mode=ModePaiement.TIERS,
        date=timezone.localdate(),
        reference="BC-2026-041",
        montant=Decimal("120.50"),
        beneficiaire="Auto-école du Thabor",
    )
    a_payer = demande_accordee_notifiee(
        conseiller_rennes, secretariat_faj, jeune=JeuneFactory(nom="Riou", prenom="Katell"), montant="80"
    )
    return payee, a_payer


def test_export_csv_des_paiements(client_de, secretariat_faj, paiements):
    jour = timezone.localdate().isoformat()
    reponse = client_de(secretariat_faj).get(
        reverse("aides:paiement_export"), {"contenu": "paiements", "du": jour, "au": jour, "format": "csv"}
    )
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/csv")
    lignes = reponse.content.decode("utf-8-sig").splitlines()
    assert lignes[0].startswith("N° demande;Fonds;Nom;Prénom")
    assert len(lignes) == 2
    assert "HAMON;Erwan" in lignes[1] and "BC-2026-041" in lignes[1] and "Auto-école du Thabor" in lignes[1]
    assert ";120,50;" in lignes[1]
    assert JournalAcces.objects.filter(action="export", objet__startswith="Export paiements-faj").exists()


def test_export_xlsx_des_ordres_de_paiement(client_de, direction, paiements):
    from openpyxl import load_workbook

    jour = timezone.localdate().isoformat()
    reponse = client_de(direction).get(
        reverse("aides:paiement_export"), {"contenu": "ordres", "du": jour, "au": jour, "format": "xlsx"}
    )
    assert reponse.status_code == 200
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    lignes = list(feuille.values)
    assert lignes[0][0] == "N° demande" and "Reste à payer" in lignes[0]
    par_nom = {ligne[2]: ligne for ligne in lignes[1:]}
    colonne_reste = lignes[0].index("Reste à payer")
    assert float(par_nom["HAMON"][colonne_reste]) == pytest.approx(179.50)
    assert float(par_nom["RIOU"][colonne_reste]) == pytest.approx(80.00)


def test_export_formulaire_invalide_reste_sur_la_page(client_de, secretariat_faj):
    reponse = client_de(secretariat_faj).get(
        reverse("aides:paiement_export"),
        {"contenu": "paiements", "du": "2026-12-01", "au": "2026-01-01", "format": "csv"},
    )
    assert reponse.status_code == 200
    assert "La date de début doit précéder la date de fin." in reponse.content.decode()


def test_export_refuse_au_conseiller_et_mauvaise_methode(client_de, conseiller_rennes, secretariat_faj):
    assert client_de(conseiller_rennes).get(reverse("aides:paiement_export")).status_code == 403
    assert client_de(secretariat_faj).post(reverse("aides:paiement_export")).status_code == 405


def _restants_de_la_page(client):
    """Restant de chaque enveloppe tel que la page du budget l'affiche, par type d'enveloppe."""
    reponse = client.get(reverse("aides:enveloppe_liste"))
    [fonds] = [b for b in reponse.context["budgets"] if b.enveloppe.fonds == "faj_rm"]
    return {s.enveloppe.type: s.restant for s in [fonds, *fonds.sous_enveloppes]}


def test_page_budget_et_refus_d_une_decision_disent_le_meme_disponible(client_de, conseiller_rennes, secretariat_faj):
    """Une seule définition du disponible (Enveloppe.objects.avec_montants) : ce que montre la page est ce que le
    contrôle d'une décision accepte, au centime près."""
    from aides.enums import TypeDecision
    from tests.aides.factories import demande_soumise, seance_ouverte_avec

    budget = budget_rennes_metropole(agence="100.00", ccas="0.00", reserve="0.00")
    client = client_de(secretariat_faj)
    demande_accordee_notifiee(conseiller_rennes, secretariat_faj, montant="60.00")
    restants = _restants_de_la_page(client)
    assert restants[TypeEnveloppe.AGENCE] == Decimal("40.00")
    assert services.montant_disponible(budget["agence"]) == restants[TypeEnveloppe.AGENCE]

    trop, juste = demande_soumise(conseiller_rennes, montant="40.01"), demande_soumise(conseiller_rennes, montant="40")
    seance = seance_ouverte_avec(secretariat_faj, trop, juste)
    with pytest.raises(ValidationError) as refus:
        services.demande_aide_decider(demande=trop, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    assert "il reste 40,00\u00a0€ pour 40,01\u00a0€ accordés" in " ".join(refus.value.messages)
    services.demande_aide_decider(demande=juste, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    assert _restants_de_la_page(client)[TypeEnveloppe.AGENCE] == Decimal("0.00")
    assert _restants_de_la_page(client)[TypeEnveloppe.FONDS] == Decimal("0.00")


def test_disponible_d_une_redecision_ne_compte_pas_l_ancienne_decision(conseiller_rennes, secretariat_faj):
    from aides.enums import TypeDecision
    from tests.aides.factories import demande_soumise, seance_ouverte_avec

    budget = budget_rennes_metropole(agence="100.00", ccas="0.00", reserve="0.00")
    demande = demande_soumise(conseiller_rennes, montant="100")
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    assert services.montant_disponible(budget["agence"]) == Decimal("0.00")
    assert services.montant_disponible(budget["agence"], sauf_demande=demande) == Decimal("100.00")
    # Redécider la même demande au même montant reste possible : son ancienne décision ne compte pas deux fois.
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)


# --- Ouverture du budget de l'année, montant voté, chiffres partagés avec le tableau de bord ----------------------


def test_ouvrir_le_budget_puis_saisir_le_montant_vote(client_de, secretariat_faj):
    client = client_de(secretariat_faj)
    annee = timezone.localdate().year
    url = reverse("aides:enveloppe_liste")
    contenu = client.get(url).content.decode()
    assert f"Aucune enveloppe {annee} pour : FAJ Rennes Métropole, FAJ du Département d&#x27;Ille-et-Vilaine" in contenu
    assert f"Ouvrir le budget {annee}" in contenu
    reponse = client.post(reverse("aides:budget_ouvrir") + f"?annee={annee}", follow=True)
    contenu = reponse.content.decode()
    assert f"Budget FAJ {annee} ouvert (6 enveloppes, à 0 €) : saisissez les montants votés." in contenu
    assert "Aucune enveloppe" not in contenu and "à saisir" in contenu
    assert client.post(reverse("aides:budget_ouvrir") + f"?annee={annee}").status_code == 302
    assert Enveloppe.objects.count() == 6
    agence = Enveloppe.objects.get(fonds="faj_rm", annee=annee, nom="Mission Locale")
    reponse = client.post(
        reverse("aides:enveloppe_modifier") + f"?annee={annee}",
        {"enveloppe": agence.pk, "montant": "12 500,00"},
        follow=True,
    )
    assert "Montant voté de « Mission Locale » : 12\u202f500,00\u00a0€." in reponse.content.decode()
    agence.refresh_from_db()
    assert agence.montant == Decimal("12500.00")
    reponse = client.post(
        reverse("aides:enveloppe_modifier") + f"?annee={annee}", {"enveloppe": agence.pk, "montant": "-1"}, follow=True
    )
    assert "Montant voté (€) : Assurez-vous que cette valeur est supérieure ou égale à 0." in reponse.content.decode()
    agence.refresh_from_db()
    assert agence.montant == Decimal("12500.00")


@pytest.mark.parametrize("persona", ["responsable_rennes", "conseiller_rennes", "membre_commission"])
def test_ouverture_et_montant_vote_refuses(client_de, persona, request):
    client = client_de(request.getfixturevalue(persona))
    agence = budget_rennes_metropole()["agence"]
    assert client.post(reverse("aides:budget_ouvrir")).status_code == 403
    assert client.post(reverse("aides:enveloppe_modifier"), {"enveloppe": agence.pk, "montant": "1"}).status_code == 403
    agence.refresh_from_db()
    assert agence.montant == Decimal("10000.00") and Enveloppe.objects.count() == 4


def test_ouverture_et_montant_vote_en_post_seulement(client_de, direction):
    client = client_de(direction)
    assert client.get(reverse("aides:budget_ouvrir")).status_code == 405
    assert client.get(reverse("aides:enveloppe_modifier")).status_code == 405


def test_page_budget_et_tableau_de_bord_comptent_les_memes_aides(client_de, conseiller_rennes, secretariat_faj):
    """Une aide accordée en commission et une aide reprise de l'ancien logiciel (sans enveloppe) : le budget les
    compte toutes deux, comme les indicateurs, et dit laquelle n'est imputée sur aucune enveloppe."""
    from reporting.indicateurs import calculer_indicateurs
    from tests.aides.factories import DemandeAideFactory

    annee = timezone.localdate().year
    budget_rennes_metropole()
    demande_accordee_notifiee(conseiller_rennes, secretariat_faj, montant="250.00")
    DemandeAideFactory(
        decision="accordee", montant_accorde=Decimal("80.00"), date_decision=timezone.localdate(), statut="payee"
    )
    DemandeAideFactory(decision="refusee", date_decision=timezone.localdate(), statut="notifiee")
    indicateurs = calculer_indicateurs(annee)["aides"]["faj_rm"]
    assert (indicateurs["aides"], indicateurs["montant"]) == (2, "330.00")
    reponse = client_de(secretariat_faj).get(reverse("aides:enveloppe_liste"))
    [rm, cd35] = reponse.context["aides_accordees"]
    assert (rm.fonds, rm.aides, rm.montant, rm.hors_enveloppe, rm.montant_hors_enveloppe) == (
        "faj_rm",
        2,
        Decimal("330.00"),
        1,
        Decimal("80.00"),
    )
    assert (cd35.aides, cd35.montant) == (0, 0)
    contenu = re.sub(r"[ \n]+", " ", reponse.content.decode())
    assert f"1 aide (80,00\u00a0€) sans enveloppe {annee} (reprise de données)" in contenu
    assert "330,00\u00a0€" in contenu
