import pytest

from accompagnement.enums import Nationalite
from accompagnement.models import AffectationReferent, Jeune
from tests.accompagnement.factories import (
    EvenementFactory,
    JeuneFactory,
    ParticipationFactory,
    SessionCollectiveFactory,
    SituationFactory,
)


@pytest.mark.django_db
def test_fabriques_et_traits(conseiller_rennes):
    jeune = JeuneFactory(referent=conseiller_rennes)
    assert jeune.antenne.code == "RENNES"
    assert jeune.secteur.antenne_id == jeune.antenne_id
    assert jeune.age == 19
    assert AffectationReferent.objects.get(jeune=jeune, fin__isnull=True).referent == conseiller_rennes
    assert JeuneFactory(broceliande=True).antenne.code == "BROCELIANDE"
    assert JeuneFactory(rennes_metropole=True).antenne.code == "RENNES_METROPOLE"
    assert JeuneFactory(hors_bassin=True).antenne.code == "HORS_BE"
    mineur = JeuneFactory(mineur=True)
    assert mineur.est_mineur and mineur.representants_legaux.count() == 1
    assert JeuneFactory(hors_ue=True).nationalite == Nationalite.HORS_UE
    JeuneFactory(archive=True)
    JeuneFactory(anonymise=True)
    assert Jeune.objects.actifs().count() == 6
    assert EvenementFactory(avec_services=True).services.count() == 2
    assert EvenementFactory(contact=True).type == "contact"
    assert ParticipationFactory(session=SessionCollectiveFactory(information_collective=True)).presence == "inscrit"
    SituationFactory(formation=True).full_clean()
    SituationFactory(immersion=True).full_clean()
    SituationFactory().full_clean()
