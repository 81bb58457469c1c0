import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accompagnement import services
from accompagnement.enums import Modalite, Presence, Service, TypeEvenement
from accompagnement.models import AffectationReferent, Evenement, Jeune, SessionCollective
from accompagnement.selectors import doublons_probables, il_y_a_mois
from antennes.models import Secteur
from tests.accompagnement.factories import (
    JeuneFactory,
    ParticipationFactory,
    SessionCollectiveFactory,
    commune,
    ne_il_y_a,
)

pytestmark = pytest.mark.django_db

AUJOURD_HUI = timezone.localdate


def _donnees(**kwargs):
    donnees = {
        "nom": "Le Goff",
        "prenom": "Éloïse",
        "sexe": "f",
        "date_naissance": ne_il_y_a(19, jours=3),
        "commune": commune("35051"),
    }
    donnees.update(kwargs)
    return donnees


# --- Premier accueil : âge, territoire, nationalité, doublons -------------------------------------------------


def test_creer_un_jeune_deduit_antenne_et_secteur_de_la_commune(conseiller_rennes):
    jeune = services.jeune_creer(par=conseiller_rennes, referent=conseiller_rennes, **_donnees(niveau="4"))
    assert jeune.antenne.code == "RENNES_METROPOLE"
    assert jeune.secteur.code == "RM_CESSON_SEVIGNE"
    assert jeune.date_premier_accueil == AUJOURD_HUI()
    assert jeune.cree_par == conseiller_rennes
    assert jeune.confirmations == {"niveau": AUJOURD_HUI().isoformat()}
    assert AffectationReferent.objects.get(jeune=jeune).referent == conseiller_rennes


def test_rennes_exige_le_choix_du_quartier(accueil_rennes):
    with pytest.raises(ValidationError) as erreur:
        services.jeune_creer(par=accueil_rennes, **_donnees(commune=commune("35238")))
    assert "choisissez le secteur (quartier)" in erreur.value.message_dict["secteur"][0]
    blosne = Secteur.objects.get(code="RENNES_BLOSNE")
    jeune = services.jeune_creer(par=accueil_rennes, **_donnees(commune=commune("35238"), secteur=blosne))
    assert jeune.secteur == blosne and jeune.antenne.code == "RENNES"


def test_secteur_d_une_autre_antenne_refuse(accueil_rennes):
    blosne = Secteur.objects.get(code="RENNES_BLOSNE")
    with pytest.raises(ValidationError) as erreur:
        services.jeune_creer(par=accueil_rennes, **_donnees(commune=commune("35188"), secteur=blosne))
    assert "n'appartient pas à l'antenne" in erreur.value.message_dict["secteur"][0]


def _naissance_pour(age, le):
    return le.replace(year=le.year - age)


@pytest.mark.parametrize(
    ("age", "veille", "derogation", "accepte"),
    [
        (16, False, "", True),  # 16 ans le jour même : accepté
        (16, True, "", False),  # la veille de ses 16 ans : refusé
        (26, True, "", True),  # 25 ans, veille des 26 ans : accepté sans dérogation
        (26, False, "", False),  # 26 ans le jour même : dérogation nécessaire
        (26, False, "Sortie de l'ASE, suivi à poursuivre", True),
        (31, True, "Dérogation", True),  # 30 ans, veille des 31 : accepté avec dérogation
        (31, False, "Dérogation", False),  # 31 ans : refusé même avec dérogation
    ],
)
def test_bornes_d_age_au_premier_accueil(accueil_rennes, age, veille, derogation, accepte):
    le = datetime.date(2026, 3, 10)
    naissance = _naissance_pour(age, le) + datetime.timedelta(days=1 if veille else 0)
    donnees = _donnees(date_naissance=naissance, date_premier_accueil=le, derogation_age_motif=derogation)
    if accepte:
        assert services.jeune_creer(par=accueil_rennes, **donnees).pk
    else:
        with pytest.raises(ValidationError) as erreur:
            services.jeune_creer(par=accueil_rennes, **donnees)
        assert "ans au 10/03/2026" in str(erreur.value)


def test_premier_accueil_futur_refuse(accueil_rennes):
    with pytest.raises(ValidationError):
        services.jeune_creer(
            par=accueil_rennes, **_donnees(date_premier_accueil=AUJOURD_HUI() + datetime.timedelta(days=1))
        )


def test_hors_ue_exige_le_titre_de_sejour(accueil_rennes):
    with pytest.raises(ValidationError) as erreur:
        services.jeune_creer(par=accueil_rennes, **_donnees(nationalite="hors_ue"))
    assert set(erreur.value.message_dict) == {"titre_sejour_numero", "titre_sejour_expiration"}
    jeune = services.jeune_creer(
        par=accueil_rennes,
        **_donnees(
            nationalite="hors_ue",
            titre_sejour_numero="123",
            titre_sejour_expiration=AUJOURD_HUI() + datetime.timedelta(days=90),
        ),
    )
    assert jeune.titre_sejour_numero == "123"


def test_doublons_probables_sans_accents_ni_casse():
    existant = JeuneFactory(rennes_metropole=True, nom="Le Goff", prenom="Éloïse", date_naissance=ne_il_y_a(20))
    assert doublons_probables(nom="LE GOFF", prenom="eloise") == [existant]
    # même date de naissance, faute de frappe dans le nom
    assert doublons_probables(nom="Le Gof", prenom="Eloise", date_naissance=existant.date_naissance) == [existant]
    # nom et prénom inversés
    assert doublons_probables(nom="Eloise", prenom="Le Goff", date_naissance=existant.date_naissance) == [existant]
    assert doublons_probables(nom="Martin", prenom="Paul", date_naissance=existant.date_naissance) == []
    JeuneFactory(nom="Le Goff", prenom="Éloïse", archive=True)
    assert len(doublons_probables(nom="le goff", prenom="ELOISE")) == 1


def test_creation_refusee_si_doublon_non_ecarte(accueil_rennes):
    JeuneFactory(rennes_metropole=True, nom="Le Goff", prenom="Eloise")
    with pytest.raises(ValidationError) as erreur:
        services.jeune_creer(par=accueil_rennes, **_donnees())
    assert "déjà un dossier" in str(erreur.value)
    assert services.jeune_creer(par=accueil_rennes, confirme_sans_doublon=True, **_donnees()).pk


# --- Identité et situation -----------------------------------------------------------------------------------


def test_changer_de_commune_recalcule_antenne_et_secteur(conseiller_rennes):
    jeune = JeuneFactory()
    services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, commune=commune("35188"))
    jeune.refresh_from_db()
    assert jeune.antenne.code == "BROCELIANDE"
    assert jeune.secteur == commune("35188").secteur_defaut


def test_situation_date_les_elements_modifies(conseiller_rennes):
    jeune = JeuneFactory(niveau="3", confirmations={"niveau": "2025-01-02", "permis": "2025-01-02"})
    hier = AUJOURD_HUI() - datetime.timedelta(days=1)
    services.jeune_modifier_situation(jeune=jeune, par=conseiller_rennes, date=hier, niveau="4", permis="")
    assert jeune.confirmations == {"niveau": hier.isoformat(), "permis": "2025-01-02"}
    services.jeune_modifier_situation(jeune=jeune, par=conseiller_rennes, confirmer_tout=True, niveau="4", permis="")
    assert jeune.confirmations["permis"] == AUJOURD_HUI().isoformat()


# --- Référent -------------------------------------------------------------------------------------------------


def test_reaffectation_garde_l_historique(conseiller_rennes, responsable_rennes):
    jeune = JeuneFactory(referent=conseiller_rennes)
    services.jeune_affecter_referent(jeune=jeune, referent=responsable_rennes, par=responsable_rennes, motif="Congé")
    affectations = list(AffectationReferent.objects.filter(jeune=jeune).order_by("pk"))
    assert [a.referent for a in affectations] == [conseiller_rennes, responsable_rennes]
    assert affectations[0].fin == AUJOURD_HUI() and affectations[1].fin is None
    assert Jeune.objects.get(pk=jeune.pk).referent == responsable_rennes


def test_reaffectation_en_masse(conseiller_rennes, responsable_rennes, accueil_rennes):
    jeunes = [JeuneFactory(referent=conseiller_rennes) for _ in range(3)] + [JeuneFactory(referent=responsable_rennes)]
    assert services.jeunes_reaffecter(jeunes=jeunes, referent=responsable_rennes, par=responsable_rennes) == 3
    assert AffectationReferent.objects.filter(fin__isnull=True, referent=responsable_rennes).count() == 4
    with pytest.raises(ValidationError):
        services.jeunes_reaffecter(jeunes=jeunes, referent=accueil_rennes, par=responsable_rennes)


# --- Événements -----------------------------------------------------------------------------------------------


def test_entretien_met_a_jour_dernier_contact_et_prochain_rdv(conseiller_rennes):
    jeune = JeuneFactory(date_dernier_contact=AUJOURD_HUI() - datetime.timedelta(days=30))
    rdv = AUJOURD_HUI() + datetime.timedelta(days=14)
    evenement = services.evenement_creer(
        jeune=jeune,
        par=conseiller_rennes,
        type=TypeEvenement.ENTRETIEN_INDIVIDUEL,
        date=AUJOURD_HUI() - datetime.timedelta(days=2),
        modalite=Modalite.VISIO,
        services=[Service.MOBILITE_AIDE, Service.SANTE_ORIENTATION],
        prochain_rdv=rdv,
    )
    jeune.refresh_from_db()
    assert evenement.conseiller == conseiller_rennes
    assert sorted(evenement.services.values_list("service", flat=True)) == ["mobilite_aide", "sante_orientation"]
    assert jeune.date_dernier_contact == AUJOURD_HUI() - datetime.timedelta(days=2)
    assert jeune.date_prochain_rdv == rdv


def test_evenement_futur_refuse(conseiller_rennes):
    with pytest.raises(ValidationError) as erreur:
        services.evenement_creer(
            jeune=JeuneFactory(),
            par=conseiller_rennes,
            type=TypeEvenement.CONTACT,
            date=AUJOURD_HUI() + datetime.timedelta(days=1),
            modalite=Modalite.SMS,
        )
    assert "futur" in erreur.value.message_dict["date"][0]


def test_modalite_incoherente_refusee(conseiller_rennes):
    with pytest.raises(ValidationError) as erreur:
        services.evenement_creer(
            jeune=JeuneFactory(),
            par=conseiller_rennes,
            type=TypeEvenement.CONTACT,
            date=AUJOURD_HUI(),
            modalite=Modalite.PRESENTIEL,
        )
    assert "modalite" in erreur.value.message_dict


def test_il_y_a_mois_ramene_au_dernier_jour_du_mois():
    assert il_y_a_mois(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert il_y_a_mois(datetime.date(2026, 2, 28), -3) == datetime.date(2026, 5, 28)


# --- Sessions collectives -------------------------------------------------------------------------------------


def test_capacite_de_session(conseiller_rennes):
    session = SessionCollectiveFactory(capacite=2)
    ParticipationFactory(session=session)
    with pytest.raises(ValidationError) as erreur:
        services.session_inscrire(session=session, jeunes=[JeuneFactory(), JeuneFactory()], par=conseiller_rennes)
    assert "il reste 1 place(s) sur 2" in str(erreur.value)
    assert services.session_inscrire(session=session, jeunes=[JeuneFactory()], par=conseiller_rennes) == 1


def test_emargement_cree_et_retire_l_evenement(conseiller_rennes):
    session = SessionCollectiveFactory(passee=True)
    present = ParticipationFactory(session=session).jeune
    absent = ParticipationFactory(session=session).jeune
    presences = {present.pk: Presence.PRESENT, absent.pk: Presence.ABSENT}
    services.session_emarger(session=session, presences=presences, par=conseiller_rennes)
    services.session_emarger(session=session, presences=presences, par=conseiller_rennes)  # idempotent
    evenement = Evenement.objects.get(session=session)
    assert evenement.jeune == present and evenement.type == TypeEvenement.ATELIER
    assert evenement.theme_atelier == session.theme_atelier  # compté dans « ateliers par thème »
    present.refresh_from_db()
    assert present.date_dernier_contact == session.date
    services.session_emarger(session=session, presences={present.pk: Presence.ABSENT}, par=conseiller_rennes)
    assert not Evenement.objects.filter(session=session).exists()
    present.refresh_from_db()
    assert present.date_dernier_contact is None


def test_emargement_d_une_session_future_refuse(conseiller_rennes):
    session = SessionCollectiveFactory()
    jeune = ParticipationFactory(session=session).jeune
    with pytest.raises(ValidationError):
        services.session_emarger(session=session, presences={jeune.pk: Presence.PRESENT}, par=conseiller_rennes)


# --- Situations -----------------------------------------------------------------------------------------------


def test_situation_coherence_categorie_type_et_financeur(conseiller_rennes):
    jeune = JeuneFactory()
    debut = AUJOURD_HUI()
    with pytest.raises(ValidationError) as erreur:
        services.situation_creer(jeune=jeune, par=conseiller_rennes, categorie="emploi", type="pmsmp", date_debut=debut)
    assert "ne correspond pas" in erreur.value.message_dict["type"][0]
    with pytest.raises(ValidationError) as erreur:
        services.situation_creer(
            jeune=jeune, par=conseiller_rennes, categorie="formation", type="qualifiante", date_debut=debut
        )
    assert "financeur" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.situation_creer(
            jeune=jeune,
            par=conseiller_rennes,
            categorie="emploi",
            type="cdi",
            date_debut=debut,
            date_fin=debut - datetime.timedelta(days=1),
        )
    assert "date_fin" in erreur.value.message_dict
    situation = services.situation_creer(
        jeune=jeune,
        par=conseiller_rennes,
        categorie="formation",
        type="qualifiante",
        financeur="conseil_regional",
        date_debut=debut,
        employeur="AFPA",
        intitule="Cuisinier",
        secteur_activite="Restauration",
    )
    assert situation.saisi_par == conseiller_rennes


@pytest.mark.postgres
def test_index_trigramme_sur_le_nom_normalise():
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'accompagnement_jeune_nom_recherche_trgm'")
        (definition,) = curseur.fetchone()
    assert "gin_trgm_ops" in definition
    JeuneFactory(nom="Le Goff", prenom="Éloïse")
    assert Jeune.objects.recherche("GOFF elo").count() == 1


def test_session_programmee_a_partir_d_aujourd_hui_pour_au_moins_une_place(conseiller_rennes, antenne_rennes):
    hier = AUJOURD_HUI() - datetime.timedelta(days=1)
    donnees = {"type": "atelier", "theme": "CV", "date": hier, "antenne": antenne_rennes, "capacite": 0}
    with pytest.raises(ValidationError) as erreur:
        services.session_creer(par=conseiller_rennes, **donnees)
    assert erreur.value.message_dict == {
        "date": [
            f"Le {hier:%d/%m/%Y} est passé : une session se programme à partir d'aujourd'hui "
            f"({AUJOURD_HUI():%d/%m/%Y})."
        ],
        "capacite": ["La capacité doit être d'au moins une place."],
    }
    assert not SessionCollective.objects.exists()
    session = services.session_creer(par=conseiller_rennes, **{**donnees, "date": AUJOURD_HUI(), "capacite": 1})
    assert session.capacite == 1 and session.animateur == conseiller_rennes
