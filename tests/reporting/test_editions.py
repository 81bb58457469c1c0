"""Éditions du rapport d'activité : mots de la direction, logo, choix des chapitres, aperçu, éditions figées."""

import base64
import hashlib
import io
import shutil
import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from antennes.models import Antenne
from reporting.chapitres import CODES
from reporting.models import EditionRapport, RapportPdf, RedactionRapport, Snapshot, TexteChapitre
from reporting.rapport import contexte_rapport
from reporting.selectors import mise_en_page_pour
from tests.reporting.factories import EvenementFactory, JeuneFactory
from tests.stockage import installer

pytestmark = pytest.mark.django_db

N = 2018
HOSTILE = "<script>alert('x')</script> & <b>gras</b>"


def _png():
    from PIL import Image

    tampon = io.BytesIO()
    Image.new("RGB", (60, 20), "orange").save(tampon, "PNG")
    return tampon.getvalue()


PNG = _png()


def url(nom, *args, **params):
    base = reverse(nom, args=args)
    return f"{base}?{urlencode(params)}" if params else base


def accompagnes(nombre, code="RENNES"):
    antenne = Antenne.objects.get(code=code)
    for _ in range(nombre):
        EvenementFactory(jeune=JeuneFactory(antenne=antenne), date=date(N, 5, 1))


def formulaire(retenus=CODES, **champs):
    donnees = {f"{code}-retenu": "on" for code in retenus}
    donnees.update(champs)
    return donnees


def texte_du_pdf(contenu):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext absent")
    resultat = subprocess.run(["pdftotext", "-", "-"], input=contenu, capture_output=True, check=True)
    return resultat.stdout.decode()


def figer(client, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url("reporting:edition_figer", annee=N, **params))
    edition = EditionRapport.objects.order_by("-pk").first()
    assert reponse.status_code == 302 and reponse.url == reverse("reporting:edition_detail", args=[edition.pk])
    edition.refresh_from_db()
    assert edition.statut == "termine", edition.message
    return edition


# --- Rédaction ------------------------------------------------------------------------------------------------


def test_direction_ecrit_l_ouverture_des_chapitres_et_choisit_les_chapitres(client_de, direction):
    client = client_de(direction)
    donnees = formulaire(
        retenus=[c for c in CODES if c != "faj"],
        **{
            "jeunes-texte": "Une année dense.\n\nDeuxième paragraphe.",
            "jeunes-citation": "Merci",
            "jeunes-auteur": "Léa",
        },
    )

    reponse = client.post(url("reporting:editions", annee=N), donnees)

    assert reponse.status_code == 302
    redaction = RedactionRapport.objects.get(annee=N, antenne=None)
    assert redaction.chapitres_retires == ["faj"] and redaction.modifie_par == direction
    texte = TexteChapitre.objects.get(redaction=redaction, chapitre="jeunes")
    assert (texte.texte, texte.citation, texte.citation_auteur) == (
        "Une année dense.\n\nDeuxième paragraphe.",
        "Merci",
        "Léa",
    )
    mise_en_page = mise_en_page_pour(N)
    assert [c["code"] for c in mise_en_page["chapitres"]] == [c for c in CODES if c != "faj"]
    page = client.get(url("reporting:editions", annee=N)).content.decode()
    assert "Une année dense." in page and "Dernière modification" in page

    contexte = contexte_rapport(N, mise_en_page=mise_en_page)
    html = render_to_string("reporting/rapport_pdf.html", contexte)
    assert "<p>Une année dense.</p>\n\n<p>Deuxième paragraphe.</p>" in html
    assert "— Léa" in html
    assert 'id="faj"' not in html and "Le Fonds d'Aide aux Jeunes" not in html
    assert 'id="aides"' in html


def test_texte_vide_efface_et_aucun_chapitre_refuse(client_de, direction):
    client = client_de(direction)
    client.post(url("reporting:editions", annee=N), formulaire(**{"sante-texte": "Santé"}))
    assert TexteChapitre.objects.filter(chapitre="sante").exists()

    client.post(url("reporting:editions", annee=N), formulaire(**{"sante-texte": "  "}))
    assert not TexteChapitre.objects.filter(chapitre="sante").exists()

    reponse = client.post(url("reporting:editions", annee=N), formulaire(retenus=[], **{"sante-texte": "Autre"}))
    assert reponse.status_code == 400
    assert "Retenez au moins un chapitre" in reponse.content.decode()
    assert RedactionRapport.objects.get().chapitres_retires == []
    assert not TexteChapitre.objects.exists()


def test_auteur_sans_citation_et_texte_trop_long_refuses(client_de, direction):
    client = client_de(direction)
    reponse = client.post(
        url("reporting:editions", annee=N),
        formulaire(**{"emploi-auteur": "Quelqu'un", "jeunes-texte": "x" * 4001}),
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 400
    assert "au plus 4000 caractères" in contenu
    assert not RedactionRapport.objects.exists()

    reponse = client.post(url("reporting:editions", annee=N), formulaire(**{"emploi-auteur": "Quelqu'un"}))
    assert reponse.status_code == 400
    assert "Un auteur sans citation" in reponse.content.decode()
    assert not TexteChapitre.objects.exists()


def test_texte_hostile_echappe_dans_la_page_et_dans_le_pdf(client_de, direction):
    accompagnes(1)
    client = client_de(direction)
    client.post(
        url("reporting:editions", annee=N),
        formulaire(**{"jeunes-texte": HOSTILE, "jeunes-citation": HOSTILE, "jeunes-auteur": "<i>Moi</i>"}),
    )

    page = client.get(url("reporting:editions", annee=N)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page

    html = render_to_string("reporting/rapport_pdf.html", contexte_rapport(N, mise_en_page=mise_en_page_pour(N)))
    assert "<script>" not in html and "<b>gras</b>" not in html and "<i>Moi</i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html

    apercu = client.get(url("reporting:edition_apercu", annee=N))
    texte = texte_du_pdf(b"".join(apercu))
    assert "<script>alert('x')</script> & <b>gras</b>" in texte  # imprimé tel quel, jamais interprété
    assert "<i>Moi</i>" in texte


# --- Logo -----------------------------------------------------------------------------------------------------


def test_logo_png_depose_imprime_puis_retire(client_de, direction, settings, django_capture_on_commit_callbacks):
    stockage = installer(settings)
    client = client_de(direction)

    reponse = client.post(
        url("reporting:editions", annee=N),
        formulaire(logo=SimpleUploadedFile("mon logo.png", PNG, content_type="image/png")),
    )

    assert reponse.status_code == 302
    redaction = RedactionRapport.objects.get()
    assert redaction.logo_type_mime == "image/png" and redaction.logo.name.endswith(".png")
    assert "mon logo" not in redaction.logo.name and stockage.exists(redaction.logo.name)
    contexte = contexte_rapport(N, mise_en_page=mise_en_page_pour(N))
    assert contexte["logo"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    # l'édition d'une antenne sans logo à elle reprend celui de l'agence
    assert mise_en_page_pour(N, "RENNES")["logo"]["nom"] == redaction.logo.name

    ancien = redaction.logo.name
    with django_capture_on_commit_callbacks(execute=True):  # le fichier part une fois la transaction validée
        client.post(url("reporting:editions", annee=N), formulaire(retirer_logo="on"))
    redaction.refresh_from_db()
    assert not redaction.logo and not stockage.exists(ancien)


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "SVG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        (b"%PDF-1.4 pas une image", "Seuls les fichiers JPEG et PNG sont acceptés"),
        (b"MZ\x90\x00 executable", "Seuls les fichiers JPEG et PNG sont acceptés"),
        (b"", "Le fichier soumis est vide."),
    ],
)
def test_logo_refuse_sans_rien_changer(client_de, direction, settings, contenu, message):
    installer(settings)
    client = client_de(direction)

    reponse = client.post(
        url("reporting:editions", annee=N),
        formulaire(logo=SimpleUploadedFile("logo.png", contenu, content_type="image/png"), **{"jeunes-texte": "T"}),
    )

    assert reponse.status_code == 400
    assert message in reponse.content.decode()
    assert not RedactionRapport.objects.exists() and not TexteChapitre.objects.exists()


def test_logo_trop_lourd_refuse(client_de, direction, settings):
    installer(settings)
    lourd = PNG + b"\0" * (2 * 1024 * 1024)
    reponse = client_de(direction).post(
        url("reporting:editions", annee=N), formulaire(logo=SimpleUploadedFile("logo.png", lourd))
    )
    assert reponse.status_code == 400 and "2 Mo au plus" in reponse.content.decode()


# --- Aperçu et éditions figées --------------------------------------------------------------------------------


def test_apercu_n_enregistre_rien(client_de, direction, settings):
    stockage = installer(settings)
    accompagnes(2)
    client = client_de(direction)

    reponse = client.get(url("reporting:edition_apercu", annee=N))

    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("inline;")
    assert b"".join(reponse).startswith(b"%PDF")
    assert not EditionRapport.objects.exists() and not RapportPdf.objects.exists()
    assert not Snapshot.objects.exists() and not RedactionRapport.objects.exists()
    assert stockage.listdir("")[1] == [] and stockage.listdir("")[0] == []


def test_figer_deux_fois_donne_deux_editions_et_la_premiere_ne_change_plus(
    client_de, direction, settings, django_capture_on_commit_callbacks
):
    stockage = installer(settings)
    accompagnes(3)
    client = client_de(direction)
    client.post(url("reporting:editions", annee=N), formulaire(**{"jeunes-texte": "Texte de la première édition"}))

    premiere = figer(client, django_capture_on_commit_callbacks)
    octets = stockage.open(premiere.fichier.name).read()
    assert premiere.numero == 1 and premiere.cree_par == direction
    assert premiere.empreinte == hashlib.sha256(octets).hexdigest()
    assert premiere.chiffres["n"]["donnees"]["jeunes_accompagnes"]["total"] == 3
    assert premiere.redaction["chapitres"][0]["texte"] == "Texte de la première édition"
    assert "Texte de la première édition" in texte_du_pdf(octets)

    # de nouvelles données, un nouveau texte, et l'on fige à nouveau
    accompagnes(4)
    client.post(url("reporting:editions", annee=N), formulaire(**{"jeunes-texte": "Texte de la seconde"}))
    seconde = figer(client, django_capture_on_commit_callbacks)

    assert seconde.numero == 2 and seconde.fichier.name != premiere.fichier.name
    assert seconde.chiffres["n"]["donnees"]["jeunes_accompagnes"]["total"] == 7
    premiere.refresh_from_db()
    assert stockage.open(premiere.fichier.name).read() == octets
    assert premiere.chiffres["n"]["donnees"]["jeunes_accompagnes"]["total"] == 3
    telecharge = client.get(reverse("reporting:edition_telecharger", args=[premiere.pk]))
    assert b"".join(telecharge) == octets
    assert telecharge["Content-Disposition"] == f'attachment; filename="rapport-activite-{N}-edition-1.pdf"'
    chiffres = client.get(reverse("reporting:edition_chiffres", args=[premiere.pk])).json()
    assert chiffres["n"]["donnees"]["jeunes_accompagnes"]["total"] == 3 and chiffres["annee"] == N
    texte = texte_du_pdf(octets)
    assert "Texte de la seconde" not in texte and "édition n° 1" in texte

    liste = client.get(url("reporting:editions", annee=N)).content.decode()
    assert "Édition n° 1" in liste and "Édition n° 2" in liste
    assert not Snapshot.objects.exists()  # une édition calcule pour elle-même, sans toucher aux instantanés


def test_edition_d_antenne_ne_montre_que_son_antenne(
    client_de, responsable_rennes, direction, settings, django_capture_on_commit_callbacks
):
    installer(settings)
    accompagnes(2, "RENNES")
    accompagnes(5, "BROCELIANDE")

    edition = figer(client_de(responsable_rennes), django_capture_on_commit_callbacks)  # ramené à son antenne

    assert edition.antenne.code == "RENNES" and edition.numero == 1
    assert edition.chiffres["perimetre"] == "RENNES"
    assert edition.chiffres["n"]["donnees"]["jeunes_accompagnes"]["total"] == 2
    assert edition.nom_fichier == f"rapport-activite-{N}-rennes-edition-1.pdf"
    # numérotée à part de l'agence
    agence = figer(client_de(direction), django_capture_on_commit_callbacks)
    assert agence.antenne is None and agence.numero == 1
    assert agence.chiffres["n"]["donnees"]["jeunes_accompagnes"]["total"] == 7


def test_detail_d_une_edition_en_cours_et_fragment_htmx(client_de, direction):
    edition = EditionRapport.objects.create(
        annee=N, numero=1, statut="en_cours", progression=45, etape="Mise en page", redaction={"chapitres": []}
    )
    client = client_de(direction)
    page = client.get(reverse("reporting:edition_detail", args=[edition.pk])).content.decode()
    assert "En cours : 45 %" in page and "Mise en page" in page
    partiel = client.get(reverse("reporting:edition_detail", args=[edition.pk]), headers={"HX-Request": "true"})
    assert "<html" not in partiel.content.decode() and "45 %" in partiel.content.decode()
    assert client.get(reverse("reporting:edition_telecharger", args=[edition.pk])).status_code == 404
    assert client.get(reverse("reporting:edition_chiffres", args=[edition.pk])).status_code == 404


# --- Droits ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrateur", "conseiller_rennes", "secretariat_faj", "accueil_rennes"])
def test_autres_roles_refuses(client_de, request, persona):
    client = client_de(request.getfixturevalue(persona))
    assert client.get(url("reporting:editions", annee=N)).status_code == 403
    assert client.get(url("reporting:edition_apercu", annee=N)).status_code == 403
    assert client.post(url("reporting:edition_figer", annee=N)).status_code == 403
    assert client.post(url("reporting:editions", annee=N), formulaire(**{"jeunes-texte": "x"})).status_code == 403
    assert not RedactionRapport.objects.exists() and not EditionRapport.objects.exists()


def test_responsable_ramene_a_son_antenne_et_sans_l_edition_de_l_agence(client_de, responsable_rennes):
    client = client_de(responsable_rennes)
    client.post(url("reporting:editions", annee=N, antenne="BROCELIANDE"), formulaire(**{"jeunes-texte": "R"}))
    redaction = RedactionRapport.objects.get()
    assert redaction.antenne.code == "RENNES"  # la demande d'une autre antenne le ramène à la sienne

    agence = EditionRapport.objects.create(annee=N, numero=1, statut="termine", redaction={"chapitres": []})
    broceliande = EditionRapport.objects.create(
        annee=N, numero=1, antenne=Antenne.objects.get(code="BROCELIANDE"), redaction={"chapitres": []}
    )
    for edition in (agence, broceliande):
        assert client.get(reverse("reporting:edition_detail", args=[edition.pk])).status_code == 404
        assert client.get(reverse("reporting:edition_telecharger", args=[edition.pk])).status_code == 404
    assert "Édition n° 1" not in client.get(url("reporting:editions", annee=N)).content.decode()


def test_mauvaise_methode(client_de, direction):
    client = client_de(direction)
    assert client.get(url("reporting:edition_figer", annee=N)).status_code == 405
    assert client.post(url("reporting:edition_apercu", annee=N)).status_code == 405


def test_page_des_editions_en_requetes_constantes(client_de, direction, django_assert_max_num_queries):
    client = client_de(direction)
    client.post(url("reporting:editions", annee=N), formulaire(**{"jeunes-texte": "T"}))
    EditionRapport.objects.create(annee=N, numero=1, cree_par=direction, redaction={})
    with django_assert_max_num_queries(20) as peu:
        client.get(url("reporting:editions", annee=N))
    for numero in range(2, 12):
        EditionRapport.objects.create(annee=N, numero=numero, cree_par=direction, redaction={})
    with django_assert_max_num_queries(len(peu)):
        client.get(url("reporting:editions", annee=N))


def test_annee_invalide_ramenee_a_l_annee_courante(client_de, direction):
    reponse = client_de(direction).get(url("reporting:editions", annee="abc"))
    assert reponse.status_code == 200


def test_lien_vers_les_editions_depuis_le_tableau_de_bord(client_de, direction, administrateur):
    lien = reverse("reporting:editions")
    assert lien in client_de(direction).get(url("reporting:tableau_de_bord", annee=N)).content.decode()
    assert lien not in client_de(administrateur).get(url("reporting:tableau_de_bord", annee=N)).content.decode()
