"""Le portail des données personnelles : la seule entrée par laquelle une vue lit les données d'un jeune.

Toute page, fragment htmx, PDF, export, JSON, téléchargement de pièce ou liste qui montre un jeune passe par ici :

- `ouvrir(request, jeune, quoi=…)` pour un dossier (ou un objet d'un seul jeune : demande d'aide, inscription…).
  Dans cet ordre : la règle (`permission` sur l'objet : 403, ou 404 si `introuvable`), la base active (dossier
  archivé : 404, sauf consultation exceptionnelle motivée de la direction ou du DPO), le périmètre (hors de son
  antenne : lecture seule après un motif déclaré, voir `securite.perimetre`), puis une ligne au journal des
  accès. Renvoie un `Acces` qui dit si la page est en lecture seule.
- `restreindre(request, queryset)` pour une liste ou un export : le périmètre de pilotage de l'utilisateur ;
- `lire_en_lot(request, jeunes, quoi=…)` une fois les lignes affichées connues : une ligne de journal par jeune lu,
  en une seule requête (un export de 400 jeunes écrit 400 lignes, chacune cherchable par jeune).

Une vue qui montre un jeune sans passer par le portail est détectée par `tests/securite/test_portail.py`, qui
parcourt la configuration des URL et compte les lignes du journal avant et après chaque page.

Les redirections (motif à déclarer, consultation exceptionnelle) sont levées comme exceptions
(`MotifRequis`) et transformées en réponse par `securite.middleware.PortailMiddleware` : une requête htmx
reçoit un `HX-Redirect`, une autre une redirection ordinaire.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from securite.journal import journaliser_acces, journaliser_acces_en_lot
from securite.models import ActionAcces
from securite.perimetre import (
    filtre_base_active,
    filtre_perimetre,
    hors_perimetre,
    peut_demander_hors_perimetre,
)

CLE_EXCEPTIONNELLES = "securite_consultations_exceptionnelles"
CLE_HORS_PERIMETRE = "securite_consultations_hors_perimetre"
PERMISSION_HORS_BASE_ACTIVE = "weker.consulter_hors_base_active"


class MotifRequis(Exception):
    """L'accès demande d'abord un motif (page `url`) ; voir `PortailMiddleware`."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url


@dataclass(frozen=True)
class Acces:
    """Ce que le portail a accordé : `lecture_seule` quand le dossier est hors du périmètre de l'utilisateur."""

    jeune: object
    lecture_seule: bool = False


def _accordees(request, cle):
    return request.session.get(cle, [])


def _accorder(request, cle, jeune):
    accordees = _accordees(request, cle)
    if jeune.pk not in accordees:
        request.session[cle] = [*accordees, jeune.pk]


def consultation_exceptionnelle_accordee(request, jeune):
    return jeune.pk in _accordees(request, CLE_EXCEPTIONNELLES)


def accorder_consultation_exceptionnelle(request, jeune):
    _accorder(request, CLE_EXCEPTIONNELLES, jeune)


def hors_perimetre_accorde(request, jeune):
    return jeune.pk in _accordees(request, CLE_HORS_PERIMETRE)


def accorder_hors_perimetre(request, jeune):
    _accorder(request, CLE_HORS_PERIMETRE, jeune)


def _page_de_motif(request, nom_url, jeune):
    url = reverse(nom_url, kwargs={"pk": jeune.pk})
    suivant = request.get_full_path() if request.method == "GET" and not request.htmx else ""
    return f"{url}?{urlencode({'next': suivant})}" if suivant else url


def ouvrir(
    request,
    jeune,
    *,
    quoi,
    permission="accompagnement.voir_jeune",
    objet=None,
    action=None,
    ecriture=False,
    introuvable=False,
    journaliser=True,
):
    """Ouvre les données de `jeune`, lues à travers `objet` (le jeune lui-même par défaut) : contrôle, journal.

    `quoi` : ce qui est lu, tel qu'écrit au journal (« dossier », « demande FAJ 2026-0042 »…).
    `ecriture` : la vue modifie (ou affiche le formulaire qui modifie) : ni hors base active, ni hors périmètre.
    `introuvable` : un refus de la règle répond 404 (l'utilisateur ne doit pas savoir que l'objet existe).
    `action` : par défaut consultation (GET) ou modification (autre méthode).
    """
    user = request.user
    cible = jeune if objet is None else objet
    if not user.has_perm(permission, cible):
        if introuvable:
            raise Http404("Introuvable.")
        raise PermissionDenied("Vous n'avez pas accès à ces données.")
    if not jeune.est_dans_base_active and not consultation_exceptionnelle_accordee(request, jeune):
        if not ecriture and user.has_perm(PERMISSION_HORS_BASE_ACTIVE):
            raise MotifRequis(_page_de_motif(request, "conservation:consultation_exceptionnelle", jeune))
        raise Http404("Dossier introuvable.")
    lecture_seule = False
    if hors_perimetre(user, jeune):
        if ecriture:
            raise PermissionDenied(
                "Ce dossier est suivi par une autre antenne : il se consulte en lecture seule. Pour le modifier, "
                "transférez-le d'abord à votre antenne."
            )
        if not hors_perimetre_accorde(request, jeune):
            if peut_demander_hors_perimetre(user):
                raise MotifRequis(_page_de_motif(request, "accompagnement:consultation_hors_perimetre", jeune))
            raise PermissionDenied("Ce dossier n'est pas dans votre périmètre.")
        lecture_seule = True
    if journaliser:
        if action is None:
            action = ActionAcces.CONSULTATION if request.method in ("GET", "HEAD") else ActionAcces.MODIFICATION
        journaliser_acces(request, action=action, objet=quoi, jeune=jeune)
    return Acces(jeune=jeune, lecture_seule=lecture_seule)


def restreindre(request, queryset, chemin=""):
    """Une liste ou un export : les seuls jeunes de la base active et du périmètre de l'utilisateur (`chemin` vers
    le jeune, ex. `"jeune__"` pour des demandes d'aide)."""
    return queryset.filter(filtre_base_active(chemin), filtre_perimetre(request.user, chemin))


def lire_en_lot(request, jeunes, *, quoi="", action=ActionAcces.CONSULTATION):
    """Une ligne de journal par jeune lu, en une requête. `jeunes` : des jeunes, des identifiants, ou des couples
    (quoi, jeune) quand chaque ligne a son propre objet (une demande d'aide par jeune…)."""
    acces = []
    for element in jeunes:
        if isinstance(element, tuple):
            acces.append(element)
        else:
            acces.append((quoi, element))
    if acces:
        journaliser_acces_en_lot(request, acces, action=action)
