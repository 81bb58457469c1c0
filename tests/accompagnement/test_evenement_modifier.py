"""`evenement_modifier` : compléter ou corriger un entretien (le même événement, historisé) ; refus clairs, rien
ne change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accompagnement.services import evenement_modifier
from tests.accompagnement.factories import (
    EvenementFactory,
    JeuneFactory,
    ParticipationFactory,
    SessionCollectiveFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evenement(conseiller_rennes):
    return EvenementFactory(
        jeune=JeuneFactory(referent=conseiller_rennes),
        type="entretien_individuel",
        modalite="presentiel",
        date=timezone.localdate() - datetime.timedelta(days=1),
        conseiller=conseiller_rennes,
    )


def test_modifier_historise_et_remplace_les_services(evenement, conseiller_rennes):
    evenement_modifier(
        evenement=evenement,
        par=conseiller_rennes,
        compte_rendu="Vu.",
        services=["sante_information", "sante_information"],
    )
    evenement_modifier(evenement=evenement, par=conseiller_rennes, services=["mobilite_aide"])
    evenement.refresh_from_db()
    assert evenement.compte_rendu == "Vu."
    assert list(evenement.services.values_list("service", flat=True)) == ["mobilite_aide"]
    assert evenement.history.count() == 3 and evenement.history.first().history_user == conseiller_rennes


@pytest.mark.parametrize(
    ("donnees", "message"),
    [
        ({"date": timezone.localdate() + datetime.timedelta(days=1)}, "La date ne peut pas être dans le futur"),
        ({"modalite": "sms"}, "Modalité possible pour ce type d'événement"),
        ({"services": ["inconnu"]}, "Service inconnu : inconnu."),
        ({"type": "contact"}, "Champ non modifiable : type."),
    ],
)
def test_refus_sans_rien_changer(evenement, conseiller_rennes, donnees, message):
    with pytest.raises(ValidationError) as erreur:
        evenement_modifier(evenement=evenement, par=conseiller_rennes, compte_rendu="Modifié", **donnees)
    assert any(message in m for m in erreur.value.messages)
    evenement.refresh_from_db()
    assert evenement.compte_rendu != "Modifié" and evenement.history.count() == 1


def test_presence_a_une_session_non_modifiable(conseiller_rennes):
    session = SessionCollectiveFactory(animateur=conseiller_rennes)
    participation = ParticipationFactory(session=session)
    presence = EvenementFactory(jeune=participation.jeune, type="atelier", session=session, date=timezone.localdate())
    with pytest.raises(ValidationError) as erreur:
        evenement_modifier(evenement=presence, par=conseiller_rennes, compte_rendu="x")
    assert "se modifie depuis l'émargement" in erreur.value.messages[0]
