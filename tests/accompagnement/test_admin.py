import pytest
from django.urls import reverse

from tests.accompagnement.factories import EvenementFactory, SessionCollectiveFactory

pytestmark = pytest.mark.django_db


def test_administration_en_francais_pour_l_administrateur(client_de, administrateur):
    evenement = EvenementFactory(avec_services=True)
    SessionCollectiveFactory(theme="Atelier CV")
    client = client_de(administrateur)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Sessions collectives" in index
    assert "Atelier CV" in client.get(reverse("admin:accompagnement_sessioncollective_changelist")).content.decode()
    # Les données des jeunes ne passent pas par /gestion/ (pas de portail, pas de journal des accès).
    assert "/gestion/accompagnement/jeune/" not in index
    assert client.get(f"/gestion/accompagnement/jeune/{evenement.jeune.pk}/change/").status_code == 404
    assert client.get(f"/gestion/accompagnement/evenement/{evenement.pk}/change/").status_code == 404


def test_administration_refusee_au_conseiller(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(reverse("admin:accompagnement_sessioncollective_changelist"))
    assert reponse.status_code in (302, 403)


def test_listes_configurables_des_themes_et_programmes(client_de, administrateur, conseiller_rennes):
    """L'administrateur ajoute un thème ; le code, clé des indicateurs, ne change plus et rien ne se supprime."""
    from accompagnement.models import ThemeAtelier

    client = client_de(administrateur)
    ajout = reverse("admin:accompagnement_themeatelier_add")
    reponse = client.post(ajout, {"code": "sport", "libelle": "Sport et insertion", "ordre": 20, "actif": "on"})
    assert reponse.status_code == 302
    theme = ThemeAtelier.objects.get(code="sport")
    modification = reverse("admin:accompagnement_themeatelier_change", args=[theme.pk])
    client.post(modification, {"code": "autre_code", "libelle": "Sport", "ordre": 20, "actif": "on"})
    theme.refresh_from_db()
    assert (theme.code, theme.libelle) == ("sport", "Sport")
    assert client.post(reverse("admin:accompagnement_themeatelier_delete", args=[theme.pk])).status_code == 403
    assert (
        "Prestation préparatoire"
        in client.get(reverse("admin:accompagnement_programmeformation_changelist")).content.decode()
    )
    assert client_de(conseiller_rennes).get(ajout).status_code in (302, 403)
