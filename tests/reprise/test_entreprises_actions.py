# ruff: noqa: E501 - messages attendus gardés entiers
"""Fichiers et colonnes de ../shared/specs/entreprises-actions.md : import complet, idempotence, mises à jour et
chaque règle (erreur exacte, rien d'écrit)."""

import datetime

import pytest

from accompagnement.models import Evenement, Jeune, Situation
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from entreprises.models import ContactEntreprise, Entreprise, MiseEnRelation, Offre
from tests.reprise.conftest import EN_TETE_JEUNES, ecrire
from tests.reprise.test_validation import refuse

pytestmark = pytest.mark.django_db

BOULANGERIE = "73282932000074"
GARAGE = "44201000000010"
LA_POSTE = "35600000000048"  # clé de Luhn fausse : exception connue de l'INSEE


@pytest.fixture
def dossier_entreprises(dossier, alice, catalogue):
    ecrire(
        dossier,
        "jeunes.csv",
        EN_TETE_JEUNES + ";qpv;rqth\n"
        "J1;Le Goff;Éloïse;f;2004-03-01;35238;RENNES_CENTRE;2022-09-01;alice;1;0\n"
        "J2;Martin;Paul;m;2003-06-15;35051;;2021-02-01;;0;1\n",
    )
    ecrire(
        dossier,
        "evenements.csv",
        "identifiant_jeune;date;type;session;theme\n"
        "J1;2023-02-01;atelier;AT-12;CV_LETTRE\n"
        "J2;2023-02-01;atelier;AT-12;cv_lettre\n"
        "J2;2023-03-01;information_collective;;numerique\n"
        "J1;2023-03-02;entretien_individuel;;\n",
    )
    ecrire(
        dossier,
        "entreprises.csv",
        "siret;raison_sociale;naf;tranche_effectif;commune_insee;contact_nom;contact_telephone;contact_courriel\n"
        "732 829 320 00074;Boulangerie du Mail;10.71c;01;35238;Anne Moreau;0299000000;anne@boulangerie.fr\n"
        f"{GARAGE};Garage de Montfort;;;35188;;;\n"
        f"{LA_POSTE};La Poste Rennes Colombier;53.10Z;;35238;;;\n",
    )
    ecrire(
        dossier,
        "situations.csv",
        "identifiant_jeune;categorie;type;financeur;date_debut;programme;siret;secteur_naf\n"
        f"J1;emploi;cdi;;2023-04-01;;{BOULANGERIE};\n"
        "J2;emploi;interim;;2023-05-01;;;f\n"
        "J2;formation;qualifiante;conseil_regional;2023-06-01;POE;;\n",
    )
    ecrire(
        dossier,
        "offres.csv",
        "reference;siret;intitule;code_rome;type_contrat;nombre_postes;date_reception;date_cloture;statut\n"
        f"OF-1;{BOULANGERIE};Vendeur en boulangerie;d1106;cdi;2;2023-01-10;2023-03-01;pourvue\n"
        f"OF-2;{GARAGE};Mécanicien;;apprentissage;1;15/02/2023;;ouverte\n",
    )
    ecrire(
        dossier,
        "mises_en_relation.csv",
        "identifiant_jeune;siret;reference_offre;date;resultat\n"
        f"J1;{BOULANGERIE};OF-1;2023-01-20;recrute\n"
        f"J2;{BOULANGERIE};;2023-01-20;refus_employeur\n",
    )
    ecrire(
        dossier,
        "actions.csv",
        "reference;intitule;type;date;commune_insee;public_scolaires;public_demandeurs_emploi;participants_femmes;"
        "entretiens;seconds_entretiens;embauches;entreprises\n"
        f"AC-1;Job dating de printemps;recrutement;2023-04-12;35238;;40;22;15;6;4;{BOULANGERIE}|{GARAGE}\n"
        "AC-2;Visite de l'Exploratoire;decouverte_metiers;2023-05-02;35238;25;;10;;;;\n",
    )
    ecrire(
        dossier,
        "participations_actions.csv",
        "reference_action;identifiant_jeune\nAC-1;J1\nAC-1;J2\nAC-2;J1\n",
    )
    return dossier


def test_import_complet_des_entreprises_offres_actions(dossier_entreprises, importer):
    resultat = importer(dossier_entreprises)

    assert resultat.code == 0, resultat.sortie
    for ligne in (
        "entreprises.csv : 3 lignes, 3 créés, 0 modifiés",
        "offres.csv : 2 lignes, 2 créés, 0 modifiés",
        "mises_en_relation.csv : 2 lignes, 2 créés, 0 modifiés",
        "actions.csv : 2 lignes, 2 créés, 0 modifiés",
        "participations_actions.csv : 3 lignes, 3 créés, 0 modifiés",
    ):
        assert ligne in resultat.lignes
    eloise, paul = Jeune.objects.get(identifiant_externe="J1"), Jeune.objects.get(identifiant_externe="J2")
    assert (eloise.qpv, eloise.rqth, paul.qpv, paul.rqth) == (True, False, False, True)

    boulangerie = Entreprise.objects.get(siret=BOULANGERIE)
    assert (boulangerie.raison_sociale, boulangerie.naf, boulangerie.section_naf) == (
        "Boulangerie du Mail",
        "10.71C",
        "C",
    )
    assert (boulangerie.tranche_effectif, boulangerie.commune_id, boulangerie.nom_recherche) == (
        "01",
        "35238",
        "boulangerie du mail",
    )
    contact = boulangerie.contacts.get()
    assert (contact.nom, contact.telephone, contact.courriel) == ("Anne Moreau", "0299000000", "anne@boulangerie.fr")
    assert not Entreprise.objects.get(siret=GARAGE).contacts.exists()
    assert Entreprise.objects.get(siret=LA_POSTE).section_naf == "H"

    atelier = eloise.evenements.get(type="atelier")
    assert (atelier.reference_session, atelier.theme_atelier.code) == ("AT-12", "cv_lettre")
    assert paul.evenements.get(type="information_collective").theme_atelier.code == "numerique"
    assert eloise.evenements.get(type="entretien_individuel").theme_atelier is None

    emploi = Situation.objects.get(jeune=eloise)
    assert (emploi.entreprise, emploi.secteur_naf) == (boulangerie, "C")  # section déduite du SIRET
    assert Situation.objects.get(jeune=paul, categorie="emploi").secteur_naf == "F"
    assert Situation.objects.get(jeune=paul, categorie="formation").programme.code == "poe"

    offre = Offre.objects.get(reference="OF-1")
    assert (offre.entreprise, offre.code_rome, offre.nombre_postes, offre.statut) == (
        boulangerie,
        "D1106",
        2,
        "pourvue",
    )
    assert Offre.objects.get(reference="OF-2").date_reception == datetime.date(2023, 2, 15)
    mise = MiseEnRelation.objects.get(jeune=eloise)
    assert (mise.offre, mise.resultat, mise.situation) == (offre, "recrute", None)
    assert MiseEnRelation.objects.get(jeune=paul).offre is None

    job_dating = ActionTerritoriale.objects.get(reference="AC-1")
    assert (job_dating.type, job_dating.public_demandeurs_emploi, job_dating.public_scolaires) == ("recrutement", 40, 0)
    assert (job_dating.entretiens, job_dating.seconds_entretiens, job_dating.embauches) == (15, 6, 4)
    assert set(job_dating.entreprises.values_list("siret", flat=True)) == {BOULANGERIE, GARAGE}
    assert job_dating.antenne is None
    assert set(job_dating.participations.values_list("jeune__identifiant_externe", flat=True)) == {"J1", "J2"}
    assert ParticipationAction.objects.filter(jeune=eloise).count() == 2


def test_deuxieme_import_identique_ne_change_rien(dossier_entreprises, importer):
    importer(dossier_entreprises)
    comptes = [m.objects.count() for m in (Entreprise, ContactEntreprise, Offre, MiseEnRelation, ParticipationAction)]

    resultat = importer(dossier_entreprises)

    assert resultat.code == 0, resultat.sortie
    for nom, lignes in [
        ("jeunes", 2),
        ("evenements", 4),
        ("entreprises", 3),
        ("situations", 3),
        ("offres", 2),
        ("mises_en_relation", 2),
        ("actions", 2),
        ("participations_actions", 3),
    ]:
        assert f"{nom}.csv : {lignes} lignes, 0 créés, 0 modifiés" in resultat.lignes
    assert [
        m.objects.count() for m in (Entreprise, ContactEntreprise, Offre, MiseEnRelation, ParticipationAction)
    ] == comptes


def test_lignes_modifiees_mettent_a_jour(dossier_entreprises, importer):
    importer(dossier_entreprises)
    remplacer = {
        "entreprises.csv": ("0299000000;anne@", "0299111111;anne@"),
        "offres.csv": (";2;2023-01-10;2023-03-01;pourvue", ";3;2023-01-10;;ouverte"),
        "actions.csv": (f"4;{BOULANGERIE}|{GARAGE}", f"5;{GARAGE}"),
        "mises_en_relation.csv": ("2023-01-20;refus_employeur", "2023-01-20;sans_suite"),
        "evenements.csv": ("information_collective;;numerique", "information_collective;;budget"),
    }
    for nom, (avant, apres) in remplacer.items():
        texte = (dossier_entreprises / nom).read_text(encoding="utf-8")
        assert avant in texte
        ecrire(dossier_entreprises, nom, texte.replace(avant, apres))

    resultat = importer(dossier_entreprises)

    assert resultat.code == 0, resultat.sortie
    for nom in remplacer:
        assert any(ligne.startswith(f"{nom} :") and "0 créés, 1 modifiés" in ligne for ligne in resultat.lignes), nom
    contact = ContactEntreprise.objects.get()
    assert contact.telephone == "0299111111"
    offre = Offre.objects.get(reference="OF-1")
    assert (offre.nombre_postes, offre.date_cloture, offre.statut) == (3, None, "ouverte")
    job_dating = ActionTerritoriale.objects.get(reference="AC-1")
    assert job_dating.embauches == 5
    assert list(job_dating.entreprises.values_list("siret", flat=True)) == [GARAGE]
    assert MiseEnRelation.objects.get(jeune__identifiant_externe="J2").resultat == "sans_suite"
    assert Evenement.objects.get(type="information_collective").theme_atelier.code == "budget"


def test_simulation_n_ecrit_rien(dossier_entreprises, importer):
    resultat = importer(dossier_entreprises, "--dry-run")

    assert resultat.code == 0, resultat.sortie
    assert "entreprises.csv : 3 lignes, 3 à créer, 0 à modifier" in resultat.lignes
    assert not Entreprise.objects.exists()
    assert not ActionTerritoriale.objects.exists()


def test_siret_d_une_entreprise_deja_en_base(dossier, importer, alice, catalogue):
    ecrire(dossier, "entreprises.csv", f"siret;raison_sociale;commune_insee\n{GARAGE};Garage;35188\n")
    importer(dossier)
    (dossier / "entreprises.csv").unlink()
    ecrire(dossier, "jeunes.csv", EN_TETE_JEUNES + "\nJ1;Durand;Léa;f;2005-01-01;35238;;2023-01-05;\n")
    ecrire(
        dossier,
        "situations.csv",
        f"identifiant_jeune;categorie;type;date_debut;siret\nJ1;emploi;cdi;2023-04-01;{GARAGE}\n",
    )
    ecrire(
        dossier,
        "offres.csv",
        f"reference;siret;intitule;type_contrat;nombre_postes;date_reception;statut\nO;{GARAGE};Apprenti;stage;1;2023-01-01;expiree\n",
    )

    resultat = importer(dossier)

    assert resultat.code == 0, resultat.sortie
    situation = Situation.objects.get()
    assert (situation.entreprise.siret, situation.secteur_naf) == (GARAGE, "")
    assert Offre.objects.get().type_contrat == "stage"


ENTETE_ENTREPRISES = (
    "siret;raison_sociale;naf;tranche_effectif;commune_insee;contact_nom;contact_telephone;contact_courriel"
)
ENTREPRISE_OK = f"{BOULANGERIE};Boulangerie du Mail;10.71C;01;35238;;;"


@pytest.mark.parametrize(
    ("nom", "lignes", "erreurs"),
    [
        (
            "entreprises.csv",
            [ENTETE_ENTREPRISES, "73282932000075;Boulangerie;;;35238;;;", ENTREPRISE_OK, ENTREPRISE_OK],
            [
                "entreprises.csv:2: siret: SIRET invalide « 73282932000075 » (14 chiffres et une clé de contrôle juste)",
                "entreprises.csv:4: siret: SIRET déjà présent à la ligne 3",
            ],
        ),
        (
            "entreprises.csv",
            [ENTETE_ENTREPRISES, f"{GARAGE};Garage;4520;99;99999;;0299000000;"],
            [
                "entreprises.csv:2: naf: code NAF invalide « 4520 » (attendu par exemple 56.10A)",
                "entreprises.csv:2: tranche_effectif: code inconnu « 99 » (valeurs possibles : 00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 53)",
                "entreprises.csv:2: commune_insee: commune inconnue « 99999 » (code INSEE d'une commune actuelle attendu)",
                "entreprises.csv:2: contact_nom: nom du contact obligatoire avec contact_telephone",
            ],
        ),
        (
            "situations.csv",
            [
                "identifiant_jeune;categorie;type;financeur;date_debut;programme;siret;secteur_naf",
                f"J1;emploi;cdi;;2023-01-01;poe;{BOULANGERIE};",
                f"J1;emploi;cdi;;2023-02-01;;{BOULANGERIE};G",
                f"J1;emploi;cdi;;2023-03-01;;{GARAGE};V",
                "J1;formation;qualifiante;autre;2023-04-01;cap_metiers;;",
            ],
            [
                "situations.csv:2: programme: le programme ne s'indique que pour une formation",
                "situations.csv:3: secteur_naf: la section « G » ne correspond pas à celle de l'entreprise (C) : laissez la colonne vide, elle est déduite du SIRET",
                "situations.csv:4: siret: entreprise inconnue « 44201000000010 » (SIRET ni dans entreprises.csv ni déjà en base)",
                "situations.csv:4: secteur_naf: section NAF inconnue « V » (une lettre de A à U)",
                "situations.csv:5: programme: programme inconnu « cap_metiers » (codes de la liste : ppi, caq, afc, declic_action, epide, poe, autre)",
            ],
        ),
        (
            "evenements.csv",
            [
                "identifiant_jeune;date;type;session;theme",
                "J1;2023-01-01;entretien_individuel;S1;budget",
                "J1;2023-01-02;atelier;;jardinage",
            ],
            [
                "evenements.csv:2: session: ne s'indique que pour un atelier ou une information collective",
                "evenements.csv:2: theme: ne s'indique que pour un atelier ou une information collective",
                "evenements.csv:3: theme: thème inconnu « jardinage » (codes de la liste : budget, cv_lettre, entretien_embauche, numerique, sante, logement, mobilite, decouverte_metiers, alternance, autre)",
            ],
        ),
        (
            "offres.csv",
            [
                "reference;siret;intitule;code_rome;type_contrat;nombre_postes;date_reception;date_cloture;statut",
                f"O1;{BOULANGERIE};Vendeur;D11;cdi;0;2023-02-01;2023-01-31;ouverte",
                f"O1;{BOULANGERIE};Vendeur;;benevolat;1,5;2023-02-01;;fermee",
            ],
            [
                "offres.csv:2: code_rome: code ROME invalide « D11 » (une lettre et quatre chiffres, par exemple G1602)",
                "offres.csv:2: nombre_postes: le nombre doit être au moins 1",
                "offres.csv:2: date_cloture: la date de clôture précède la date de réception",
                "offres.csv:3: type_contrat: code inconnu « benevolat » (valeurs possibles : cdi, cdd_6_mois_plus, cdd_moins_6_mois, interim, apprentissage, professionnalisation, contrat_aide, creation_activite, stage)",
                "offres.csv:3: nombre_postes: nombre entier invalide « 1,5 » (0 ou plus, sans décimale)",
                "offres.csv:3: statut: code inconnu « fermee » (valeurs possibles : ouverte, pourvue, annulee, expiree)",
                "offres.csv:3: reference: référence déjà présente à la ligne 2",
            ],
        ),
        (
            "mises_en_relation.csv",
            [
                "identifiant_jeune;siret;reference_offre;date;resultat",
                f"J1;{GARAGE};OF-B;2023-02-01;recrute",
                f"J1;{BOULANGERIE};OF-X;2023-02-02;embauche",
                f"J1;{BOULANGERIE};;2023-02-01;proposee",
                f"J1;{BOULANGERIE};;01/02/2023;entretien",
            ],
            [
                "mises_en_relation.csv:2: siret: entreprise inconnue « 44201000000010 » (SIRET ni dans entreprises.csv ni déjà en base)",
                "mises_en_relation.csv:3: reference_offre: offre inconnue « OF-X » (ni dans offres.csv ni déjà en base)",
                "mises_en_relation.csv:3: resultat: code inconnu « embauche » (valeurs possibles : proposee, entretien, recrute, refus_employeur, refus_jeune, sans_suite)",
                "mises_en_relation.csv:5: ligne: ligne en double : même jeune, entreprise, offre et date que la ligne 4",
            ],
        ),
        (
            "actions.csv",
            [
                "reference;intitule;type;date;commune_insee;public_tout_public;participants_femmes;entretiens;entreprises",
                f"A1;Forum;forum;2023-02-01;35238;10;11;-1;{BOULANGERIE}|{GARAGE}",
            ],
            [
                "actions.csv:2: type: code inconnu « forum » (valeurs possibles : recrutement, decouverte_metiers, mixite, gpect, entrepreneuriat, sante, autre)",
                "actions.csv:2: entretiens: nombre entier invalide « -1 » (0 ou plus, sans décimale)",
                "actions.csv:2: entreprises: entreprise inconnue « 44201000000010 » (SIRET ni dans entreprises.csv ni déjà en base)",
                "actions.csv:2: participants_femmes: plus de femmes (11) que de participants comptés (10)",
            ],
        ),
        (
            "participations_actions.csv",
            ["reference_action;identifiant_jeune", "A9;J1", "A9;J7"],
            [
                "participations_actions.csv:2: reference_action: action inconnue « A9 » (ni dans actions.csv ni déjà en base)",
                "participations_actions.csv:3: reference_action: action inconnue « A9 » (ni dans actions.csv ni déjà en base)",
                "participations_actions.csv:3: identifiant_jeune: jeune inconnu « J7 » (ni dans jeunes.csv ni déjà en base)",
            ],
        ),
    ],
)
def test_regles_des_nouveaux_fichiers(dossier, importer, alice, catalogue, nom, lignes, erreurs):
    ecrire(
        dossier,
        "jeunes.csv",
        EN_TETE_JEUNES + "\nJ1;Le Goff;Éloïse;f;2004-03-01;35238;RENNES_CENTRE;2022-09-01;alice\n",
    )
    if nom != "entreprises.csv":
        ecrire(dossier, "entreprises.csv", ENTETE_ENTREPRISES + "\n" + ENTREPRISE_OK + "\n")
    if nom == "mises_en_relation.csv":
        ecrire(
            dossier,
            "offres.csv",
            f"reference;siret;intitule;type_contrat;nombre_postes;date_reception;statut\nOF-B;{BOULANGERIE};Vendeur;cdi;1;2023-01-01;ouverte\n",
        )
    ecrire(dossier, nom, "\n".join(lignes) + "\n")

    assert sorted(refuse(importer(dossier))) == sorted(erreurs)
    assert not Jeune.objects.exists()
    assert not Entreprise.objects.exists()


def test_offre_d_une_autre_entreprise_refusee(dossier, importer, alice, catalogue):
    ecrire(
        dossier,
        "jeunes.csv",
        EN_TETE_JEUNES + "\nJ1;Le Goff;Éloïse;f;2004-03-01;35238;RENNES_CENTRE;2022-09-01;alice\n",
    )
    ecrire(dossier, "entreprises.csv", f"siret;raison_sociale;commune_insee\n{BOULANGERIE};B;35238\n{GARAGE};G;35188\n")
    ecrire(
        dossier,
        "offres.csv",
        f"reference;siret;intitule;type_contrat;nombre_postes;date_reception;statut\nOF-G;{GARAGE};Apprenti;cdi;1;2023-01-01;ouverte\n",
    )
    ecrire(
        dossier,
        "mises_en_relation.csv",
        f"identifiant_jeune;siret;reference_offre;date;resultat\nJ1;{BOULANGERIE};OF-G;2023-02-01;proposee\n",
    )

    assert refuse(importer(dossier)) == [
        "mises_en_relation.csv:2: reference_offre: cette offre est celle d'une autre entreprise (SIRET 44201000000010)"
    ]


def _dossier_volumineux(dossier, n):
    from tests.reporting.factories import siret_valide

    sirets = [siret_valide(500000 + 1000 * n + i) for i in range(n)]
    ecrire(
        dossier,
        "jeunes.csv",
        EN_TETE_JEUNES + "\n" + "".join(f"J{n}_{i};Nom;Prénom;f;2004-03-01;35238;;2022-09-01;\n" for i in range(n)),
    )
    ecrire(
        dossier,
        "entreprises.csv",
        "siret;raison_sociale;naf;commune_insee;contact_nom;contact_telephone\n"
        + "".join(f"{s};Entreprise {i};56.10A;35238;Contact {i};0299000000\n" for i, s in enumerate(sirets)),
    )
    ecrire(
        dossier,
        "situations.csv",
        "identifiant_jeune;categorie;type;date_debut;siret\n"
        + "".join(f"J{n}_{i};emploi;cdi;2023-04-01;{s}\n" for i, s in enumerate(sirets)),
    )
    ecrire(
        dossier,
        "offres.csv",
        "reference;siret;intitule;type_contrat;nombre_postes;date_reception;statut\n"
        + "".join(f"O{n}_{i};{s};Poste;cdi;1;2023-01-01;ouverte\n" for i, s in enumerate(sirets)),
    )
    ecrire(
        dossier,
        "mises_en_relation.csv",
        "identifiant_jeune;siret;reference_offre;date;resultat\n"
        + "".join(f"J{n}_{i};{s};O{n}_{i};2023-02-01;entretien\n" for i, s in enumerate(sirets)),
    )
    ecrire(
        dossier,
        "actions.csv",
        "reference;intitule;type;date;commune_insee;entreprises\n"
        + "".join(f"A{n}_{i};Action;gpect;2023-03-01;35238;{s}|{sirets[0]}\n" for i, s in enumerate(sirets)),
    )
    ecrire(
        dossier,
        "participations_actions.csv",
        "reference_action;identifiant_jeune\n" + "".join(f"A{n}_{i};J{n}_{i}\n" for i in range(n)),
    )


def test_requetes_en_nombre_constant_quel_que_soit_le_nombre_de_lignes(tmp_path, importer, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mesures = []
    for n in (2, 25):
        dossier = tmp_path / str(n)
        dossier.mkdir()
        _dossier_volumineux(dossier, n)
        with CaptureQueriesContext(connection) as premier:
            assert importer(dossier).code == 0
        with CaptureQueriesContext(connection) as second:
            resultat = importer(dossier)
        assert "actions.csv : " + f"{n} lignes, 0 créés, 0 modifiés" in resultat.lignes
        mesures.append((len(premier.captured_queries), len(second.captured_queries)))
        assert ContactEntreprise.objects.filter(nom=f"Contact {n - 1}").count() == 1

    assert mesures[0] == mesures[1]
