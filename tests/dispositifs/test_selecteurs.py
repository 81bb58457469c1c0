import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comptes.enums import Role
from dispositifs import selectors, services
from dispositifs.enums import FondsAllocation
from dispositifs.models import Dispositif, Versement
from tests.dispositifs.factories import InscriptionFactory, dispositif
from tests.dispositifs.outils import texte
from tests.weker.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    paiements=st.lists(
        st.tuples(st.integers(min_value=1, max_value=700), st.integers(min_value=1, max_value=200000)),
        min_size=1,
        max_size=12,
    )
)
def test_plafond_pacea_jamais_depasse_sur_12_mois_glissants(db, paiements):
    """Quels que soient les montants et les dates (croissantes), les versements acceptés sur toute fenêtre de
    12 mois se terminant à un versement ne dépassent jamais 6 × RSA en vigueur, et un versement n'est refusé que
    s'il dépasse le disponible."""
    with transaction.atomic():
        inscription = InscriptionFactory(dispositif=dispositif("pacea"), date_entree=D(2025, 4, 1))
        jour = D(2025, 4, 1)
        for ecart, centimes in paiements:
            jour += datetime.timedelta(days=ecart)
            if jour > inscription.date_fin_prevue:
                break
            montant = Decimal(centimes) / 100
            avant = selectors.plafond_pacea(jeune=inscription.jeune, dispositif=inscription.dispositif, date=jour)
            try:
                services.allocation_pacea_verser(
                    inscription=inscription, montant=montant, date=jour, motif="x", par=None
                )
                accepte = True
            except ValidationError:
                accepte = False
            assert accepte == (montant <= avant.restant)
            plafond = selectors.plafond_pacea(jeune=inscription.jeune, dispositif=inscription.dispositif, date=jour)
            assert plafond.deja_verse <= plafond.plafond == Decimal("3879.12")
            total = sum(
                Versement.objects.filter(
                    fonds=FondsAllocation.PACEA, date__gte=plafond.debut, date__lte=jour
                ).values_list("montant", flat=True)
            )
            assert total == plafond.deja_verse
        transaction.set_rollback(True)


def test_administration_du_catalogue(client_de):
    admin = UtilisateurFactory(username="admin-dispositifs", role=Role.ADMINISTRATEUR, is_staff=True)
    client = client_de(admin)
    cej = Dispositif.objects.get(code="cej")
    url = reverse("admin:dispositifs_dispositif_change", args=[cej.pk])
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert "Durée et renouvellements" in texte(reponse)
    reponse = client.get(reverse("admin:dispositifs_parametremontant_changelist"))
    assert reponse.status_code == 200 and "561,68" in texte(reponse)


def test_administration_refusee_au_conseiller(client_de):
    conseiller = UtilisateurFactory(username="staff-conseiller", role=Role.CONSEILLER, is_staff=True)
    reponse = client_de(conseiller).get(reverse("admin:dispositifs_dispositif_changelist"), follow=True)
    assert reponse.status_code == 403
