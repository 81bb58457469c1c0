import json

import pytest

from messagerie import services
from messagerie.enums import Canal
from tests.accompagnement.factories import JeuneFactory


@pytest.fixture
def fichier_sms(settings, tmp_path):
    """Sans clé Brevo, les SMS sont écrits dans ce fichier : on lit ce qui est « parti »."""
    settings.WEKER_SMS_BREVO_CLE = ""
    settings.WEKER_SMS_FICHIER = tmp_path / "sms.jsonl"

    def lire():
        if not settings.WEKER_SMS_FICHIER.exists():
            return []
        return [json.loads(ligne) for ligne in settings.WEKER_SMS_FICHIER.read_text().splitlines()]

    return lire


@pytest.fixture
def jeune_consentant(conseiller_rennes):
    """Un jeune de Rennes qui accepte SMS et courriel (mobile et adresse valides)."""
    jeune = JeuneFactory(referent=conseiller_rennes, telephone="06 12 34 56 78", courriel="camille@exemple.fr")
    for canal in (Canal.SMS, Canal.COURRIEL):
        services.consentement_enregistrer(jeune=jeune, canal=canal, accepte=True, par=conseiller_rennes)
    return jeune
