"""Écritures du pilotage : instantanés d'indicateurs, recalculs et rapports PDF."""

from django.core.files.base import ContentFile
from django.db import transaction

from reporting.indicateurs import antennes_ordonnees
from reporting.models import RapportPdf, RecalculIndicateurs, Snapshot
from reporting.selectors import instantane_calcule, verifier_annee
from weker.travaux import travail_executer, travail_programmer


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
    """Crée le recalcul et le programme ; `TravailNonProgramme` si le courtier est injoignable (rien ne reste)."""
    verifier_annee(annee)
    recalcul = RecalculIndicateurs(annee=annee, cree_par=par)
    recalcul.full_clean()
    recalcul.save()
    travail_programmer(recalcul)
    return recalcul


def recalcul_executer(*, recalcul_id):
    """Exécuté par la tâche : une seule fois même si le message est redistribué (weker/travaux.py)."""

    def executer(recalcul):
        indicateurs_recalculer_annees(annees=[recalcul.annee, recalcul.annee - 1], progression=recalcul.avancer)

    return travail_executer(
        RecalculIndicateurs, recalcul_id, executer, message_echec=lambda exc: f"Le calcul a échoué : {exc}"
    )


@transaction.atomic
def rapport_pdf_demander(*, annee, antenne, par):
    """Crée le rapport et le programme ; `TravailNonProgramme` si le courtier est injoignable (rien ne reste)."""
    verifier_annee(annee)
    rapport = RapportPdf(annee=annee, antenne=antenne, cree_par=par)
    rapport.full_clean()
    rapport.save()
    travail_programmer(rapport)
    return rapport


def rapport_pdf_generer(*, rapport_id):
    """Exécuté par la tâche : un seul fichier, même si le worker meurt et que le travail est repris."""
    from reporting.rapport import produire_rapport_pdf

    def executer(rapport):
        contenu = produire_rapport_pdf(
            rapport.annee, rapport.antenne.code if rapport.antenne_id else None, progression=rapport.avancer
        )
        rapport.fichier.save(rapport.nom_fichier, ContentFile(contenu), save=False)
        return {"fichier": rapport.fichier}

    return travail_executer(
        RapportPdf, rapport_id, executer, message_echec=lambda exc: f"La génération a échoué : {exc}"
    )
