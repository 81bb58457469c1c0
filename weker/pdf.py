"""Rendu PDF (WeasyPrint) à partir d'un gabarit Django : courriers, feuilles d'émargement, rapports."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _url_fetcher(url, *args, **kwargs):
    """Ne résout que les fichiers statiques de l'application : aucun accès réseau pendant le rendu."""
    from weasyprint import default_url_fetcher

    if url.startswith(settings.STATIC_URL):
        trouve = finders.find(url[len(settings.STATIC_URL) :])
        if trouve:
            return default_url_fetcher("file://" + trouve, *args, **kwargs)
    if url.startswith(("data:", "file://")):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"Ressource externe refusée dans un PDF : {url}")


def rendre_pdf(template_name, context, request=None):
    """Renvoie les octets du PDF produit à partir du gabarit HTML."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="/", url_fetcher=_url_fetcher).write_pdf()


def reponse_pdf(contenu, nom_fichier, *, en_ligne=False):
    response = HttpResponse(contenu, content_type="application/pdf")
    disposition = "inline" if en_ligne else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{nom_fichier}"'
    return response
