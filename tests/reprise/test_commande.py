"""Commande importer_reprise : import complet, idempotence, mises à jour, simulation, formats acceptés."""

import datetime
from decimal import Decimal

import pytest

from accompagnement.models import AffectationReferent, Evenement, Jeune, Situation
from aides.enums import StatutDemande
from aides.models import DemandeAide
from dispositifs.models import Inscription, Versement
from tests.reprise.conftest import EN_TETE_JEUNES, ecrire

pytestmark = pytest.mark.django_db


def test_import_complet_cree_des_enregistrements_ordinaires(dossier_complet, importer, alice, bob):
    resultat = importer(dossier_complet)

    assert resultat.code == 0, resultat.sortie
    assert "Import terminé." in resultat.lignes
    assert "jeunes.csv : 2 lignes, 2 créés, 0 modifiés" in resultat.lignes
    assert "evenements.csv : 3 lignes, 3 créés, 0 modifiés" in resultat.lignes
    assert "situations.csv : 2 lignes, 2 créés, 0 modifiés" in resultat.lignes
    assert "dispositifs.csv : 2 lignes, 2 créés, 0 modifiés" in resultat.lignes
    assert "aides.csv : 2 lignes, 2 créés, 0 modifiés" in resultat.lignes
    assert "versements.csv : 2 lignes, 2 créés, 0 modifiés" in resultat.lignes

    eloise = Jeune.objects.get(identifiant_externe="J1")
    assert (eloise.nom, eloise.prenom, eloise.sexe) == ("Le Goff", "Éloïse", "f")
    assert eloise.antenne.code == "RENNES" and eloise.secteur.code == "RENNES_CENTRE"
    assert eloise.referent == alice and eloise.rsa is True and eloise.niveau == "4"
    assert eloise.courriel == "eloise@exemple.fr"
    assert list(Jeune.objects.recherche("eloise le goff")) == [eloise]
    # Les événements importés sont ceux du dossier, et le dernier contact est tenu à jour.
    assert [(e.date, e.type, e.modalite) for e in eloise.evenements.all()] == [
        (datetime.date(2023, 1, 10), "contact", "telephone"),
        (datetime.date(2022, 9, 1), "entretien_individuel", "presentiel"),
    ]
    entretien = eloise.evenements.get(type="entretien_individuel")
    assert sorted(entretien.services.values_list("service", flat=True)) == ["logement_information", "sante_information"]
    assert eloise.date_dernier_contact == datetime.date(2023, 1, 10)
    assert list(Jeune.objects.accompagnes_en(2022)) == [eloise]
    assert AffectationReferent.objects.get(jeune=eloise).referent == alice

    paul = Jeune.objects.get(identifiant_externe="J2")
    assert paul.date_naissance == datetime.date(2003, 6, 15)
    assert paul.date_premier_accueil == datetime.date(2021, 2, 1)
    assert paul.antenne.code == "RENNES_METROPOLE" and paul.secteur.code == "RM_CESSON_SEVIGNE"

    formation = Situation.objects.get(jeune=eloise)
    assert (formation.categorie, formation.type, formation.financeur) == (
        "formation",
        "qualifiante",
        "conseil_regional",
    )
    assert formation.secteur_activite == "Hôtellerie-restauration"
    assert Inscription.objects.get(jeune=eloise).dispositif.code == "cej"
    assert Inscription.objects.get(jeune=paul).est_ouverte

    aide = DemandeAide.objects.get(reference_externe="FAJ-1")
    assert aide.jeune == eloise and aide.urgence is True
    assert (aide.montant_demande, aide.montant_accorde) == (Decimal("150.50"), Decimal("100.25"))
    assert (aide.decision, aide.statut) == ("accordee_partiellement", StatutDemande.DECIDEE)
    assert DemandeAide.objects.get(reference_externe="FAJ-2").statut == StatutDemande.SOUMISE
    assert sorted(eloise.versements.values_list("periode", "montant")) == [
        ("2023-02", Decimal("528.00")),
        ("2023-03", Decimal("528.00")),
    ]


def test_deuxieme_import_identique_ne_change_rien(dossier_complet, importer):
    importer(dossier_complet)
    avant = (Jeune.objects.count(), Evenement.objects.count(), Versement.objects.count())

    resultat = importer(dossier_complet)

    assert resultat.code == 0
    for nom, lignes in [("jeunes", 2), ("evenements", 3), ("situations", 2), ("dispositifs", 2), ("aides", 2)]:
        assert f"{nom}.csv : {lignes} lignes, 0 créés, 0 modifiés" in resultat.lignes
    assert "versements.csv : 2 lignes, 0 créés, 0 modifiés" in resultat.lignes
    assert (Jeune.objects.count(), Evenement.objects.count(), Versement.objects.count()) == avant


def test_une_ligne_modifiee_met_a_jour_son_enregistrement(dossier_complet, importer, bob):
    importer(dossier_complet)
    jeunes = (dossier_complet / "jeunes.csv").read_text(encoding="utf-8-sig")
    ecrire(
        dossier_complet,
        "jeunes.csv",
        jeunes.replace("Le Goff;Éloïse;F", "Le Goff-Morvan;Éloïse;F").replace(";alice;4", ";bob;4"),
    )
    evenements = (dossier_complet / "evenements.csv").read_text(encoding="utf-8")
    ecrire(
        dossier_complet,
        "evenements.csv",
        evenements.replace("presentiel,sante_information|logement_information", "visio,mobilite_aide"),
    )
    aides = (dossier_complet / "aides.csv").read_text(encoding="utf-8")
    ecrire(dossier_complet, "aides.csv", aides.replace("2023-03-01;300;;;", "2023-03-01;300;refusee;2023-03-20;"))

    resultat = importer(dossier_complet)

    assert "jeunes.csv : 2 lignes, 0 créés, 1 modifiés" in resultat.lignes
    assert "evenements.csv : 3 lignes, 0 créés, 1 modifiés" in resultat.lignes
    assert "aides.csv : 2 lignes, 0 créés, 1 modifiés" in resultat.lignes
    eloise = Jeune.objects.get(identifiant_externe="J1")
    assert eloise.nom == "Le Goff-Morvan" and eloise.referent == bob
    assert list(Jeune.objects.recherche("morvan")) == [eloise]
    assert AffectationReferent.objects.get(jeune=eloise, fin__isnull=True).referent == bob
    entretien = eloise.evenements.get(type="entretien_individuel")
    assert entretien.modalite == "visio"
    assert list(entretien.services.values_list("service", flat=True)) == ["mobilite_aide"]
    refusee = DemandeAide.objects.get(reference_externe="FAJ-2")
    assert (refusee.decision, refusee.date_decision, refusee.statut) == (
        "refusee",
        datetime.date(2023, 3, 20),
        StatutDemande.DECIDEE,
    )
    assert Evenement.objects.count() == 3

    assert "jeunes.csv : 2 lignes, 0 créés, 0 modifiés" in importer(dossier_complet).lignes


def test_simulation_n_ecrit_rien_et_annonce_les_nombres(dossier_complet, importer):
    resultat = importer(dossier_complet, "--dry-run")

    assert resultat.code == 0
    assert "Simulation (--dry-run) : rien n'a été enregistré." in resultat.lignes
    assert "jeunes.csv : 2 lignes, 2 à créer, 0 à modifier" in resultat.lignes
    assert "evenements.csv : 3 lignes, 3 à créer, 0 à modifier" in resultat.lignes
    assert not Jeune.objects.exists()
    assert not Evenement.objects.exists()
    assert not DemandeAide.objects.exists()


def test_fichiers_absents_ignores_et_jeune_deja_en_base(dossier, importer, alice):
    ecrire(dossier, "jeunes.csv", EN_TETE_JEUNES + "\nJ1;Durand;Léa;f;2005-01-01;35238;;2023-01-05;\n")
    importer(dossier)
    (dossier / "jeunes.csv").unlink()
    ecrire(dossier, "evenements.csv", "identifiant_jeune;date;type\nJ1;2023-01-05;entretien_individuel\n")

    resultat = importer(dossier)

    assert resultat.code == 0, resultat.sortie
    assert not any(ligne.startswith("jeunes.csv") for ligne in resultat.lignes)
    assert "evenements.csv : 1 lignes, 1 créés, 0 modifiés" in resultat.lignes
    lea = Jeune.objects.get(identifiant_externe="J1")
    assert lea.secteur is None  # Rennes n'a pas de secteur par défaut : il reste à choisir
    assert lea.evenements.get().type == "entretien_individuel"


def test_separateur_virgule_sans_bom_et_point_virgule_avec_bom(dossier, importer):
    ecrire(
        dossier,
        "jeunes.csv",
        "identifiant,nom,prenom,sexe,date_naissance,commune_insee,date_premier_accueil\n"
        'J1,"Le Goff, dit Morvan",Yann,m,01/02/2004,35051,2022-01-01\n',
    )
    ecrire(
        dossier,
        "versements.csv",
        "identifiant_jeune;fonds;date;montant\nJ1;ALLOCATION_PACEA;2022-02-01;1 234,5\n",
        bom=True,
    )

    resultat = importer(dossier)

    assert resultat.code == 0, resultat.sortie
    assert Jeune.objects.get().nom == "Le Goff, dit Morvan"
    versement = Versement.objects.get()
    assert (versement.fonds, versement.montant, versement.periode) == ("allocation_pacea", Decimal("1234.50"), "")
    assert "versements.csv : 1 lignes, 0 créés, 0 modifiés" in importer(dossier).lignes


def test_colonnes_dans_un_ordre_quelconque_et_majuscules(dossier, importer):
    ecrire(
        dossier,
        "jeunes.csv",
        "Date_Premier_Accueil;COMMUNE_INSEE;sexe;prenom;nom;identifiant;date_naissance\n"
        "2022-01-01;35051;M;Yann;Kerjean;J9;2004-02-01\n",
    )

    assert importer(dossier).code == 0
    assert Jeune.objects.get(identifiant_externe="J9").sexe == "m"


def test_dossier_sans_fichier_du_format(dossier, importer):
    ecrire(dossier, "autre.csv", "a;b\n")

    resultat = importer(dossier)

    assert resultat.code == 1
    assert "Aucun fichier du format d'échange" in resultat.sortie


def test_secteur_choisi_dans_weker_garde_si_le_fichier_n_en_donne_pas(dossier, importer):
    from antennes.models import Secteur

    ecrire(dossier, "jeunes.csv", EN_TETE_JEUNES + "\nJ1;Durand;Léa;f;2005-01-01;35238;;2023-01-05;\n")
    importer(dossier)
    Jeune.objects.filter(identifiant_externe="J1").update(secteur=Secteur.objects.get(code="RENNES_BLOSNE"))

    assert "jeunes.csv : 1 lignes, 0 créés, 0 modifiés" in importer(dossier).lignes
    assert Jeune.objects.get().secteur.code == "RENNES_BLOSNE"

    ecrire(dossier, "jeunes.csv", EN_TETE_JEUNES + "\nJ1;Durand;Léa;f;2005-01-01;35051;;2023-01-05;\n")
    assert "jeunes.csv : 1 lignes, 0 créés, 1 modifiés" in importer(dossier).lignes
    lea = Jeune.objects.get()
    assert (lea.antenne.code, lea.secteur.code) == ("RENNES_METROPOLE", "RM_CESSON_SEVIGNE")


def test_les_dossiers_repris_ont_leurs_alertes_des_la_fin_de_l_import(dossier_complet, importer):
    """Issue 16 : après un import, la page des alertes et le portefeuille lisent des alertes déjà calculées."""
    from dispositifs.models import Alerte
    from dispositifs.services import alertes_calculer

    assert importer(dossier_complet).code == 0
    importees = sorted(Alerte.objects.values_list("jeune__identifiant_externe", "type"))
    assert importees  # l'historique repris a des jeunes sans contact récent
    assert alertes_calculer() == {"creees": 0, "mises_a_jour": 0, "supprimees": 0}  # rien n'attendait la nuit


def test_l_import_ne_recalcule_que_les_alertes_des_jeunes_qu_il_ecrit(dossier_complet, importer):
    """Les alertes des dossiers que l'import ne touche pas attendent le calcul de la nuit : les recalculer toutes
    relisait toute la base à chaque import (100 s à un million de jeunes)."""
    from dispositifs.models import Alerte
    from tests.accompagnement.factories import JeuneFactory

    hors_import = JeuneFactory(date_premier_accueil=datetime.date(2020, 1, 6), date_dernier_contact=None)
    assert importer(dossier_complet).code == 0
    assert Alerte.objects.exists()
    assert not Alerte.objects.filter(jeune=hors_import).exists()  # rien écrit pour lui : pas recalculé


def test_une_simulation_ne_calcule_aucune_alerte(dossier_complet, importer):
    from dispositifs.models import Alerte

    assert importer(dossier_complet, "--dry-run").code == 0
    assert not Alerte.objects.exists()
