"""Écritures du pilotage : instantanés d'indicateurs, recalculs, rapports PDF, rédaction et éditions figées."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from reporting.chapitres import CODES
from reporting.indicateurs import antennes_ordonnees
from reporting.models import EditionRapport, RapportPdf, RecalculIndicateurs, RedactionRapport, Snapshot, TexteChapitre
from reporting.selectors import instantane_calcule, mise_en_page_pour, verifier_annee
from weker.fichiers import IMAGES, verifier_fichier
from weker.travaux import travail_executer, travail_programmer

LOGO_TAILLE_MAXIMALE = 2 * 1024 * 1024


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
        code = rapport.antenne.code if rapport.antenne_id else None
        contenu = produire_rapport_pdf(
            rapport.annee, code, progression=rapport.avancer, mise_en_page=mise_en_page_pour(rapport.annee, code)
        )
        rapport.fichier.save(rapport.nom_fichier, ContentFile(contenu), save=False)
        return {"fichier": rapport.fichier}

    return travail_executer(
        RapportPdf, rapport_id, executer, message_echec=lambda exc: f"La génération a échoué : {exc}"
    )


# --- Rédaction du rapport et éditions figées ------------------------------------------------------------------


def _redaction_verrouillee(*, annee, antenne):
    """Rédaction (année, périmètre), créée vide au besoin, verrouillée jusqu'à la fin de la transaction : les
    enregistrements et les numéros d'édition d'un même périmètre passent l'un après l'autre."""
    verifier_annee(annee)
    redaction, _ = RedactionRapport.objects.get_or_create(annee=annee, antenne=antenne)
    return RedactionRapport.objects.select_for_update().get(pk=redaction.pk)


def _verifier_logo(logo):
    """Logo PNG ou JPEG reconnu à son contenu (contrôles partagés de weker/fichiers.py), 2 Mo au plus. Le SVG est
    refusé : c'est un programme (scripts, ressources externes) plus qu'une image, et le nettoyer sûrement
    demanderait une bibliothèque de plus pour un logo qui s'enregistre aussi bien en PNG."""
    logo.seek(0)
    debut = logo.read(512).lstrip()
    logo.seek(0)
    if debut.startswith((b"<?xml", b"<svg", b"<!DOCTYPE svg")) or b"<svg" in debut:
        raise ValidationError({"logo": "Les logos SVG ne sont pas acceptés : enregistrez le logo en PNG ou en JPEG."})
    return verifier_fichier(logo, types=IMAGES, taille_maximale=LOGO_TAILLE_MAXIMALE, champ="logo")


def _verifier_textes(textes):
    erreurs = {}
    limites = (
        ("texte", TexteChapitre.TEXTE_MAX, "Le texte"),
        ("citation", TexteChapitre.CITATION_MAX, "La citation"),
        ("auteur", TexteChapitre.AUTEUR_MAX, "L'auteur"),
    )
    for code, valeurs in textes.items():
        if code not in CODES:
            raise ValidationError(f"Chapitre inconnu : {code}.")
        for cle, maximum, nom in limites:
            if len(valeurs.get(cle, "")) > maximum:
                erreurs[f"{code}-{cle}"] = f"{nom} dépasse {maximum} caractères."
        if valeurs.get("auteur", "").strip() and not valeurs.get("citation", "").strip():
            erreurs[f"{code}-auteur"] = "Un auteur sans citation : saisissez la citation ou retirez l'auteur."
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def redaction_enregistrer(*, annee, antenne, par, chapitres_retenus, textes, logo=None, retirer_logo=False):
    """Enregistre ce que la direction prépare pour le rapport de l'année (agence si `antenne` est None) :
    chapitres retenus (codes du registre, au moins un), texte et citation de chaque chapitre
    (`textes` : {code: {"texte", "citation", "auteur"}}, texte brut), logo déposé ou retiré. Rien ne change si
    une donnée est refusée (ValidationError en français)."""
    inconnus = sorted(set(chapitres_retenus) - set(CODES))
    if inconnus:
        raise ValidationError(f"Chapitre inconnu : {', '.join(inconnus)}.")
    if not chapitres_retenus:
        raise ValidationError("Retenez au moins un chapitre : un rapport sans chapitre ne peut pas être édité.")
    textes = {
        code: {cle: (valeurs.get(cle) or "").strip() for cle in ("texte", "citation", "auteur")}
        for code, valeurs in textes.items()
    }
    _verifier_textes(textes)
    type_logo = _verifier_logo(logo) if logo else None

    redaction = _redaction_verrouillee(annee=annee, antenne=antenne)
    redaction.chapitres_retires = [code for code in CODES if code not in chapitres_retenus]
    redaction.modifie_par = par
    ancien_logo = redaction.logo.name if redaction.logo and (logo or retirer_logo) else None
    if logo:
        redaction.logo_type_mime = type_logo
        redaction.logo.save("logo", logo, save=False)
    elif retirer_logo:
        redaction.logo, redaction.logo_type_mime = "", ""
    redaction.full_clean()
    redaction.save()
    for code, valeurs in textes.items():
        if not any(valeurs.values()):
            TexteChapitre.objects.filter(redaction=redaction, chapitre=code).delete()
            continue
        TexteChapitre.objects.update_or_create(
            redaction=redaction,
            chapitre=code,
            defaults={"texte": valeurs["texte"], "citation": valeurs["citation"], "citation_auteur": valeurs["auteur"]},
        )
    if ancien_logo:
        stockage = redaction.logo.storage
        transaction.on_commit(lambda: stockage.delete(ancien_logo))
    return redaction


@transaction.atomic
def edition_figer_demander(*, annee, antenne, par):
    """Fige une nouvelle édition : numéro suivant du périmètre, copie de la rédaction telle qu'elle est à cet
    instant, puis la tâche de fond calcule les chiffres et produit le PDF. Les éditions précédentes ne changent
    jamais. `TravailNonProgramme` si le courtier est injoignable (rien ne reste)."""
    _redaction_verrouillee(annee=annee, antenne=antenne)  # numérotation : un figement à la fois par périmètre
    code = antenne.code if antenne else None
    mise_en_page = mise_en_page_pour(annee, code)
    dernier = EditionRapport.objects.filter(annee=annee, antenne=antenne).aggregate(n=Max("numero"))["n"] or 0
    edition = EditionRapport(annee=annee, antenne=antenne, numero=dernier + 1, redaction=mise_en_page, cree_par=par)
    edition.full_clean()
    edition.save()
    travail_programmer(edition)
    return edition


def edition_figer_executer(*, edition_id):
    """Exécuté par la tâche : calcule les chiffres, produit le PDF, garde les deux et l'empreinte du PDF. Une
    seule fois, même si le worker meurt et que le travail est repris (weker/travaux.py)."""
    from reporting.rapport import produire_edition

    def executer(edition):
        code = edition.antenne.code if edition.antenne_id else None
        contenu, chiffres = produire_edition(
            edition.annee, code, edition.redaction, edition.numero, progression=edition.avancer
        )
        edition.fichier.save(edition.nom_fichier, ContentFile(contenu), save=False)
        return {"fichier": edition.fichier, "chiffres": chiffres, "empreinte": hashlib.sha256(contenu).hexdigest()}

    return travail_executer(
        EditionRapport, edition_id, executer, message_echec=lambda exc: f"L'édition n'a pas pu être figée : {exc}"
    )
