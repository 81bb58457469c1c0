"""Chaque définition de ../shared/specs/indicateurs.md, à ses bornes, et la forme exacte du JSON."""

import json
from datetime import date
from decimal import Decimal

import pytest

from accompagnement.enums import TypeEvenement
from antennes.models import Antenne
from dispositifs.models import Dispositif
from reporting.indicateurs import calculer, calculer_indicateurs, evolution, montant, totaux_par_territoire
from tests.reporting.factories import (
    DemandeAideFactory,
    DispositifFactory,
    EvenementFactory,
    EvenementServiceFactory,
    InscriptionFactory,
    JeuneFactory,
    SituationFactory,
    VersementFactory,
)

pytestmark = pytest.mark.django_db

N = 2018


def accompagne(**kwargs):
    jeune = JeuneFactory(**kwargs)
    EvenementFactory(jeune=jeune, date=date(N, 6, 1))
    return jeune


# --- Jeune accompagné -----------------------------------------------------------------------------------------


def test_evenements_au_31_decembre_et_au_1er_janvier():
    dans_n = JeuneFactory()
    EvenementFactory(jeune=dans_n, date=date(N, 12, 31))
    debut_n = JeuneFactory()
    EvenementFactory(jeune=debut_n, date=date(N, 1, 1))
    avant = JeuneFactory()
    EvenementFactory(jeune=avant, date=date(N - 1, 12, 31))
    apres = JeuneFactory()
    EvenementFactory(jeune=apres, date=date(N + 1, 1, 1))

    d = calculer_indicateurs(N)

    assert d["jeunes_accompagnes"]["total"] == 2
    assert d["jeunes_accompagnes"]["total_n_1"] == 1
    assert calculer_indicateurs(N + 1)["jeunes_accompagnes"]["total"] == 1


def test_un_contact_ne_fait_pas_un_jeune_accompagne():
    contact = JeuneFactory()
    EvenementFactory(jeune=contact, type=TypeEvenement.CONTACT, date=date(N, 3, 1))
    for type_ in (TypeEvenement.ATELIER, TypeEvenement.INFORMATION_COLLECTIVE, TypeEvenement.ENTRETIEN_INDIVIDUEL):
        EvenementFactory(jeune=JeuneFactory(), type=type_, date=date(N, 3, 1))

    assert calculer_indicateurs(N)["jeunes_accompagnes"]["total"] == 3


def test_plusieurs_evenements_comptent_un_seul_jeune():
    jeune = JeuneFactory()
    for mois in (1, 5, 9):
        EvenementFactory(jeune=jeune, date=date(N, mois, 2))

    assert calculer_indicateurs(N)["jeunes_accompagnes"]["total"] == 1


def test_primo_accueilli_selon_la_date_du_premier_accueil():
    accompagne(date_premier_accueil=date(N, 1, 1))
    accompagne(date_premier_accueil=date(N, 12, 31))
    accompagne(date_premier_accueil=date(N - 1, 12, 31))
    # Premier accueil en N mais aucun événement d'accompagnement : ni accompagné, ni primo-accueilli.
    jeune = JeuneFactory(date_premier_accueil=date(N, 4, 1))
    EvenementFactory(jeune=jeune, type=TypeEvenement.CONTACT, date=date(N, 4, 1))

    ja = calculer_indicateurs(N)["jeunes_accompagnes"]

    assert ja["primo_accueillis"] == 2
    assert ja["par_annee_premier_accueil"] == {"n": 2, "n_1": 1, "n_2": 0, "n_3_et_avant": 0}


def test_annee_de_premier_accueil_par_tranche():
    for annee in (N, N - 1, N - 2, N - 3, N - 10):
        accompagne(date_premier_accueil=date(annee, 7, 1))

    ja = calculer_indicateurs(N)["jeunes_accompagnes"]

    assert ja["par_annee_premier_accueil"] == {"n": 1, "n_1": 1, "n_2": 1, "n_3_et_avant": 2}


# --- Âge au 31 décembre ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("naissance", "tranche"),
    [
        (date(N - 18, 12, 31), "18_21"),  # 18 ans le 31 décembre même
        (date(N - 17, 1, 1), "moins_18"),  # 17 ans au 31 décembre
        (date(N - 22, 12, 31), "22_25"),
        (date(N - 21, 1, 1), "18_21"),
        (date(N - 26, 12, 31), "26_plus"),
        (date(N - 25, 1, 1), "22_25"),
        (date(N - 16, 6, 1), "moins_18"),
        (date(N - 30, 6, 1), "26_plus"),
    ],
)
def test_age_au_31_decembre(naissance, tranche):
    accompagne(date_naissance=naissance)

    tranches = calculer_indicateurs(N)["jeunes_accompagnes"]["par_tranche_age"]

    assert tranches[tranche] == 1
    assert sum(tranches.values()) == 1


def test_niveau_sexe_et_situation():
    accompagne(niveau="infra3", sexe="m", hebergement="famille", transport="commun", permis="oui")
    accompagne(niveau="3", hebergement="precaire", transport="aucun", permis="en_cours")
    accompagne(niveau="4", hebergement="autonome", transport="motorise", permis="non")
    for niveau in ("5", "6", "7", "8"):
        accompagne(niveau=niveau)
    accompagne(niveau="")

    ja = calculer_indicateurs(N)["jeunes_accompagnes"]

    assert ja["par_niveau"] == {"infra_v": 1, "v": 1, "iv": 1, "iii_et_plus": 4, "non_renseigne": 1}
    assert ja["par_sexe"] == {"f": 7, "m": 1}
    assert ja["par_hebergement"] == {"famille": 1, "autonome": 1, "precaire": 1, "non_renseigne": 5}
    assert ja["par_transport"] == {"commun": 1, "motorise": 1, "autre": 0, "aucun": 1, "non_renseigne": 5}
    assert ja["par_permis"] == {"oui": 1, "en_cours": 1, "non": 1, "non_renseigne": 5}


# --- Territoires ---------------------------------------------------------------------------------------------


def test_territoires_ordre_fixe_antenne_puis_secteurs_puis_total():
    rennes = Antenne.objects.get(code="RENNES")
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    secteur_b = broceliande.secteurs.order_by("ordre", "nom").first()
    accompagne(antenne=rennes, date_premier_accueil=date(N, 2, 1))
    accompagne(antenne=broceliande, secteur=secteur_b)
    jeune = JeuneFactory(antenne=broceliande, secteur=secteur_b)
    EvenementFactory(jeune=jeune, date=date(N - 1, 5, 1))

    lignes = calculer_indicateurs(N)["territoires"]

    antennes = [ligne["antenne"] for ligne in lignes if ligne["secteur"] is None and ligne["antenne"]]
    assert antennes == ["RENNES", "RENNES_METROPOLE", "BROCELIANDE", "NORD_EST", "VALLONS_DE_VILAINE", "HORS_BE"]
    assert lignes[0] == {
        "antenne": "RENNES",
        "secteur": None,
        "accompagnes": 1,
        "accompagnes_n_1": 0,
        "primo": 1,
        "primo_n_1": 0,
    }
    # Chaque antenne est suivie de ses propres secteurs
    courante = None
    for ligne in lignes[:-1]:
        if ligne["secteur"] is None:
            courante = ligne["antenne"]
        else:
            assert ligne["antenne"] == courante
    ligne_b = next(lg for lg in lignes if lg["secteur"] == secteur_b.code)
    assert (ligne_b["accompagnes"], ligne_b["accompagnes_n_1"]) == (1, 1)
    assert lignes[-1] == {
        "antenne": None,
        "secteur": None,
        "accompagnes": 2,
        "accompagnes_n_1": 1,
        "primo": 1,
        "primo_n_1": 0,
    }


def test_totaux_de_l_annee_precedente_deja_calcules_donnent_les_memes_chiffres(django_assert_num_queries):
    rennes, broceliande = Antenne.objects.get(code="RENNES"), Antenne.objects.get(code="BROCELIANDE")
    secteurs_b = list(broceliande.secteurs.order_by("ordre", "nom"))
    secteurs_b[-1].actif = False
    secteurs_b[-1].save()
    for annee, antenne, secteur, accueil in [
        (N, rennes, None, date(N, 2, 1)),
        (N - 1, rennes, None, date(N - 1, 2, 1)),
        (N - 1, rennes, None, date(2010, 1, 1)),
        (N - 1, broceliande, secteurs_b[0], date(N - 1, 3, 1)),
        (N - 1, broceliande, secteurs_b[-1], date(2010, 1, 1)),  # secteur inactif, jeunes en N-1 seulement
        (N, broceliande, secteurs_b[0], date(2010, 1, 1)),
    ]:
        jeune = JeuneFactory(antenne=antenne, date_premier_accueil=accueil, **({"secteur": secteur} if secteur else {}))
        EvenementFactory(jeune=jeune, date=date(annee, 6, 1))

    for perimetre in (None, "RENNES", "BROCELIANDE"):
        totaux = totaux_par_territoire(*calculer(N - 1, perimetre))
        with django_assert_num_queries(23):  # une de moins que sans totaux ; rendez-vous : une ; messages : une
            avec_totaux = calculer(N, perimetre, totaux_precedents=totaux)
        assert avec_totaux == calculer(N, perimetre), perimetre
    d = calculer_indicateurs(N)
    assert (d["jeunes_accompagnes"]["total_n_1"], d["jeunes_accompagnes"]["primo_accueillis_n_1"]) == (4, 2)
    ligne = next(lg for lg in d["territoires"] if lg["secteur"] == secteurs_b[-1].code)
    assert (ligne["accompagnes"], ligne["accompagnes_n_1"]) == (0, 1)


def test_filtre_antenne_restreint_tous_les_chiffres():
    rennes = Antenne.objects.get(code="RENNES")
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    j_rennes = accompagne(antenne=rennes)
    j_broc = accompagne(antenne=broceliande)
    SituationFactory(jeune=j_rennes, date_debut=date(N, 3, 1))
    SituationFactory(jeune=j_broc, date_debut=date(N, 3, 1))
    DemandeAideFactory(jeune=j_broc, montant_accorde=Decimal("80"))

    d = calculer_indicateurs(N, "BROCELIANDE")

    assert d["jeunes_accompagnes"]["total"] == 1
    assert d["entrees_emploi"]["total"] == 1
    assert d["aides"]["faj_rm"] == {"beneficiaires": 1, "montant": "80.00", "aides": 1}
    assert {ligne["antenne"] for ligne in d["territoires"]} == {"BROCELIANDE"}
    assert d["territoires"][0]["secteur"] is None
    assert calculer_indicateurs(N, "RENNES")["aides"]["faj_rm"]["aides"] == 0


# --- Entrées ---------------------------------------------------------------------------------------------------


def test_entrees_formation_emploi_immersion_comptent_les_entrees():
    jeune = JeuneFactory()
    SituationFactory(
        jeune=jeune, categorie="formation", type="qualifiante", financeur="conseil_regional", date_debut=date(N, 1, 1)
    )
    SituationFactory(
        jeune=jeune, categorie="formation", type="qualifiante", financeur="conseil_regional", date_debut=date(N, 12, 31)
    )
    SituationFactory(
        jeune=jeune, categorie="formation", type="mobilisation", financeur="autre", date_debut=date(N, 5, 1)
    )
    SituationFactory(
        jeune=jeune, categorie="formation", type="mobilisation", financeur="autre", date_debut=date(N - 1, 12, 31)
    )
    SituationFactory(jeune=jeune, categorie="emploi", type="cdi", date_debut=date(N, 2, 1))
    SituationFactory(jeune=jeune, categorie="emploi", type="interim", date_debut=date(N + 1, 1, 1))
    SituationFactory(jeune=jeune, categorie="immersion", type="pmsmp", date_debut=date(N, 2, 1))
    SituationFactory(jeune=jeune, categorie="immersion", type="service_civique", date_debut=date(N, 2, 1))

    d = calculer_indicateurs(N)

    assert d["entrees_formation"] == {
        "total": 3,
        "mobilisation": {"conseil_regional": 0, "autre": 1},
        "qualifiante": {"conseil_regional": 2, "autre": 0},
        "par_programme": {
            "ppi": 0,
            "caq": 0,
            "afc": 0,
            "declic_action": 0,
            "epide": 0,
            "poe": 0,
            "autre": 0,
            "non_renseigne": 3,
        },
    }
    assert d["entrees_emploi"]["total"] == 1
    assert d["entrees_emploi"]["par_type"]["cdi"] == 1
    assert d["immersions"] == {"pmsmp": 1, "service_civique": 1}


# --- Dispositifs -------------------------------------------------------------------------------------------------


def test_beneficiaires_dispositifs_inscriptions_a_cheval_sur_les_annees():
    cej = DispositifFactory(code="cej")
    pacea = DispositifFactory(code="pacea")
    DispositifFactory(code="parrainage")
    a, b, c, e = JeuneFactory(), JeuneFactory(), JeuneFactory(), JeuneFactory()
    InscriptionFactory(jeune=a, dispositif=cej, date_entree=date(N - 1, 6, 1), date_sortie=date(N, 1, 1))
    InscriptionFactory(jeune=b, dispositif=cej, date_entree=date(N, 12, 31))
    InscriptionFactory(jeune=c, dispositif=cej, date_entree=date(N - 2, 1, 1), date_sortie=date(N - 1, 12, 31))
    InscriptionFactory(jeune=e, dispositif=cej, date_entree=date(N + 1, 1, 1))
    # Deux inscriptions du même jeune dans l'année : un seul bénéficiaire ; un jeune peut compter deux fois
    InscriptionFactory(jeune=a, dispositif=cej, date_entree=date(N, 3, 1), date_sortie=date(N, 4, 1))
    InscriptionFactory(jeune=a, dispositif=pacea, date_entree=date(N - 3, 3, 1))

    d = calculer_indicateurs(N)

    assert set(d["dispositifs"]) == set(Dispositif.objects.values_list("code", flat=True))
    assert {k: d["dispositifs"][k] for k in ("cej", "pacea", "parrainage")} == {"cej": 2, "pacea": 1, "parrainage": 0}
    assert sum(d["dispositifs"].values()) == 3


# --- Aides ------------------------------------------------------------------------------------------------------


def test_allocations_versees_dans_l_annee():
    jeune = JeuneFactory()
    VersementFactory(jeune=jeune, fonds="allocation_cej", date=date(N, 1, 1), montant=Decimal("300.50"))
    VersementFactory(jeune=jeune, fonds="allocation_cej", date=date(N, 12, 31), montant=Decimal("200"))
    VersementFactory(fonds="allocation_cej", date=date(N, 6, 1), montant=Decimal("100"))
    VersementFactory(fonds="allocation_cej", date=date(N + 1, 1, 1), montant=Decimal("999"))
    VersementFactory(fonds="allocation_pacea", date=date(N - 1, 12, 31), montant=Decimal("999"))

    aides = calculer_indicateurs(N)["aides"]

    assert aides["allocation_cej"] == {"beneficiaires": 2, "montant": "600.50"}
    assert aides["allocation_pacea"] == {"beneficiaires": 0, "montant": "0.00"}
    assert aides["allocation_garantie_jeunes"] == {"beneficiaires": 0, "montant": "0.00"}


def test_faj_accordees_decidees_dans_l_annee():
    jeune = JeuneFactory()
    DemandeAideFactory(jeune=jeune, fonds="faj_cd35", montant_accorde=Decimal("100"), date_decision=date(N, 12, 31))
    DemandeAideFactory(
        jeune=jeune,
        fonds="faj_cd35",
        decision="accordee_partiellement",
        montant_demande=Decimal("200"),
        montant_accorde=Decimal("50.25"),
        date_decision=date(N, 1, 1),
    )
    DemandeAideFactory(fonds="faj_cd35", decision="refusee", montant_accorde=None, montant_demande=Decimal("80"))
    DemandeAideFactory(fonds="faj_cd35", decision="ajournee", montant_accorde=None, montant_demande=Decimal("80"))
    # Demandée en décembre, décidée en janvier suivant : compte l'année suivante
    DemandeAideFactory(fonds="faj_cd35", date_demande=date(N, 12, 15), date_decision=date(N + 1, 1, 5))

    d = calculer_indicateurs(N)

    assert d["aides"]["faj_cd35"] == {"beneficiaires": 1, "montant": "150.25", "aides": 2}
    assert d["aides"]["faj_rm"] == {"beneficiaires": 0, "montant": "0.00", "aides": 0}
    assert calculer_indicateurs(N + 1)["aides"]["faj_cd35"]["aides"] == 1


def test_total_des_aides_compte_chaque_jeune_aide_une_seule_fois():
    rennes, broceliande = Antenne.objects.get(code="RENNES"), Antenne.objects.get(code="BROCELIANDE")
    deux_fonds = JeuneFactory(antenne=rennes)
    VersementFactory(jeune=deux_fonds, fonds="allocation_cej", date=date(N, 3, 1))
    VersementFactory(jeune=deux_fonds, fonds="allocation_cej", date=date(N, 4, 1))
    DemandeAideFactory(jeune=deux_fonds, fonds="faj_rm", date_decision=date(N, 5, 1))
    VersementFactory(jeune=JeuneFactory(antenne=rennes), fonds="allocation_pacea", date=date(N, 6, 1))
    DemandeAideFactory(jeune=JeuneFactory(antenne=broceliande), fonds="faj_cd35", date_decision=date(N, 7, 1))
    # Ni refus ni versement d'une autre année
    DemandeAideFactory(decision="refusee", montant_accorde=None, montant_demande=Decimal("80"))
    VersementFactory(fonds="allocation_cej", date=date(N - 1, 12, 31))

    assert calculer(N)[1]["aides_total"]["beneficiaires"] == 3
    assert calculer(N, "RENNES")[1]["aides_total"]["beneficiaires"] == 2
    assert calculer(N, "BROCELIANDE")[1]["aides_total"]["beneficiaires"] == 1


@pytest.mark.parametrize(
    ("montant_accorde", "tranche"),
    [
        ("1", "1_75"),
        ("75", "1_75"),
        ("76", "76_150"),
        ("150", "76_150"),
        ("151", "151_300"),
        ("300", "151_300"),
        ("301", "301_1000"),
        ("1000", "301_1000"),
        ("1001", "plus_1000"),
    ],
)
def test_faj_par_tranche_de_montant(montant_accorde, tranche):
    DemandeAideFactory(montant_accorde=Decimal(montant_accorde), type="mobilite")

    faj = calculer_indicateurs(N)["faj"]

    assert faj["par_tranche_montant"][tranche] == 1
    assert sum(faj["par_tranche_montant"].values()) == 1
    assert faj["par_type"]["mobilite"] == 1


# --- Services ------------------------------------------------------------------------------------------------


def test_services_jeunes_accompagnes_et_evenements_par_code():
    jeune = accompagne()
    EvenementServiceFactory(evenement=EvenementFactory(jeune=jeune, date=date(N, 2, 1)), service="sante_information")
    EvenementServiceFactory(evenement=EvenementFactory(jeune=jeune, date=date(N, 3, 1)), service="sante_orientation")
    ev = EvenementFactory(jeune=jeune, date=date(N, 4, 1))
    EvenementServiceFactory(evenement=ev, service="logement_information")
    EvenementServiceFactory(evenement=ev, service="mobilite_aide")
    # Service rendu l'année précédente : ne compte pas
    EvenementServiceFactory(
        evenement=EvenementFactory(jeune=jeune, date=date(N - 1, 12, 31)), service="sante_orientation"
    )
    # Jeune seulement contacté en N : pas accompagné, ses services ne comptent pas
    contacte = JeuneFactory()
    EvenementServiceFactory(
        evenement=EvenementFactory(jeune=contacte, type="contact", date=date(N, 5, 1)), service="sante_information"
    )

    s = calculer_indicateurs(N)["services"]

    assert s["sante"] == {
        "jeunes": 1,
        "par_service": {"sante_information": 1, "sante_orientation": 1, "sante_aide_financiere": 0},
    }
    assert s["logement"]["jeunes"] == 1
    assert s["logement"]["par_service"]["logement_information"] == 1
    assert s["mobilite"] == {"jeunes": 1, "par_service": {"mobilite_information": 0, "mobilite_aide": 1}}


def test_services_un_jeune_par_theme_et_un_evenement_par_code():
    jeune, autre = accompagne(), accompagne()
    for i, service in enumerate(["sante_information", "sante_information", "sante_orientation", "mobilite_aide"]):
        EvenementServiceFactory(evenement=EvenementFactory(jeune=jeune, date=date(N, 2, 1 + i)), service=service)
    EvenementServiceFactory(
        evenement=EvenementFactory(jeune=autre, date=date(N, 3, 1)), service="sante_aide_financiere"
    )
    # Service rendu lors d'un simple contact d'un jeune accompagné : compte (événement daté de l'année)
    EvenementServiceFactory(
        evenement=EvenementFactory(jeune=autre, type="contact", date=date(N, 9, 1)), service="logement_orientation"
    )

    s = calculer_indicateurs(N)["services"]

    assert s["sante"] == {
        "jeunes": 2,
        "par_service": {"sante_information": 2, "sante_orientation": 1, "sante_aide_financiere": 1},
    }
    assert s["logement"]["jeunes"] == 1
    assert s["logement"]["par_service"]["logement_orientation"] == 1
    assert s["mobilite"] == {"jeunes": 1, "par_service": {"mobilite_information": 0, "mobilite_aide": 1}}


def test_calcul_en_nombre_de_requetes_fixe(django_assert_max_num_queries):
    """Une poignée de requêtes groupées, quel que soit le volume (22 pour l'agence : 12 pour les indicateurs de
    indicateurs.md, 10 pour ceux de entreprises-actions.md — listes des thèmes et programmes, entreprises 3,
    actions 3, ateliers 1, cohortes 2)."""
    from accompagnement.models import ThemeAtelier
    from tests.reporting.factories import (
        ActionFactory,
        EntrepriseFactory,
        MiseEnRelationFactory,
        OffreFactory,
        ParticipationActionFactory,
    )

    theme = ThemeAtelier.objects.get(code="budget")
    for i in range(6):
        jeune = accompagne(sexe="f" if i % 2 else "m")
        EvenementServiceFactory(
            evenement=EvenementFactory(jeune=jeune, date=date(N, 4, 1)), service="sante_information"
        )
        VersementFactory(jeune=jeune, date=date(N, 5, 1))
        DemandeAideFactory(jeune=jeune, date_decision=date(N, 6, 1))
        # Données des indicateurs de entreprises-actions.md : aucune requête par ligne
        entreprise = EntrepriseFactory()
        OffreFactory(entreprise=entreprise)
        MiseEnRelationFactory(jeune=jeune, entreprise=entreprise, resultat="recrute")
        ParticipationActionFactory(jeune=jeune, action=ActionFactory(type="gpect", entreprises=[entreprise]))
        InscriptionFactory(jeune=jeune, date_entree=date(N, 1, 10), date_sortie=date(N, 8, 1), motif_sortie="emploi")
        SituationFactory(jeune=jeune, categorie="emploi", type="cdi", entreprise=entreprise, date_debut=date(N, 7, 1))
        EvenementFactory(
            jeune=jeune, type="atelier", reference_session=f"S{i}", theme_atelier=theme, date=date(N, 3, 1)
        )

    with django_assert_max_num_queries(24):  # dont une pour les rendez-vous, une pour les messages
        calculer(N)


# --- Forme du JSON ------------------------------------------------------------------------------------------


FORME = {
    "annee": int,
    "jeunes_accompagnes": {
        "total": int,
        "total_n_1": int,
        "primo_accueillis": int,
        "primo_accueillis_n_1": int,
        "par_sexe": {"f": int, "m": int},
        "par_tranche_age": {"moins_18": int, "18_21": int, "22_25": int, "26_plus": int},
        "par_niveau": {"infra_v": int, "v": int, "iv": int, "iii_et_plus": int, "non_renseigne": int},
        "par_annee_premier_accueil": {"n": int, "n_1": int, "n_2": int, "n_3_et_avant": int},
        "par_hebergement": {"famille": int, "autonome": int, "precaire": int, "non_renseigne": int},
        "par_transport": {"commun": int, "motorise": int, "autre": int, "aucun": int, "non_renseigne": int},
        "par_permis": {"oui": int, "en_cours": int, "non": int, "non_renseigne": int},
    },
    "entrees_formation": {
        "total": int,
        "mobilisation": {"conseil_regional": int, "autre": int},
        "qualifiante": {"conseil_regional": int, "autre": int},
        "par_programme": dict.fromkeys(
            ["ppi", "caq", "afc", "declic_action", "epide", "poe", "autre", "non_renseigne"], int
        ),
    },
    "entrees_emploi": {
        "total": int,
        "par_type": dict.fromkeys(
            [
                "cdi",
                "cdd_6_mois_plus",
                "cdd_moins_6_mois",
                "interim",
                "apprentissage",
                "professionnalisation",
                "contrat_aide",
                "creation_activite",
            ],
            int,
        ),
    },
    "immersions": {"pmsmp": int, "service_civique": int},
    "aides": {
        "allocation_garantie_jeunes": {"beneficiaires": int, "montant": str},
        "allocation_cej": {"beneficiaires": int, "montant": str},
        "allocation_pacea": {"beneficiaires": int, "montant": str},
        "faj_cd35": {"beneficiaires": int, "montant": str, "aides": int},
        "faj_rm": {"beneficiaires": int, "montant": str, "aides": int},
    },
    "faj": {
        "par_type": dict.fromkeys(
            ["subsistance", "mobilite", "recherche_emploi", "attente_remuneration", "formation", "logement", "sante"],
            int,
        ),
        "par_tranche_montant": dict.fromkeys(["1_75", "76_150", "151_300", "301_1000", "plus_1000"], int),
    },
    "entreprises": {
        "contactees": int,
        "offres": int,
        "postes": int,
        "mises_en_relation": int,
        "recrutements": int,
        "par_secteur_naf": dict.fromkeys([*"ABCDEFGHIJKLMNOPQRSTU", "non_renseigne"], int),
    },
    "actions": dict.fromkeys(
        ["recrutement", "decouverte_metiers", "mixite", "gpect", "entrepreneuriat", "sante", "autre", "total"],
        dict.fromkeys(
            ["actions", "participants", "jeunes", "entreprises", "entretiens", "seconds_entretiens", "embauches"], int
        ),
    ),
    "ateliers_par_theme": dict.fromkeys(
        [
            "budget",
            "cv_lettre",
            "entretien_embauche",
            "numerique",
            "sante",
            "logement",
            "mobilite",
            "decouverte_metiers",
            "alternance",
            "autre",
        ],
        {"sessions": int, "jeunes": int},
    ),
    "services": {
        "sante": {
            "jeunes": int,
            "par_service": dict.fromkeys(["sante_information", "sante_orientation", "sante_aide_financiere"], int),
        },
        "logement": {
            "jeunes": int,
            "par_service": dict.fromkeys(
                ["logement_information", "logement_intermediation", "logement_orientation", "logement_aide_financiere"],
                int,
            ),
        },
        "mobilite": {"jeunes": int, "par_service": dict.fromkeys(["mobilite_information", "mobilite_aide"], int)},
    },
}


FORME_COHORTE = {
    "beneficiaires": int,
    "entrees": int,
    "sorties": int,
    "sorties_par_motif": dict.fromkeys(
        ["emploi", "formation", "abandon", "demenagement", "limite_age", "fin_de_droits", "autre"], int
    ),
    "sorties_emploi_formation": int,
    "situations_pendant": dict.fromkeys(["total", "emploi", "formation", "immersion"], int),
    "profil": dict.fromkeys(["f", "m", "niveau_v_ou_moins", "sans_permis", "rqth", "qpv", "hebergement_precaire"], int),
}


def verifier_forme(valeur, forme, chemin="racine"):
    if isinstance(forme, dict):
        assert isinstance(valeur, dict), chemin
        assert set(valeur) == set(forme), f"{chemin} : {sorted(set(valeur) ^ set(forme))}"
        for cle, sous in forme.items():
            verifier_forme(valeur[cle], sous, f"{chemin}.{cle}")
    else:
        assert type(valeur) is forme, f"{chemin} : {type(valeur).__name__}"
        if forme is str:
            assert Decimal(valeur).as_tuple().exponent == -2, chemin


def test_forme_exacte_du_json_meme_sans_donnees():
    DispositifFactory(code="cej")
    DispositifFactory(code="pacea")

    d = json.loads(json.dumps(calculer_indicateurs(N)))

    # `rendez_vous`, `messages` : clés ajoutées par l'agenda et la messagerie (issue 17), hors du contrat, vérifiées
    # dans test_rendez_vous.py et test_messages_envoyes.py.
    attendues = set(FORME) | {"territoires", "dispositifs", "cohortes", "rendez_vous", "messages"}
    assert set(d) == attendues
    verifier_forme({k: v for k, v in d.items() if k in FORME}, FORME)
    assert d["dispositifs"] == dict.fromkeys(Dispositif.objects.values_list("code", flat=True), 0)
    verifier_forme(d["cohortes"], dict.fromkeys(Dispositif.objects.values_list("code", flat=True), FORME_COHORTE))
    assert {"cej", "pacea"} <= set(d["dispositifs"])
    for ligne in d["territoires"]:
        assert list(ligne) == ["antenne", "secteur", "accompagnes", "accompagnes_n_1", "primo", "primo_n_1"]
        assert all(type(ligne[k]) is int for k in list(ligne)[2:])
    assert d["territoires"][-1]["antenne"] is None


# --- Outils ---------------------------------------------------------------------------------------------------


def test_evolution_arrondie_a_l_unite_et_nulle_sans_annee_precedente():
    assert evolution(110, 100) == 10
    assert evolution(5, 0) is None
    assert evolution(0, 4) == -100
    assert evolution(1005, 1000) == 1  # 0,5 % arrondi au-dessus
    assert evolution(2, 3) == -33


def test_montant_a_deux_decimales():
    assert montant(None) == "0.00"
    assert montant(Decimal("12.5")) == "12.50"


def test_jeune_accompagne_une_seule_definition_pour_tous_les_chemins():
    """Jeune.objects.accompagnes_en, les filtres des indicateurs, la liste derrière un chiffre et le calcul agrégé
    désignent les mêmes jeunes, aux bornes de l'année et selon le type d'événement."""
    from accompagnement.models import Jeune
    from reporting.definitions import filtre_accompagne
    from reporting.selectors import jeunes_du_chiffre

    fin_annee = JeuneFactory()
    EvenementFactory(jeune=fin_annee, date=date(N, 12, 31))
    atelier = JeuneFactory()
    EvenementFactory(jeune=atelier, type=TypeEvenement.ATELIER, date=date(N, 1, 1))
    information = JeuneFactory()
    EvenementFactory(jeune=information, type=TypeEvenement.INFORMATION_COLLECTIVE, date=date(N, 7, 1))
    EvenementFactory(jeune=JeuneFactory(), type=TypeEvenement.CONTACT, date=date(N, 6, 1))  # contact : non
    EvenementFactory(jeune=JeuneFactory(), date=date(N - 1, 12, 31))  # l'année d'avant : non
    EvenementFactory(jeune=JeuneFactory(), date=date(N + 1, 1, 1))  # l'année d'après : non
    EvenementFactory(jeune=fin_annee, date=date(N, 3, 1))  # deux événements : compté une fois

    attendus = {fin_annee.pk, atelier.pk, information.pk}
    assert {j.pk for j in Jeune.objects.accompagnes_en(N)} == attendus
    assert Jeune.objects.accompagnes_en(N).count() == 3
    assert set(Jeune.objects.filter(filtre_accompagne(N)).values_list("pk", flat=True)) == attendus
    assert {j.pk for j in jeunes_du_chiffre(annee=N)} == attendus
    assert calculer_indicateurs(N)["jeunes_accompagnes"]["total"] == 3
