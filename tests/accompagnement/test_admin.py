import pytest
from django.urls import reverse

from tests.accompagnement.factories import EvenementFactory, SessionCollectiveFactory

pytestmark = pytest.mark.django_db


def test_administration_en_francais_pour_l_administrateur(client_de, administrateur):
    evenement = EvenementFactory(avec_services=True)
    SessionCollectiveFactory(theme="Atelier CV")
    client = client_de(administrateur)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sessions collectives" in index and "Jeunes" in index
    liste = client.get(reverse("admin:accompagnement_jeune_changelist"), {"q": "x"})
    assert liste.status_code == 200
    fiche = client.get(reverse("admin:accompagnement_evenement_change", args=[evenement.pk]))
    assert fiche.status_code == 200 and "Services rendus" in fiche.content.decode()
    assert "Atelier CV" in client.get(reverse("admin:accompagnement_sessioncollective_changelist")).content.decode()


def test_administration_refusee_au_conseiller(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(reverse("admin:accompagnement_jeune_changelist"))
    assert reponse.status_code in (302, 403)
