"""Conservation des données des jeunes : sortie de la base active, anonymisation, obligations légales, effacement.

Règles (durées dans settings.WEKER_CONSERVATION, voir docs/securite.md) :
- date de référence = le plus récent entre le dernier contact (à défaut le premier accueil) et le dernier événement ;
- sortie de la base active quand la référence a BASE_ACTIVE_MOIS mois ou plus (le jour anniversaire compris), sauf
  inscription en cours dans un dispositif ; retour dans la base active si un contact plus récent est saisi ;
- anonymisation quand la référence a BASE_ACTIVE_MOIS + ANONYMISATION_MOIS mois ou plus, sauf inscription en cours
  ou obligation légale de conservation (CEJ, dispositifs financés par le FSE) non échue.
"""

import datetime
import logging
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accompagnement.models import Evenement, Jeune, Situation
from dispositifs.enums import FondsAllocation
from dispositifs.models import Inscription, Versement
from securite.journal import journaliser_acces
from securite.models import ActionAcces

logger = logging.getLogger("weker.securite")

ANONYME = "ANONYME"

# Texte libre court (CharField) à effacer, en plus de tous les TextField des modèles liés au jeune.
CHAMPS_LIBRES = {
    Evenement: ["themes", "prochaine_etape"],
    Situation: ["employeur", "intitule"],
    Versement: ["motif"],
}


def _reglage(cle):
    return settings.WEKER_CONSERVATION[cle]


@dataclass(frozen=True)
class Retenue:
    motif: str
    jusqu_au: datetime.date | None  # None : inscription en cours, conservation jusqu'à sa fin + durée légale

    def __str__(self):
        if self.jusqu_au is None:
            return f"{self.motif} (contrat en cours)"
        return f"{self.motif} jusqu'au {self.jusqu_au:%d/%m/%Y}"


@dataclass
class Rapport:
    date: datetime.date
    simulation: bool
    sortis_base_active: int = 0
    revenus_base_active: int = 0
    anonymises: int = 0
    retenus: int = 0
    retenues: dict = field(default_factory=dict)

    def lignes(self):
        verbe = "seraient" if self.simulation else "sont"
        return [
            f"Conservation au {self.date:%d/%m/%Y}{' (simulation : aucune modification)' if self.simulation else ''}",
            f"  jeunes qui {verbe} sortis de la base active : {self.sortis_base_active}",
            f"  jeunes qui {verbe} revenus dans la base active (contact récent) : {self.revenus_base_active}",
            f"  jeunes qui {verbe} anonymisés : {self.anonymises}",
            f"  jeunes gardés au titre d'une obligation légale : {self.retenus}",
            *(f"    dont {motif} : {nombre}" for motif, nombre in sorted(self.retenues.items())),
        ]


def avec_date_reference(qs):
    dernier_evenement = Evenement.objects.filter(jeune=OuterRef("pk")).order_by("-date").values("date")[:1]
    contact = Coalesce(F("date_dernier_contact"), F("date_premier_accueil"))
    return qs.annotate(
        date_reference=Greatest(
            contact, Coalesce(Subquery(dernier_evenement, output_field=models.DateField()), contact)
        )
    )


def _avec_inscription_ouverte(qs):
    return qs.annotate(
        a_inscription_ouverte=Exists(Inscription.objects.filter(jeune=OuterRef("pk"), date_sortie__isnull=True))
    )


def limites(aujourd_hui):
    sortie = aujourd_hui - relativedelta(months=_reglage("BASE_ACTIVE_MOIS"))
    anonymisation = aujourd_hui - relativedelta(months=_reglage("BASE_ACTIVE_MOIS") + _reglage("ANONYMISATION_MOIS"))
    return sortie, anonymisation


def _codes(cle):
    return {code.upper() for code in _reglage(cle)}


def retenues_legales(jeune, aujourd_hui):
    """Obligations légales de conservation non échues au jour dit (liste vide : rien n'empêche l'anonymisation)."""
    codes_cej, codes_fse = _codes("CEJ_CODES"), _codes("FSE_CODES")
    retenues = []
    for inscription in jeune.inscriptions.all():
        dispositif = inscription.dispositif
        code = dispositif.code.upper()
        fin = inscription.date_sortie or inscription.date_fin_prevue
        regles = []
        if code in codes_cej:
            regles.append(("Contrat d'engagement jeune", _reglage("CEJ_MOIS")))
        if code in codes_fse or "FSE" in (dispositif.financeur or "").upper():
            regles.append((f"Dispositif cofinancé par le FSE ({dispositif.nom})", _reglage("FSE_MOIS")))
        for motif, mois in regles:
            if inscription.date_sortie is None:
                retenues.append(Retenue(motif, None))
            else:
                jusqu_au = fin + relativedelta(months=mois)
                if aujourd_hui < jusqu_au:
                    retenues.append(Retenue(motif, jusqu_au))
    for versement in jeune.versements.all():
        if versement.fonds == FondsAllocation.CEJ:
            jusqu_au = versement.date + relativedelta(months=_reglage("CEJ_MOIS"))
            if aujourd_hui < jusqu_au:
                retenues.append(Retenue("Allocation du contrat d'engagement jeune", jusqu_au))
    return retenues


def _prefetch(qs):
    return qs.prefetch_related("inscriptions__dispositif", "versements")


def _champs_texte(modele):
    noms = [f.name for f in modele._meta.concrete_fields if isinstance(f, models.TextField)]
    return sorted(set(noms) | set(CHAMPS_LIBRES.get(modele, [])))


def _modeles_lies():
    """Modèles ayant une clé étrangère vers Jeune (hors journaux et tables d'historique)."""
    lies = []
    for relation in Jeune._meta.related_objects:
        modele = relation.related_model
        if (
            relation.one_to_many
            and modele._meta.app_label != "securite"
            and not modele.__name__.startswith("Historical")
        ):
            lies.append((modele, relation.field.name))
    return lies


def _effacer_fichiers(objets):
    for objet in objets:
        for champ in objet._meta.concrete_fields:
            if isinstance(champ, models.FileField):
                fichier = getattr(objet, champ.name)
                if fichier:
                    fichier.delete(save=False)


@transaction.atomic
def jeune_anonymiser(*, jeune, aujourd_hui=None, ignorer_retenues=False):
    """Anonymise le dossier et son historique, en gardant ce qu'exigent les indicateurs (sexe, année de naissance,
    territoire, niveau, codes, dates, montants). Idempotent. Refuse (ValidationError) si une obligation légale court."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    jeune = _prefetch(Jeune.objects.select_for_update()).get(pk=jeune.pk)
    if jeune.anonymise_le is not None:
        return jeune
    retenues = [] if ignorer_retenues else retenues_legales(jeune, aujourd_hui)
    if retenues:
        raise ValidationError(
            "Anonymisation impossible, obligation légale de conservation : " + " ; ".join(str(r) for r in retenues)
        )
    identite = {
        "nom": ANONYME,
        "prenom": ANONYME,
        "nom_usage": "",
        "identifiant_externe": None,
        "date_naissance": datetime.date(jeune.date_naissance.year, 1, 1),
        "titre_sejour_numero": "",
        "titre_sejour_expiration": None,
        "adresse": "",
        "telephone": "",
        "courriel": "",
        "derogation_age_motif": "",
        "derniere_classe": "",
        "diplomes": "",
        "france_travail_identifiant": "",
    }
    for nom, valeur in identite.items():
        setattr(jeune, nom, valeur)
    jeune.archive_le = jeune.archive_le or aujourd_hui
    jeune.anonymise_le = aujourd_hui
    jeune._change_reason = "Anonymisation (conservation des données)"
    jeune.save()
    # Historique du dossier : plus aucune valeur personnelle dans les versions antérieures.
    champs_historises = {f.name for f in Jeune.history.model._meta.fields}
    historique = {k: v for k, v in identite.items() if k in champs_historises}
    Jeune.history.filter(id=jeune.pk).update(**historique)
    jeune.representants_legaux.all().delete()
    for modele, champ_jeune in _modeles_lies():
        qs = modele._default_manager.filter(**{champ_jeune: jeune})
        _effacer_fichiers(qs)
        vides = dict.fromkeys(_champs_texte(modele), "")
        fichiers = {f.name: "" for f in modele._meta.concrete_fields if isinstance(f, models.FileField)}
        if vides or fichiers:
            qs.update(**vides, **fichiers)
        historique_modele = getattr(modele, "history", None)
        if vides and historique_modele is not None:
            modele.history.filter(**{f"{champ_jeune}_id": jeune.pk}).update(**vides)
        # Second niveau (pièces jointes d'une demande d'aide, services d'un événement…) : texte libre et fichiers.
        for relation in modele._meta.related_objects:
            sous_modele = relation.related_model
            if not relation.one_to_many or sous_modele.__name__.startswith("Historical"):
                continue
            sous_qs = sous_modele._default_manager.filter(**{f"{relation.field.name}__{champ_jeune}": jeune})
            _effacer_fichiers(sous_qs)
            sous_vides = dict.fromkeys(_champs_texte(sous_modele), "")
            sous_vides |= {f.name: "" for f in sous_modele._meta.concrete_fields if isinstance(f, models.FileField)}
            if sous_vides:
                sous_qs.update(**sous_vides)
    logger.info("jeune %s anonymisé le %s", jeune.pk, aujourd_hui.isoformat())
    return jeune


@transaction.atomic
def jeune_effacer(*, request, jeune, motif):
    """Droit à l'effacement ou d'opposition : anonymisation immédiate sauf obligation légale, motif journalisé."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez le motif de la demande (droit à l'effacement ou d'opposition).")
    if jeune.anonymise_le is not None:
        raise ValidationError("Ce dossier est déjà anonymisé.")
    jeune = jeune_anonymiser(jeune=jeune)
    journaliser_acces(request, action=ActionAcces.EFFACEMENT, objet="dossier (effacement)", jeune=jeune, motif=motif)
    return jeune


def _par_lots(ids, taille):
    for debut in range(0, len(ids), taille):
        yield ids[debut : debut + taille]


def conservation_appliquer(*, aujourd_hui=None, simulation=False, taille_lot=None):
    """Tâche de nuit : sortie de la base active, retour, anonymisation ; traitement par lots, idempotent.

    En simulation, compte sans rien écrire. Renvoie un Rapport."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    taille_lot = taille_lot or _reglage("TAILLE_LOT")
    limite_sortie, limite_anonymisation = limites(aujourd_hui)
    rapport = Rapport(date=aujourd_hui, simulation=simulation)
    base = _avec_inscription_ouverte(avec_date_reference(Jeune.objects.filter(anonymise_le__isnull=True)))

    a_sortir = list(
        base.filter(archive_le__isnull=True, date_reference__lte=limite_sortie, a_inscription_ouverte=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    a_rentrer = list(
        base.filter(archive_le__isnull=False, date_reference__gt=limite_sortie)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rapport.sortis_base_active, rapport.revenus_base_active = len(a_sortir), len(a_rentrer)
    if not simulation:
        for lot in _par_lots(a_sortir, taille_lot):
            with transaction.atomic():
                Jeune.objects.filter(pk__in=lot, archive_le__isnull=True).update(archive_le=aujourd_hui)
        for lot in _par_lots(a_rentrer, taille_lot):
            with transaction.atomic():
                Jeune.objects.filter(pk__in=lot, anonymise_le__isnull=True).update(archive_le=None)

    candidats = list(
        base.filter(date_reference__lte=limite_anonymisation, a_inscription_ouverte=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for lot in _par_lots(candidats, taille_lot):
        for jeune in _prefetch(Jeune.objects.filter(pk__in=lot)):
            retenues = retenues_legales(jeune, aujourd_hui)
            if retenues:
                rapport.retenus += 1
                for motif in {r.motif for r in retenues}:
                    rapport.retenues[motif] = rapport.retenues.get(motif, 0) + 1
                continue
            rapport.anonymises += 1
            if not simulation:
                jeune_anonymiser(jeune=jeune, aujourd_hui=aujourd_hui)
    logger.info("conservation : %s", " | ".join(rapport.lignes()))
    return rapport
