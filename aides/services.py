"""Écritures du FAJ : circuit des demandes, séances, décisions, enveloppes, paiements, pièces justificatives.

Toute modification d'une demande passe par ces services ; chaque changement de statut écrit une
`EtapeDemande` (qui, quand). Les refus métier lèvent `ValidationError` avec un message en français.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accompagnement.enums import Nationalite
from accompagnement.regles import AGE_MAJORITE, AGE_MAX, AGE_MIN
from aides.enums import (
    DECISIONS_FAVORABLES,
    DEPARTEMENT_FAJ_CD35,
    SIREN_RENNES_METROPOLE,
    TRANSITIONS,
    Fonds,
    ModePaiement,
    StatutDemande,
    StatutSeance,
    TypeDecision,
    TypeEnveloppe,
)
from aides.messages import avis_de_decision
from aides.models import (
    ZERO,
    Decision,
    DemandeAide,
    Enveloppe,
    EtapeDemande,
    Paiement,
    ParametreFAJ,
    PieceJointe,
    PointOrdreDuJour,
    Reallocation,
    Seance,
)
from comptes.enums import Role
from weker.fichiers import verifier_fichier
from weker.gabarits import message_gabarit
from weker.templatetags.weker import euros

ROLES_DECISION_URGENCE = frozenset({Role.SECRETARIAT_FAJ, Role.RESPONSABLE_ANTENNE, Role.DIRECTION})
# Règle propre au FAJ (majeurs de 25 ans au plus ; 16-17 ans sur dérogation), exprimée avec les âges communs.
AGE_MINIMUM, AGE_MINIMUM_DEROGATION, AGE_MAXIMUM = AGE_MAJORITE, AGE_MIN, AGE_MAX


# --- Règles d'accès au fonds -------------------------------------------------------------------------------


def fonds_pour_commune(commune):
    """Fonds compétent selon la commune de résidence ; hors Ille-et-Vilaine : refus."""
    if commune.epci_id and commune.epci.siren == SIREN_RENNES_METROPOLE:
        return Fonds.FAJ_RM
    if commune.departement == DEPARTEMENT_FAJ_CD35:
        return Fonds.FAJ_CD35
    raise ValidationError(
        f"{commune.nom} (département {commune.departement}) est hors d'Ille-et-Vilaine : le jeune ne relève "
        "ni du FAJ de Rennes Métropole ni du FAJ du Département. Orientez-le vers le FAJ de son département."
    )


def verifier_eligibilite(*, jeune, date_demande, derogation_age_motif=""):
    """Âge (18–25 ans, 16–17 ans avec dérogation motivée) et titre de séjour à la date de la demande."""
    age = jeune.age_au(date_demande)
    nom = f"{jeune.prenom} {jeune.nom_affiche}"
    if age > AGE_MAXIMUM:
        raise ValidationError(
            f"Le FAJ s'adresse aux jeunes de {AGE_MINIMUM} à {AGE_MAXIMUM} ans : {nom} a {age} ans à la date de la "
            "demande."
        )
    if age < AGE_MINIMUM_DEROGATION:
        raise ValidationError(
            f"Le FAJ n'est pas ouvert avant {AGE_MINIMUM_DEROGATION} ans : {nom} a {age} ans à la date de la demande."
        )
    if age < AGE_MINIMUM and not (derogation_age_motif or "").strip():
        raise ValidationError(
            {
                "derogation_age_motif": f"{nom} a {age} ans : une demande pour un jeune de {AGE_MINIMUM_DEROGATION} ou "
                f"{AGE_MINIMUM - 1} ans exige une dérogation motivée."
            }
        )
    if jeune.nationalite == Nationalite.HORS_UE:
        expiration = jeune.titre_sejour_expiration
        if not jeune.titre_sejour_numero or expiration is None:
            raise ValidationError(
                f"{nom} est de nationalité hors Union européenne : renseignez dans son dossier un titre de séjour "
                "valide à la date de la demande."
            )
        if expiration < date_demande:
            raise ValidationError(
                f"Le titre de séjour de {nom} a expiré le {expiration:%d/%m/%Y} : il doit être valide à la date "
                f"de la demande ({date_demande:%d/%m/%Y})."
            )


# --- Circuit ---------------------------------------------------------------------------------------------


def _libelle(statut):
    return StatutDemande(statut).label if statut else "création"


def _changer_statut(demande, vers, *, par, commentaire=""):
    de = demande.statut
    if vers not in TRANSITIONS[StatutDemande(de)]:
        raise ValidationError(
            f"Transition impossible : une demande « {_libelle(de)} » ne peut pas passer à « {_libelle(vers)} »."
        )
    demande.statut = vers
    EtapeDemande.objects.create(demande=demande, de_statut=de, vers_statut=vers, par=par, commentaire=commentaire)


def _verrouiller(demande):
    """Relit la demande en verrouillant sa ligne (deux actions simultanées ne se marchent pas dessus)."""
    return DemandeAide.objects.select_for_update().get(pk=demande.pk)


CHAMPS_MODIFIABLES = (
    "type",
    "montant_demande",
    "motivation",
    "date_demande",
    "derogation_age_motif",
    *DemandeAide.POSTES_RESSOURCES,
    *DemandeAide.POSTES_CHARGES,
)


@transaction.atomic
def demande_aide_creer(*, jeune, par, type, montant_demande, motivation="", date_demande=None, fonds=None, **autres):
    """Prépare une demande (brouillon) ; le fonds est déduit de la commune du jeune."""
    date_demande = date_demande or timezone.localdate()
    fonds_competent = fonds_pour_commune(jeune.commune)
    if fonds and fonds != fonds_competent:
        raise ValidationError(
            {"fonds": f"{jeune.commune.nom} relève du {Fonds(fonds_competent).label} et non du {Fonds(fonds).label}."}
        )
    inconnus = set(autres) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    demande = DemandeAide(
        jeune=jeune,
        fonds=fonds_competent,
        type=type,
        montant_demande=montant_demande,
        motivation=motivation,
        date_demande=date_demande,
        conseiller=par,
        **autres,
    )
    _appliquer_derogation(demande, par)
    demande.full_clean()
    demande.save()
    EtapeDemande.objects.create(demande=demande, de_statut="", vers_statut=StatutDemande.BROUILLON, par=par)
    return demande


def _appliquer_derogation(demande, par):
    verifier_eligibilite(
        jeune=demande.jeune, date_demande=demande.date_demande, derogation_age_motif=demande.derogation_age_motif
    )
    if demande.jeune.age_au(demande.date_demande) < AGE_MINIMUM:
        demande.derogation_age_par = par  # qui a enregistré (ou confirmé) la dérogation
    else:
        demande.derogation_age_motif = ""
        demande.derogation_age_par = None


@transaction.atomic
def demande_aide_modifier(*, demande, par, **champs):
    demande = _verrouiller(demande)
    if demande.statut != StatutDemande.BROUILLON:
        raise ValidationError("Seule une demande en brouillon peut être modifiée.")
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    for nom, valeur in champs.items():
        setattr(demande, nom, valeur)
    _appliquer_derogation(demande, par)
    demande.full_clean()
    demande.save()
    return demande


@transaction.atomic
def demande_aide_soumettre(*, demande, par):
    demande = _verrouiller(demande)
    if demande.statut == StatutDemande.BROUILLON:
        if not demande.motivation.strip():
            raise ValidationError("Rédigez la motivation de la demande avant de la soumettre.")
        fonds_pour_commune(demande.jeune.commune)
        verifier_eligibilite(
            jeune=demande.jeune,
            date_demande=demande.date_demande,
            derogation_age_motif=demande.derogation_age_motif,
        )
    _changer_statut(demande, StatutDemande.SOUMISE, par=par)
    demande.save(update_fields=["statut"])
    return demande


# --- Séances ---------------------------------------------------------------------------------------------


@transaction.atomic
def seance_creer(*, fonds, date, lieu, presidence, par, heure=None, membres=()):
    seance = Seance(fonds=fonds, date=date, heure=heure, lieu=lieu, presidence=presidence, cree_par=par)
    seance.full_clean()
    seance.save()
    seance.membres.set(membres)
    return seance


@transaction.atomic
def seance_modifier(*, seance, par, membres=None, **champs):
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.est_close:
        raise ValidationError("Une séance close ne peut plus être modifiée.")
    for nom, valeur in champs.items():
        if nom not in {"date", "heure", "lieu", "presidence"}:
            raise TypeError(f"Champ inconnu : {nom}")
        setattr(seance, nom, valeur)
    if not seance.est_preparee and seance.date > timezone.localdate():
        raise ValidationError(
            {"date": "Cette séance est ouverte : elle se tient, sa date ne peut pas être reportée à une date future."}
        )
    seance.full_clean()
    seance.save()
    if membres is not None:
        seance.membres.set(membres)
    return seance


@transaction.atomic
def demande_aide_inscrire(*, demande, seance, par, conseiller_presentant=None):
    """Inscrit une demande soumise (ou ajournée) à l'ordre du jour d'une séance du même fonds."""
    demande = _verrouiller(demande)
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if seance.est_close:
        raise ValidationError("Cette séance est close : inscrivez la demande à une séance à venir.")
    if demande.fonds != seance.fonds:
        raise ValidationError(
            f"Cette demande relève du {demande.get_fonds_display()} : elle ne peut pas être inscrite à une "
            f"séance du {seance.get_fonds_display()}."
        )
    ajournements = demande.decisions.filter(type=TypeDecision.AJOURNEE, seance__isnull=False).select_related("seance")
    for ajournement in ajournements:
        if ajournement.seance_id == seance.pk or seance.date < ajournement.seance.date:
            raise ValidationError(
                f"Cette demande a été ajournée par la séance du {ajournement.seance.date:%d/%m/%Y} : inscrivez-la "
                "à une séance ultérieure."
            )
    if demande.date_demande > seance.date:
        raise ValidationError(
            f"La demande {demande.numero} date du {demande.date_demande:%d/%m/%Y} : elle ne peut pas être examinée "
            f"par la séance du {seance.date:%d/%m/%Y}, qui la précède."
        )
    if PointOrdreDuJour.objects.filter(seance=seance, demande=demande).exists():
        raise ValidationError("Cette demande est déjà à l'ordre du jour de cette séance.")
    _changer_statut(demande, StatutDemande.INSCRITE, par=par, commentaire=str(seance))
    demande.save(update_fields=["statut"])
    ordre = (seance.points.aggregate(m=Max("ordre"))["m"] or 0) + 1
    point = PointOrdreDuJour(
        seance=seance,
        demande=demande,
        ordre=ordre,
        conseiller_presentant=conseiller_presentant or demande.conseiller,
    )
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def demandes_aide_inscrire(*, demandes, seance, par):
    """Inscrit plusieurs demandes à l'ordre du jour, dans l'ordre de leur dépôt ; tout ou rien : si l'une est refusée,
    aucune n'est inscrite et le refus nomme la demande. Renvoie les points créés."""
    points = []
    for demande in sorted(demandes, key=lambda d: (d.date_demande, d.pk)):
        try:
            points.append(demande_aide_inscrire(demande=demande, seance=seance, par=par))
        except ValidationError as erreur:
            raise ValidationError(
                f"Demande {demande.numero} : {' '.join(erreur.messages)} Aucune demande n'a été inscrite."
            ) from erreur
    return points


@transaction.atomic
def demande_aide_desinscrire(*, demande, seance, par):
    demande = _verrouiller(demande)
    point = PointOrdreDuJour.objects.filter(seance=seance, demande=demande).first()
    if point is None:
        raise ValidationError("Cette demande n'est pas à l'ordre du jour de cette séance.")
    if demande.statut != StatutDemande.INSCRITE or demande.decisions.filter(seance=seance).exists():
        raise ValidationError("Une demande déjà examinée ne peut plus être retirée de l'ordre du jour.")
    _changer_statut(demande, StatutDemande.SOUMISE, par=par, commentaire=f"Retirée de l'ordre du jour : {seance}")
    demande.save(update_fields=["statut"])
    point.delete()


def _verifier_seance_tenue(seance, action):
    """Une séance ne s'ouvre, ne décide et ne se clôt qu'à partir du jour où elle se tient (`action` : ce qui est
    refusé, « ouvrir la séance »…)."""
    aujourd_hui = timezone.localdate()
    if seance.date > aujourd_hui:
        raise ValidationError(
            f"La séance se tient le {seance.date:%d/%m/%Y} : impossible {action} avant cette date (nous sommes le "
            f"{aujourd_hui:%d/%m/%Y}). Si la séance a été avancée, corrigez d'abord sa date."
        )


@transaction.atomic
def seance_ouvrir(*, seance, par):
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if not seance.est_preparee:
        raise ValidationError("Seule une séance préparée peut être ouverte.")
    _verifier_seance_tenue(seance, "d'ouvrir la séance")
    if not seance.points.exists():
        raise ValidationError("L'ordre du jour est vide : inscrivez au moins une demande avant d'ouvrir la séance.")
    seance.statut = StatutSeance.OUVERTE
    seance.save(update_fields=["statut"])
    return seance


@transaction.atomic
def seance_clore(*, seance, par):
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    if not seance.est_ouverte:
        raise ValidationError("Seule une séance ouverte peut être close.")
    _verifier_seance_tenue(seance, "de clore la séance")
    sans_decision = seance.points.exclude(demande__decisions__seance=seance).count()
    if sans_decision:
        raise ValidationError(
            f"{sans_decision} demande(s) de l'ordre du jour n'ont pas encore de décision : décidez-les ou "
            "ajournez-les avant de clore la séance."
        )
    seance.statut = StatutSeance.CLOSE
    seance.close_le = timezone.now()
    seance.save(update_fields=["statut", "close_le"])
    return seance


# --- Enveloppes ------------------------------------------------------------------------------------------


def montant_disponible(enveloppe, *, sauf_demande=None):
    """Disponible de l'enveloppe (dotation − accordé), selon `EnveloppeQuerySet.avec_montants`, comme sur la page
    du budget ; `sauf_demande` : sans la décision en vigueur de cette demande, que la nouvelle remplace."""
    return Enveloppe.objects.avec_montants(sauf_demande=sauf_demande).get(pk=enveloppe.pk).disponible


@transaction.atomic
def enveloppe_creer(*, fonds, annee, nom, type, montant, par, parent=None):
    if parent is not None and (parent.fonds != fonds or parent.annee != annee):
        raise ValidationError("Une sous-enveloppe doit appartenir au même fonds et à la même année que sa parente.")
    if parent is not None and parent.type != TypeEnveloppe.FONDS:
        raise ValidationError("Seul un budget de fonds peut être découpé en sous-enveloppes.")
    enveloppe = Enveloppe(fonds=fonds, annee=annee, nom=nom, type=type, montant=montant, parent=parent)
    enveloppe.full_clean()
    enveloppe.save()
    return enveloppe


@transaction.atomic
def enveloppe_modifier(*, enveloppe, par, montant):
    """Corrige le montant voté d'une enveloppe ; jamais sous ce qui est déjà accordé ou cédé par la réserve."""
    enveloppe = {e.pk: e for e in _verrouiller_enveloppes(enveloppe.fonds, enveloppe.annee)}[enveloppe.pk]
    situation = Enveloppe.objects.avec_montants().get(pk=enveloppe.pk)
    minimum = situation.accorde + situation.cede - situation.recu
    if montant < minimum:
        engage = f"« {enveloppe.nom} » a déjà {euros(situation.accorde)} d'aides accordées"
        if situation.cede:
            engage += f", {euros(situation.cede)} cédés à d'autres enveloppes"
        if situation.recu:
            engage += f", {euros(situation.recu)} reçus de la réserve"
        raise ValidationError({"montant": f"{engage} : le montant voté ne peut pas descendre sous {euros(minimum)}."})
    enveloppe.montant = montant
    enveloppe.full_clean()
    enveloppe.save(update_fields=["montant"])
    return enveloppe


NOM_ENVELOPPE_DECISIONS = "Mission Locale"
NOM_RESERVE = "Réserve"


@transaction.atomic
def enveloppes_ouvrir_annee(*, annee, par=None):
    """Ouvre le budget FAJ de `annee` pour chaque fonds qui n'y a encore aucune enveloppe ; renvoie les enveloppes
    créées. Idempotent : un fonds qui a déjà une enveloppe cette année-là n'est pas touché.

    La structure de l'année précédente (noms, types, découpage) est reprise ; à défaut, un budget de fonds découpé
    en « Mission Locale » (reçoit les décisions) et « Réserve ». Les montants votés sont à 0 € : aucun budget n'est
    inventé, il se saisit sur la page « Budget FAJ » (une décision sur une enveloppe à 0 € le rappelle).
    Appelé par `manage.py ouvrir_budget_faj` (make migrate) et par la tâche périodique `aides.ouvrir_budget_annee`.
    """
    creees = []
    for fonds in Fonds:
        if Enveloppe.objects.de(fonds, annee).exists():
            continue
        modeles = list(Enveloppe.objects.de(fonds, annee - 1).order_by("pk"))
        if not modeles:
            budget = Enveloppe(pk=-1, fonds=fonds, annee=annee, nom=fonds.label, type=TypeEnveloppe.FONDS)
            modeles = [
                budget,
                Enveloppe(pk=-2, nom=NOM_ENVELOPPE_DECISIONS, type=TypeEnveloppe.AGENCE, parent_id=budget.pk),
                Enveloppe(pk=-3, nom=NOM_RESERVE, type=TypeEnveloppe.RESERVE, parent_id=budget.pk),
            ]
        nouvelles = {}  # pk du modèle → enveloppe créée ; une enveloppe est créée après sa parente
        connus = {modele.pk for modele in modeles}
        while len(nouvelles) < len(modeles):
            for modele in modeles:
                parent_a_venir = modele.parent_id in connus and modele.parent_id not in nouvelles
                if modele.pk in nouvelles or parent_a_venir:
                    continue
                nouvelles[modele.pk] = enveloppe = enveloppe_creer(
                    fonds=fonds,
                    annee=annee,
                    nom=modele.nom,
                    type=modele.type,
                    montant=ZERO,
                    par=par,
                    parent=nouvelles.get(modele.parent_id),
                )
                creees.append(enveloppe)
    return creees


def _verrouiller_enveloppes(fonds, annee):
    """Verrouille toutes les enveloppes du fonds et de l'année, toujours dans le même ordre (pas d'interblocage)."""
    return list(Enveloppe.objects.select_for_update().filter(fonds=fonds, annee=annee).order_by("pk"))


def _reserve_parmi(enveloppes, destination):
    reserves = [e for e in enveloppes if e.est_reserve and e.pk != destination.pk]
    memes_parents = [e for e in reserves if e.parent_id == destination.parent_id]
    return (memes_parents or reserves or [None])[0]


def _realloquer(*, source, destination, montant, motif, par, demande=None):
    if not source.est_reserve:
        raise ValidationError("Une réallocation se fait toujours depuis une réserve.")
    if source.fonds != destination.fonds or source.annee != destination.annee:
        raise ValidationError("La réserve et l'enveloppe abondée doivent relever du même fonds et de la même année.")
    if destination.est_reserve or destination.type == TypeEnveloppe.FONDS:
        raise ValidationError("La réserve ne peut abonder qu'une enveloppe de décision (Mission Locale ou CCAS).")
    disponible = montant_disponible(source)
    if montant > disponible:
        raise ValidationError(
            f"La réserve « {source.nom} » ne dispose plus que de {euros(disponible)} : impossible de réallouer "
            f"{euros(montant)}."
        )
    reallocation = Reallocation(
        source=source, destination=destination, montant=montant, motif=motif, par=par, demande=demande
    )
    reallocation.full_clean()
    reallocation.save()
    return reallocation


@transaction.atomic
def reallocation_enregistrer(*, source, destination, montant, motif, par):
    verrouillees = {e.pk: e for e in _verrouiller_enveloppes(source.fonds, source.annee)}
    return _realloquer(
        source=verrouillees.get(source.pk, source),
        destination=verrouillees.get(destination.pk, destination),
        montant=montant,
        motif=motif,
        par=par,
    )


def _imputation(enveloppes, choisie, demande, annee):
    """L'enveloppe qui finance la décision : celle choisie, sinon l'enveloppe Mission Locale du fonds et de l'année.

    Seules les enveloppes de décision (Mission Locale, CCAS) reçoivent des aides ; un budget de fonds regroupe ses
    sous-enveloppes et une réserve ne fait qu'abonder les autres (voir EnveloppeQuerySet.imputables)."""
    imputables = [e for e in enveloppes if e.type not in (TypeEnveloppe.RESERVE, TypeEnveloppe.FONDS)]
    fonds = demande.get_fonds_display()
    if not imputables:
        cas = "aucune_imputable" if enveloppes else "aucune_enveloppe"
        raise ValidationError(_refus_imputation(cas, annee=annee, fonds=fonds, enveloppes=enveloppes))
    if choisie is not None:
        for enveloppe in imputables:
            if enveloppe.pk == choisie.pk:
                return enveloppe
        raise ValidationError(
            {"enveloppe": f"Cette enveloppe ne peut pas financer cette demande ({fonds}, décision de {annee})."}
        )
    agences = [e for e in imputables if e.type == TypeEnveloppe.AGENCE]
    return (agences or imputables)[0]


def _refus_imputation(cas, **contexte):
    """Refus d'imputation écrit dans aides/refus/imputation.html, avec le lien vers la page du budget de l'année."""
    return message_gabarit("aides/refus/imputation.html", {"cas": cas, **contexte})


def _refus_depassement(imputee, *, montant_accorde, reste, reserve, annee):
    if imputee.montant == ZERO and reste <= ZERO:
        return ValidationError(_refus_imputation("sans_montant_vote", enveloppe=imputee, annee=annee))
    return ValidationError(
        _refus_imputation(
            "depassement",
            enveloppe=imputee,
            annee=annee,
            reste=reste,
            montant_accorde=montant_accorde,
            manque=montant_accorde - reste,
            reserve=reserve,
        )
    )


def _enregistrer_decision(
    demande, *, par, decision, montant_accorde, motif, seance, urgence, enveloppe, reallouer_depuis_reserve
):
    """Enregistre la décision, datée du jour de la séance (commission) ou du jour même (urgence) ; elle est imputée
    sur une enveloppe de l'année de cette date."""
    decision = TypeDecision(decision)
    motif = (motif or "").strip()
    date_decision = seance.date if seance is not None else timezone.localdate()
    if decision in DECISIONS_FAVORABLES:
        if decision == TypeDecision.ACCORDEE and montant_accorde in (None, ""):
            montant_accorde = demande.montant_demande
        if montant_accorde is None or Decimal(montant_accorde) <= 0:
            raise ValidationError({"montant_accorde": "Indiquez le montant accordé (positif)."})
        montant_accorde = Decimal(montant_accorde)
        if montant_accorde > demande.montant_demande:
            raise ValidationError(
                {
                    "montant_accorde": f"Le montant accordé ne peut pas dépasser le montant demandé "
                    f"({euros(demande.montant_demande)})."
                }
            )
        if decision == TypeDecision.ACCORDEE and montant_accorde < demande.montant_demande:
            raise ValidationError(
                {
                    "decision": "Le montant accordé est inférieur au montant demandé : "
                    "choisissez « Accordée partiellement »."
                }
            )
        if decision == TypeDecision.ACCORDEE_PARTIELLEMENT and montant_accorde == demande.montant_demande:
            raise ValidationError(
                {"decision": "Le montant accordé est égal au montant demandé : choisissez « Accordée »."}
            )
    else:
        montant_accorde = None
    if decision != TypeDecision.ACCORDEE and not motif:
        raise ValidationError({"motif": "Motivez la décision : le motif figure dans le courrier au jeune."})

    imputee = None
    if montant_accorde is not None:
        # Verrou des enveloppes du fonds : deux décisions simultanées ne peuvent pas dépasser le budget.
        annee = date_decision.year
        enveloppes = _verrouiller_enveloppes(demande.fonds, annee)
        imputee = _imputation(enveloppes, enveloppe, demande, annee)
        reste = montant_disponible(imputee, sauf_demande=demande)
        if montant_accorde > reste:
            manque = montant_accorde - reste
            reserve = _reserve_parmi(enveloppes, imputee)
            if not reallouer_depuis_reserve or reserve is None:
                raise _refus_depassement(
                    imputee, montant_accorde=montant_accorde, reste=reste, reserve=reserve, annee=annee
                )
            _realloquer(
                source=reserve,
                destination=imputee,
                montant=manque,
                motif=f"Complément pour la demande {demande.numero}",
                par=par,
                demande=demande,
            )

    ligne = Decision(
        demande=demande,
        seance=seance,
        type=decision,
        montant_accorde=montant_accorde,
        motif=motif,
        date=date_decision,
        urgence=urgence,
        enveloppe=imputee,
        decide_par=par,
    )
    ligne.full_clean()
    ligne.save()
    avis_de_decision(ligne, demande.jeune)  # « une décision a été prise » au jeune, sans montant (aides/messages.py)
    demande.decision = decision
    demande.date_decision = date_decision
    demande.montant_accorde = montant_accorde
    demande.motif_decision = motif
    demande.enveloppe = imputee
    return ligne


def _derniere_decision(demande):
    return demande.decisions.order_by("-enregistree_le", "-id").first()


@transaction.atomic
def demande_aide_decider(
    *, demande, seance, par, decision, montant_accorde=None, motif="", enveloppe=None, reallouer_depuis_reserve=False
):
    """Décision de la commission en séance ouverte. Une décision déjà prise pendant cette séance peut être
    corrigée tant que la séance est ouverte ; une demande ajournée retourne vers une séance ultérieure."""
    demande = _verrouiller(demande)
    seance = Seance.objects.get(pk=seance.pk)
    if not seance.est_ouverte:
        raise ValidationError("Les décisions se prennent en séance ouverte.")
    _verifier_seance_tenue(seance, "d'enregistrer une décision")
    if not seance.points.filter(demande=demande).exists():
        raise ValidationError("Cette demande n'est pas à l'ordre du jour de cette séance.")
    derniere = _derniere_decision(demande)
    correction = derniere is not None and derniere.seance_id == seance.pk
    if not correction and demande.statut != StatutDemande.INSCRITE:
        raise ValidationError(
            f"Transition impossible : une demande « {_libelle(demande.statut)} » ne peut pas être décidée en séance."
        )
    if correction and demande.statut not in (StatutDemande.DECIDEE, StatutDemande.SOUMISE):
        raise ValidationError("Cette décision a déjà été notifiée : elle ne peut plus être corrigée.")
    ligne = _enregistrer_decision(
        demande,
        par=par,
        decision=decision,
        montant_accorde=montant_accorde,
        motif=motif,
        seance=seance,
        urgence=False,
        enveloppe=enveloppe,
        reallouer_depuis_reserve=reallouer_depuis_reserve,
    )
    vers = StatutDemande.SOUMISE if ligne.type == TypeDecision.AJOURNEE else StatutDemande.DECIDEE
    commentaire = f"{ligne.get_type_display()} ({seance})"
    if correction:
        EtapeDemande.objects.create(
            demande=demande,
            de_statut=demande.statut,
            vers_statut=vers,
            par=par,
            commentaire="Décision corrigée en séance : " + commentaire,
        )
        demande.statut = vers
    else:
        _changer_statut(demande, vers, par=par, commentaire=commentaire)
    demande.full_clean()
    demande.save()
    return ligne


@transaction.atomic
def demande_aide_decider_urgence(*, demande, par, decision, montant_accorde=None, motif="", enveloppe=None):
    """Aide d'urgence : décidée sans attendre la commission, par un salarié habilité, dans la limite du plafond."""
    if getattr(par, "role", None) not in ROLES_DECISION_URGENCE:
        raise ValidationError(
            "Seuls le secrétariat FAJ, les responsables d'antenne et la direction peuvent décider une aide d'urgence."
        )
    demande = _verrouiller(demande)
    if demande.statut != StatutDemande.SOUMISE:
        raise ValidationError(
            f"Transition impossible : une demande « {_libelle(demande.statut)} » ne peut pas être décidée en "
            "urgence (elle doit être soumise et ne pas être inscrite à une séance)."
        )
    if decision not in (TypeDecision.ACCORDEE, TypeDecision.ACCORDEE_PARTIELLEMENT, TypeDecision.REFUSEE):
        raise ValidationError(
            {"decision": "Une aide d'urgence est accordée ou refusée ; l'ajournement relève de la commission."}
        )
    plafond = ParametreFAJ.courant().plafond_urgence
    if demande.montant_demande > plafond:
        raise ValidationError(
            f"L'aide d'urgence est plafonnée à {euros(plafond)} : cette demande de "
            f"{euros(demande.montant_demande)} doit passer en commission."
        )
    ligne = _enregistrer_decision(
        demande,
        par=par,
        decision=decision,
        montant_accorde=montant_accorde,
        motif=motif,
        seance=None,
        urgence=True,
        enveloppe=enveloppe,
        reallouer_depuis_reserve=False,
    )
    demande.urgence = True
    _changer_statut(demande, StatutDemande.DECIDEE, par=par, commentaire=f"Urgence : {ligne.get_type_display()}")
    demande.full_clean()
    demande.save()
    return ligne


@transaction.atomic
def demande_aide_notifier(*, demande, par, date_notification=None):
    """Marque la décision comme notifiée au jeune (le courrier est produit par la vue « courrier »)."""
    demande = _verrouiller(demande)
    if demande.statut == StatutDemande.DECIDEE:
        derniere = _derniere_decision(demande)
        if derniere is not None and derniere.seance_id and not derniere.seance.est_close:
            raise ValidationError("La décision sera notifiée une fois la séance close.")
    _changer_statut(demande, StatutDemande.NOTIFIEE, par=par)
    demande.date_notification = date_notification or timezone.localdate()
    demande.save(update_fields=["statut", "date_notification"])
    return demande


def montant_paye(demande):
    return demande.paiements.aggregate(s=Sum("montant"))["s"] or ZERO


@transaction.atomic
def demande_aide_payer(*, demande, par, mode, date, reference, montant, beneficiaire=""):
    """Enregistre un paiement (partiel possible) ; la demande passe « payée » quand tout l'accordé est payé."""
    demande = _verrouiller(demande)
    if demande.statut != StatutDemande.NOTIFIEE or not demande.est_accordee:
        raise ValidationError(
            f"Transition impossible : une demande « {_libelle(demande.statut)} » ne peut pas être payée (seule une "
            "aide accordée et notifiée peut l'être)."
        )
    montant = Decimal(montant)
    deja = montant_paye(demande)
    reste = demande.montant_accorde - deja
    if montant > reste:
        raise ValidationError(
            {
                "montant": f"Le paiement dépasserait le montant accordé : reste à payer {euros(reste)} "
                f"(accordé {euros(demande.montant_accorde)}, déjà payé {euros(deja)})."
            }
        )
    if mode == ModePaiement.TIERS and not beneficiaire.strip():
        raise ValidationError({"beneficiaire": "Indiquez le tiers (fournisseur) payé."})
    paiement = Paiement(
        demande=demande,
        mode=mode,
        date=date,
        reference=reference,
        montant=montant,
        beneficiaire=beneficiaire,
        par=par,
    )
    paiement.full_clean()
    paiement.save()
    if deja + montant == demande.montant_accorde:
        _changer_statut(demande, StatutDemande.PAYEE, par=par, commentaire=f"Payée ({euros(demande.montant_accorde)})")
        demande.save(update_fields=["statut"])
    return paiement


# --- Pièces justificatives -----------------------------------------------------------------------------


@transaction.atomic
def piece_jointe_ajouter(*, demande, par, fichier, description=""):
    if demande.statut not in (StatutDemande.BROUILLON, StatutDemande.SOUMISE, StatutDemande.INSCRITE):
        raise ValidationError("Les pièces justificatives s'ajoutent avant la décision.")
    type_mime = verifier_fichier(fichier)
    piece = PieceJointe(
        demande=demande,
        nom_original=(fichier.name or "document")[:200],
        description=description,
        type_mime=type_mime,
        taille=fichier.size,
        ajoute_par=par,
    )
    piece.fichier.save("piece", fichier, save=False)
    piece.full_clean()
    piece.save()
    return piece
