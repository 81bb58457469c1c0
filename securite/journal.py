"""Journalisation des accès aux données personnelles (voir securite.models.JournalAcces)."""

from securite.models import ActionAcces, JournalAcces


def adresse_ip(request):
    transmise = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return (transmise.split(",")[0].strip() if transmise else request.META.get("REMOTE_ADDR")) or None


def _auteur(request):
    """Qui accède : utilisateur, identifiant, rôle et antenne au moment de l'accès, adresse IP."""
    user = request.user
    return {
        "utilisateur": user,
        "identifiant": user.get_username(),
        "role": user.role,
        "antenne": user.antenne.code if user.antenne_id else "",
        "adresse_ip": adresse_ip(request),
    }


def journaliser_acces(request, *, action=ActionAcces.CONSULTATION, objet, jeune=None, motif=""):
    """Écrit une ligne du journal des accès. Toute erreur remonte : la requête échoue plutôt que de servir
    une donnée sans trace (la vue s'exécute dans la transaction de la requête)."""
    return JournalAcces.objects.create(**_auteur(request), jeune=jeune, action=action, objet=objet[:200], motif=motif)


def journaliser_acces_en_lot(request, acces, *, action=ActionAcces.CONSULTATION, motif=""):
    """Écrit en une seule requête les lignes du journal d'une page qui montre plusieurs dossiers.

    `acces` : les couples (objet, jeune) consultés, un par dossier affiché (`jeune` peut être None). Chaque couple
    donne la même ligne que `journaliser_acces` (qui, quoi, quel jeune) : une ligne par dossier, jamais une ligne
    qui résumerait la page. Mêmes règles : toute erreur remonte et fait échouer la requête.
    """
    auteur = _auteur(request)
    lignes = [
        JournalAcces(**auteur, jeune=jeune, action=action, objet=objet[:200], motif=motif) for objet, jeune in acces
    ]
    return JournalAcces.objects.bulk_create(lignes)
