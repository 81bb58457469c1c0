"""Import d'un extrait SIRENE : fichier d'exemple, idempotence par SIRET, erreurs par ligne, tout ou rien, page
réservée aux administrateurs."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entreprises import services
from entreprises.models import ContactEntreprise, Entreprise
from entreprises.sirene import ErreursImport
from tests.entreprises.factories import ContactEntrepriseFactory, EntrepriseFactory

pytestmark = pytest.mark.django_db

EXEMPLE = Path(__file__).resolve().parents[2] / "entreprises" / "donnees" / "sirene_exemple.csv"
ENTETE = ";".join(
    [
        "siret",
        "denominationUniteLegale",
        "activitePrincipaleEtablissement",
        "trancheEffectifsEtablissement",
        "codeCommuneEtablissement",
    ]
)


def importer(texte, nom="extrait.csv"):
    return services.sirene_importer(fichier=io.BytesIO(texte.encode()), nom_fichier=nom)


def test_fichier_d_exemple():
    rapport = services.sirene_importer(fichier=EXEMPLE.open("rb"), nom_fichier="sirene_exemple.csv")
    assert (rapport.creees, rapport.modifiees, rapport.inchangees, rapport.fermees_ignorees) == (5, 0, 0, 1)
    creperie = Entreprise.objects.get(siret="55221123000131")
    assert (creperie.raison_sociale, creperie.enseigne) == ("SARL KER ARGOAT", "CREPERIE DE LA MONNAIE")
    assert (creperie.naf, creperie.section_naf, creperie.tranche_effectif) == ("56.10A", "I", "12")
    assert creperie.adresse == "12 rue DE LA MONNAIE"
    assert creperie.commune_id == "35238"
    assert creperie.nom_recherche == "sarl ker argoat creperie de la monnaie"
    assert creperie.history.get().history_change_reason == "Import SIRENE (sirene_exemple.csv)"
    boulangerie = Entreprise.objects.get(siret="38022319000121")
    assert (boulangerie.raison_sociale, boulangerie.enseigne, boulangerie.tranche_effectif) == (
        "BOULANGERIE DU CENTRE",
        "",
        "",
    )
    assert boulangerie.adresse == "45 B avenue DES PEUPLIERS"
    assert Entreprise.objects.get(siret="35600000000010").raison_sociale == "LA POSTE"  # exception de La Poste
    assert not Entreprise.objects.filter(siret="81234567800013").exists()  # fermé


def test_relancer_le_meme_fichier_ne_change_rien():
    services.sirene_importer(fichier=EXEMPLE.open("rb"), nom_fichier="a.csv")
    rapport = services.sirene_importer(fichier=EXEMPLE.open("rb"), nom_fichier="a.csv")
    assert (rapport.creees, rapport.modifiees, rapport.inchangees) == (0, 0, 5)
    assert Entreprise.history.count() == 5


def test_met_a_jour_par_siret_sans_toucher_aux_contacts():
    existante = EntrepriseFactory(siret="55221123000131", raison_sociale="Ancien nom")
    ContactEntrepriseFactory(entreprise=existante)
    rapport = importer(f"{ENTETE}\n55221123000131;Nouveau nom;47.11B;NN;35047\n")
    assert (rapport.creees, rapport.modifiees) == (0, 1)
    existante.refresh_from_db()
    assert (existante.raison_sociale, existante.section_naf, existante.commune_id) == ("Nouveau nom", "G", "35047")
    assert ContactEntreprise.objects.get().entreprise == existante


def test_erreurs_par_ligne_et_rien_n_est_ecrit():
    texte = (
        f"{ENTETE}\n"
        "55221123000131;Bon;56.10A;12;35238\n"
        "55221123000132;Clé fausse;56.10A;12;35238\n"
        "44712345000184;;56.10A;12;35238\n"
        "90123456700039;NAF faux;00.00X;12;35238\n"
        "44100891000107;Tranche;56.10A;99;35238\n"
        "33852264000154;Commune;56.10A;12;99999\n"
        "55221123000131;Doublon;56.10A;12;35238\n"
    )
    with pytest.raises(ErreursImport) as echec:
        importer(texte, "x.csv")
    assert echec.value.erreurs == [
        "x.csv:3: siret: Le SIRET doit compter 14 chiffres et sa clé de contrôle doit être juste.",
        "x.csv:4: denominationUniteLegale: nom de l'établissement absent.",
        "x.csv:5: activitePrincipaleEtablissement: Le code NAF doit s'écrire comme « 56.10A » (deux chiffres, un "
        "point, deux chiffres, une lettre).",
        "x.csv:6: trancheEffectifsEtablissement: tranche d'effectif inconnue « 99 ».",
        "x.csv:7: codeCommuneEtablissement: commune inconnue « 99999 » (code INSEE attendu).",
        "x.csv:8: siret: SIRET déjà présent ligne 2.",
    ]
    assert not Entreprise.objects.exists()


@pytest.mark.parametrize(
    ("texte", "message"),
    [
        ("siret;denominationUniteLegale\n55221123000131;X\n", "colonne(s) absente(s) : codeCommuneEtablissement"),
        ("siret;codeCommuneEtablissement\n55221123000131;35238\n", "aucune colonne de nom"),
        (f"{ENTETE}\n", "aucune ligne à importer"),
    ],
)
def test_fichier_mal_forme(texte, message):
    with pytest.raises(ErreursImport) as echec:
        importer(texte)
    assert message in echec.value.erreurs[0]


def test_fichier_pas_en_utf8():
    with pytest.raises(ErreursImport, match="1 erreur"):
        services.sirene_importer(fichier=io.BytesIO("siret;é\n".encode("latin-1")), nom_fichier="x.csv")


def test_ancienne_nomenclature_ignoree():
    entete = ENTETE + ";nomenclatureActivitePrincipaleEtablissement"
    importer(f"{entete}\n55221123000131;Ancien;52.4Z;12;35238;NAFv1\n")
    assert Entreprise.objects.get().naf == ""


# --- Page ----------------------------------------------------------------------------------------------------------


def test_page_reservee_aux_administrateurs(client_de, administrateur):
    client = client_de(administrateur)
    url = reverse("entreprises:import_sirene")
    assert client.get(url).status_code == 200
    fichier = SimpleUploadedFile("sirene_exemple.csv", EXEMPLE.read_bytes(), content_type="text/csv")
    reponse = client.post(url, {"fichier": fichier})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "5 entreprises créées" in contenu and "1 établissement fermé ignoré" in contenu
    assert Entreprise.objects.count() == 5


def test_page_montre_les_erreurs(client_de, administrateur):
    fichier = SimpleUploadedFile("x.csv", f"{ENTETE}\n55221123000132;X;56.10A;12;35238\n".encode())
    reponse = client_de(administrateur).post(reverse("entreprises:import_sirene"), {"fichier": fichier})
    assert reponse.status_code == 400
    assert "x.csv:2: siret: Le SIRET doit compter" in reponse.content.decode()
    assert not Entreprise.objects.exists()


@pytest.mark.parametrize("persona", ["entreprises_rennes", "direction", "conseiller_rennes"])
def test_page_refusee(request, client_de, persona):
    client = client_de(request.getfixturevalue(persona))
    assert client.get(reverse("entreprises:import_sirene")).status_code == 403
    fichier = SimpleUploadedFile("sirene_exemple.csv", EXEMPLE.read_bytes())
    assert client.post(reverse("entreprises:import_sirene"), {"fichier": fichier}).status_code == 403
    assert not Entreprise.objects.exists()


def test_commande(tmp_path):
    from django.core.management import CommandError, call_command

    sortie = io.StringIO()
    call_command("importer_sirene", str(EXEMPLE), stdout=sortie)
    assert sortie.getvalue().strip() == "5 créées, 0 mises à jour, 0 inchangées, 1 établissements fermés ignorés."
    faux = tmp_path / "faux.csv"
    faux.write_text(f"{ENTETE}\n55221123000132;X;56.10A;12;35238\n", encoding="utf-8")
    erreurs = io.StringIO()
    with pytest.raises(CommandError, match="Rien n'a été importé"):
        call_command("importer_sirene", str(faux), stderr=erreurs)
    assert "faux.csv:2: siret:" in erreurs.getvalue()
