"""Rendu PDF (WeasyPrint) à partir d'un gabarit Django : courriers, feuilles d'émargement, rapports."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def recuperateur_statique():
    """Récupérateur d'URL de WeasyPrint qui ne résout que les fichiers statiques de l'application et les données
    en ligne (data:) : aucun accès réseau pendant le rendu. Une autre URL lève une erreur que WeasyPrint journalise
    avant d'ignorer la ressource.

    WeasyPrint (≥ 68) attend un objet `URLFetcher` (il lit ses réglages en cas d'erreur) : une simple fonction
    faisait échouer tout le rendu dès la première ressource, image en data: comprise.
    """
    from weasyprint import URLFetcher

    class RecuperateurStatique(URLFetcher):
        def fetch(self, url, headers=None):
            # « /static/… » relatif au base_url "/" arrive en « file:///static/… ».
            chemin = url.removeprefix("file://")
            if chemin.startswith(settings.STATIC_URL):
                trouve = finders.find(chemin[len(settings.STATIC_URL) :])
                if trouve:
                    return super().fetch(Path(trouve).as_uri(), headers)
                raise ValueError(f"Fichier statique introuvable dans un PDF : {url}")
            if url.startswith(("data:", "file://")):
                return super().fetch(url, headers)
            raise ValueError(f"Ressource externe refusée dans un PDF : {url}")

    return RecuperateurStatique(allowed_protocols=("data", "file"))


def rendre_pdf(template_name, context, request=None):
    """Renvoie les octets du PDF produit à partir du gabarit HTML."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="/", url_fetcher=recuperateur_statique()).write_pdf()


def reponse_pdf(contenu, nom_fichier, *, en_ligne=False):
    response = HttpResponse(contenu, content_type="application/pdf")
    disposition = "inline" if en_ligne else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{nom_fichier}"'
    return response
