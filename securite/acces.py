"""Contrôle d'accès aux dossiers sortis de la base active (à utiliser aussi par les vues du dossier).

Un dossier de la base active s'ouvre selon les permissions de chaque vue. Un dossier sorti de la base active
(archivé ou anonymisé) n'est visible que par la direction ou le DPO, après une « consultation exceptionnelle » dont
le motif est écrit au journal des accès ; l'autorisation vaut pour la session en cours. Pour les autres : 404.

Le formulaire de consultation exceptionnelle est une vue de l'application `conservation` (qui lit le dossier du
jeune) : ce module n'y renvoie que par son nom d'URL, sans l'importer.

Usage dans une vue :
    refus = refus_hors_base_active(request, jeune)
    if refus:
        return refus
"""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

CLE_SESSION = "securite_consultations_exceptionnelles"


def consultation_exceptionnelle_accordee(request, jeune):
    return jeune.pk in request.session.get(CLE_SESSION, [])


def accorder_consultation_exceptionnelle(request, jeune):
    accordees = request.session.get(CLE_SESSION, [])
    if jeune.pk not in accordees:
        request.session[CLE_SESSION] = [*accordees, jeune.pk]


def refus_hors_base_active(request, jeune):
    """None si l'accès est permis ; sinon une réponse : formulaire de consultation exceptionnelle (direction, DPO)
    ou 404 (les autres ne doivent pas savoir que le dossier existe)."""
    if jeune.est_dans_base_active or consultation_exceptionnelle_accordee(request, jeune):
        return None
    if request.user.has_perm("weker.consulter_hors_base_active"):
        url = reverse("conservation:consultation_exceptionnelle", kwargs={"pk": jeune.pk})
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
    raise Http404("Dossier introuvable.")
