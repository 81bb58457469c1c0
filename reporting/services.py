"""Écritures du pilotage : instantanés d'indicateurs, recalculs et rapports PDF."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reporting.indicateurs import antennes_ordonnees
from reporting.models import RapportPdf, RecalculIndicateurs, Snapshot
from reporting.selectors import instantane_calcule, verifier_annee
from weker.travaux import StatutTravail


@transaction.atomic
def snapshot_recalculer(*, annee, antenne_code=None, precedent=None):
    """Calcule les indicateurs (`reporting.selectors.instantane_calcule`) et remplace l'instantané (année,
    périmètre). Idempotent. Seul endroit où un instantané s'écrit (tâche de nuit, recalcul demandé, commande).

    Le calcul lit sur le réplica s'il est configuré ; la validation et l'écriture de l'instantané se font sur le
    primaire (weker/routeur.py). `precedent` : instantané de l'année précédente, même périmètre, qui vient d'être
    recalculé ; ses totaux servent aux évolutions au lieu d'être relus en base.
    """
    calcule = instantane_calcule(annee=annee, antenne_code=antenne_code, precedent=precedent)
    snapshot = Snapshot.objects.select_for_update().pour(annee, antenne_code).first() or calcule
    snapshot.donnees, snapshot.details, snapshot.duree_ms = calcule.donnees, calcule.details, calcule.duree_ms
    snapshot.calcule_le = calcule.calcule_le
    snapshot.full_clean()
    snapshot.save()
    return snapshot


def indicateurs_recalculer_annees(*, annees, progression=None):
    """Recalcule les années données pour l'agence puis chaque antenne ; `progression(pourcent, etape)`."""
    perimetres = [None] + [a.code for a in antennes_ordonnees()]
    taches = [(annee, p) for annee in annees for p in perimetres]
    snapshots = []
    for i, (annee, perimetre) in enumerate(taches):
        if progression:
            progression(int(100 * i / len(taches)), f"Année {annee} — {perimetre or 'agence entière'}")
        snapshots.append(snapshot_recalculer(annee=annee, antenne_code=perimetre))
    return snapshots


@transaction.atomic
def recalcul_demander(*, annee, par):
    from reporting.tasks import executer_recalcul

    verifier_annee(annee)
    recalcul = RecalculIndicateurs(annee=annee, cree_par=par)
    recalcul.full_clean()
    recalcul.save()
    executer_recalcul.delay_on_commit(recalcul.pk)
    return recalcul


def _terminer(travail, *, statut, message=""):
    travail.statut, travail.message, travail.termine_le = statut, message, timezone.now()
    if statut == StatutTravail.TERMINE:
        travail.progression = 100
        travail.etape = "Terminé"
    travail.save(update_fields=["statut", "message", "termine_le", "progression", "etape"])


def _reclamer(model, pk):
    """Réclame un travail en attente (UPDATE conditionnel) : un seul exécutant, relance sans effet."""
    return model.objects.filter(pk=pk, statut=StatutTravail.EN_ATTENTE).update(statut=StatutTravail.EN_COURS) == 1


def recalcul_executer(*, recalcul_id):
    if not _reclamer(RecalculIndicateurs, recalcul_id):
        return None
    recalcul = RecalculIndicateurs.objects.get(pk=recalcul_id)
    try:
        indicateurs_recalculer_annees(annees=[recalcul.annee, recalcul.annee - 1], progression=recalcul.avancer)
    except Exception as exc:
        _terminer(recalcul, statut=StatutTravail.ECHEC, message=f"Le calcul a échoué : {exc}")
        raise
    _terminer(recalcul, statut=StatutTravail.TERMINE)
    return recalcul


@transaction.atomic
def rapport_pdf_demander(*, annee, antenne, par):
    from reporting.tasks import generer_rapport_pdf

    verifier_annee(annee)
    rapport = RapportPdf(annee=annee, antenne=antenne, cree_par=par)
    rapport.full_clean()
    rapport.save()
    generer_rapport_pdf.delay_on_commit(rapport.pk)
    return rapport


def rapport_pdf_generer(*, rapport_id):
    from reporting.rapport import produire_rapport_pdf

    if not _reclamer(RapportPdf, rapport_id):
        return None
    rapport = RapportPdf.objects.select_related("antenne").get(pk=rapport_id)
    try:
        contenu = produire_rapport_pdf(
            rapport.annee, rapport.antenne.code if rapport.antenne_id else None, progression=rapport.avancer
        )
        rapport.fichier.save(rapport.nom_fichier, ContentFile(contenu), save=False)
        rapport.save(update_fields=["fichier"])
    except Exception as exc:
        _terminer(rapport, statut=StatutTravail.ECHEC, message=f"La génération a échoué : {exc}")
        raise
    _terminer(rapport, statut=StatutTravail.TERMINE)
    return rapport
