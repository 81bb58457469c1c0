"""Indicateurs de ../shared/specs/entreprises-actions.md, point d'interprétation par point d'interprétation."""

from datetime import date

import pytest

from accompagnement.enums import TypeEvenement
from accompagnement.models import ProgrammeFormation, SessionCollective, ThemeAtelier
from antennes.models import Antenne
from reporting.indicateurs import calculer_indicateurs
from tests.reporting.factories import (
    ActionFactory,
    DispositifFactory,
    EntrepriseFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    MiseEnRelationFactory,
    OffreFactory,
    ParticipationActionFactory,
    SituationFactory,
    _commune,
)

pytestmark = pytest.mark.django_db

N = 2018


def cohorte(d, code="cej"):
    return d["cohortes"][code]


# --- Cohortes des dispositifs ---------------------------------------------------------------------------------


def test_inscription_a_cheval_sur_31_decembre_beneficiaire_sans_entree_ni_sortie():
    InscriptionFactory(date_entree=date(N - 1, 12, 31), date_sortie=date(N + 1, 1, 1), motif_sortie="emploi")
    InscriptionFactory(date_entree=date(N, 12, 31))  # ouverte, entrée le dernier jour
    InscriptionFactory(date_entree=date(N - 1, 3, 1), date_sortie=date(N, 1, 1), motif_sortie="formation")
    InscriptionFactory(date_entree=date(N - 1, 3, 1), date_sortie=date(N - 1, 12, 31))  # hors N

    c = cohorte(calculer_indicateurs(N))

    assert c["beneficiaires"] == 3
    assert c["entrees"] == 1
    assert c["sorties"] == 1
    assert c["sorties_par_motif"]["formation"] == 1
    assert c["sorties_par_motif"]["emploi"] == 0
    assert c["sorties_emploi_formation"] == 1
    n_1 = cohorte(calculer_indicateurs(N + 1))
    assert (n_1["beneficiaires"], n_1["sorties"], n_1["sorties_par_motif"]["emploi"]) == (2, 1, 1)


def test_situation_le_jour_de_la_sortie_compte_le_lendemain_non():
    jeune = JeuneFactory()
    InscriptionFactory(jeune=jeune, date_entree=date(N, 3, 1), date_sortie=date(N, 6, 30), motif_sortie="emploi")
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=date(N, 6, 30))
    SituationFactory(jeune=jeune, categorie="emploi", type="interim", date_debut=date(N, 7, 1))
    SituationFactory(jeune=jeune, categorie="immersion", type="pmsmp", date_debut=date(N, 3, 1))  # jour d'entrée
    SituationFactory(jeune=jeune, categorie="immersion", type="pmsmp", date_debut=date(N, 2, 28))  # veille

    pendant = cohorte(calculer_indicateurs(N))["situations_pendant"]

    assert pendant == {"total": 2, "emploi": 1, "formation": 0, "immersion": 1}


def test_situation_pendant_une_inscription_ouverte_mais_debutee_en_n_seulement():
    jeune = JeuneFactory()
    InscriptionFactory(jeune=jeune, date_entree=date(N - 1, 10, 1))
    SituationFactory(
        jeune=jeune, categorie="formation", type="qualifiante", financeur="autre", date_debut=date(N, 9, 1)
    )
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=date(N - 1, 11, 1))  # début en N-1
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=date(N + 1, 1, 2))  # début en N+1
    autre = JeuneFactory()  # situation d'un jeune sans inscription : ne compte pas
    SituationFactory(jeune=autre, categorie="emploi", type="cdi", date_debut=date(N, 9, 1))

    assert cohorte(calculer_indicateurs(N))["situations_pendant"] == {
        "total": 1,
        "emploi": 0,
        "formation": 1,
        "immersion": 0,
    }


def test_situation_dans_deux_periodes_du_meme_dispositif_comptee_une_fois():
    jeune = JeuneFactory()
    InscriptionFactory(jeune=jeune, date_entree=date(N, 1, 1), date_sortie=date(N, 6, 30))
    InscriptionFactory(jeune=jeune, date_entree=date(N, 6, 30), date_sortie=date(N, 8, 1))
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=date(N, 6, 30))

    c = cohorte(calculer_indicateurs(N))

    assert c["situations_pendant"]["total"] == 1
    assert (c["beneficiaires"], c["entrees"], c["sorties"]) == (1, 2, 2)


def test_jeune_dans_deux_dispositifs_compte_dans_chacun():
    DispositifFactory(code="pacea")
    jeune = JeuneFactory(sexe="m", niveau="infra3", permis="non", rqth=True, qpv=True, hebergement="precaire")
    InscriptionFactory(jeune=jeune, date_entree=date(N, 2, 1), date_sortie=date(N, 3, 1))
    InscriptionFactory(jeune=jeune, dispositif=DispositifFactory(code="pacea"), date_entree=date(N, 3, 2))
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=date(N, 3, 1))

    d = calculer_indicateurs(N)

    profil = {"f": 0, "m": 1, "niveau_v_ou_moins": 1, "sans_permis": 1, "rqth": 1, "qpv": 1, "hebergement_precaire": 1}
    for code in ("cej", "pacea"):
        assert d["cohortes"][code]["beneficiaires"] == 1
        assert d["cohortes"][code]["profil"] == profil
    assert d["cohortes"]["cej"]["situations_pendant"]["emploi"] == 1
    assert d["cohortes"]["pacea"]["situations_pendant"]["emploi"] == 0
    assert d["dispositifs"]["cej"] == d["cohortes"]["cej"]["beneficiaires"]


def test_sortie_sans_motif_compte_dans_les_sorties_sous_aucun_motif():
    InscriptionFactory(date_entree=date(N, 1, 5), date_sortie=date(N, 4, 1), motif_sortie="")

    c = cohorte(calculer_indicateurs(N))

    assert c["sorties"] == 1
    assert sum(c["sorties_par_motif"].values()) == 0
    assert set(c["sorties_par_motif"]) == {
        "emploi",
        "formation",
        "abandon",
        "demenagement",
        "limite_age",
        "fin_de_droits",
        "autre",
    }


def test_profil_compte_chaque_beneficiaire_une_fois():
    jeune = JeuneFactory(sexe="f", niveau="3")
    InscriptionFactory(jeune=jeune, date_entree=date(N - 1, 1, 1), date_sortie=date(N, 1, 31))
    InscriptionFactory(jeune=jeune, date_entree=date(N, 2, 1))
    InscriptionFactory(jeune=JeuneFactory(sexe="f", niveau="4"), date_entree=date(N, 5, 1))

    c = cohorte(calculer_indicateurs(N))

    assert c["beneficiaires"] == 2
    assert (c["profil"]["f"], c["profil"]["m"], c["profil"]["niveau_v_ou_moins"]) == (2, 0, 1)


# --- Actions territoriales ------------------------------------------------------------------------------------


def test_jeune_dans_deux_types_d_actions_compte_une_fois_au_total():
    jeune = JeuneFactory()
    e1, e2 = EntrepriseFactory(), EntrepriseFactory()
    job_dating = ActionFactory(
        type="recrutement",
        public_demandeurs_emploi=30,
        public_tout_public=5,
        entretiens=12,
        seconds_entretiens=4,
        embauches=3,
        entreprises=[e1, e2],
    )
    visite = ActionFactory(type="decouverte_metiers", public_scolaires=50, entreprises=[e1])
    ActionFactory(type="decouverte_metiers", date=date(N + 1, 1, 1), public_scolaires=99, entreprises=[e2])
    ParticipationActionFactory(action=job_dating, jeune=jeune)
    ParticipationActionFactory(action=visite, jeune=jeune)
    ParticipationActionFactory(action=visite, jeune=JeuneFactory())

    a = calculer_indicateurs(N)["actions"]

    assert a["recrutement"] == {
        "actions": 1,
        "participants": 36,
        "jeunes": 1,
        "entreprises": 2,
        "entretiens": 12,
        "seconds_entretiens": 4,
        "embauches": 3,
    }
    assert a["decouverte_metiers"] == {
        "actions": 1,
        "participants": 52,
        "jeunes": 2,
        "entreprises": 1,
        "entretiens": 0,
        "seconds_entretiens": 0,
        "embauches": 0,
    }
    assert a["total"] == {
        "actions": 2,
        "participants": 35 + 50 + 2,
        "jeunes": 2,
        "entreprises": 2,
        "entretiens": 12,
        "seconds_entretiens": 4,
        "embauches": 3,
    }
    assert a["mixite"] == dict.fromkeys(a["mixite"], 0)


def test_actions_d_une_antenne_portees_ou_sur_sa_commune():
    rennes, broceliande = Antenne.objects.get(code="RENNES"), Antenne.objects.get(code="BROCELIANDE")
    ActionFactory(commune=_commune(broceliande))
    ActionFactory(commune=_commune(rennes), antenne=broceliande)  # portée par Brocéliande, à Rennes
    ActionFactory(commune=_commune(broceliande), antenne=rennes)

    assert calculer_indicateurs(N, "BROCELIANDE")["actions"]["total"]["actions"] == 2
    assert calculer_indicateurs(N, "RENNES")["actions"]["total"]["actions"] == 1
    assert calculer_indicateurs(N)["actions"]["total"]["actions"] == 3


# --- Entreprises ----------------------------------------------------------------------------------------------


def test_entreprise_contactee_une_fois_avec_offre_et_action():
    entreprise = EntrepriseFactory()
    OffreFactory(entreprise=entreprise, nombre_postes=3)
    OffreFactory(entreprise=entreprise, nombre_postes=2, date_reception=date(N, 12, 31))
    ActionFactory(entreprises=[entreprise])
    MiseEnRelationFactory(entreprise=entreprise, resultat="recrute")
    seulement_action = EntrepriseFactory()
    ActionFactory(entreprises=[seulement_action])
    hors_n = EntrepriseFactory()
    OffreFactory(entreprise=hors_n, date_reception=date(N - 1, 12, 31))
    MiseEnRelationFactory(entreprise=hors_n, date=date(N + 1, 1, 1))
    ActionFactory(entreprises=[hors_n], date=date(N - 1, 6, 1))
    seulement_mise = EntrepriseFactory()
    MiseEnRelationFactory(entreprise=seulement_mise, resultat="refus_employeur")
    EntrepriseFactory()  # au registre, sans contact en N

    e = calculer_indicateurs(N)["entreprises"]

    assert (e["contactees"], e["offres"], e["postes"], e["mises_en_relation"], e["recrutements"]) == (3, 2, 5, 2, 1)


def test_entrees_en_emploi_par_section_naf():
    commerce = EntrepriseFactory(naf="47.11B", section_naf="G")
    SituationFactory(categorie="emploi", type="cdi", entreprise=commerce, secteur_naf="G")
    SituationFactory(categorie="emploi", type="cdi", entreprise=commerce)  # section lue sur l'entreprise
    SituationFactory(categorie="emploi", type="interim", secteur_naf="F")  # saisie sans entreprise
    SituationFactory(categorie="emploi", type="interim")  # inconnue
    SituationFactory(categorie="emploi", type="interim", entreprise=EntrepriseFactory(naf="", section_naf=""))
    SituationFactory(categorie="immersion", type="pmsmp", entreprise=commerce)  # pas une entrée en emploi
    SituationFactory(categorie="emploi", type="cdi", entreprise=commerce, date_debut=date(N - 1, 12, 31))

    naf = calculer_indicateurs(N)["entreprises"]["par_secteur_naf"]

    assert (naf["G"], naf["F"], naf["non_renseigne"]) == (2, 1, 2)
    assert sum(naf.values()) == calculer_indicateurs(N)["entrees_emploi"]["total"]
    assert list(naf) == [*"ABCDEFGHIJKLMNOPQRSTU", "non_renseigne"]


def test_perimetre_d_antenne_des_entreprises():
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    a_montfort = EntrepriseFactory(commune=_commune(broceliande))
    OffreFactory(entreprise=a_montfort, nombre_postes=4)
    OffreFactory(nombre_postes=7)  # entreprise de Rennes
    MiseEnRelationFactory(entreprise=a_montfort, jeune=JeuneFactory(), resultat="recrute")  # jeune de Rennes
    MiseEnRelationFactory(jeune=JeuneFactory(antenne=broceliande))

    e = calculer_indicateurs(N, "BROCELIANDE")["entreprises"]

    assert (e["contactees"], e["offres"], e["postes"], e["mises_en_relation"], e["recrutements"]) == (1, 1, 4, 1, 0)


# --- Ateliers par thème et programmes -------------------------------------------------------------------------


def test_ateliers_par_theme_sessions_et_jeunes():
    budget, numerique = ThemeAtelier.objects.get(code="budget"), ThemeAtelier.objects.get(code="numerique")
    a, b, c = JeuneFactory(), JeuneFactory(), JeuneFactory()
    atelier = TypeEvenement.ATELIER
    # Deux présences à la même session reprise : une session
    EvenementFactory(jeune=a, type=atelier, theme_atelier=budget, reference_session="S1", date=date(N, 2, 1))
    EvenementFactory(jeune=b, type=atelier, theme_atelier=budget, reference_session="S1", date=date(N, 2, 1))
    # Sans référence : chaque événement est sa propre session
    EvenementFactory(jeune=a, type=atelier, theme_atelier=budget, date=date(N, 3, 1))
    EvenementFactory(jeune=a, type=atelier, theme_atelier=budget, date=date(N, 4, 1))
    # Session de weker : le thème de la session vaut pour ses présences
    session = SessionCollective.objects.create(
        type=TypeEvenement.INFORMATION_COLLECTIVE,
        date=date(N, 5, 1),
        theme="Démarches en ligne",
        theme_atelier=numerique,
        antenne=a.antenne,
    )
    for jeune in (a, c):
        EvenementFactory(jeune=jeune, type=TypeEvenement.INFORMATION_COLLECTIVE, session=session, date=session.date)
    # Hors N, sans thème, ou entretien individuel : ne comptent pas
    EvenementFactory(jeune=c, type=atelier, theme_atelier=budget, reference_session="S1", date=date(N - 1, 12, 31))
    EvenementFactory(jeune=c, type=atelier, date=date(N, 2, 1))

    t = calculer_indicateurs(N)["ateliers_par_theme"]

    assert t["budget"] == {"sessions": 3, "jeunes": 2}
    assert t["numerique"] == {"sessions": 1, "jeunes": 2}
    assert list(t) == list(ThemeAtelier.objects.values_list("code", flat=True))
    assert t["alternance"] == {"sessions": 0, "jeunes": 0}


def test_entrees_en_formation_par_programme():
    poe = ProgrammeFormation.objects.get(code="poe")
    for programme in (poe, poe, None):
        SituationFactory(categorie="formation", type="qualifiante", financeur="autre", programme=programme)
    SituationFactory(categorie="emploi", type="cdi", programme=poe)  # pas une formation

    par_programme = calculer_indicateurs(N)["entrees_formation"]["par_programme"]

    assert (par_programme["poe"], par_programme["non_renseigne"]) == (2, 1)
    assert sum(par_programme.values()) == calculer_indicateurs(N)["entrees_formation"]["total"]


def test_nouveau_theme_ou_programme_de_la_liste_est_une_cle():
    ThemeAtelier.objects.create(code="jardinage", libelle="Jardinage", ordre=99, actif=False)
    ProgrammeFormation.objects.create(code="prepa_apprentissage", libelle="Prépa apprentissage", ordre=99)

    d = calculer_indicateurs(N)

    assert d["ateliers_par_theme"]["jardinage"] == {"sessions": 0, "jeunes": 0}
    assert d["entrees_formation"]["par_programme"]["prepa_apprentissage"] == 0
    assert list(d["entrees_formation"]["par_programme"])[-1] == "non_renseigne"
