import datetime

import pytest
from django.core.management import CommandError, call_command

EN_TETE_JEUNES = "identifiant;nom;prenom;sexe;date_naissance;commune_insee;secteur;date_premier_accueil;conseiller"


def ecrire(dossier, nom, texte, *, encodage="utf-8", bom=False):
    contenu = texte.encode(encodage)
    if bom:
        contenu = b"\xef\xbb\xbf" + contenu
    (dossier / nom).write_bytes(contenu)


class Resultat:
    def __init__(self, code, sortie):
        self.code, self.sortie = code, sortie
        self.lignes = sortie.splitlines()


@pytest.fixture
def importer(capsys):
    """importer(dossier, "--dry-run") -> Resultat(code de sortie, sortie standard)."""

    def lancer(dossier, *options):
        try:
            call_command("importer_reprise", str(dossier), *options, verbosity=1)
            code = 0
        except CommandError as exc:
            code = exc.returncode
            print(exc)
        return Resultat(code, capsys.readouterr().out)

    return lancer


@pytest.fixture(autouse=True)
def media_temporaire(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(tmp_path):
    return tmp_path


@pytest.fixture
def catalogue(db):
    """Quelques dispositifs du catalogue (le chargeur du catalogue n'est pas requis par ces tests)."""
    from dispositifs.enums import Niveau
    from dispositifs.models import Dispositif

    for code, nom, ferme in [
        ("cej", "Contrat d'engagement jeune", None),
        ("pacea", "PACEA", None),
        ("garantie_jeunes", "Garantie jeunes", datetime.date(2022, 3, 1)),
    ]:
        Dispositif.objects.update_or_create(
            code=code, defaults={"nom": nom, "niveau": Niveau.NATIONAL, "ferme_depuis": ferme}
        )


@pytest.fixture
def alice(conseiller_rennes):
    return conseiller_rennes


@pytest.fixture
def bob(conseiller_broceliande):
    return conseiller_broceliande


@pytest.fixture
def dossier_complet(dossier, alice, bob, catalogue):
    """Un dossier valide avec les six fichiers, séparateurs et formats variés."""
    ecrire(
        dossier,
        "jeunes.csv",
        EN_TETE_JEUNES
        + ";niveau;rsa;courriel\n"
        + "J1;Le Goff;Éloïse;F;2004-03-01;35238;RENNES_CENTRE;2022-09-01;alice;4;1;eloise@exemple.fr\n"
        + "J2;Martin;Paul;m;15/06/2003;35051;;01/02/2021;bob;;0;\n",
        bom=True,
    )
    ecrire(
        dossier,
        "evenements.csv",
        "identifiant_jeune,date,type,modalite,services,conseiller\n"
        "J1,2022-09-01,entretien_individuel,presentiel,sante_information|logement_information,alice\n"
        "J1,10/01/2023,Contact,TELEPHONE,,alice\n"
        "J2,2021-02-01,atelier,,,\n",
    )
    ecrire(
        dossier,
        "situations.csv",
        "identifiant_jeune;categorie;type;financeur;date_debut;date_fin;secteur_activite\n"
        "J1;formation;qualifiante;conseil_regional;2023-01-01;2023-06-30;Hôtellerie-restauration\n"
        "J2;emploi;cdi;;2022-05-02;;\n",
    )
    ecrire(
        dossier,
        "dispositifs.csv",
        "identifiant_jeune;dispositif;date_entree;date_sortie;motif_sortie\n"
        "J1;CEJ;2022-10-01;2023-09-30;emploi\n"
        "J2;garantie_jeunes;2021-03-01;;\n",
    )
    ecrire(
        dossier,
        "aides.csv",
        "identifiant_jeune;reference;fonds;type;urgence;date_demande;montant_demande;decision;date_decision;"
        "montant_accorde\n"
        "J1;FAJ-1;faj_rm;subsistance;1;2023-02-01;150,50;accordee_partiellement;2023-02-10;100.25\n"
        "J2;FAJ-2;faj_cd35;mobilite;0;2023-03-01;300;;;\n",
    )
    ecrire(
        dossier,
        "versements.csv",
        "identifiant_jeune;fonds;date;montant;periode\n"
        "J1;allocation_cej;2023-03-05;528,00;2023-02\n"
        "J1;allocation_cej;05/04/2023;528.00;2023-03\n",
    )
    return dossier
