"""Une seule notion d'alerte : la page des alertes, les badges du portefeuille et l'en-tête du dossier lisent les
mêmes lignes, recalculées à chaque écriture du suivi (issue 16) — sans clic sur « Recalculer maintenant »."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dispositifs import services
from dispositifs.enums import TypeAlerte
from dispositifs.models import Alerte
from tests.dispositifs.factories import InscriptionFactory, JeuneFactory, dispositif

pytestmark = pytest.mark.django_db

URL_ALERTES = reverse("dispositifs:alertes")
URL_PORTEFEUILLE = reverse("accompagnement:portefeuille")
HTMX = {"HX-Request": "true"}


def alertes_de_la_page(client):
    """Types affichés par la page des alertes, filtre « mes jeunes », toutes antennes, et le compte annoncé."""
    contenu = client.get(URL_ALERTES, {"mes_jeunes": "on", "antenne": ""}).content.decode()
    compte = int(re.search(r"(\d+) alerte\(s\)", contenu).group(1))
    return compte, sorted(re.findall(r"<td>([^<]+)</td>\s*<td>[^<]*</td>\s*</tr>", contenu))


def badges_du_portefeuille(client):
    contenu = client.get(URL_PORTEFEUILLE).content.decode()
    return sorted(re.findall(r'<span class="badge text-bg-warning" title="[^"]*">([^<]+)</span>', contenu))


def saisie_rapide(client, jeune):
    return client.post(
        reverse("accompagnement:evenement_rapide", kwargs={"pk": jeune.pk}),
        {
            "type": "entretien_individuel",
            "modalite": "telephone",
            "date": timezone.localdate().isoformat(),
            "duree_minutes": "20",
            "depuis": "portefeuille",
        },
        headers=HTMX,
    )


@pytest.fixture
def jeune_a_relancer(conseiller_rennes):
    """Sans contact depuis 4 mois, inscrit en CARS 35 (un entretien tous les 15 jours) depuis 2 mois."""
    jeune = JeuneFactory(referent=conseiller_rennes, antenne=conseiller_rennes.antenne, contact_ancien=True)
    InscriptionFactory(
        jeune=jeune, dispositif=dispositif("cars35"), date_entree=timezone.localdate() - datetime.timedelta(days=60)
    )
    services.alertes_calculer()  # écrit par des fabriques, hors des services : calcul d'installation (make run)
    return jeune


def test_la_page_et_les_badges_concordent(client_de, conseiller_rennes, jeune_a_relancer):
    client = client_de(conseiller_rennes)
    attendus = ["Entretien en retard", "Sans contact depuis plus de 3 mois"]
    assert alertes_de_la_page(client) == (2, attendus)
    assert badges_du_portefeuille(client) == attendus


def test_apres_une_saisie_rapide_l_alerte_disparait_partout(client_de, conseiller_rennes, jeune_a_relancer):
    client = client_de(conseiller_rennes)
    reponse = saisie_rapide(client, jeune_a_relancer)
    assert reponse.status_code == 200
    # colonne « Alertes » de la ligne remplacée hors bande : plus aucun badge
    assert f'<span id="alertes-{jeune_a_relancer.pk}" hx-swap-oob="true">—</span>' in reponse.content.decode()
    assert alertes_de_la_page(client) == (0, [])
    assert badges_du_portefeuille(client) == []
    dossier = client.get(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune_a_relancer.pk}))
    assert "Sans contact depuis" not in dossier.content.decode()


def test_l_en_tete_du_dossier_montre_les_memes_alertes(client_de, conseiller_rennes, jeune_a_relancer):
    contenu = client_de(conseiller_rennes).get(
        reverse("accompagnement:jeune_detail", kwargs={"pk": jeune_a_relancer.pk})
    )
    contenu = contenu.content.decode()
    assert "Sans contact depuis plus de 3 mois :</span> Sans contact depuis le" in contenu
    assert "Entretien en retard :</span> CARS 35 : entretien en retard" in contenu


def test_sortie_du_dispositif_retire_ses_alertes_et_garde_celles_du_suivi(conseiller_rennes, jeune_a_relancer):
    inscription = jeune_a_relancer.inscriptions.get()
    services.inscription_sortir(
        inscription=inscription, date_sortie=timezone.localdate(), motif_sortie="abandon", par=conseiller_rennes
    )
    assert list(Alerte.objects.values_list("type", flat=True)) == [TypeAlerte.SANS_CONTACT]


def test_la_page_explique_ce_qu_est_une_alerte(client_de, conseiller_rennes):
    contenu = client_de(conseiller_rennes).get(URL_ALERTES).content.decode()
    assert "Qu'est-ce qu'une alerte ?" in contenu
    assert "mêmes alertes que les badges du" in contenu
    for libelle in TypeAlerte.labels:
        assert f"<strong>{libelle}</strong>" in contenu.replace("&#x27;", "'")


@pytest.mark.parametrize("persona", ["accueil_rennes", "membre_commission"])
def test_page_des_alertes_toujours_refusee(client_de, persona, request):
    assert client_de(request.getfixturevalue(persona)).get(URL_ALERTES).status_code == 403
