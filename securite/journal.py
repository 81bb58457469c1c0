"""Journalisation des accès aux données personnelles (voir securite.models.JournalAcces)."""

from django.db import connections, router
from django.utils import timezone

from securite.models import ActionAcces, JournalAcces
from weker.reseau import adresse_client as adresse_ip


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


def reference(objet):
    """Désignation d'un objet au journal des accès : son type et son numéro (« pièce justificative n° 123 »), jamais
    un texte qu'il contient (nom de fichier, description, nom du jeune) : le journal survit à l'effacement du jeune."""
    return f"{objet._meta.verbose_name} n° {objet.pk}"


def journaliser_acces(request, *, action=ActionAcces.CONSULTATION, objet, jeune=None, motif=""):
    """Écrit une ligne du journal des accès. Toute erreur remonte : la requête échoue plutôt que de servir
    une donnée sans trace (la vue s'exécute dans la transaction de la requête)."""
    return JournalAcces.objects.create(**_auteur(request), jeune=jeune, action=action, objet=objet[:200], motif=motif)


def journaliser_acces_en_lot(request, acces, *, action=ActionAcces.CONSULTATION, motif=""):
    """Écrit en une seule requête les lignes du journal d'une page qui montre plusieurs dossiers.

    `acces` : les couples (objet, jeune) consultés, un par dossier affiché (`jeune` : un jeune, son identifiant, ou
    None). Chaque couple donne la même ligne que `journaliser_acces` (qui, quoi, quel jeune) : une ligne par dossier,
    jamais une ligne qui résumerait la page. Mêmes règles : toute erreur remonte et fait échouer la requête.

    Sur PostgreSQL, un seul INSERT … SELECT FROM unnest() sans instancier de modèle (chaque liste de 50 jeunes en
    écrit 50 lignes : ~0,5 ms au lieu de ~5 ms pour bulk_create) ; ailleurs, bulk_create. Les deux écrivent les mêmes
    colonnes (testé dans tests/securite/test_journal.py).
    """
    auteur = _auteur(request)
    acces = [(objet[:200], getattr(jeune, "pk", jeune)) for objet, jeune in acces]
    if not acces:
        return
    alias = router.db_for_write(JournalAcces)
    if connections[alias].vendor != "postgresql":
        JournalAcces.objects.using(alias).bulk_create(
            [JournalAcces(**auteur, jeune_id=jeune, action=action, objet=objet, motif=motif) for objet, jeune in acces]
        )
        return
    connexion = connections[alias]
    champs = {f.name: connexion.ops.quote_name(f.column) for f in JournalAcces._meta.concrete_fields}
    noms = ("le", "utilisateur", "identifiant", "role", "antenne", "adresse_ip", "action", "motif", "jeune", "objet")
    colonnes = ", ".join(champs[nom] for nom in noms)
    table = connexion.ops.quote_name(JournalAcces._meta.db_table)
    with connexion.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO {table} ({colonnes}) "  # noms tirés du modèle, valeurs passées en paramètres
            "SELECT %s, %s, %s, %s, %s, %s::inet, %s, %s, t.jeune, t.objet "
            "FROM unnest(%s::bigint[], %s::text[]) AS t(jeune, objet)",
            [
                timezone.now(),
                auteur["utilisateur"].pk,
                auteur["identifiant"],
                auteur["role"],
                auteur["antenne"],
                auteur["adresse_ip"],
                action,
                motif,
                [jeune for _, jeune in acces],
                [objet for objet, _ in acces],
            ],
        )


def journaliser_objets(request, objets, *, action=ActionAcces.CONSULTATION, quoi=""):
    """Lecture de données personnelles qui ne sont pas celles d'un jeune (contact d'un employeur, tuteur…) : une
    ligne par objet lu, sans jeune, l'objet désigné par sa référence (« contact d'entreprise n° 12 ») et, s'il est
    donné, ce qui était affiché (« fiche de l'entreprise n° 5 »). Mêmes règles que `journaliser_acces_en_lot`."""
    suffixe = f" — {quoi}" if quoi else ""
    journaliser_acces_en_lot(request, [(reference(objet) + suffixe, None) for objet in objets], action=action)
