"""Journalisation des accès aux données personnelles (voir weker.models.JournalAcces)."""

from weker.models import ActionAcces, JournalAcces


def adresse_ip(request):
    transmise = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (transmise.split(",")[0].strip() if transmise else request.META.get("REMOTE_ADDR")) or None


def journaliser_acces(request, *, action=ActionAcces.CONSULTATION, objet, jeune=None, motif=""):
    """Écrit une ligne du journal des accès. Toute erreur remonte : la requête échoue plutôt que de servir
    une donnée sans trace (la vue s'exécute dans la transaction de la requête)."""
    user = request.user
    return JournalAcces.objects.create(
        utilisateur=user,
        identifiant=user.get_username(),
        role=user.role,
        antenne=user.antenne.code if user.antenne_id else "",
        jeune=jeune,
        action=action,
        objet=objet[:200],
        adresse_ip=adresse_ip(request),
        motif=motif,
    )
