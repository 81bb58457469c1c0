"""Lectures qui traversent plusieurs modèles : montants en vigueur, plafonds, montants dus, alertes, comptages."""

from dataclasses import dataclass
from datetime import date as date_cls
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum

from accompagnement.regles import AGE_MAJORITE
from dispositifs.dates import ajouter_mois, dernier_du_mois
from dispositifs.enums import CodeParametre, FondsAllocation, SituationFiscale, TypeAllocation
from dispositifs.models import Dispositif, Inscription, ParametreMontant, Versement


def montant_en_vigueur(code, date):
    parametre = ParametreMontant.objects.en_vigueur_au(code, date)
    if parametre is None:
        raise ValidationError(
            f"Aucun montant « {CodeParametre(code).label} » n'est en vigueur au {date:%d/%m/%Y} : "
            "un administrateur doit le saisir dans les montants réglementaires."
        )
    return parametre.montant


def code_montant_cej(*, age, foyer_imposable):
    """Paramètre applicable selon l'âge et la situation fiscale du foyer ; None = pas d'allocation."""
    if foyer_imposable == SituationFiscale.IMPOSABLE_AU_DELA or not foyer_imposable:
        return None
    if age < AGE_MAJORITE:
        return CodeParametre.CEJ_MINEUR
    if foyer_imposable == SituationFiscale.IMPOSABLE_PREMIERE_TRANCHE:
        return CodeParametre.CEJ_MAJEUR_IMPOSABLE_T1
    return CodeParametre.CEJ_MAJEUR_NON_IMPOSABLE


def montant_cej(*, age, foyer_imposable, date):
    """Montant mensuel de l'allocation CEJ en vigueur à `date` (Decimal("0.00") si pas d'allocation)."""
    code = code_montant_cej(age=age, foyer_imposable=foyer_imposable)
    return montant_en_vigueur(code, date) if code else Decimal("0.00")


@dataclass(frozen=True)
class MontantDu:
    inscription: Inscription
    age: int
    montant: Decimal


def montants_cej_dus(*, mois):
    """Allocation CEJ due pour le mois : jeunes inscrits en CEJ à un moment du mois, sans versement CEJ pour ce
    mois. Âge au 1er du mois ; montants en vigueur au 1er du mois. Pas de prorata."""
    debut, fin = mois, dernier_du_mois(mois)
    periode = f"{mois:%Y-%m}"
    deja_payes = Versement.objects.filter(fonds=FondsAllocation.CEJ, periode=periode).values("jeune_id")
    inscriptions = (
        Inscription.objects.filter(dispositif__allocation=TypeAllocation.MENSUELLE_CEJ)
        .chevauchant(debut, fin)
        .exclude(jeune_id__in=deja_payes)
        .select_related("jeune", "dispositif")
        .order_by("jeune_id", "-date_entree")
    )
    montants = {}
    for parametre in ParametreMontant.objects.filter(date_effet__lte=debut).order_by("date_effet"):
        montants[parametre.code] = parametre.montant  # le plus récent l'emporte
    resultat, vus = [], set()
    for inscription in inscriptions:
        if inscription.jeune_id in vus:
            continue
        vus.add(inscription.jeune_id)
        age = inscription.jeune.age_au(debut)
        code = code_montant_cej(age=age, foyer_imposable=inscription.foyer_imposable)
        if code is None:
            continue
        if code not in montants:
            montant_en_vigueur(code, debut)  # lève l'erreur explicite
        resultat.append(MontantDu(inscription=inscription, age=age, montant=montants[code]))
    return resultat


@dataclass(frozen=True)
class Plafond:
    plafond: Decimal
    deja_verse: Decimal
    debut: date_cls
    fin: date_cls

    @property
    def restant(self):
        return max(self.plafond - self.deja_verse, Decimal("0.00"))


def plafond_pacea(*, jeune, dispositif, date):
    """Plafond de l'allocation PACEA sur les 12 mois glissants qui se terminent à `date` (inclus) :
    nombre de mois de RSA du dispositif × RSA personne seule en vigueur à cette date."""
    rsa = montant_en_vigueur(CodeParametre.RSA_PERSONNE_SEULE, date)
    plafond = (rsa * (dispositif.plafond_allocation_mois_rsa or 0)).quantize(Decimal("0.01"))
    debut = ajouter_mois(date, -12) + timedelta(days=1)
    deja = Versement.objects.filter(
        jeune=jeune, fonds=FondsAllocation.PACEA, date__gte=debut, date__lte=date
    ).aggregate(total=Sum("montant"))["total"] or Decimal("0.00")
    return Plafond(plafond=plafond, deja_verse=deja, debut=debut, fin=date)


def catalogue_avec_effectifs(*, antenne=None):
    """Dispositifs avec le nombre d'inscriptions en cours (total et pour l'antenne)."""
    ouvertes = Q(inscriptions__date_sortie__isnull=True)
    qs = Dispositif.objects.annotate(en_cours=Count("inscriptions", filter=ouvertes))
    if antenne is not None:
        qs = qs.annotate(
            en_cours_antenne=Count("inscriptions", filter=ouvertes & Q(inscriptions__jeune__antenne=antenne))
        )
    return qs.prefetch_related("incompatibilites")


def effectifs_par_antenne(*, dispositif, annee):
    """Par antenne : inscriptions en cours, entrées et sorties de l'année."""
    return list(
        Inscription.objects.filter(dispositif=dispositif)
        .values("jeune__antenne__nom", "jeune__antenne__ordre")
        .annotate(
            en_cours=Count("id", filter=Q(date_sortie__isnull=True)),
            entrees=Count("id", filter=Q(date_entree__year=annee)),
            sorties=Count("id", filter=Q(date_sortie__year=annee)),
        )
        .order_by("jeune__antenne__ordre", "jeune__antenne__nom")
    )
