"""Imports lancés depuis le navigateur : création du travail, exécution (appelée par la tâche Celery)."""

import logging
import tempfile
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from reprise import archive
from reprise.importation import importer_dossier
from reprise.models import ImportReprise
from weker.travaux import BailPerdu, StatutTravail, pause_de_test, travail_executer, travail_programmer

logger = logging.getLogger(__name__)
EN_COURS = (StatutTravail.EN_ATTENTE, StatutTravail.EN_COURS)
LIBELLES_PHASE = {"validation": "Validation", "ecriture": "Écriture"}
MESSAGE_ERREUR_INATTENDUE = "Erreur inattendue pendant l'import : rien n'a été enregistré."


def cle_progression(pk):
    return f"weker:reprise:progression:{pk}"


@transaction.atomic
def import_reprise_creer(*, fichier, simulation, par):
    """Enregistre l'archive et programme l'import en tâche de fond (après validation de la transaction).

    Un seul import à la fois : le verrou est la ligne « en attente » ou « en cours », libérée avec le travail
    (la surveillance des baux fait échouer un import dont le worker a disparu trop de fois). Si le courtier est
    injoignable, l'archive et la ligne sont supprimées et `TravailNonProgramme` est levée."""
    archive.verifier_archive(fichier)
    if ImportReprise.objects.select_for_update().filter(statut__in=EN_COURS).exists():
        raise ValidationError("Un import est déjà en cours : attendez qu'il soit terminé avant d'en lancer un autre.")
    travail = ImportReprise(nom_fichier=fichier.name[:255], simulation=simulation, cree_par=par, fichier=fichier)
    travail.full_clean()
    travail.save()
    travail_programmer(travail)
    return travail


def import_reprise_executer(*, travail):
    """Extrait l'archive, valide puis importe ; enregistre le rapport. L'archive est supprimée à la fin.

    Une seule exécution va au bout : l'écriture est une transaction qui ne se valide que si cet exécutant tient
    encore le travail ; un worker tué en cours d'écriture n'a rien écrit, et le travail est repris du début."""

    def executer(travail):
        travail.avancer(0, "Extraction de l'archive")
        for reste in Path(tempfile.gettempdir()).glob(f"reprise-{travail.pk}-*"):  # tentative tuée sur ce serveur
            archive.supprimer(reste)
        dossier = Path(tempfile.mkdtemp(prefix=f"reprise-{travail.pk}-"))
        try:
            _extraire(travail, dossier)
            rapport = importer_dossier(
                dossier,
                simulation=travail.simulation,
                progression=_publieur(travail),
                avant_validation=lambda: _verifier_bail(travail),
            )
        except BailPerdu:
            raise
        except ValidationError as exc:
            return {"statut": StatutTravail.ECHEC, "message": " ".join(exc.messages), "rapport": {}}
        except Exception:
            logger.exception("Échec de l'import de reprise %s", travail.pk)
            return {"statut": StatutTravail.ECHEC, "message": MESSAGE_ERREUR_INATTENDUE, "rapport": {}}
        finally:
            archive.supprimer(dossier)
            cache.delete(cle_progression(travail.pk))
        if rapport.valide:
            message = "Simulation terminée : rien n'a été enregistré." if travail.simulation else "Import terminé."
        else:
            message = f"{rapport.nb_erreurs} erreur(s) : rien n'a été importé."
        return {"message": message, "rapport": rapport.en_dict()}

    return travail_executer(
        ImportReprise,
        travail.pk,
        executer,
        message_echec=lambda exc: MESSAGE_ERREUR_INATTENDUE,
    )


def _verifier_bail(travail):
    """Dans la transaction d'écriture, juste avant sa validation : la ligne du travail est verrouillée et doit
    encore appartenir à cet exécutant (sinon l'écriture est annulée)."""
    if not travail._a_moi().select_for_update().exists():
        raise BailPerdu(f"ImportReprise {travail.pk}")


def _extraire(travail, dossier):
    """Lit l'archive par l'API de stockage (jamais `fichier.path`) : le worker qui l'extrait peut tourner sur une
    autre machine que le web qui l'a reçue, et le stockage être un stockage objet (S3). Seul le dossier temporaire
    d'extraction est local au worker, le temps de la tâche."""
    try:
        with travail.fichier.open("rb") as fichier:
            archive.extraire(fichier, dossier)
    except FileNotFoundError:
        raise ValidationError("L'archive envoyée est introuvable dans le stockage : envoyez-la de nouveau.") from None


def _publieur(travail):
    def publier(*, phase, fichier, pourcentage, lignes, debit):
        etape = f"{LIBELLES_PHASE[phase]} de {fichier} — {lignes} lignes ({debit} lignes/s)"
        # Pendant l'écriture (une transaction), la ligne du travail n'est pas visible des autres connexions :
        # la progression passe par le cache, lu par la page qui interroge.
        cache.set(cle_progression(travail.pk), {"progression": pourcentage, "etape": etape}, timeout=3600)
        if not connection.in_atomic_block:
            travail.avancer(pourcentage, etape)
        else:
            pause_de_test()  # le bail est renouvelé par le battement, sur sa propre connexion

    return publier


def progression_de(travail):
    """(pourcentage, étape) à afficher : le cache s'il est plus récent que la ligne en base."""
    if not travail.est_fini:
        en_cache = cache.get(cle_progression(travail.pk))
        if en_cache:
            return en_cache["progression"], en_cache["etape"]
    return travail.progression, travail.etape
