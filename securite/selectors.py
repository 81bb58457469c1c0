"""Lectures de la sécurité : recherche dans le journal des accès et dans le journal des connexions.

Historique d'un dossier et données d'un jeune (droit d'accès) : conservation/selectors.py."""

from django.db.models import Q

from securite.models import ConnexionJournal, JournalAcces


def journal_rechercher(*, jeune=None, utilisateur=None, du=None, au=None, action=None, objet=""):
    """Lignes du journal des accès filtrées (toutes les conditions se cumulent), les plus récentes d'abord.

    `objet` : une référence (`journal.reference`, « contact d'entreprise n° 12 ») ; trouve les lignes de cet objet,
    suivies ou non de ce qui était affiché (« — fiche de l'entreprise n° 5 »), pas celles du n° 120."""
    qs = JournalAcces.objects.select_related("jeune", "utilisateur").order_by("-le", "-pk")
    if jeune is not None:
        qs = qs.filter(jeune=jeune)
    if utilisateur is not None:
        qs = qs.filter(utilisateur=utilisateur)
    if du is not None:
        qs = qs.filter(le__date__gte=du)
    if au is not None:
        qs = qs.filter(le__date__lte=au)
    if action:
        qs = qs.filter(action=action)
    if objet:
        qs = qs.filter(Q(objet=objet) | Q(objet__startswith=objet + " "))
    return qs


def connexions_rechercher(*, identifiant="", evenement="", du=None, au=None):
    qs = ConnexionJournal.objects.select_related("utilisateur").order_by("-le", "-pk")
    if identifiant:
        qs = qs.filter(identifiant__iexact=identifiant.strip())
    if evenement:
        qs = qs.filter(evenement=evenement)
    if du is not None:
        qs = qs.filter(le__date__gte=du)
    if au is not None:
        qs = qs.filter(le__date__lte=au)
    return qs
