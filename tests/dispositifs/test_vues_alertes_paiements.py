import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dispositifs import services
from dispositifs.enums import FondsAllocation, SituationFiscale, TypeAlerte
from dispositifs.models import Alerte, LignePaiement, PreparationPaiement, Versement
from securite.models import ActionAcces, JournalAcces
from tests.dispositifs.factories import InscriptionFactory, JeuneFactory, dispositif
from tests.dispositifs.outils import texte

pytestmark = pytest.mark.django_db

D = datetime.date


def cars(**kwargs):
    return InscriptionFactory(dispositif=dispositif("cars35"), date_entree=D(2025, 8, 1), **kwargs)


class TestAlertes:
    url = staticmethod(lambda **p: reverse("dispositifs:alertes") + ("?" + "&".join(f"{k}={v}" for k, v in p.items())))

    @pytest.fixture
    def alertes(self, conseiller_rennes):
        cars(jeune=JeuneFactory(nom="Rennais", referent=conseiller_rennes))
        cars(jeune=JeuneFactory(nom="Collegue"))
        cars(jeune=JeuneFactory(nom="Forestier", broceliande=True))
        services.alertes_calculer(aujourd_hui=D(2025, 9, 1))

    def test_antenne_par_defaut(self, client_de, conseiller_rennes, alertes):
        contenu = texte(client_de(conseiller_rennes).get(self.url()))
        assert "RENNAIS" in contenu and "COLLEGUE" in contenu and "FORESTIER" not in contenu
        assert "CARS 35 : entretien en retard (aucun entretien individuel depuis l'entrée le 01/08/2025)" in contenu

    def test_mes_jeunes(self, client_de, conseiller_rennes, alertes):
        contenu = texte(client_de(conseiller_rennes).get(self.url(mes_jeunes="on")))
        assert "RENNAIS" in contenu and "COLLEGUE" not in contenu

    def test_direction_voit_tout(self, client_de, direction, alertes):
        contenu = texte(client_de(direction).get(self.url()))
        assert "RENNAIS" in contenu and "FORESTIER" in contenu

    def test_partiel_htmx(self, client_de, responsable_broceliande, alertes):
        reponse = client_de(responsable_broceliande).get(self.url(), headers={"HX-Request": "true"})
        contenu = texte(reponse)
        assert "FORESTIER" in contenu and "1 alerte(s)" in contenu and "<h1" not in contenu

    @pytest.mark.parametrize("persona", ["accueil_rennes", "membre_commission", "secretariat_faj"])
    def test_refuse(self, request, client_de, persona):
        assert client_de(request.getfixturevalue(persona)).get(self.url()).status_code == 403

    def test_mauvaise_methode(self, client_de, conseiller_rennes):
        assert client_de(conseiller_rennes).post(self.url()).status_code == 405

    def test_nombre_de_requetes_constant(self, client_de, conseiller_rennes, django_assert_max_num_queries):
        client = client_de(conseiller_rennes)
        for _ in range(2):
            cars()
        services.alertes_calculer(aujourd_hui=D(2025, 9, 1))
        client.get(self.url())
        with django_assert_max_num_queries(20) as deux:
            client.get(self.url())
        for _ in range(18):
            cars(jeune=JeuneFactory(referent=conseiller_rennes))
        services.alertes_calculer(aujourd_hui=D(2025, 9, 1))
        with django_assert_max_num_queries(len(deux.captured_queries)):
            assert "20 alerte(s)" in texte(client.get(self.url()))

    def test_calcul_a_la_demande(self, client_de, conseiller_rennes, django_capture_on_commit_callbacks):
        cars()
        client = client_de(conseiller_rennes)
        with django_capture_on_commit_callbacks(execute=True):
            reponse = client.post(reverse("dispositifs:alertes_calculer"), follow=True)
        assert "Le calcul des alertes est lancé" in texte(reponse)
        assert set(Alerte.objects.values_list("type", flat=True)) == {TypeAlerte.RDV_EN_RETARD, TypeAlerte.FIN_PROCHE}

    def test_calcul_refuse(self, client_de, accueil_rennes, conseiller_rennes):
        assert client_de(accueil_rennes).post(reverse("dispositifs:alertes_calculer")).status_code == 403
        assert client_de(conseiller_rennes).get(reverse("dispositifs:alertes_calculer")).status_code == 405


NAISSANCE = D(2000, 1, 1)


def cej(nom, naissance=NAISSANCE, foyer=SituationFiscale.NON_IMPOSABLE, **kwargs):
    return InscriptionFactory(
        jeune=JeuneFactory(nom=nom, date_naissance=naissance, **kwargs),
        dispositif=dispositif("cej"),
        date_entree=D(2025, 1, 10),
        foyer_imposable=foyer,
    )


class TestPaiements:
    def test_liste_et_creation(self, client_de, responsable_rennes):
        cej("Alpha")
        client = client_de(responsable_rennes)
        reponse = client.get(reverse("dispositifs:preparation_liste"))
        assert reponse.status_code == 200 and "Aucune préparation pour l'instant." in texte(reponse)
        reponse = client.post(reverse("dispositifs:preparation_creer"), {"mois": "2025-05"})
        preparation = PreparationPaiement.objects.get()
        assert reponse["Location"] == reverse("dispositifs:preparation_detail", kwargs={"pk": preparation.pk})
        contenu = texte(client.get(reponse["Location"]))
        assert "Paiements CEJ de 05/2025" in contenu and "ALPHA" in contenu and "561,68\u00a0€" in contenu
        assert "05/2025" in texte(client.get(reverse("dispositifs:preparation_liste")))

    def test_creation_refusee(self, client_de, responsable_rennes):
        client = client_de(responsable_rennes)
        client.post(reverse("dispositifs:preparation_creer"), {"mois": "2025-05"})
        reponse = client.post(reverse("dispositifs:preparation_creer"), {"mois": "2025-05"})
        assert reponse.status_code == 400 and "La préparation des paiements de 05/2025 existe déjà." in texte(reponse)
        reponse = client.post(reverse("dispositifs:preparation_creer"), {"mois": "mai"})
        assert reponse.status_code == 400 and "Indiquez un mois au format AAAA-MM." in texte(reponse)

    @pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "membre_commission"])
    def test_refuse(self, request, client_de, persona):
        client = client_de(request.getfixturevalue(persona))
        assert client.get(reverse("dispositifs:preparation_liste")).status_code == 403
        assert client.post(reverse("dispositifs:preparation_creer"), {"mois": "2025-05"}).status_code == 403
        assert not PreparationPaiement.objects.exists()

    def test_mauvaises_methodes(self, client_de, direction):
        client = client_de(direction)
        assert client.post(reverse("dispositifs:preparation_liste")).status_code == 405
        assert client.get(reverse("dispositifs:preparation_creer")).status_code == 405

    def test_nombre_de_requetes_constant(self, client_de, direction, django_assert_max_num_queries):
        client = client_de(direction)
        for i in range(2):
            cej(f"J{i}")
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        url = reverse("dispositifs:preparation_detail", kwargs={"pk": preparation.pk})
        client.get(url)
        with django_assert_max_num_queries(20) as deux:
            client.get(url)
        for i in range(18):
            cej(f"K{i}")
        services.preparation_calculer(preparation=preparation, par=None)
        with django_assert_max_num_queries(len(deux.captured_queries)):
            assert "20 jeune(s) à payer" in texte(client.get(url))

    def test_liste_nombre_de_requetes_constant(self, client_de, direction, django_assert_max_num_queries):
        client = client_de(direction)
        cej("Alpha")
        for mois in (1, 2):
            services.preparation_creer(mois=D(2025, mois, 1), par=None)
        url = reverse("dispositifs:preparation_liste")
        client.get(url)
        with django_assert_max_num_queries(20) as deux:
            client.get(url)
        for mois in range(3, 13):
            services.preparation_creer(mois=D(2025, mois, 1), par=None)
        with django_assert_max_num_queries(len(deux.captured_queries)):
            contenu = texte(client.get(url))
        assert "12/2025" in contenu and "561,68 €" in contenu

    def test_ajuster_en_htmx(self, client_de, responsable_rennes):
        cej("Alpha")
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        ligne = LignePaiement.objects.get()
        url = reverse("dispositifs:ligne_ajuster", kwargs={"pk": ligne.pk})
        client = client_de(responsable_rennes)
        prefixe = f"l{ligne.pk}"
        reponse = client.post(
            url, {f"{prefixe}-montant": "100", f"{prefixe}-motif": ""}, headers={"HX-Request": "true"}
        )
        assert reponse.status_code == 400
        assert "Indiquez le motif de l'ajustement (suspension, absence…)." in texte(reponse)
        assert "<html" not in texte(reponse)
        reponse = client.post(
            url,
            {f"{prefixe}-montant": "100,50", f"{prefixe}-motif": "Suspension 15 jours"},
            headers={"HX-Request": "true"},
        )
        assert reponse.status_code == 200
        assert f'<tr id="ligne-{ligne.pk}">' in texte(reponse) and "Ajusté" in texte(reponse)
        ligne.refresh_from_db()
        assert (ligne.montant, ligne.motif_ajustement, ligne.ajuste_par) == (
            Decimal("100.50"),
            "Suspension 15 jours",
            responsable_rennes,
        )
        assert preparation.lignes.count() == 1

    def test_ajuster_sans_htmx(self, client_de, responsable_rennes):
        cej("Alpha")
        services.preparation_creer(mois=D(2025, 5, 1), par=None)
        ligne = LignePaiement.objects.get()
        url = reverse("dispositifs:ligne_ajuster", kwargs={"pk": ligne.pk})
        reponse = client_de(responsable_rennes).post(
            url, {f"l{ligne.pk}-montant": "900", f"l{ligne.pk}-motif": "x"}, follow=True
        )
        assert "Le montant doit être compris entre 0 et 561,68\u00a0€." in texte(reponse)
        assert client_de(responsable_rennes).get(url).status_code == 405

    def test_ajuster_refuse_au_conseiller(self, client_de, conseiller_rennes):
        cej("Alpha")
        services.preparation_creer(mois=D(2025, 5, 1), par=None)
        ligne = LignePaiement.objects.get()
        url = reverse("dispositifs:ligne_ajuster", kwargs={"pk": ligne.pk})
        assert client_de(conseiller_rennes).post(url, {f"l{ligne.pk}-montant": "0"}).status_code == 403

    def test_valider_puis_exporter(self, client_de, responsable_rennes):
        cej("Alpha", france_travail_identifiant="1234567A")
        cej("Bravo", naissance=D(2008, 6, 1))
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        client = client_de(responsable_rennes)
        export = reverse("dispositifs:preparation_export", kwargs={"pk": preparation.pk}) + "?format=csv"
        reponse = client.get(export, follow=True)
        assert "L'ordre de paiement s'exporte une fois la préparation validée." in texte(reponse)
        url = reverse("dispositifs:preparation_valider", kwargs={"pk": preparation.pk})
        reponse = client.post(url, {"date_paiement": "2025-06-05"}, follow=True)
        assert "Paiements validés et enregistrés comme versements" in texte(reponse)
        assert sorted(
            Versement.objects.filter(fonds=FondsAllocation.CEJ, periode="2025-05").values_list("montant", flat=True)
        ) == [Decimal("224.68"), Decimal("561.68")]
        reponse = client.get(export)
        lignes = reponse.content.decode("utf-8-sig").splitlines()
        assert lignes[0].startswith("Nom;Prénom;Date de naissance;Identifiant France Travail")
        assert lignes[1].startswith("ALPHA;") and "1234567A" in lignes[1]
        assert lignes[1].endswith(";2025-05;05/06/2025;561,68;561,68;")
        assert JournalAcces.objects.get().action == ActionAcces.EXPORT
        reponse = client.post(url, {"date_paiement": "2025-06-05"})
        assert reponse.status_code == 400 and "Cette préparation est déjà validée." in texte(reponse)

    def test_valider_date_avant_le_mois(self, client_de, responsable_rennes):
        cej("Alpha")
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        url = reverse("dispositifs:preparation_valider", kwargs={"pk": preparation.pk})
        reponse = client_de(responsable_rennes).post(url, {"date_paiement": "2025-04-30"})
        assert reponse.status_code == 400
        assert "La date de paiement ne peut pas précéder le mois couvert." in texte(reponse)
        assert not Versement.objects.exists()

    def test_recalculer(self, client_de, responsable_rennes):
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        cej("Nouveau")
        url = reverse("dispositifs:preparation_recalculer", kwargs={"pk": preparation.pk})
        reponse = client_de(responsable_rennes).post(url, follow=True)
        assert "Les montants dus sont recalculés" in texte(reponse) and "NOUVEAU" in texte(reponse)
        assert client_de(responsable_rennes).get(url).status_code == 405
