"""Rendu PDF partagé : ressources statiques et données en ligne résolues, aucune ressource externe."""

import base64
import logging
import subprocess

import pytest

from weker.pdf import recuperateur_statique

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">'
    '<text x="4" y="20" font-family="Liberation Sans" font-size="12">Graphique en image</text></svg>'
)


def pdf_de(html):
    from weasyprint import HTML

    return HTML(string=html, base_url="/", url_fetcher=recuperateur_statique()).write_pdf()


def texte(contenu, tmp_path):
    fichier = tmp_path / "doc.pdf"
    fichier.write_bytes(contenu)
    return subprocess.run(["pdftotext", str(fichier), "-"], capture_output=True, check=True, text=True).stdout


def test_image_svg_en_donnees_en_ligne_dessinee_avec_son_texte(tmp_path):
    donnees = base64.b64encode(SVG.encode()).decode()

    contenu = pdf_de(f'<p>Avant</p><img src="data:image/svg+xml;base64,{donnees}" width="200" height="40" alt="">')

    assert "Graphique en image" in texte(contenu, tmp_path)


def test_fichier_statique_de_l_application_resolu():
    reponse = recuperateur_statique().fetch("/static/weker/favicon.svg")

    assert reponse.url.startswith("file://") and reponse.url.endswith("/static/weker/favicon.svg")
    assert b"<svg" in reponse.read()
    reponse.close()


@pytest.mark.parametrize("url", ["https://exemple.invalid/logo.png", "ftp://exemple.invalid/x"])
def test_ressource_externe_refusee(url):
    with pytest.raises(ValueError, match="Ressource externe refusée"):
        recuperateur_statique().fetch(url)


def test_fichier_statique_absent_refuse():
    with pytest.raises(ValueError, match="Fichier statique introuvable"):
        recuperateur_statique().fetch("file:///static/weker/absent.png")


def test_image_statique_dessinee_dans_le_pdf():
    sans_image = pdf_de("<p>Logo</p>")

    avec_image = pdf_de('<p>Logo</p><img src="/static/weker/favicon.svg" width="20" alt="">')

    assert b"/XObject" not in sans_image and b"/XObject" in avec_image


def test_ressource_refusee_ignoree_sans_faire_echouer_le_rendu(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        contenu = pdf_de('<p>Courrier</p><img src="https://exemple.invalid/logo.png" alt="">')

    assert "Courrier" in texte(contenu, tmp_path)
    assert "exemple.invalid" in caplog.text
