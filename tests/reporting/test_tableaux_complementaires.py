"""Relations entreprises, actions territoriales, ateliers par thème, programmes et cohortes des dispositifs : tableaux
tirés d'instantanés écrits dans la forme exacte du contrat, tableau de bord, exports, page d'un dispositif et liste de
ses bénéficiaires (issues 18 et 19)."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils.http import urlencode

from accompagnement.models import ThemeAtelier
from antennes.models import Antenne
from reporting.models import Snapshot
from reporting.presentation import Indicateurs
from reporting.services import snapshot_recalculer
from securite.models import JournalAcces
from tests.reporting.cles_complementaires import completer, retirer
from tests.reporting.factories import DispositifFactory, InscriptionFactory, JeuneFactory

pytestmark = pytest.mark.django_db

N = 2018

AJOUTS_N = {
    "entreprises": {
        "contactees": 12,
        "offres": 30,
        "postes": 41,
        "mises_en_relation": 1234,
        "recrutements": 9,
        "par_secteur_naf": {"I": 7, "G": 3, "non_renseigne": 2},
    },
    "actions": {
        "recrutement": {
            "actions": 3,
            "participants": 250,
            "jeunes": 20,
            "entreprises": 15,
            "entretiens": 60,
            "seconds_entretiens": 12,
            "embauches": 8,
        },
        "sante": {
            "actions": 1,
            "participants": 40,
            "jeunes": 5,
            "entreprises": 0,
            "entretiens": 0,
            "seconds_entretiens": 0,
            "embauches": 0,
        },
        "total": {
            "actions": 4,
            "participants": 288,
            "jeunes": 23,
            "entreprises": 15,
            "entretiens": 60,
            "seconds_entretiens": 12,
            "embauches": 8,
        },
    },
    "ateliers_par_theme": {"budget": {"sessions": 7, "jeunes": 70}, "ancien_theme": {"sessions": 2, "jeunes": 11}},
    "entrees_formation": {"par_programme": {"ppi": 207, "non_renseigne": 4}},
    "cohortes": {
        "pacea": {
            "beneficiaires": 50,
            "entrees": 20,
            "sorties": 30,
            "sorties_par_motif": {"emploi": 26, "formation": 2, "abandon": 2},
            "sorties_emploi_formation": 28,
            "situations_pendant": {"total": 40, "emploi": 30, "formation": 6, "immersion": 4},
            "profil": {
                "f": 15,
                "m": 35,
                "niveau_v_ou_moins": 40,
                "sans_permis": 45,
                "rqth": 3,
                "qpv": 0,
                "hebergement_precaire": 10,
            },
        },
    },
}
AJOUTS_N_1 = {
    "entreprises": {"contactees": 10, "offres": 20, "par_secteur_naf": {"I": 5}},
    "cohortes": {"pacea": {"beneficiaires": 40, "profil": {"f": 2}}},
    "ateliers_par_theme": {"budget": {"sessions": 5, "jeunes": 50}},
}


def url(nom, *args, **params):
    base = reverse(nom, args=args)
    return f"{base}?{urlencode(params)}" if params else base


@pytest.fixture
def instantanes():
    """Instantanés N et N-1 de l'agence et de Brocéliande, avec toutes les clés du contrat (à 0), et des chiffres
    écrits à la main pour ceux de l'agence."""
    DispositifFactory(code="pacea", nom="PACEA")
    for annee in (N - 1, N):
        for perimetre in (None, "BROCELIANDE"):
            completer(snapshot_recalculer(annee=annee, antenne_code=perimetre))
    n = completer(Snapshot.objects.get(annee=N, perimetre=None), AJOUTS_N)
    n1 = completer(Snapshot.objects.get(annee=N - 1, perimetre=None), AJOUTS_N_1)
    return n, n1


@pytest.fixture
def ind(instantanes):
    return Indicateurs(*instantanes)


def lignes(tableau):
    return {ligne[0]: ligne[1:] for ligne in tableau.lignes}


def cellules(tableau):
    """Cellules affichées (textes formatés), par libellé de ligne."""
    return {rangee[0][0][0]: [texte for texte, _numerique in rangee[0][1:]] for rangee in tableau.rangees()}


# --- Tableaux ----------------------------------------------------------------------------------------------------


def test_relations_entreprises_n_n_1_et_evolution(ind):
    t = lignes(ind.entreprises())
    assert t["Entreprises contactées"] == [12, 10, 20]
    assert t["Offres d'emploi reçues"] == [30, 20, 50]
    assert t["Mises en relation"] == [1234, 0, None]
    assert cellules(ind.entreprises())["Mises en relation"] == ["1\u202f234", "0", "—"]


def test_entrees_en_emploi_par_section_naf_avec_les_libelles_de_la_nomenclature(ind):
    tableau = ind.entreprises_par_naf()
    t = lignes(tableau)
    assert len(tableau.lignes) == 22  # A à U et non renseigné, dans l'ordre de la nomenclature
    assert tableau.lignes[0][0].startswith("A — Agriculture")
    assert t["I — Hébergement et restauration"] == [7, 5, 40]
    assert t["Non renseigné"] == [2, 0, None]
    assert tableau.total == ["Total", 12, 5, 140]
    svg = str(ind.graphique_naf())
    assert "<title" in svg and "I : 7" in svg and "A : " not in svg  # sections vides laissées hors du graphique


def test_actions_par_type_et_total_du_contrat(ind):
    tableau = ind.actions()
    t = lignes(tableau)
    assert tableau.entetes[0] == "Type d'action" and len(tableau.lignes) == 7
    assert t["Recrutement"] == [3, 250, 20, 15, 60, 12, 8]
    assert t["Santé"] == [1, 40, 5, 0, 0, 0, 0]
    assert t["Mixité des métiers"] == [0] * 7
    # Le total vient du contrat (jeunes distincts entre types), jamais d'une somme des lignes.
    assert tableau.total == ["Total", 4, 288, 23, 15, 60, 12, 8]
    assert lignes(ind.actions_evolution())["Participants"] == [288, 0, None]


def test_ateliers_par_theme_libelles_de_la_liste_et_code_retire_montre_tel_quel(ind):
    tableau = ind.ateliers()
    t = lignes(tableau)
    assert t["Budget"] == [7, 5, 70, 50, 40]
    assert t["CV et lettre de motivation"] == [0, 0, 0, 0, None]
    assert t["ancien_theme"] == [2, 0, 11, 0, None]  # plus dans la liste : son code
    assert tableau.lignes[-1][0] == "ancien_theme"
    assert tableau.total is None  # un jeune de deux thèmes compterait deux fois
    svg = str(ind.graphique_ateliers())
    assert "Budget : 70 (50 l&#x27;année précédente)" in svg and "ancien_theme : 11" in svg
    assert "Numérique" not in svg


def test_libelle_renomme_par_l_administrateur(ind):
    ThemeAtelier.objects.filter(code="budget").update(libelle="Gérer son budget")
    assert "Gérer son budget" in lignes(Indicateurs(ind.snapshot, ind.snapshot_precedent).ateliers())


def test_entrees_en_formation_par_programme(ind):
    tableau = ind.formation_par_programme()
    t = lignes(tableau)
    assert t["Prestation préparatoire à l'insertion (PPI)"] == [207, 0, None]
    assert tableau.lignes[-1][0] == "Non renseigné" and t["Non renseigné"][0] == 4
    assert tableau.total[:3] == ["Total", 211, 0]


def test_cohortes_seulement_des_dispositifs_avec_beneficiaires(ind):
    cohortes = ind.cohortes()
    assert [c["code"] for c in cohortes] == ["pacea"]
    pacea = cohortes[0]
    chiffres = lignes(pacea["chiffres"])
    assert chiffres["Bénéficiaires"] == [50, 40, 25]
    assert chiffres["Dont sorties vers l'emploi ou la formation"] == [28, 0, None]
    assert chiffres["Dont immersion"] == [4, 0, None]
    assert lignes(pacea["sorties"])["Emploi"] == [26, 0, None]
    assert pacea["chiffres"].liens[0] == {"annee": N, "indicateur": "beneficiaires", "dispositif": "pacea"}
    resume = lignes(ind.cohortes_resume())
    assert resume == {"PACEA": [50, 20, 30, 28, 40]}


def test_profil_en_part_des_beneficiaires_et_petits_effectifs_masques(ind):
    profil = cellules(ind.cohortes()[0]["profil"])
    assert profil["Hommes"] == ["35", "70\xa0%", "0", "0\xa0%"]
    assert profil["Sans permis de conduire"] == ["45", "90\xa0%", "0", "0\xa0%"]
    # 3 RQTH en N, 2 femmes en N-1 : « < 5 » pour l'effectif et pour la part (elle le trahirait)
    assert profil["Reconnaissance travailleur handicapé (RQTH)"] == ["< 5", "< 5", "0", "0\xa0%"]
    assert profil["Femmes"] == ["15", "30\xa0%", "< 5", "< 5"]
    assert profil["Habitant un quartier prioritaire (QPV)"] == ["0", "0\xa0%", "0", "0\xa0%"]


def test_instantanes_d_avant_sans_les_cles(instantanes):
    n, n1 = instantanes
    ancien = Indicateurs(retirer(n), retirer(n1))
    assert ancien.entreprises() is None and ancien.actions() is None and ancien.ateliers() is None
    assert ancien.formation_par_programme() is None and ancien.cohortes() is None and ancien.graphique_naf() is None
    assert not {"entreprises", "actions", "ateliers", "cohortes"} & set(ancien.tableaux_exportables())


def test_n_1_d_avant_les_cles_affiche_des_tirets(instantanes):
    n, n1 = instantanes
    ind = Indicateurs(n, retirer(n1))
    assert lignes(ind.entreprises())["Entreprises contactées"] == [12, None, None]
    assert lignes(ind.ateliers())["Budget"] == [7, None, 70, None, None]
    assert lignes(ind.cohortes()[0]["chiffres"])["Bénéficiaires"] == [50, None, None]
    assert cellules(ind.cohortes()[0]["profil"])["Hommes"] == ["35", "70\xa0%", "—", "—"]


# --- Tableau de bord et exports --------------------------------------------------------------------------------


def test_tableau_de_bord_montre_les_nouvelles_sections(client_de, direction, instantanes):
    reponse = client_de(direction).get(url("reporting:tableau_de_bord", annee=N))

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    for titre in (
        "Relations entreprises",
        "Actions territoriales",
        "Ateliers par thème",
        "Entrées en formation par programme",
        "Les dispositifs en détail",
    ):
        assert f">{titre}</h2>" in contenu
    assert "1\u202f234" in contenu and "Prestation préparatoire" in contenu
    assert "à recalculer" not in contenu
    assert url("reporting:dispositif", "pacea", annee=N) in contenu
    assert f"{reverse('reporting:jeunes')}?annee={N}&amp;indicateur=beneficiaires&amp;dispositif=pacea" in contenu
    assert url("reporting:export", "entreprises_naf", "csv", annee=N).replace("&", "&amp;") in contenu
    assert "Entrées en emploi par section NAF" in contenu  # graphique SVG


def test_tableau_de_bord_d_un_instantane_d_avant_dit_a_recalculer(client_de, direction, instantanes):
    n, n1 = instantanes
    retirer(n), retirer(n1)

    reponse = client_de(direction).get(url("reporting:tableau_de_bord", annee=N))

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert contenu.count("Ces chiffres sont à recalculer") == 5
    assert "Chiffres clés" in contenu


def test_export_csv_et_xlsx_des_nouveaux_tableaux(client_de, direction, instantanes):
    client = client_de(direction)

    reponse = client.get(url("reporting:export", "actions", "csv", annee=N))
    assert reponse.status_code == 200
    rangees = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert rangees[0] == [
        "Code",
        "Type d'action",
        "Actions",
        "Participants",
        "Dont jeunes suivis",
        "Entreprises",
        "Entretiens",
        "Seconds entretiens",
        "Embauches",
    ]
    assert rangees[1] == ["recrutement", "Recrutement", "3", "250", "20", "15", "60", "12", "8"]
    assert rangees[-1][1:4] == ["Total", "4", "288"]

    reponse = client.get(url("reporting:export", "cohorte_pacea_profil", "xlsx", annee=N))
    assert reponse.status_code == 200
    feuille = openpyxl.load_workbook(io.BytesIO(b"".join(reponse))).active
    valeurs = [[c.value for c in ligne] for ligne in feuille.iter_rows()]
    entetes = next(v for v in valeurs if v and v[0] == "Trait")
    assert entetes == ["Trait", f"Jeunes {N}", f"Part {N}", f"Jeunes {N - 1}", f"Part {N - 1}"]
    assert ["Hommes", 35, 70, 0, 0] in valeurs
    assert ["Reconnaissance travailleur handicapé (RQTH)", "< 5", "< 5", 0, 0] in valeurs


# --- Page d'un dispositif ------------------------------------------------------------------------------------


def test_page_du_dispositif(client_de, direction, instantanes):
    reponse = client_de(direction).get(url("reporting:dispositif", "pacea", annee=N))

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "PACEA : cohorte 2018" in contenu
    assert "PACEA : profil des bénéficiaires" in contenu and "90\xa0%" in contenu and "&lt; 5" in contenu
    assert url("reporting:export", "cohorte_pacea_sorties", "csv", annee=N).replace("&", "&amp;") in contenu
    assert f"{reverse('reporting:jeunes')}?annee={N}&amp;indicateur=beneficiaires&amp;dispositif=pacea" in contenu


def test_page_du_dispositif_inconnu_ou_instantane_absent(client_de, direction, instantanes):
    client = client_de(direction)
    assert client.get(url("reporting:dispositif", "inconnu", annee=N)).status_code == 404
    reponse = client.get(url("reporting:dispositif", "pacea", annee=N + 3))
    assert reponse.status_code == 200
    assert "pas encore été calculés" in reponse.content.decode()
    retirer(instantanes[0])
    assert (
        "Ces chiffres sont à recalculer" in client.get(url("reporting:dispositif", "pacea", annee=N)).content.decode()
    )


@pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "secretariat_faj", "membre_commission"])
def test_page_du_dispositif_refusee_aux_autres_roles(client_de, persona, request, instantanes):
    user = request.getfixturevalue(persona)
    assert client_de(user).get(url("reporting:dispositif", "pacea", annee=N)).status_code == 403


def test_page_du_dispositif_ramenee_a_l_antenne_du_responsable(client_de, responsable_broceliande, instantanes):
    reponse = client_de(responsable_broceliande).get(url("reporting:dispositif", "pacea", annee=N, antenne="RENNES"))
    assert reponse.status_code == 200
    assert reponse.context["antenne_code"] == "BROCELIANDE"
    assert reponse.context["cohorte"]["bloc"]["beneficiaires"] == 0  # l'instantané de l'antenne, pas l'agence


def test_page_du_dispositif_mauvaise_methode(client_de, direction, instantanes):
    assert client_de(direction).post(url("reporting:dispositif", "pacea", annee=N)).status_code == 405


# --- Jeunes bénéficiaires d'un dispositif ----------------------------------------------------------------------


@pytest.fixture
def beneficiaires():
    pacea = DispositifFactory(code="pacea", nom="PACEA")
    autre = DispositifFactory(code="cej", nom="CEJ")
    dedans = InscriptionFactory(jeune=JeuneFactory(nom="DEDANS"), dispositif=pacea, date_entree=date(N - 1, 3, 1))
    InscriptionFactory(
        jeune=JeuneFactory(nom="SORTIAVANT"),
        dispositif=pacea,
        date_entree=date(N - 2, 1, 1),
        date_sortie=date(N - 1, 12, 31),
    )
    InscriptionFactory(jeune=JeuneFactory(nom="AUTREDISPOSITIF"), dispositif=autre, date_entree=date(N, 1, 1))
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    loin = InscriptionFactory(
        jeune=JeuneFactory(nom="LOIN", antenne=broceliande), dispositif=pacea, date_entree=date(N, 12, 31)
    )
    return dedans.jeune, loin.jeune


def test_liste_des_beneficiaires_meme_definition_que_le_calcul(client_de, direction, beneficiaires):
    from reporting.indicateurs import calculer_indicateurs

    reponse = client_de(direction).get(url("reporting:jeunes", annee=N, indicateur="beneficiaires", dispositif="pacea"))

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Bénéficiaires du dispositif PACEA en 2018" in contenu
    assert "DEDANS" in contenu and "LOIN" in contenu
    assert "SORTIAVANT" not in contenu and "AUTREDISPOSITIF" not in contenu
    assert calculer_indicateurs(N)["dispositifs"]["pacea"] == 2  # le chiffre du tableau de bord
    # Une ligne du journal des accès par jeune montré
    lus = set(JournalAcces.objects.filter(identifiant=direction.username).values_list("jeune_id", flat=True))
    assert lus == {j.pk for j in beneficiaires}


def test_liste_des_beneficiaires_limitee_a_l_antenne_du_responsable(client_de, responsable_rennes, beneficiaires):
    reponse = client_de(responsable_rennes).get(
        url("reporting:jeunes", annee=N, indicateur="beneficiaires", dispositif="pacea", antenne="BROCELIANDE")
    )
    contenu = reponse.content.decode()
    assert "DEDANS" in contenu and "LOIN" not in contenu
    assert not JournalAcces.objects.filter(jeune=beneficiaires[1]).exists()


def test_liste_des_beneficiaires_refusee_et_dispositif_inconnu(
    client_de, administrateur, conseiller_rennes, direction, beneficiaires
):
    params = {"annee": N, "indicateur": "beneficiaires", "dispositif": "pacea"}
    assert client_de(administrateur).get(url("reporting:jeunes", **params)).status_code == 403
    assert client_de(conseiller_rennes).get(url("reporting:jeunes", **params)).status_code == 403
    assert not JournalAcces.objects.filter(jeune__in=beneficiaires).exists()
    inconnu = {**params, "dispositif": "inconnu"}
    assert client_de(direction).get(url("reporting:jeunes", **inconnu)).status_code == 404


def test_liste_des_beneficiaires_sans_dossier_archive(client_de, direction, beneficiaires):
    from django.utils import timezone

    beneficiaires[0].__class__.objects.filter(pk=beneficiaires[0].pk).update(archive_le=timezone.now())
    reponse = client_de(direction).get(url("reporting:jeunes", annee=N, indicateur="beneficiaires", dispositif="pacea"))
    assert "DEDANS" not in reponse.content.decode()
    assert not JournalAcces.objects.filter(jeune=beneficiaires[0]).exists()


def test_liste_des_beneficiaires_requetes_constantes(client_de, direction, beneficiaires):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dispositifs.models import Dispositif

    client = client_de(direction)
    adresse = url("reporting:jeunes", annee=N, indicateur="beneficiaires", dispositif="pacea")
    with CaptureQueriesContext(connection) as peu:
        client.get(adresse)
    pacea = Dispositif.objects.get(code="pacea")
    for _ in range(12):
        InscriptionFactory(dispositif=pacea, date_entree=date(N, 1, 5))
    with CaptureQueriesContext(connection) as beaucoup:
        reponse = client.get(adresse)

    assert "14 jeunes" in reponse.content.decode()
    assert len(beaucoup) == len(peu)


def test_page_du_dispositif_en_peu_de_requetes(client_de, direction, instantanes, django_assert_max_num_queries):
    client = client_de(direction)
    client.get(url("reporting:tableau_de_bord", annee=N))  # session et cache chauds
    with django_assert_max_num_queries(15):
        assert client.get(url("reporting:dispositif", "pacea", annee=N)).status_code == 200
