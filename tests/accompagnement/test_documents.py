"""Documents du dossier (ajout, téléchargement, retrait), notes de toute longueur et synthèse imprimable (PDF)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accompagnement import services
from accompagnement.models import DocumentJeune, Evenement
from securite.models import JournalAcces
from tests.accompagnement.factories import EvenementFactory, JeuneFactory, SituationFactory
from tests.aides.factories import texte_pdf
from tests.dispositifs.factories import InscriptionFactory, dispositif
from tests.securite.outils import acces_journalise, declarer_motif

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HIER = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def url_dossier(jeune):
    return reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})


def url_ajout(jeune):
    return reverse("accompagnement:document_ajouter", kwargs={"pk": jeune.pk})


def url_telechargement(document):
    return reverse("accompagnement:document_telecharger", kwargs={"pk": document.jeune_id, "document_pk": document.pk})


def url_retrait(document):
    return reverse("accompagnement:document_supprimer", kwargs={"pk": document.jeune_id, "document_pk": document.pk})


def ajouter(jeune, par, nom="CNI Léa Durand.pdf", contenu=PDF, type="piece_identite", date=HIER):
    return services.document_jeune_ajouter(
        jeune=jeune, par=par, fichier=SimpleUploadedFile(nom, contenu), type=type, date=date
    )


# --- Service ------------------------------------------------------------------------------------------------


def test_document_stocke_sous_un_nom_aleatoire(conseiller_rennes, media):
    jeune = JeuneFactory()
    document = ajouter(jeune, conseiller_rennes)
    assert (document.type_mime, document.taille, document.nom_original) == (
        "application/pdf",
        len(PDF),
        "CNI Léa Durand.pdf",
    )
    assert document.ajoute_par == conseiller_rennes and document.date == HIER
    assert "Durand" not in document.fichier.name and document.fichier.name.startswith("accompagnement/documents/")
    assert document.fichier.name.endswith(".pdf")
    assert (media / document.fichier.name).read_bytes() == PDF
    assert document.history.count() == 1


@pytest.mark.parametrize(
    ("contenu", "attendu"),
    [
        (b"MZ\x90\x00 executable", "Seuls les fichiers PDF, JPEG et PNG sont acceptés"),
        (b"", "Le fichier est vide."),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "10 Mo au plus"),
    ],
)
def test_fichier_refuse_mêmes_contrôles_que_les_pieces_faj(conseiller_rennes, media, contenu, attendu):
    jeune = JeuneFactory()
    with pytest.raises(ValidationError) as erreur:
        ajouter(jeune, conseiller_rennes, nom="cv.pdf", contenu=contenu)
    assert attendu in " ".join(erreur.value.messages)
    assert not DocumentJeune.objects.exists()
    assert not list(media.rglob("*.*"))


def test_png_nomme_jpg_range_en_png(conseiller_rennes):
    document = ajouter(JeuneFactory(), conseiller_rennes, nom="photo.jpg", contenu=PNG)
    assert document.type_mime == "image/png" and document.fichier.name.endswith(".png")


def test_date_future_et_type_inconnu_refuses(conseiller_rennes):
    jeune = JeuneFactory()
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        ajouter(jeune, conseiller_rennes, date=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="Choisissez le type"):
        ajouter(jeune, conseiller_rennes, type="casier")
    assert not DocumentJeune.objects.exists()


def test_dossier_hors_base_active_refuse_un_document(conseiller_rennes):
    jeune = JeuneFactory(archive_le=timezone.localdate())
    with pytest.raises(ValidationError, match="sorti de la base active"):
        ajouter(jeune, conseiller_rennes)


def test_retrait_supprime_le_fichier(conseiller_rennes, media, django_capture_on_commit_callbacks):
    document = ajouter(JeuneFactory(), conseiller_rennes)
    chemin = media / document.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_jeune_supprimer(document=document, par=conseiller_rennes)
    assert not DocumentJeune.objects.exists()
    assert not chemin.exists()


# --- Vues : ajout, téléchargement, retrait ----------------------------------------------------------------------


def test_ajout_depuis_le_dossier_puis_telechargement_journalise(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    client = client_de(conseiller_rennes)
    page = client.get(url_dossier(jeune)).content.decode()
    assert "Ajouter un document" in page and 'enctype="multipart/form-data"' in page
    reponse = client.post(
        url_ajout(jeune),
        {"type": "contrat_cej", "date": HIER.isoformat(), "fichier": SimpleUploadedFile("contrat signé.pdf", PDF)},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0].endswith("#documents")
    contenu = reponse.content.decode()
    assert "Document ajouté : Contrat d&#x27;engagement jeune signé du" in contenu
    assert "contrat signé.pdf" in contenu
    document = DocumentJeune.objects.get()
    assert (document.jeune, document.type, document.ajoute_par) == (jeune, "contrat_cej", conseiller_rennes)
    with acces_journalise(jeune=jeune, utilisateur=conseiller_rennes, action="telechargement"):
        reponse = client.get(url_telechargement(document))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert "attachment" in reponse["Content-Disposition"]
    assert b"".join(reponse.streaming_content) == PDF
    ligne = JournalAcces.objects.get(action="telechargement")
    assert ligne.objet == f"document du dossier n° {document.pk}"  # la référence, jamais le nom du fichier


def test_fichier_refuse_message_francais_et_rien_d_enregistre(client_de, conseiller_rennes, media):
    jeune = JeuneFactory()
    faux = SimpleUploadedFile("cv.pdf", b"<html>pas un pdf</html>", content_type="application/pdf")
    reponse = client_de(conseiller_rennes).post(
        url_ajout(jeune), {"type": "cv", "date": HIER.isoformat(), "fichier": faux}, follow=True
    )
    assert reponse.status_code == 200
    assert "Document non ajouté : Seuls les fichiers PDF, JPEG et PNG sont acceptés" in reponse.content.decode()
    assert not DocumentJeune.objects.exists()
    assert not list(media.rglob("*.*"))


def test_formulaire_incomplet_refuse(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    reponse = client_de(conseiller_rennes).post(url_ajout(jeune), {"type": "cv"}, follow=True)
    contenu = reponse.content.decode()
    assert "Document non ajouté" in contenu and "Ce champ est obligatoire." in contenu
    assert not DocumentJeune.objects.exists()


def test_liste_des_documents_et_retrait(client_de, conseiller_rennes, media, django_capture_on_commit_callbacks):
    jeune = JeuneFactory()
    document = ajouter(jeune, conseiller_rennes)
    client = client_de(conseiller_rennes)
    page = client.get(url_dossier(jeune)).content.decode()
    assert "Pièce d&#x27;identité ou titre de séjour" in page and url_telechargement(document) in page
    chemin = media / document.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url_retrait(document), follow=True)
    assert "Document retiré : Pièce d&#x27;identité ou titre de séjour du" in reponse.content.decode()
    assert not DocumentJeune.objects.exists() and not chemin.exists()


@pytest.mark.parametrize("persona", ["membre_commission", "administrateur"])
def test_membre_de_commission_et_administrateur_ne_voient_jamais_un_document(
    client_de, conseiller_rennes, persona, request
):
    document = ajouter(JeuneFactory(), conseiller_rennes)
    client = client_de(request.getfixturevalue(persona))
    assert client.get(url_telechargement(document)).status_code == 403
    assert client.post(url_ajout(document.jeune), {"type": "cv"}).status_code == 403
    assert client.post(url_retrait(document)).status_code == 403
    assert not JournalAcces.objects.filter(action="telechargement").exists()
    assert DocumentJeune.objects.count() == 1


def test_autre_antenne_telecharge_apres_motif_mais_ne_modifie_pas(client_de, conseiller_rennes, conseiller_broceliande):
    document = ajouter(JeuneFactory(), conseiller_rennes)
    client = client_de(conseiller_broceliande)
    reponse = client.get(url_telechargement(document))
    assert reponse.status_code == 302 and "hors-perimetre" in reponse.url
    declarer_motif(client, document.jeune)
    assert client.get(url_telechargement(document)).status_code == 200
    page = client.get(url_dossier(document.jeune)).content.decode()
    assert url_telechargement(document) in page
    assert "Ajouter un document" not in page and url_retrait(document) not in page
    assert client.post(url_retrait(document)).status_code == 403
    assert client.post(url_ajout(document.jeune), {"type": "cv"}).status_code == 403
    assert DocumentJeune.objects.count() == 1


def test_secretariat_faj_lit_mais_n_ajoute_pas(client_de, conseiller_rennes, secretariat_faj):
    document = ajouter(JeuneFactory(), conseiller_rennes)
    client = client_de(secretariat_faj)
    assert client.get(url_telechargement(document)).status_code == 200
    assert "Ajouter un document" not in client.get(url_dossier(document.jeune)).content.decode()
    assert client.post(url_ajout(document.jeune), {"type": "cv"}).status_code == 403


def test_document_d_un_autre_jeune_introuvable(client_de, conseiller_rennes):
    document = ajouter(JeuneFactory(), conseiller_rennes)
    autre = JeuneFactory()
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:document_telecharger", kwargs={"pk": autre.pk, "document_pk": document.pk})
    assert client.get(url).status_code == 404
    url = reverse("accompagnement:document_supprimer", kwargs={"pk": autre.pk, "document_pk": document.pk})
    assert client.post(url).status_code == 404
    assert DocumentJeune.objects.count() == 1


def test_documents_mauvaises_methodes(client_de, conseiller_rennes):
    document = ajouter(JeuneFactory(), conseiller_rennes)
    client = client_de(conseiller_rennes)
    assert client.get(url_ajout(document.jeune)).status_code == 405
    assert client.get(url_retrait(document)).status_code == 405
    assert client.post(url_telechargement(document)).status_code == 405
    assert DocumentJeune.objects.count() == 1


# --- Notes de toute longueur ------------------------------------------------------------------------------------


def test_note_sur_plusieurs_lignes_sans_limite_avec_la_regle_affichee(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    client = client_de(conseiller_rennes)
    page = client.get(url_dossier(jeune)).content.decode()
    assert '<textarea name="compte_rendu"' in page
    assert "Le jeune peut lire tout ce qui est écrit ici (droit d&#x27;accès)" in page
    assert "ni de détail de santé au-delà du strict nécessaire" in page
    note = "Première ligne : CV repris.\nDeuxième ligne : relance employeur.\n" + "Suite. " * 600
    reponse = client.post(
        reverse("accompagnement:evenement_rapide", kwargs={"pk": jeune.pk}),
        {"type": "contact", "modalite": "telephone", "date": timezone.localdate().isoformat(), "compte_rendu": note},
        follow=True,
    )
    assert Evenement.objects.get(jeune=jeune).compte_rendu == note.strip()
    contenu = reponse.content.decode()
    assert "Première ligne : CV repris.<br>Deuxième ligne : relance employeur." in contenu


# --- Synthèse imprimable ------------------------------------------------------------------------------------------


def url_synthese(jeune):
    return reverse("accompagnement:jeune_synthese_pdf", kwargs={"pk": jeune.pk})


def test_synthese_pdf_contenu_et_journal(client_de, conseiller_rennes):
    jeune = JeuneFactory(nom="Durand", prenom="Léa", telephone="06 12 34 56 78", referent=conseiller_rennes)
    InscriptionFactory(jeune=jeune, dispositif=dispositif("cej"))
    SituationFactory(jeune=jeune, formation=True)
    EvenementFactory(jeune=jeune, themes="Recherche de stage", compte_rendu="Texte confidentiel du compte rendu")
    ajouter(jeune, conseiller_rennes, nom="CNI secrète.pdf", type="piece_identite", date=datetime.date(2026, 1, 5))
    client = client_de(conseiller_rennes)
    assert url_synthese(jeune) in client.get(url_dossier(jeune)).content.decode()
    with acces_journalise(jeune=jeune, utilisateur=conseiller_rennes, action="impression", objet_contient="synthèse"):
        reponse = client.get(url_synthese(jeune))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert f"synthese-dossier-{jeune.pk}.pdf" in reponse["Content-Disposition"]
    texte = " ".join(texte_pdf(reponse.content).split())
    assert "Synthèse du dossier — DURAND Léa" in texte
    assert "06 12 34 56 78" in texte
    assert "Antenne Rennes" in texte and str(conseiller_rennes) in texte
    assert "Contrat d'engagement jeune" in texte or "CEJ" in texte
    assert "Formation qualifiante" in texte
    assert "Recherche de stage" in texte
    assert "Pièce d'identité ou titre de séjour du 05/01/2026" in texte
    assert "CNI secrète" not in texte  # le type et la date du document, jamais son nom ni son contenu
    assert "Texte confidentiel" not in texte


@pytest.mark.parametrize("persona", ["membre_commission", "administrateur"])
def test_synthese_refusee_sans_acces_au_dossier(client_de, persona, request):
    jeune = JeuneFactory()
    assert client_de(request.getfixturevalue(persona)).get(url_synthese(jeune)).status_code == 403
    assert not JournalAcces.objects.filter(action="impression").exists()


def test_synthese_autre_antenne_apres_motif(client_de, conseiller_broceliande):
    jeune = JeuneFactory()
    client = client_de(conseiller_broceliande)
    reponse = client.get(url_synthese(jeune))
    assert reponse.status_code == 302 and "hors-perimetre" in reponse.url
    declarer_motif(client, jeune)
    assert client.get(url_synthese(jeune)).status_code == 200
    assert JournalAcces.objects.filter(jeune=jeune, action="impression").count() == 1
