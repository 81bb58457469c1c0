"""Services des mises en relation et des immersions : cas limites (offre recrutée deux fois, double envoi, postes
pourvus, limites des PMSMP au jour près, situation créée une seule fois)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accompagnement.models import Situation
from entreprises import services_jeunes
from entreprises.models import Immersion, MiseEnRelation
from tests.accompagnement.factories import JeuneFactory
from tests.entreprises.factories_jeunes import EntrepriseFactory, ImmersionFactory, MiseEnRelationFactory, OffreFactory

pytestmark = pytest.mark.django_db
J = datetime.date


@pytest.fixture
def jeune(conseiller_rennes):
    return JeuneFactory(referent=conseiller_rennes)


def test_proposer_sur_une_offre_prend_son_entreprise(jeune, conseiller_rennes):
    offre = OffreFactory()
    mise = services_jeunes.mise_en_relation_creer(jeune=jeune, par=conseiller_rennes, offre=offre, date=J(2026, 2, 2))
    assert (mise.entreprise, mise.offre, mise.resultat, mise.conseiller) == (
        offre.entreprise,
        offre,
        "proposee",
        conseiller_rennes,
    )
    # Double envoi du formulaire : la même mise en relation, pas une seconde.
    assert (
        services_jeunes.mise_en_relation_creer(jeune=jeune, par=conseiller_rennes, offre=offre, date=J(2026, 2, 2))
        == mise
    )
    assert MiseEnRelation.objects.count() == 1
    # Le lendemain, tant que la première est en cours : refusé.
    with pytest.raises(ValidationError, match="déjà proposé"):
        services_jeunes.mise_en_relation_creer(jeune=jeune, par=conseiller_rennes, offre=offre, date=J(2026, 2, 3))


def test_pas_de_proposition_sur_une_offre_fermee_ni_dans_le_futur(jeune, conseiller_rennes):
    with pytest.raises(ValidationError, match="pourvue"):
        services_jeunes.mise_en_relation_creer(jeune=jeune, par=conseiller_rennes, offre=OffreFactory(statut="pourvue"))
    with pytest.raises(ValidationError) as erreur:
        services_jeunes.mise_en_relation_creer(
            jeune=jeune,
            par=conseiller_rennes,
            entreprise=EntrepriseFactory(),
            date=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert "futur" in erreur.value.message_dict["date"][0]
    assert not MiseEnRelation.objects.exists()


def test_recrute_cree_la_situation_une_fois_et_pourvoit_l_offre(jeune, conseiller_rennes):
    offre = OffreFactory(nombre_postes=1, type_contrat="cdi", entreprise=EntrepriseFactory(naf="56.10A"))
    mise = MiseEnRelationFactory(jeune=jeune, entreprise=offre.entreprise, offre=offre)
    services_jeunes.mise_en_relation_resultat(mise_en_relation=mise, resultat="entretien", par=conseiller_rennes)
    mise = services_jeunes.mise_en_relation_resultat(
        mise_en_relation=mise, resultat="recrute", par=conseiller_rennes, date_embauche=J(2026, 3, 1)
    )
    situation = Situation.objects.get(jeune=jeune)
    assert mise.situation == situation
    assert (situation.categorie, situation.type, situation.date_debut) == ("emploi", "cdi", J(2026, 3, 1))
    assert (situation.entreprise, situation.secteur_naf, situation.intitule) == (offre.entreprise, "I", offre.intitule)
    offre.refresh_from_db()
    assert offre.statut == "pourvue"
    # Double envoi : rien de plus.
    services_jeunes.mise_en_relation_resultat(mise_en_relation=mise, resultat="recrute", par=conseiller_rennes)
    assert Situation.objects.filter(jeune=jeune).count() == 1
    # Un résultat final ne change plus.
    with pytest.raises(ValidationError, match="ne change plus"):
        services_jeunes.mise_en_relation_resultat(mise_en_relation=mise, resultat="sans_suite", par=conseiller_rennes)


def test_offre_recrutee_deux_fois(conseiller_rennes):
    """Deux postes : deux recrutements, l'offre est pourvue au second ; un troisième jeune est refusé."""
    offre = OffreFactory(nombre_postes=2)
    mises = [MiseEnRelationFactory(entreprise=offre.entreprise, offre=offre) for _ in range(3)]
    services_jeunes.mise_en_relation_resultat(mise_en_relation=mises[0], resultat="recrute", par=conseiller_rennes)
    offre.refresh_from_db()
    assert offre.statut == "ouverte"
    services_jeunes.mise_en_relation_resultat(mise_en_relation=mises[1], resultat="recrute", par=conseiller_rennes)
    offre.refresh_from_db()
    assert offre.statut == "pourvue"
    with pytest.raises(ValidationError, match="déjà pourvus"):
        services_jeunes.mise_en_relation_resultat(mise_en_relation=mises[2], resultat="recrute", par=conseiller_rennes)
    mises[2].refresh_from_db()
    assert mises[2].resultat == "proposee"
    assert Situation.objects.count() == 2


def test_candidature_spontanee_recrutee_exige_le_contrat(jeune, conseiller_rennes):
    mise = MiseEnRelationFactory(jeune=jeune)
    with pytest.raises(ValidationError) as erreur:
        services_jeunes.mise_en_relation_resultat(mise_en_relation=mise, resultat="recrute", par=conseiller_rennes)
    assert "type_contrat" in erreur.value.message_dict
    mise.refresh_from_db()
    assert mise.resultat == "proposee" and not Situation.objects.exists()
    services_jeunes.mise_en_relation_resultat(
        mise_en_relation=mise, resultat="recrute", par=conseiller_rennes, type_contrat="interim"
    )
    assert Situation.objects.get(jeune=jeune).type == "interim"


def test_recrute_sur_un_stage_sans_situation_d_emploi(jeune, conseiller_rennes):
    offre = OffreFactory(type_contrat="stage")
    mise = MiseEnRelationFactory(jeune=jeune, entreprise=offre.entreprise, offre=offre)
    mise = services_jeunes.mise_en_relation_resultat(mise_en_relation=mise, resultat="recrute", par=conseiller_rennes)
    assert mise.resultat == "recrute" and mise.situation is None
    assert not Situation.objects.exists()


def test_embauche_avant_la_mise_en_relation_refusee(jeune, conseiller_rennes):
    mise = MiseEnRelationFactory(jeune=jeune, date=J(2026, 2, 2))
    with pytest.raises(ValidationError):
        services_jeunes.mise_en_relation_resultat(
            mise_en_relation=mise,
            resultat="recrute",
            par=conseiller_rennes,
            date_embauche=J(2026, 2, 1),
            type_contrat="cdi",
        )
    assert not Situation.objects.exists()


def _convention(jeune, entreprise, debut, fin, **autres):
    return services_jeunes.immersion_creer(
        jeune=jeune,
        entreprise=entreprise,
        par=None,
        objet=autres.pop("objet", "decouvrir"),
        metier="Boulanger",
        date_debut=debut,
        date_fin=fin,
        tuteur_nom="Paul Fournil",
        **autres,
    )


def test_immersion_d_un_mois_de_date_a_date_au_jour_pres(jeune):
    entreprise = EntrepriseFactory()
    _convention(jeune, entreprise, J(2026, 3, 15), J(2026, 4, 14))
    with pytest.raises(ValidationError) as erreur:
        _convention(jeune, EntrepriseFactory(), J(2026, 3, 15), J(2026, 4, 15))
    assert "14/04/2026" in erreur.value.message_dict["date_fin"][0]
    assert Immersion.objects.count() == 1


def test_renouvellement_une_fois_pour_le_meme_objet(jeune):
    entreprise = EntrepriseFactory()
    premiere = _convention(jeune, entreprise, J(2026, 3, 2), J(2026, 3, 31))
    with pytest.raises(ValidationError, match="même objet"):
        _convention(jeune, entreprise, J(2026, 4, 1), J(2026, 4, 30), objet="confirmer", renouvellement_de=premiere)
    with pytest.raises(ValidationError, match="après la fin"):
        _convention(jeune, entreprise, J(2026, 3, 31), J(2026, 4, 29), renouvellement_de=premiere)
    seconde = _convention(jeune, entreprise, J(2026, 4, 1), J(2026, 4, 30), renouvellement_de=premiere)
    with pytest.raises(ValidationError, match="qu'une fois"):
        _convention(jeune, entreprise, J(2026, 5, 1), J(2026, 5, 2), renouvellement_de=premiere)
    with pytest.raises(ValidationError, match="qu'une fois"):
        _convention(jeune, entreprise, J(2026, 5, 1), J(2026, 5, 2), renouvellement_de=seconde)


def test_cumul_dans_la_meme_structure_sur_douze_mois(jeune):
    entreprise = EntrepriseFactory()
    _convention(jeune, entreprise, J(2026, 1, 1), J(2026, 1, 31))
    _convention(jeune, entreprise, J(2026, 3, 1), J(2026, 3, 31), objet="confirmer")  # 62 jours : la limite
    with pytest.raises(ValidationError, match="63 jours"):
        _convention(jeune, entreprise, J(2026, 6, 1), J(2026, 6, 1), objet="recrutement")
    _convention(jeune, EntrepriseFactory(), J(2026, 6, 1), J(2026, 6, 1))  # une autre structure : permis
    # Le lendemain de la fin de la fenêtre (la convention de janvier n'y compte plus) : permis.
    _convention(jeune, entreprise, J(2027, 1, 1), J(2027, 1, 1), objet="recrutement")


def test_une_convention_annulee_ne_compte_pas(jeune):
    entreprise = EntrepriseFactory()
    janvier = _convention(jeune, entreprise, J(2026, 1, 1), J(2026, 1, 31))
    _convention(jeune, entreprise, J(2026, 3, 1), J(2026, 3, 31), objet="confirmer")
    services_jeunes.immersion_annuler(immersion=janvier, par=None)
    _convention(jeune, entreprise, J(2026, 6, 1), J(2026, 6, 1), objet="recrutement")


def test_demarrer_cree_la_situation_une_fois(jeune, conseiller_rennes):
    immersion = ImmersionFactory(jeune=jeune, date_debut=J(2026, 3, 2), date_fin=J(2026, 3, 13))
    with pytest.raises(ValidationError, match="pas avant"):
        services_jeunes.immersion_demarrer(immersion=immersion, par=conseiller_rennes, aujourd_hui=J(2026, 3, 1))
    services_jeunes.immersion_demarrer(immersion=immersion, par=conseiller_rennes, aujourd_hui=J(2026, 3, 2))
    services_jeunes.immersion_demarrer(immersion=immersion, par=conseiller_rennes, aujourd_hui=J(2026, 3, 3))
    situation = Situation.objects.get(jeune=jeune)
    assert (situation.categorie, situation.type, situation.date_debut, situation.date_fin) == (
        "immersion",
        "pmsmp",
        J(2026, 3, 2),
        J(2026, 3, 13),
    )
    immersion.refresh_from_db()
    assert (immersion.statut, immersion.situation) == ("en_cours", situation)
    with pytest.raises(ValidationError, match="commencée"):
        services_jeunes.immersion_annuler(immersion=immersion, par=conseiller_rennes)


def test_dossier_hors_base_active_refuse(conseiller_rennes):
    from django.utils import timezone

    jeune = JeuneFactory(archive_le=timezone.now())
    with pytest.raises(ValidationError, match="base active"):
        services_jeunes.mise_en_relation_creer(jeune=jeune, par=conseiller_rennes, entreprise=EntrepriseFactory())
