"""Référentiel territorial minimal tant que `charger_territoires` n'est pas disponible sur cette branche."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ANTENNES = [
    ("RENNES", "Antenne Rennes", ["RENNES_CENTRE", "RENNES_CLEUNAY", "RENNES_BREQUIGNY", "RENNES_BLOSNE"]),
    ("RENNES_METROPOLE", "Antenne Rennes Métropole", ["RM_CESSON_SEVIGNE", "RM_PAE_BETTON"]),
    ("BROCELIANDE", "Antenne Brocéliande", ["EPCI_243500618", "EPCI_243500550", "EPCI_200038990"]),
    ("NORD_EST", "Antenne Nord-Est", ["EPCI_243500774", "EPCI_243500667", "EPCI_243500659"]),
    ("VALLONS_DE_VILAINE", "Antenne Pays des Vallons de Vilaine", ["EPCI_200043990", "EPCI_200070662"]),
    ("HORS_BE", "Hors bassin d'emploi", ["HORS_BE"]),
]


def _referentiel_minimal():
    from antennes.models import Antenne, Commune, Secteur

    for i, (code, nom, secteurs) in enumerate(ANTENNES):
        antenne = Antenne.objects.create(code=code, nom=nom, ordre=i, est_hors_bassin=code == "HORS_BE")
        for j, secteur in enumerate(secteurs):
            Secteur.objects.create(code=secteur, nom=secteur.replace("_", " ").title(), antenne=antenne, ordre=j)
        Commune.objects.create(code_insee=f"99{i:03d}", nom=f"Commune {nom}", departement="35", antenne=antenne)


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, request):
    # Remplace la fixture commune (qui exige `charger_territoires`) : base de test puis référentiel.
    with django_db_blocker.unblock():
        from django.test.utils import setup_databases

        noms = setup_databases(verbosity=0, interactive=False, keepdb=False)
        try:
            call_command("charger_territoires", verbosity=0)
        except CommandError:
            _referentiel_minimal()
    yield
    with django_db_blocker.unblock():
        from django.test.utils import teardown_databases

        teardown_databases(noms, verbosity=0)
