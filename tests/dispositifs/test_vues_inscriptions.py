import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from dispositifs import services
from dispositifs.enums import FondsAllocation
from dispositifs.models import Inscription, Phase, Versement
from securite.models import JournalAcces
from tests.dispositifs.factories import EvenementFactory, InscriptionFactory, JeuneFactory, dispositif
from tests.dispositifs.outils import texte
from tests.securite.outils import declarer_motif

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def jeune():
    return JeuneFactory(nom="Martin", prenom="Sarah", date_naissance=D(2004, 6, 15), rsa=True)


def url_creer(jeune):
    return reverse("dispositifs:inscription_creer", kwargs={"jeune_pk": jeune.pk})


class TestInscrire:
    def test_formulaire(self, client_de, conseiller_rennes, jeune):
        reponse = client_de(conseiller_rennes).get(url_creer(jeune))
        assert reponse.status_code == 200
        contenu = texte(reponse)
        assert "Inscrire MARTIN Sarah dans un dispositif" in contenu
        assert '<label class="form-label" for="id_dispositif">' in contenu
        assert f'data-avec-foyer="{dispositif("cej").pk}"' in contenu
        assert f'data-avec-orienteur="{dispositif("cars35").pk}"' in contenu
        assert "dispositifs/inscription.js" in contenu

    def test_inscription_cej(self, client_de, conseiller_rennes, jeune):
        client = client_de(conseiller_rennes)
        reponse = client.post(
            url_creer(jeune),
            {"dispositif": dispositif("cej").pk, "date_entree": "2025-05-02", "foyer_imposable": "non_imposable"},
        )
        inscription = Inscription.objects.get()
        assert reponse.status_code == 302
        assert reponse["Location"] == reverse("dispositifs:inscription_detail", kwargs={"pk": inscription.pk})
        assert (inscription.date_fin_prevue, inscription.conseiller) == (D(2026, 5, 1), conseiller_rennes)
        contenu = texte(client.get(reponse["Location"]))
        assert "Sarah est inscrit·e en « Contrat d'engagement jeune »." in contenu
        assert "01/05/2026" in contenu

    def test_cej_refuse_pendant_un_pacea_avec_la_raison(self, client_de, conseiller_rennes, jeune):
        InscriptionFactory(jeune=jeune, dispositif=dispositif("pacea"), date_entree=D(2025, 1, 10))
        reponse = client_de(conseiller_rennes).post(
            url_creer(jeune),
            {"dispositif": dispositif("cej").pk, "date_entree": "2025-05-02", "foyer_imposable": "non_imposable"},
        )
        assert reponse.status_code == 400
        assert (
            "Sarah est inscrit·e en « PACEA » depuis le 10/01/2025, incompatible avec « Contrat d'engagement jeune » "
            "en même temps : enregistrez d'abord la sortie." in texte(reponse)
        )
        assert Inscription.objects.count() == 1

    def test_erreur_de_champ(self, client_de, conseiller_rennes, jeune):
        reponse = client_de(conseiller_rennes).post(
            url_creer(jeune), {"dispositif": dispositif("cej").pk, "date_entree": "2025-05-02"}
        )
        assert reponse.status_code == 400
        assert "Indiquez la situation fiscale du foyer" in texte(reponse)

    @pytest.mark.parametrize("persona", ["conseiller_broceliande", "accueil_rennes", "direction", "membre_commission"])
    def test_refuse(self, request, client_de, persona, jeune):
        client = client_de(request.getfixturevalue(persona))
        assert client.get(url_creer(jeune)).status_code == 403
        reponse = client.post(url_creer(jeune), {"dispositif": dispositif("plie").pk, "date_entree": "2025-05-02"})
        assert reponse.status_code == 403
        assert not Inscription.objects.exists()

    def test_jeune_inconnu(self, client_de, conseiller_rennes):
        url = reverse("dispositifs:inscription_creer", kwargs={"jeune_pk": 999999})
        assert client_de(conseiller_rennes).get(url).status_code == 404

    def test_mauvaise_methode(self, client_de, conseiller_rennes, jeune):
        assert client_de(conseiller_rennes).put(url_creer(jeune)).status_code == 405


class TestDetail:
    def url(self, inscription):
        return reverse("dispositifs:inscription_detail", kwargs={"pk": inscription.pk})

    def test_consultation_journalisee(self, client_de, conseiller_rennes, jeune):
        inscription = InscriptionFactory(jeune=jeune, foyer_imposable="non_imposable")
        contenu = texte(client_de(conseiller_rennes).get(self.url(inscription)))
        assert '<h1 class="h3">Contrat d\'engagement jeune — MARTIN Sarah</h1>' in contenu
        assert "Autonome ou foyer non imposable" in contenu
        assert "Renouveler (6 mois)" in contenu
        assert "inscription créée" in contenu and "par le système" in contenu  # fabrique : sans utilisateur
        journal = JournalAcces.objects.get()
        assert (journal.jeune, journal.objet) == (jeune, "Inscription Contrat d'engagement jeune")

    def test_autre_antenne_consulte_sans_actions(self, client_de, conseiller_broceliande, jeune):
        client = client_de(conseiller_broceliande)
        url = self.url(InscriptionFactory(jeune=jeune))
        assert client.get(url).status_code == 302  # motif d'abord
        declarer_motif(client, jeune)
        reponse = client.get(url)
        assert reponse.status_code == 200
        assert "Renouveler" not in texte(reponse) and "Enregistrer la sortie" not in texte(reponse)

    def test_accueil_consulte(self, client_de, accueil_rennes, jeune):
        reponse = client_de(accueil_rennes).get(self.url(InscriptionFactory(jeune=jeune)))
        assert reponse.status_code == 200 and "Enregistrer la sortie" not in texte(reponse)

    def test_membre_de_commission_refuse(self, client_de, membre_commission, jeune):
        assert client_de(membre_commission).get(self.url(InscriptionFactory(jeune=jeune))).status_code == 403
        assert not JournalAcces.objects.exists()

    def test_inconnue(self, client_de, conseiller_rennes):
        assert (
            client_de(conseiller_rennes).get(reverse("dispositifs:inscription_detail", args=[999999])).status_code
            == 404
        )

    def test_mauvaise_methode(self, client_de, conseiller_rennes, jeune):
        assert client_de(conseiller_rennes).post(self.url(InscriptionFactory(jeune=jeune))).status_code == 405


class TestRenouvelerEtSortir:
    def test_cars35_renouvele_une_fois_puis_refuse(self, client_de, conseiller_rennes, jeune):
        inscription = services.inscription_creer(
            jeune=jeune,
            dispositif=dispositif("cars35"),
            date_entree=D(2025, 3, 1),
            par=conseiller_rennes,
            orienteur_type="cdas",
            orienteur_nom="CDAS Champs Manceaux",
        )
        client = client_de(conseiller_rennes)
        url = reverse("dispositifs:inscription_renouveler", kwargs={"pk": inscription.pk})
        reponse = client.post(url, follow=True)
        assert "Inscription renouvelée (1 renouvellement(s)) : fin prévue le 28/02/2026." in texte(reponse)
        reponse = client.post(url, follow=True)
        contenu = texte(reponse)
        assert (
            "« CARS 35 » est renouvelable 1 fois au plus : cette inscription a déjà été renouvelée 1 fois." in contenu
        )
        assert "CDAS — CDAS Champs Manceaux" in contenu
        assert "inscription créée" in contenu and "modification" in contenu
        inscription.refresh_from_db()
        assert inscription.nombre_renouvellements == 1

    def test_renouveler_get_refuse(self, client_de, conseiller_rennes, jeune):
        inscription = InscriptionFactory(jeune=jeune)
        url = reverse("dispositifs:inscription_renouveler", kwargs={"pk": inscription.pk})
        assert client_de(conseiller_rennes).get(url).status_code == 405

    def test_renouveler_autre_antenne_refuse(self, client_de, conseiller_broceliande, jeune):
        inscription = InscriptionFactory(jeune=jeune)
        url = reverse("dispositifs:inscription_renouveler", kwargs={"pk": inscription.pk})
        assert client_de(conseiller_broceliande).post(url).status_code == 403
        inscription.refresh_from_db()
        assert inscription.nombre_renouvellements == 0

    def test_sortie(self, client_de, responsable_rennes, jeune):
        inscription = InscriptionFactory(jeune=jeune, date_entree=D(2025, 3, 1))
        url = reverse("dispositifs:inscription_sortir", kwargs={"pk": inscription.pk})
        reponse = client_de(responsable_rennes).post(url, {"date_sortie": "2025-09-30", "motif_sortie": "emploi"})
        assert reponse.status_code == 302
        inscription.refresh_from_db()
        assert (inscription.date_sortie, inscription.motif_sortie) == (D(2025, 9, 30), "emploi")

    def test_sortie_avant_l_entree(self, client_de, conseiller_rennes, jeune):
        inscription = InscriptionFactory(jeune=jeune, date_entree=D(2025, 3, 1))
        url = reverse("dispositifs:inscription_sortir", kwargs={"pk": inscription.pk})
        reponse = client_de(conseiller_rennes).post(url, {"date_sortie": "2025-02-28", "motif_sortie": "emploi"})
        assert reponse.status_code == 400
        assert "La date de sortie ne peut pas précéder la date d'entrée (01/03/2025)." in texte(reponse)

    def test_sortie_refusee_a_l_accueil(self, client_de, accueil_rennes, jeune):
        inscription = InscriptionFactory(jeune=jeune)
        url = reverse("dispositifs:inscription_sortir", kwargs={"pk": inscription.pk})
        reponse = client_de(accueil_rennes).post(url, {"date_sortie": "2025-09-30", "motif_sortie": "emploi"})
        assert reponse.status_code == 403

    def test_sortie_get_refuse(self, client_de, conseiller_rennes, jeune):
        url = reverse("dispositifs:inscription_sortir", kwargs={"pk": InscriptionFactory(jeune=jeune).pk})
        assert client_de(conseiller_rennes).get(url).status_code == 405

    def test_entree_en_emploi_plie(self, client_de, conseiller_rennes, jeune):
        inscription = InscriptionFactory(jeune=jeune, dispositif=dispositif("plie"), date_entree=D(2025, 1, 1))
        url = reverse("dispositifs:inscription_emploi", kwargs={"pk": inscription.pk})
        reponse = client_de(conseiller_rennes).post(url, {"date_entree_emploi": "2025-04-01"}, follow=True)
        assert "01/04/2025 (suivi jusqu'au 01/10/2025)" in texte(reponse)


class TestPhasesEtAllocationPacea:
    @pytest.fixture
    def pacea(self, jeune):
        return InscriptionFactory(jeune=jeune, dispositif=dispositif("pacea"), date_entree=D(2025, 1, 10))

    def test_ajouter_puis_evaluer_une_phase(self, client_de, conseiller_rennes, pacea):
        client = client_de(conseiller_rennes)
        url = reverse("dispositifs:phase_ajouter", kwargs={"pk": pacea.pk})
        reponse = client.post(url, {"date_debut": "2025-01-10", "objectifs": "Lever les freins"}, follow=True)
        assert "La nouvelle phase est ouverte." in texte(reponse)
        phase = Phase.objects.get()
        url = reverse("dispositifs:phase_evaluer", kwargs={"pk": phase.pk})
        assert "Évaluer la phase 1 — MARTIN Sarah" in texte(client.get(url))
        reponse = client.post(url, {"date_fin": "2025-03-31", "evaluation": "Mobilité acquise"}, follow=True)
        assert "La phase 1 est évaluée." in texte(reponse) and "Mobilité acquise" in texte(reponse)

    def test_phase_refusee(self, client_de, conseiller_rennes, pacea):
        url = reverse("dispositifs:phase_ajouter", kwargs={"pk": pacea.pk})
        reponse = client_de(conseiller_rennes).post(url, {"date_debut": "2025-01-09"})
        assert reponse.status_code == 400
        assert "Une phase ne peut pas commencer avant l'entrée dans le dispositif." in texte(reponse)

    def test_evaluer_autre_antenne_refuse(self, client_de, conseiller_broceliande, pacea):
        phase = services.phase_ajouter(inscription=pacea, date_debut=D(2025, 1, 10), par=None)
        url = reverse("dispositifs:phase_evaluer", kwargs={"pk": phase.pk})
        assert client_de(conseiller_broceliande).get(url).status_code == 403

    def test_allocation_et_plafond_affiche(self, client_de, conseiller_rennes, pacea):
        client = client_de(conseiller_rennes)
        url = reverse("dispositifs:allocation_pacea", kwargs={"pk": pacea.pk})
        reponse = client.post(url, {"montant": "3000", "date": "2025-06-01", "motif": "Permis"}, follow=True)
        assert "L'allocation est enregistrée." in texte(reponse)
        reponse = client.post(url, {"montant": "879,13", "date": "2025-07-01", "motif": "Loyer"})
        assert reponse.status_code == 400
        assert "Plafond dépassé : il reste 879,12\u00a0€ disponibles" in texte(reponse)
        assert Versement.objects.filter(fonds=FondsAllocation.PACEA).count() == 1

    def test_allocation_get_refuse(self, client_de, conseiller_rennes, pacea):
        url = reverse("dispositifs:allocation_pacea", kwargs={"pk": pacea.pk})
        assert client_de(conseiller_rennes).get(url).status_code == 405


class TestBlocDossier:
    def rendre(self, user, jeune):
        requete = RequestFactory().get("/")
        requete.user = user
        contenu = render_to_string(
            "dispositifs/includes/dossier_dispositifs.html", {"jeune": jeune, "user": user}, request=requete
        )
        return contenu  # une variable de gabarit manquante lève (tests/gabarits.py)

    def test_inscriptions_et_actions(self, conseiller_rennes, jeune):
        cars = InscriptionFactory(jeune=jeune, dispositif=dispositif("cars35"), date_entree=D(2025, 8, 1))
        InscriptionFactory(
            jeune=jeune, dispositif=dispositif("arve"), date_entree=D(2024, 1, 1), date_sortie=D(2024, 6, 30)
        )
        EvenementFactory(jeune=jeune, date=D(2025, 8, 2))
        services.alertes_calculer(aujourd_hui=D(2025, 9, 1))
        contenu = self.rendre(conseiller_rennes, jeune)
        # les alertes sont dans l'en-tête du dossier (une seule fois), plus dans ce bloc
        assert "entretien en retard" not in contenu
        assert reverse("dispositifs:inscription_detail", kwargs={"pk": cars.pk}) in contenu
        assert "depuis le 01/08/2025, fin prévue le 31/01/2026" in contenu  # pas d'espace avant la virgule
        assert "depuis le 01/01/2024, sorti·e le 30/06/2024" in contenu
        assert reverse("dispositifs:inscription_creer", kwargs={"jeune_pk": jeune.pk}) in contenu

    def test_sans_action_pour_l_accueil(self, accueil_rennes, jeune):
        contenu = self.rendre(accueil_rennes, jeune)
        assert "Aucune inscription dans un dispositif." in contenu
        assert "Inscrire dans un dispositif" not in contenu
