"""Lectures du FAJ qui croisent plusieurs modèles : situation des enveloppes, fiches de commission, chiffres."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from aides.enums import Fonds, TypeDecision, TypeEnveloppe
from aides.models import ZERO, Decision, DemandeAide, Enveloppe, Paiement, PointOrdreDuJour
from securite.perimetre import filtre_base_active

CENTIME = Decimal("0.01")


# --- Enveloppes ------------------------------------------------------------------------------------------


def projection_au_31_decembre(accorde, annee, aujourd_hui=None):
    """Extrapole le montant accordé au 31 décembre au rythme de l'année écoulée (Decimal, au centime)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    if annee != aujourd_hui.year:
        return accorde.quantize(CENTIME)  # année finie (ou pas commencée) : pas d'extrapolation
    debut = datetime.date(annee, 1, 1)
    jours_annee = (datetime.date(annee + 1, 1, 1) - debut).days
    jours_ecoules = (aujourd_hui - debut).days + 1
    return (accorde * Decimal(jours_annee) / Decimal(jours_ecoules)).quantize(CENTIME, rounding=ROUND_HALF_UP)


@dataclass
class SituationEnveloppe:
    """Une enveloppe lue avec `Enveloppe.objects.avec_montants()` (dotation, accordé, disponible), plus le payé et la
    projection au 31 décembre."""

    enveloppe: Enveloppe
    paye: Decimal = ZERO
    projection: Decimal = ZERO
    sous_enveloppes: list = field(default_factory=list)

    @property
    def vote(self):
        return self.enveloppe.montant

    @property
    def recu(self):
        return self.enveloppe.recu

    @property
    def cede(self):
        return self.enveloppe.cede

    @property
    def dotation(self):
        return self.enveloppe.dotation

    @property
    def accorde(self):
        return self.enveloppe.accorde

    @property
    def restant(self):
        return self.enveloppe.disponible

    @property
    def reste_a_payer(self):
        return self.accorde - self.paye

    @property
    def restant_projete(self):
        return self.dotation - self.projection

    @property
    def taux_consommation(self):
        if not self.dotation:
            return None
        return int((self.accorde * 100 / self.dotation).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def depassement_projete(self):
        return self.restant_projete < 0

    @property
    def total_sous_enveloppes(self):
        return sum((s.vote for s in self.sous_enveloppes), ZERO)


def _sommes(qs, cle, champ):
    return {ligne[cle]: ligne["s"] or ZERO for ligne in qs.values(cle).annotate(s=Sum(champ)).order_by()}


def budget_annuel(annee, *, fonds=None, aujourd_hui=None):
    """Situation de toutes les enveloppes d'une année (arbre : budgets de fonds puis sous-enveloppes).

    Nombre de requêtes constant (2), quel que soit le nombre d'enveloppes et de décisions.
    """
    # Les sous-enveloppes d'un budget de fonds sont de la même année et du même fonds : lues ici avec lui, leur somme
    # est faite plus bas plutôt qu'en SQL (qui relisait toutes les décisions du fonds, 40 ms à un million de jeunes).
    enveloppes = (
        Enveloppe.objects.filter(annee=annee)
        .avec_montants(sous_enveloppes=False)
        .order_by("fonds", "parent_id", "type", "nom")
    )
    if fonds:
        enveloppes = enveloppes.filter(fonds=fonds)
    enveloppes = list(enveloppes)
    ids = [e.pk for e in enveloppes]
    payes = _sommes(Paiement.objects.filter(demande__enveloppe__in=ids), "demande__enveloppe", "montant")

    situations = {}
    for e in enveloppes:
        situations[e.pk] = SituationEnveloppe(
            enveloppe=e,
            paye=payes.get(e.pk, ZERO),
            projection=projection_au_31_decembre(e.accorde, annee, aujourd_hui),
        )
    racines = []
    for e in enveloppes:
        situation = situations[e.pk]
        if e.parent_id and e.parent_id in situations:
            situations[e.parent_id].sous_enveloppes.append(situation)
        else:
            racines.append(situation)
    # Un budget de fonds agrège ses sous-enveloppes : accordé, payé, projection.
    for situation in situations.values():
        if situation.enveloppe.type == TypeEnveloppe.FONDS and situation.sous_enveloppes:
            situation.enveloppe.accorde += sum((s.enveloppe.accorde for s in situation.sous_enveloppes), ZERO)
            situation.paye = sum((s.paye for s in situation.sous_enveloppes), ZERO)
            situation.projection = sum((s.projection for s in situation.sous_enveloppes), ZERO)
    return racines


def situations_imputables(fonds, annee, aujourd_hui=None):
    """Enveloppes de décision et réserves d'un fonds (à plat), pour l'écran de séance."""
    resultat = []

    def parcourir(situations):
        for s in situations:
            if s.enveloppe.type != TypeEnveloppe.FONDS:
                resultat.append(s)
            parcourir(s.sous_enveloppes)

    parcourir(budget_annuel(annee, fonds=fonds, aujourd_hui=aujourd_hui))
    return resultat


@dataclass
class AidesAccordeesFonds:
    """Aides d'un fonds accordées dans l'année, et la part qui n'est imputée sur aucune enveloppe de cette année."""

    fonds: str
    libelle: str
    aides: int = 0
    montant: Decimal = ZERO
    hors_enveloppe: int = 0
    montant_hors_enveloppe: Decimal = ZERO


def aides_accordees_en(annee):
    """LA définition des « aides FAJ accordées en N », partagée par le tableau de bord et le rapport d'activité
    (reporting.indicateurs, spécification des indicateurs) et par la page du budget : décision favorable en vigueur
    (accordée ou accordée partiellement) dont la date de décision tombe dans l'année, quelle que soit l'enveloppe."""
    return DemandeAide.objects.accordees().decidees_en(annee)


def aides_accordees_par_fonds(annee):
    """Par fonds (tous les fonds, même à zéro) : nombre et montant des aides accordées en `annee` selon
    `aides_accordees_en`, dont celles qui ne sont imputées sur aucune enveloppe de l'année (reprise de données).
    Une requête."""
    hors = ~Q(enveloppe__annee=annee) | Q(enveloppe__isnull=True)
    lignes = (
        aides_accordees_en(annee)
        .order_by()
        .values("fonds")
        .annotate(
            n=Count("pk"),
            m=Sum("montant_accorde"),
            n_hors=Count("pk", filter=hors),
            m_hors=Sum("montant_accorde", filter=hors),
        )
    )
    par_fonds = {f.value: AidesAccordeesFonds(fonds=f.value, libelle=f.label) for f in Fonds}
    for ligne in lignes:
        resume = par_fonds[ligne["fonds"]]
        resume.aides, resume.montant = ligne["n"], ligne["m"] or ZERO
        resume.hors_enveloppe, resume.montant_hors_enveloppe = ligne["n_hors"], ligne["m_hors"] or ZERO
    return list(par_fonds.values())


# --- Séances et fiches de commission ---------------------------------------------------------------------


def demandes_inscriptibles(seance):
    """Demandes que la séance peut examiner, selon les règles de `demande_aide_inscrire` : soumises (ajournées
    comprises), du fonds de la séance, déposées au plus tard le jour de la séance, ni ajournées par cette séance ni
    par une séance postérieure."""
    ajournee_ensuite = Decision.objects.filter(demande=OuterRef("pk"), type=TypeDecision.AJOURNEE).filter(
        Q(seance=seance) | Q(seance__date__gt=seance.date)
    )
    return (
        DemandeAide.objects.a_inscrire()
        .du_fonds(seance.fonds)
        .filter(date_demande__lte=seance.date)
        .exclude(Exists(ajournee_ensuite))
    )


def points_montres(seance):
    """Les points de l'ordre du jour qu'on montre : ceux des jeunes de la base active."""
    return PointOrdreDuJour.objects.filter(seance=seance).filter(filtre_base_active("demande__jeune__"))


def points_de_seance(seance, *, pk=None, debut=0, fin=None):
    """Ordre du jour avec tout ce que l'écran de séance affiche, en un nombre fixe de requêtes (`pk` : un seul point,
    pour le réafficher après une décision ; `debut` et `fin` : les points de rang debut à fin - 1, comptés à partir
    de 0 dans l'ordre de passage, pour l'affichage par blocs)."""
    points = points_montres(seance)  # une demande d'un jeune sorti de la base active n'est plus montrée
    if pk is not None:
        points = points.filter(pk=pk)
    return list(
        points.select_related(
            "demande",
            "demande__jeune",
            "demande__jeune__commune",
            "demande__jeune__antenne",
            "conseiller_presentant",
        )
        .prefetch_related(
            # En listes (to_attr) plutôt qu'en managers : Django construirait sinon un queryset filtré par demande
            # pour y ranger les objets lus (~0,1 ms chacun, deux par point).
            Prefetch("demande__pieces", to_attr="pieces_lues"),
            Prefetch(
                "demande__jeune__demandes_aide",
                queryset=DemandeAide.objects.accordees().order_by("-date_decision"),
                to_attr="aides_accordees",
            ),
            Prefetch("demande__decisions", queryset=Decision.objects.filter(seance=seance), to_attr="decisions_lues"),
        )
        .order_by("ordre", "pk")[debut:fin]
    )


def decision_en_seance(point):
    """Dernière décision prise pour ce point pendant sa séance (ou None)."""
    demande = point.demande
    lues = demande.decisions_lues if hasattr(demande, "decisions_lues") else demande.decisions.all()
    decisions = [d for d in lues if d.seance_id == point.seance_id]
    return max(decisions, key=lambda d: (d.enregistree_le, d.pk)) if decisions else None


def fiche_commission(point, *, complet=False):
    """Ce que la commission voit d'une demande : uniquement ce qui sert à décider.

    Pour un membre de commission (complet=False) : ni nom, ni date de naissance, ni adresse, ni coordonnées,
    ni comptes rendus, ni autre partie du dossier ; le jeune est désigné par ses initiales. Les gabarits des
    membres ne reçoivent que ce dictionnaire, jamais l'objet `DemandeAide` ou `Jeune`.
    """
    demande = point.demande
    jeune = demande.jeune
    ressources, charges = demande.lignes_budget()
    un_an_avant = demande.date_demande - datetime.timedelta(days=365)
    if hasattr(jeune, "aides_accordees"):  # lues d'avance pour tout l'ordre du jour (points_de_seance)
        accordees = jeune.aides_accordees
    else:
        accordees = DemandeAide.objects.filter(jeune=jeune).accordees()
    anterieures = [
        {"date": d.date_decision, "type": d.get_type_display(), "montant": d.montant_accorde}
        for d in accordees
        if d.pk != demande.pk and d.date_decision and d.date_decision >= un_an_avant
    ]
    pieces = demande.pieces_lues if hasattr(demande, "pieces_lues") else demande.pieces.all()
    decision = decision_en_seance(point)
    fiche = {
        "ordre": point.ordre,
        "point_id": point.pk,
        "numero": demande.numero,
        "initiales": f"{jeune.prenom[:1]}. {jeune.nom_affiche[:1]}.",
        "age": jeune.age_au(demande.date_demande),
        "commune": jeune.commune.nom,
        "situation_familiale": jeune.get_situation_familiale_display() or "non renseignée",
        "enfants_a_charge": jeune.enfants_a_charge,
        "hebergement": jeune.get_hebergement_display() or "non renseigné",
        "type": demande.get_type_display(),
        "urgence": demande.urgence,
        "date_demande": demande.date_demande,
        "montant_demande": demande.montant_demande,
        "motivation": demande.motivation,
        "ressources": ressources,
        "charges": charges,
        "total_ressources": demande.total_ressources,
        "total_charges": demande.total_charges,
        "reste_a_vivre": demande.reste_a_vivre,
        "aides_anterieures": anterieures,
        "conseiller_presentant": str(point.conseiller_presentant) if point.conseiller_presentant else "—",
        "pieces": [{"id": p.pk, "nom": p.nom_original, "description": p.description} for p in pieces],
        "decision": {
            "type": decision.type,
            "libelle": decision.get_type_display(),
            "montant_accorde": decision.montant_accorde,
            "motif": decision.motif,
        }
        if decision
        else None,
        "statut": demande.get_statut_display(),
    }
    if complet:
        fiche["demande_id"] = demande.pk
        fiche["nom_complet"] = str(jeune)
        fiche["antenne"] = str(jeune.antenne)
    return fiche
