"""Documents joints au dossier (ajout, téléchargement, retrait) et synthèse imprimable du dossier (PDF).

Tout passe par le portail des données personnelles : chaque téléchargement et chaque impression écrit sa ligne au
journal des accès, où le document est désigné par sa référence (« document du dossier n° 12 »), jamais par son nom
de fichier, qui peut nommer le jeune.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accompagnement import selectors, services
from accompagnement.forms import DocumentJeuneForm
from accompagnement.models import DocumentJeune
from accompagnement.views.commun import dossier_ouvert, jeune_pour
from securite import portail
from securite.journal import reference
from securite.models import ActionAcces
from weker.pdf import rendre_pdf, reponse_pdf


def _vers_documents(jeune):
    return redirect(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#documents")


@require_POST
def document_ajouter(request, pk):
    jeune = jeune_pour(request, pk, "accompagnement.gerer_documents", quoi="documents du dossier")
    form = DocumentJeuneForm(request.POST, request.FILES)
    if not form.is_valid():
        erreurs = [e for champ in form.errors.values() for e in champ]
        messages.error(request, "Document non ajouté : " + " ".join(erreurs))
        return _vers_documents(jeune)
    try:
        document = services.document_jeune_ajouter(jeune=jeune, par=request.user, **form.cleaned_data)
    except ValidationError as erreur:
        messages.error(request, "Document non ajouté : " + " ".join(erreur.messages))
    else:
        messages.success(request, f"Document ajouté : {document}.")
    return _vers_documents(jeune)


@require_GET
def document_telecharger(request, pk, document_pk):
    document = get_object_or_404(DocumentJeune.objects.select_related("jeune"), pk=document_pk, jeune_id=pk)
    portail.ouvrir(
        request,
        document.jeune,
        objet=document,
        permission="accompagnement.voir_documents",
        action=ActionAcces.TELECHARGEMENT,
        quoi=reference(document),
    )
    return FileResponse(
        document.fichier.open("rb"),
        as_attachment=True,
        filename=document.nom_original,
        content_type=document.type_mime,
    )


@require_POST
def document_supprimer(request, pk, document_pk):
    jeune = jeune_pour(request, pk, "accompagnement.gerer_documents", quoi="documents du dossier")
    document = get_object_or_404(DocumentJeune, pk=document_pk, jeune=jeune)
    libelle = str(document)
    try:
        services.document_jeune_supprimer(document=document, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Document retiré : {libelle}.")
    return _vers_documents(jeune)


@require_GET
def jeune_synthese_pdf(request, pk):
    """Synthèse imprimable du dossier : une ligne « impression » au journal des accès."""
    jeune = dossier_ouvert(
        request,
        pk,
        "accompagnement.imprimer_synthese",
        quoi="synthèse du dossier (PDF)",
        action=ActionAcces.IMPRESSION,
    ).jeune
    contexte = {
        "jeune": jeune,
        **selectors.synthese_du_jeune(jeune),
        "imprime_le": timezone.localtime(),
        "imprime_par": request.user,
    }
    contenu = rendre_pdf("accompagnement/jeune_synthese_pdf.html", contexte, request=request)
    return reponse_pdf(contenu, f"synthese-dossier-{jeune.pk}.pdf")
