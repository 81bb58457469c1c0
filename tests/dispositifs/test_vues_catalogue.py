import datetime

import pytest
from django.urls import reverse

from securite.models import ActionAcces, JournalAcces
from tests.dispositifs.factories import InscriptionFactory, JeuneFactory, dispositif
from tests.dispositifs.outils import texte

pytestmark = pytest.mark.django_db

D = datetime.date


class TestCatalogue:
    url = staticmethod(lambda: reverse("dispositifs:liste"))

    @pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "direction", "administrateur"])
    def test_visible(self, request, client_de, persona):
        reponse = client_de(request.getfixturevalue(persona)).get(self.url())
        assert reponse.status_code == 200
        contenu = texte(reponse)
        assert "Contrat d'engagement jeune" in contenu
        assert "Fermé aux entrées depuis le 01/03/2022" in contenu
        assert "Un entretien tous les 15 jours" in contenu
        assert "Durée : 6 mois, renouvelable 1 fois jusqu'à 12 mois" in contenu
        assert "Durée : 12 mois, renouvelable jusqu'à 18 mois" in contenu
        assert "Incompatible avec PACEA en même temps" in contenu

    @pytest.mark.parametrize("persona", ["membre_commission", "secretariat_faj"])
    def test_refuse(self, request, client_de, persona):
        assert client_de(request.getfixturevalue(persona)).get(self.url()).status_code == 403

    def test_mauvaise_methode(self, client_de, conseiller_rennes):
        assert client_de(conseiller_rennes).post(self.url()).status_code == 405

    def test_effectifs(self, client_de, conseiller_rennes):
        InscriptionFactory(dispositif=dispositif("plie"))
        InscriptionFactory(dispositif=dispositif("plie"), jeune=JeuneFactory(broceliande=True))
        reponse = client_de(conseiller_rennes).get(self.url())
        plie = next(d for d in reponse.context["dispositifs"] if d.code == "plie")
        assert (plie.en_cours_antenne, plie.en_cours) == (1, 2)

    def test_nombre_de_requetes_constant(self, client_de, conseiller_rennes, django_assert_max_num_queries):
        client = client_de(conseiller_rennes)
        client.get(self.url())
        with django_assert_max_num_queries(12) as avant:
            client.get(self.url())
        for _ in range(10):
            InscriptionFactory(dispositif=dispositif("plie"))
        with django_assert_max_num_queries(len(avant.captured_queries)):
            client.get(self.url())


class TestBeneficiaires:
    def url(self, code="plie", **params):
        url = reverse("dispositifs:beneficiaires", kwargs={"code": code})
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        return url

    @pytest.fixture
    def inscriptions(self):
        return {
            "rennes": InscriptionFactory(dispositif=dispositif("plie"), jeune=JeuneFactory(nom="Rennais")),
            "sorti": InscriptionFactory(
                dispositif=dispositif("plie"),
                jeune=JeuneFactory(nom="Parti"),
                date_sortie=D(2025, 6, 1),
                motif_sortie="emploi",
            ),
            "broceliande": InscriptionFactory(
                dispositif=dispositif("plie"), jeune=JeuneFactory(nom="Forestier", broceliande=True)
            ),
        }

    def test_antenne_de_l_utilisateur_par_defaut(self, client_de, conseiller_rennes, inscriptions):
        contenu = texte(client_de(conseiller_rennes).get(self.url()))
        assert "RENNAIS" in contenu
        assert "FORESTIER" not in contenu and "PARTI" not in contenu
        assert '<h2 class="h5 mt-4">Effectifs par antenne</h2>' in contenu

    def test_autre_antenne_et_toutes(self, client_de, conseiller_rennes, inscriptions, antenne_broceliande):
        client = client_de(conseiller_rennes)
        contenu = texte(client.get(self.url(antenne=antenne_broceliande.pk)))
        assert "FORESTIER" in contenu and "RENNAIS" not in contenu
        contenu = texte(client.get(self.url(antenne="")))
        assert "FORESTIER" in contenu and "RENNAIS" in contenu

    def test_direction_voit_toute_l_agence(self, client_de, direction, inscriptions):
        contenu = texte(client_de(direction).get(self.url()))
        assert "FORESTIER" in contenu and "RENNAIS" in contenu

    def test_filtres_statut_et_nom(self, client_de, conseiller_rennes, inscriptions):
        client = client_de(conseiller_rennes)
        contenu = texte(client.get(self.url(statut="sorties")))
        assert "PARTI" in contenu and "01/06/2025 (Emploi)" in contenu and "RENNAIS" not in contenu
        contenu = texte(client.get(self.url(statut="toutes", nom="renn")))
        assert "RENNAIS" in contenu and "PARTI" not in contenu

    def test_filtre_referent(self, client_de, conseiller_rennes, inscriptions):
        InscriptionFactory(dispositif=dispositif("plie"), jeune=JeuneFactory(nom="Suivi", referent=conseiller_rennes))
        contenu = texte(client_de(conseiller_rennes).get(self.url(referent=conseiller_rennes.pk)))
        assert "SUIVI" in contenu and "RENNAIS" not in contenu

    def test_partiel_htmx(self, client_de, conseiller_rennes, inscriptions):
        reponse = client_de(conseiller_rennes).get(self.url(), headers={"HX-Request": "true"})
        contenu = texte(reponse)
        assert "RENNAIS" in contenu and "1 inscription(s)" in contenu
        assert "<h1" not in contenu and "<html" not in contenu

    def test_dispositif_inconnu(self, client_de, conseiller_rennes):
        assert client_de(conseiller_rennes).get(self.url(code="inconnu")).status_code == 404

    def test_refuse_au_membre_de_commission(self, client_de, membre_commission):
        assert client_de(membre_commission).get(self.url()).status_code == 403

    def test_mauvaise_methode(self, client_de, conseiller_rennes):
        assert client_de(conseiller_rennes).post(self.url()).status_code == 405

    def test_nombre_de_requetes_constant(self, client_de, conseiller_rennes, django_assert_max_num_queries):
        client = client_de(conseiller_rennes)
        for _ in range(2):
            InscriptionFactory(dispositif=dispositif("plie"))
        client.get(self.url())
        with django_assert_max_num_queries(20) as deux:
            client.get(self.url())
        for _ in range(18):
            InscriptionFactory(dispositif=dispositif("plie"), conseiller=conseiller_rennes)
        with django_assert_max_num_queries(len(deux.captured_queries)):
            reponse = client.get(self.url())
        assert "20 inscription(s)" in texte(reponse)


class TestExport:
    def url(self, **params):
        url = reverse("dispositifs:beneficiaires_export", kwargs={"code": "cej"})
        return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())

    def test_csv(self, client_de, conseiller_rennes):
        InscriptionFactory(jeune=JeuneFactory(nom="Export", prenom="Léa", date_naissance=D(2004, 6, 15)))
        InscriptionFactory(jeune=JeuneFactory(nom="Ailleurs", broceliande=True))
        reponse = client_de(conseiller_rennes).get(self.url(format="csv"))
        assert reponse.status_code == 200
        assert reponse["Content-Disposition"] == 'attachment; filename="beneficiaires-cej.csv"'
        lignes = reponse.content.decode("utf-8-sig").splitlines()
        assert lignes[0].startswith("Nom;Prénom;Date de naissance;Antenne")
        assert lignes[1].startswith("EXPORT;Léa;15/06/2004;")
        assert "01/05/2025;30/04/2026;0;;" in lignes[1]
        assert len(lignes) == 2
        journal = JournalAcces.objects.get()
        assert (journal.action, journal.objet, journal.utilisateur) == (
            ActionAcces.EXPORT,
            "Bénéficiaires Contrat d'engagement jeune (csv)",
            conseiller_rennes,
        )

    def test_xlsx(self, client_de, direction):
        reponse = client_de(direction).get(self.url(format="xlsx"))
        assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_format_inconnu(self, client_de, direction):
        assert client_de(direction).get(self.url(format="pdf")).status_code == 404

    def test_accueil_ne_peut_pas_exporter(self, client_de, accueil_rennes):
        assert client_de(accueil_rennes).get(self.url(format="csv")).status_code == 403
        assert not JournalAcces.objects.exists()

    def test_mauvaise_methode(self, client_de, direction):
        assert client_de(direction).post(self.url(format="csv")).status_code == 405
