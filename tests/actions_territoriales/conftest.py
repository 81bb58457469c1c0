import pytest

from comptes.enums import Role
from tests.weker.factories import UtilisateurFactory


@pytest.fixture
def entreprises_rennes(antenne_rennes):
    """Conseillère relations entreprises (droit `relations_entreprises`) de l'antenne de Rennes."""
    return UtilisateurFactory(username="ines", role=Role.CONSEILLER, antenne=antenne_rennes, relations_entreprises=True)
