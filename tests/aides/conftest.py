import pytest

from tests.aides.factories import budget_rennes_metropole


@pytest.fixture
def budget_rm(db):
    return budget_rennes_metropole()


@pytest.fixture(autouse=True)
def media_temporaire(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
