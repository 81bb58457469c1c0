"""Le référentiel territorial chargé par `charger_territoires` (fait une fois pour la session de tests)."""

import pytest
from django.core.management import call_command

from antennes.models import Antenne, Commune, Epci, Secteur
from antennes.referentiel import SIREN_RENNES_METROPOLE

pytestmark = pytest.mark.django_db


def test_comptes_du_bassin_d_emploi():
    assert Antenne.objects.count() == 6
    assert Commune.objects.du_bassin().count() == 147
    assert Commune.objects.filter(epci__siren=SIREN_RENNES_METROPOLE).count() == 43
    assert Epci.objects.filter(antenne__isnull=False).count() == 9
    # Toutes les communes actuelles de France sont chargées, pour qu'une adresse hors bassin soit valide.
    assert Commune.objects.count() > 34_000


@pytest.mark.parametrize(
    ("code_insee", "antenne", "secteur"),
    [
        ("35238", "RENNES", None),  # Rennes : le quartier doit être choisi
        ("35001", "RENNES_METROPOLE", "RM_ACIGNE"),
        ("35051", "RENNES_METROPOLE", "RM_CESSON_SEVIGNE"),
        ("35024", "RENNES_METROPOLE", "RM_PAE_BETTON"),
        ("35152", "NORD_EST", "EPCI_243500774"),  # Liffré → Liffré-Cormier Communauté
        ("35188", "BROCELIANDE", "EPCI_243500550"),  # Montfort-sur-Meu → Montfort Communauté
        ("35288", "HORS_BE", "HORS_BE"),  # Saint-Malo
        ("75056", "HORS_BE", "HORS_BE"),  # Paris
    ],
)
def test_rattachement_des_communes(code_insee, antenne, secteur):
    commune = Commune.objects.select_related("antenne", "secteur_defaut").get(code_insee=code_insee)
    assert commune.antenne.code == antenne
    assert (commune.secteur_defaut.code if commune.secteur_defaut else None) == secteur


def test_chaque_commune_de_rennes_metropole_hors_rennes_a_un_secteur_de_son_antenne():
    communes = Commune.objects.filter(epci__siren=SIREN_RENNES_METROPOLE).exclude(code_insee="35238")
    assert communes.count() == 42
    for commune in communes.select_related("secteur_defaut__antenne"):
        assert commune.secteur_defaut is not None, commune
        assert commune.secteur_defaut.antenne.code == "RENNES_METROPOLE"


def test_secteurs_par_defaut():
    par_antenne = {a.code: set(a.secteurs.values_list("code", flat=True)) for a in Antenne.objects.all()}
    assert par_antenne["RENNES"] == {
        "RENNES_CENTRE",
        "RENNES_CLEUNAY",
        "RENNES_BREQUIGNY",
        "RENNES_BLOSNE",
        "RENNES_MAUREPAS",
        "RENNES_VILLEJEAN",
    }
    assert len(par_antenne["RENNES_METROPOLE"]) == 14
    assert par_antenne["BROCELIANDE"] == {"EPCI_243500550", "EPCI_200038990", "EPCI_243500618"}
    assert par_antenne["NORD_EST"] == {"EPCI_243500774", "EPCI_243500667", "EPCI_243500659"}
    assert par_antenne["VALLONS_DE_VILAINE"] == {"EPCI_200043990", "EPCI_200070662"}
    assert par_antenne["HORS_BE"] == {"HORS_BE"}
    # Les secteurs PAE sont une proposition à faire valider par l'agence.
    assert Secteur.objects.get(code="RM_PAE_SUD_EST").a_valider
    assert not Secteur.objects.get(code="RM_ACIGNE").a_valider


def test_rechargement_idempotent_et_respect_des_modifications_de_l_administration():
    secteur = Secteur.objects.get(code="RM_PAE_OUEST")
    secteur.nom = "PAE Ouest (validé)"
    secteur.save()
    mordelles = Commune.objects.get(code_insee="35196")
    mordelles.secteur_defaut = Secteur.objects.get(code="RM_PAE_HERMITAGE")
    mordelles.save()
    avant = (Commune.objects.count(), Secteur.objects.count(), Epci.objects.count())

    call_command("charger_territoires", verbosity=0)

    assert (Commune.objects.count(), Secteur.objects.count(), Epci.objects.count()) == avant
    assert Secteur.objects.get(code="RM_PAE_OUEST").nom == "PAE Ouest (validé)"
    assert Commune.objects.get(code_insee="35196").secteur_defaut.code == "RM_PAE_HERMITAGE"


def test_recherche_de_commune_sans_accents_par_nom_code_ou_code_postal():
    assert Commune.objects.recherche("cesson sev").filter(code_insee="35051").exists()
    assert Commune.objects.recherche("CESSON-SÉVIGNÉ").filter(code_insee="35051").exists()
    assert Commune.objects.recherche("35238").get().nom == "Rennes"
    assert Commune.objects.recherche("35510").filter(code_insee="35051").exists()


def test_un_lieu_d_accueil_par_antenne_du_bassin_sans_toucher_aux_lieux_modifies():
    from antennes.models import LieuAccueil

    lieux = {lieu.antenne.code: lieu for lieu in LieuAccueil.objects.select_related("antenne")}
    assert set(lieux) == {"RENNES", "RENNES_METROPOLE", "BROCELIANDE", "NORD_EST", "VALLONS_DE_VILAINE"}
    assert lieux["BROCELIANDE"].nom == "Locaux de l'antenne Brocéliande" and lieux["BROCELIANDE"].actif
    # Renommé ou désactivé dans l'administration : un nouveau chargement ne le recrée ni ne le modifie.
    LieuAccueil.objects.filter(pk=lieux["RENNES"].pk).update(nom="Maison de l'emploi", actif=False)
    call_command("charger_territoires", verbosity=0)
    assert LieuAccueil.objects.count() == 5
    assert LieuAccueil.objects.get(antenne__code="RENNES").nom == "Maison de l'emploi"
