"""Import depuis le navigateur : réservé aux administrateurs, archive contrôlée, suivi et rapport."""

import io
import zipfile

import pytest
from django.urls import reverse

from accompagnement.models import Jeune
from reprise.models import ImportReprise
from tests.stockage import installer
from weker.navigation import entrees_pour
from weker.travaux import StatutTravail

pytestmark = pytest.mark.django_db

JEUNES = (
    "identifiant;nom;prenom;sexe;date_naissance;commune_insee;date_premier_accueil\n"
    "J1;Le Goff;Éloïse;f;2004-03-01;35051;2022-09-01\n"
)
EVENEMENTS = "identifiant_jeune;date;type\nJ1;2022-09-01;entretien_individuel\n"


def archive_zip(membres, *, nom="reprise.zip", compression=zipfile.ZIP_DEFLATED):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", compression) as z:
        for chemin, contenu in membres.items():
            z.writestr(chemin, contenu)
    tampon.seek(0)
    tampon.name = nom
    return tampon


def envoyer(client, archive, simulation=False, **kwargs):
    donnees = {"fichier": archive}
    if simulation:
        donnees["simulation"] = "on"
    return client.post(reverse("reprise:import_liste"), donnees, **kwargs)


@pytest.fixture
def admin(administrateur, client_de):
    return client_de(administrateur)


def test_page_d_import_pour_un_administrateur(admin, administrateur):
    reponse = admin.get(reverse("reprise:import_liste"))

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert contenu.count("<h1") == 1
    assert "Reprise de données" in contenu
    assert 'name="fichier"' in contenu and "Archive zip des fichiers" in contenu
    assert "Aucun import pour l'instant." in contenu
    assert "Reprise de données" in [e["libelle"] for e in entrees_pour(administrateur)]


@pytest.mark.parametrize(
    "persona",
    [
        "accueil_rennes",
        "conseiller_rennes",
        "responsable_rennes",
        "direction",
        "secretariat_faj",
        "membre_commission",
    ],
)
def test_refuse_aux_autres_roles(request, client_de, persona):
    utilisateur = request.getfixturevalue(persona)
    client = client_de(utilisateur)
    travail = ImportReprise.objects.create(nom_fichier="x.zip")

    assert client.get(reverse("reprise:import_liste")).status_code == 403
    assert envoyer(client, archive_zip({"jeunes.csv": JEUNES})).status_code == 403
    assert client.get(reverse("reprise:import_detail", args=[travail.pk])).status_code == 403
    assert not Jeune.objects.exists()
    assert ImportReprise.objects.count() == 1
    assert "Reprise de données" not in [e["libelle"] for e in entrees_pour(utilisateur)]


def test_mauvaises_methodes(admin):
    travail = ImportReprise.objects.create(nom_fichier="x.zip")

    assert admin.put(reverse("reprise:import_liste")).status_code == 405
    assert admin.post(reverse("reprise:import_detail", args=[travail.pk])).status_code == 405


def test_import_reussi_de_bout_en_bout(admin, administrateur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES, "evenements.csv": EVENEMENTS}))

    travail = ImportReprise.objects.get()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("reprise:import_detail", args=[travail.pk])
    assert travail.statut == StatutTravail.TERMINE and travail.cree_par == administrateur
    assert not travail.fichier  # l'archive n'est pas conservée
    jeune = Jeune.objects.get(identifiant_externe="J1")
    assert jeune.evenements.get().type == "entretien_individuel"

    contenu = admin.get(reponse["Location"]).content.decode()
    assert "Import terminé." in contenu
    assert '<th scope="row">jeunes.csv</th>' in contenu
    assert "Créés" in contenu
    assert "hx-trigger" not in contenu  # fini : la page n'interroge plus

    liste = admin.get(reverse("reprise:import_liste")).content.decode()
    assert "reprise.zip" in liste and "Terminé" in liste


def test_import_avec_erreurs_affiche_la_liste_et_n_ecrit_rien(admin, django_capture_on_commit_callbacks):
    fautif = JEUNES + "J2;Martin;Paul;g;2003-06-15;35051;2021-02-01\n"
    with django_capture_on_commit_callbacks(execute=True):
        envoyer(admin, archive_zip({"export/jeunes.csv": fautif, "export/": ""}))

    travail = ImportReprise.objects.get()
    contenu = admin.get(reverse("reprise:import_detail", args=[travail.pk])).content.decode()
    assert "1 erreur(s) : rien n'a été importé." in contenu
    assert "jeunes.csv:3: sexe: code inconnu « g » (valeurs possibles : f, m)" in contenu
    assert not Jeune.objects.exists()


def test_simulation_depuis_le_navigateur(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        envoyer(admin, archive_zip({"jeunes.csv": JEUNES}), simulation=True)

    travail = ImportReprise.objects.get()
    contenu = admin.get(reverse("reprise:import_detail", args=[travail.pk])).content.decode()
    assert travail.simulation
    assert "Simulation terminée : rien n&#x27;a été enregistré." in contenu
    assert "À créer" in contenu
    assert not Jeune.objects.exists()


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (
            archive_zip({"jeunes.csv": JEUNES, "notes.txt": "x"}),
            "Fichiers non reconnus dans l&#x27;archive : notes.txt.",
        ),
        (archive_zip({"../jeunes.csv": JEUNES}), "Fichiers non reconnus dans l&#x27;archive : ../jeunes.csv."),
        (archive_zip({"a/b/jeunes.csv": JEUNES}), "Fichiers non reconnus dans l&#x27;archive : a/b/jeunes.csv."),
        (
            archive_zip({"a/jeunes.csv": JEUNES, "b/jeunes.csv": JEUNES}),
            "L&#x27;archive contient deux fois le fichier jeunes.csv.",
        ),
        (archive_zip({}), "L&#x27;archive ne contient aucun fichier attendu"),
        (
            archive_zip({"jeunes.csv": "a" * 2_000_000}),
            "Le fichier jeunes.csv est anormalement compressé : archive refusée.",
        ),
    ],
)
def test_archives_refusees(admin, archive, message):
    reponse = envoyer(admin, archive)

    assert reponse.status_code == 400
    assert message in reponse.content.decode()
    assert not ImportReprise.objects.exists()


def test_un_seul_import_a_la_fois(admin):
    ImportReprise.objects.create(nom_fichier="en-cours.zip", statut=StatutTravail.EN_COURS)

    reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES}))

    assert reponse.status_code == 400
    assert "Un import est déjà en cours" in reponse.content.decode()
    assert ImportReprise.objects.count() == 1


def test_fichier_qui_n_est_pas_un_zip(admin):
    faux = io.BytesIO(b"identifiant;nom\n")
    faux.name = "jeunes.csv"

    reponse = envoyer(admin, faux)

    assert reponse.status_code == 400
    assert "Ce fichier n&#x27;est pas une archive zip lisible." in reponse.content.decode()


def test_taille_decompressee_limitee(admin, settings, monkeypatch):
    from reprise import archive

    monkeypatch.setattr(archive, "TAILLE_MAX_DECOMPRESSEE", 100)

    reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES}))

    assert reponse.status_code == 400
    assert "Les fichiers décompressés dépassent" in reponse.content.decode()


def test_taille_de_l_archive_limitee(admin, monkeypatch):
    from reprise import archive

    monkeypatch.setattr(archive, "TAILLE_MAX_ZIP", 10)

    reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES}))

    assert reponse.status_code == 400
    assert "L&#x27;archive dépasse" in reponse.content.decode()


def test_suivi_htmx_pendant_l_import(admin):
    from django.core.cache import cache

    from reprise.services import cle_progression

    travail = ImportReprise.objects.create(nom_fichier="gros.zip", statut=StatutTravail.EN_COURS, progression=10)
    cache.set(cle_progression(travail.pk), {"progression": 64, "etape": "Écriture de evenements.csv"})
    url = reverse("reprise:import_detail", args=[travail.pk])

    partiel = admin.get(url, HTTP_HX_REQUEST="true").content.decode()
    complet = admin.get(url).content.decode()

    assert "<html" not in partiel and "<h1" not in partiel
    assert 'hx-trigger="every 1s"' in partiel
    assert "64 %" in partiel and "Écriture de evenements.csv" in partiel
    assert 'value="64"' in partiel
    assert "<h1" in complet and "gros.zip" in complet
    cache.delete(cle_progression(travail.pk))


def test_travail_introuvable(admin):
    assert admin.get(reverse("reprise:import_detail", args=[999])).status_code == 404


def test_nombre_de_requetes_constant_sur_la_liste(admin, administrateur, django_assert_max_num_queries):
    for i in range(2):
        ImportReprise.objects.create(nom_fichier=f"a{i}.zip", cree_par=administrateur)
    with django_assert_max_num_queries(12) as avec_deux:
        admin.get(reverse("reprise:import_liste"))
    for i in range(18):
        ImportReprise.objects.create(nom_fichier=f"b{i}.zip", cree_par=administrateur)
    with django_assert_max_num_queries(len(avec_deux.captured_queries)):
        reponse = admin.get(reverse("reprise:import_liste"))
    assert reponse.content.decode().count("<tr>") == 21


def test_archive_illisible_au_moment_de_l_import_donne_un_echec_affiche(admin, settings):
    from django.core.files.base import ContentFile

    from reprise.services import import_reprise_executer

    travail = ImportReprise.objects.create(nom_fichier="abimee.zip")
    travail.fichier.save("abimee.zip", ContentFile(b"pas un zip"))

    import_reprise_executer(travail=travail)

    travail.refresh_from_db()
    assert travail.statut == StatutTravail.ECHEC and travail.est_fini
    assert not travail.fichier
    contenu = admin.get(reverse("reprise:import_detail", args=[travail.pk])).content.decode()
    assert "Ce fichier n&#x27;est pas une archive zip lisible." in contenu


@pytest.fixture
def stockage_sans_disque(settings):
    """Stockage sans chemin local, comme un stockage objet (S3) : `fichier.path` y lève NotImplementedError."""
    stockage = installer(settings)
    with pytest.raises(NotImplementedError):
        stockage.path("reprise/x.zip")
    return stockage


def test_import_sans_disque_partage_entre_web_et_worker(
    admin, stockage_sans_disque, django_capture_on_commit_callbacks
):
    """Le worker lit l'archive par l'API de stockage : il peut tourner sur une autre machine que le web."""
    with django_capture_on_commit_callbacks(execute=True):
        reponse = envoyer(admin, archive_zip({"jeunes.csv": JEUNES, "evenements.csv": EVENEMENTS}))

    travail = ImportReprise.objects.get()
    assert reponse.status_code == 302
    assert (travail.statut, travail.message) == (StatutTravail.TERMINE, "Import terminé.")
    assert Jeune.objects.get(identifiant_externe="J1").evenements.get().type == "entretien_individuel"
    assert stockage_sans_disque.listdir("reprise") == ([], [])  # l'archive est supprimée du stockage


def test_archive_disparue_du_stockage_donne_un_echec_explique(admin, stockage_sans_disque):
    from django.core.files.base import ContentFile

    from reprise.services import import_reprise_executer

    travail = ImportReprise.objects.create(nom_fichier="reprise.zip")
    travail.fichier.save("reprise.zip", ContentFile(archive_zip({"jeunes.csv": JEUNES}).getvalue()))
    stockage_sans_disque.delete(travail.fichier.name)

    import_reprise_executer(travail=travail)

    travail.refresh_from_db()
    assert travail.statut == StatutTravail.ECHEC
    assert travail.message == "L'archive envoyée est introuvable dans le stockage : envoyez-la de nouveau."
    assert not Jeune.objects.exists()


class TestFormatEchange:
    def test_la_page_d_import_y_renvoie(self, admin):
        contenu = admin.get(reverse("reprise:import_liste")).content.decode()
        assert f'href="{reverse("reprise:format_echange")}"' in contenu

    def test_description_de_tous_les_fichiers(self, admin):
        from dispositifs.models import Dispositif
        from reprise.fichiers import FICHIERS

        Dispositif.objects.get_or_create(code="pacea", defaults={"nom": "PACEA"})
        reponse = admin.get(reverse("reprise:format_echange"))
        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        assert contenu.count("<h1") == 1
        for fichier in FICHIERS:
            assert f"<code>{fichier.nom}</code>" in contenu
            for colonne in fichier.colonnes:
                assert f"<code>{colonne.nom}</code>" in contenu, (fichier.nom, colonne.nom)
        # Formats et codes admis, tels que l'import les lit.
        assert "date AAAA-MM-JJ ou JJ/MM/AAAA" in contenu
        assert "<code>f</code> (Femme)" in contenu
        assert "<code>sante_information</code>" in contenu
        assert "<code>pacea</code>" in contenu
        assert "<code>RM_ACIGNE</code>" in contenu
        assert "<code>cv_lettre</code> : CV et lettre de motivation" in contenu
        assert "<code>poe</code> : Préparation opérationnelle à l&#x27;emploi (POE)" in contenu
        assert "<code>stage</code> (Stage)" in contenu
        assert "<code>recrutement</code>" in contenu
        # Ordre d'import : entreprises.csv avant situations.csv, les autres nouveaux fichiers à la fin.
        positions = [contenu.index(f'id="fichier-{i}"') for i in range(1, len(FICHIERS) + 1)]
        assert positions == sorted(positions)
        assert [f.nom for f in FICHIERS] == [
            "jeunes.csv",
            "evenements.csv",
            "entreprises.csv",
            "situations.csv",
            "dispositifs.csv",
            "aides.csv",
            "versements.csv",
            "offres.csv",
            "mises_en_relation.csv",
            "actions.csv",
            "participations_actions.csv",
        ]
        assert 'href="#fichier-1"' in contenu and 'id="fichier-1"' in contenu

    @pytest.mark.parametrize("persona", ["conseiller_rennes", "direction", "secretariat_faj"])
    def test_refusee_aux_autres_roles(self, request, client_de, persona):
        reponse = client_de(request.getfixturevalue(persona)).get(reverse("reprise:format_echange"))
        assert reponse.status_code == 403
        assert "Accès refusé" in reponse.content.decode()

    def test_mauvaise_methode(self, admin):
        assert admin.post(reverse("reprise:format_echange")).status_code == 405
