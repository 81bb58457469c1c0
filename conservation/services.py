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
import re
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils import timezone

from accompagnement.models import Evenement, Jeune, RepresentantLegal
from aides.models import Paiement, PieceJointe, Reallocation
from conservation.selectors import modeles_lies
from dispositifs.enums import FondsAllocation
from dispositifs.models import Alerte, Inscription, LignePaiement, Versement
from entreprises.models import ContactEntreprise
from securite.journal import journaliser_acces
from securite.models import ActionAcces, JournalAcces
from weker.texte import caviarder, caviarder_json, expression_caviardage

logger = logging.getLogger("weker.securite")

ANONYME = "ANONYME"
EFFACE = "[effacé]"

# Texte court gardé (codes et références sans identité, utiles aux comptes ou à l'affichage) : tout autre texte
# libre (TextField, CharField sans liste de choix, courriel) des lignes liées au jeune est effacé.
CHAMPS_GARDES = {
    (Versement, "periode"),  # mois couvert, AAAA-MM
    (Paiement, "reference"),  # n° de mandat ou de chèque : pièce comptable
    (PieceJointe, "type_mime"),
}
# Champs qu'une contrainte exige renseignés dans certains cas (paiement à un tiers, ajustement motivé), et champs
# obligatoires : une valeur renseignée devient « [effacé] » plutôt que vide.
MENTION_SI_RENSEIGNE = {(Paiement, "beneficiaire"), (LignePaiement, "motif_ajustement")}
# Lignes supprimées : coordonnées d'un tiers (représentants légaux), alertes recalculées chaque nuit.
SUPPRIMES = (RepresentantLegal, Alerte)
# Lignes qui ne sont pas au jeune mais peuvent le citer (abondement du budget à l'occasion de sa demande) : seuls
# ses identifiants sont retirés du texte.
CAVIARDES = {Reallocation}
OBJET_PIECE_ANCIEN = re.compile(r"^Pièce « .* » de la demande")  # format du journal d'avant les références


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
    contacts_entreprise_anonymises: int = 0

    def lignes(self):
        verbe = "seraient" if self.simulation else "sont"
        return [
            f"Conservation au {self.date:%d/%m/%Y}{' (simulation : aucune modification)' if self.simulation else ''}",
            f"  jeunes qui {verbe} sortis de la base active : {self.sortis_base_active}",
            f"  jeunes qui {verbe} revenus dans la base active (contact récent) : {self.revenus_base_active}",
            f"  jeunes qui {verbe} anonymisés : {self.anonymises}",
            f"  jeunes gardés au titre d'une obligation légale : {self.retenus}",
            *(f"    dont {motif} : {nombre}" for motif, nombre in sorted(self.retenues.items())),
            f"  contacts d'entreprise qui {verbe} anonymisés : {self.contacts_entreprise_anonymises}",
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


def _texte_libre(modele, champ):
    if (modele, champ.name) in CHAMPS_GARDES or champ.choices or champ.is_relation:
        return False
    return isinstance(champ, models.TextField | models.CharField | models.FileField)


def _champs_texte(modele):
    """Champs de texte libre d'un modèle lié au jeune (noms de fichiers compris)."""
    return [c for c in modele._meta.concrete_fields if _texte_libre(modele, c)]


def _historique(modele):
    historique = getattr(modele, "history", None)
    return historique.model if historique is not None else None


def expression_du_jeune(jeune):
    """Ce qui identifie le jeune dans un texte (noms, naissance, coordonnées, identifiants), à caviarder."""
    representants = list(jeune.representants_legaux.all())
    return expression_caviardage(
        noms=[jeune.nom, jeune.nom_usage, jeune.prenom],
        textes=[
            jeune.adresse,
            jeune.courriel,
            jeune.identifiant_externe,
            jeune.titre_sejour_numero,
            jeune.france_travail_identifiant,
            *(f"{r.prenom} {r.nom}" for r in representants),
            *(r.courriel for r in representants),
        ],
        dates=[jeune.date_naissance],
        telephones=[jeune.telephone, *(r.telephone for r in representants)],
    )


def _vider(modele, qs):
    """Efface le texte libre des lignes de `qs` (le modèle ou sa table d'historique) : vide, None (champ nullable)
    ou « [effacé] » si le champ est obligatoire ou exigé par une contrainte (une valeur vide y reste vide)."""
    valeurs = {}
    for champ in _champs_texte(modele):
        if champ.null:
            valeurs[champ.name] = None
        elif isinstance(champ, models.FileField):
            valeurs[champ.name] = ""  # le fichier est supprimé du stockage (_effacer_fichiers)
        elif champ.blank and (modele, champ.name) not in MENTION_SI_RENSEIGNE:
            valeurs[champ.name] = ""
        else:
            valeurs[champ.name] = Case(When(**{champ.name: ""}, then=Value("")), default=Value(EFFACE))
    if valeurs:
        qs.update(**valeurs)


def _effacer_fichiers(qs):
    champs = [c for c in qs.model._meta.concrete_fields if isinstance(c, models.FileField)]
    if not champs:
        return
    for objet in qs.only("pk", *(c.name for c in champs)):
        for champ in champs:
            fichier = getattr(objet, champ.name)
            if fichier:
                fichier.delete(save=False)


def _caviarder_lignes(qs, champs, expression):
    """Retire les identifiants du jeune des champs texte de `qs`, ligne à ligne (requête par ligne modifiée)."""
    for ligne in qs.only("pk", *champs):
        valeurs = {c: caviarder(getattr(ligne, c), expression) for c in champs}
        if any(valeurs[c] != getattr(ligne, c) for c in champs):
            qs.model._default_manager.filter(pk=ligne.pk).update(**valeurs)


def _journal_caviarder(jeune, expression):
    """Lignes du journal des accès qui concernent le jeune : l'objet et le motif perdent ses identifiants (les
    anciennes lignes des pièces jointes, qui citaient le nom du fichier, deviennent « pièce justificative de la
    demande … »). Qui a lu quoi et quand reste : seul le texte change, jamais la ligne (QuerySet.update, la seule
    modification permise avec la purge)."""
    for ligne in JournalAcces.objects.filter(jeune_id=jeune.pk).only("pk", "objet", "motif").iterator():
        objet = OBJET_PIECE_ANCIEN.sub("pièce justificative de la demande", ligne.objet)
        objet, motif = caviarder(objet, expression), caviarder(ligne.motif, expression)
        if (objet, motif) != (ligne.objet, ligne.motif):
            JournalAcces.objects.filter(pk=ligne.pk).update(objet=objet, motif=motif)


def _administration_caviarder(identifiants, expression):
    """Journal de l'administration Django : le libellé de chaque objet du jeune devient une référence."""
    for modele, pks in identifiants.items():
        if not pks:
            continue
        entrees = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(modele), object_id__in=[str(pk) for pk in pks]
        )
        entrees.update(
            object_repr=Concat(
                Value(f"{modele._meta.verbose_name} n° "), F("object_id"), output_field=models.CharField()
            )
        )
        _caviarder_lignes(entrees, ["change_message"], expression)


def _imports_caviarder(expression):
    """Rapports des imports de reprise (lignes en erreur citées) : les identifiants du jeune en sont retirés."""
    ImportReprise = apps.get_model("reprise", "ImportReprise")
    for travail in ImportReprise.objects.only("pk", "rapport", "message", "etape", "nom_fichier"):
        valeurs = {
            "rapport": caviarder_json(travail.rapport, expression),
            **{c: caviarder(getattr(travail, c), expression) for c in ("message", "etape", "nom_fichier")},
        }
        if any(valeurs[c] != getattr(travail, c) for c in valeurs):
            ImportReprise.objects.filter(pk=travail.pk).update(**valeurs)


def _identifiants_lies(jeune):
    """{modèle: [clés primaires]} des lignes liées au jeune, celles qui n'existent plus que dans l'historique
    comprises (événement supprimé, phase d'une inscription supprimée…)."""
    identifiants = {Jeune: [jeune.pk]}
    for modele, cles in modeles_lies():
        filtre = Q()
        for cle in cles:
            filtre |= Q(**{f"{cle.attname}__in": identifiants.get(cle.related_model, [])})
        pks = set(modele._default_manager.filter(filtre).values_list("pk", flat=True))
        historique = _historique(modele)
        if historique is not None:
            pks |= set(historique.objects.filter(filtre).values_list(modele._meta.pk.attname, flat=True))
        identifiants[modele] = sorted(pks)
    return identifiants


@transaction.atomic
def jeune_anonymiser(*, jeune, aujourd_hui=None, ignorer_retenues=False, expression=None):
    """Anonymise le dossier et tout ce qui s'y rattache, en gardant ce qu'exigent les indicateurs (sexe, année de
    naissance, territoire, niveau, codes, dates, montants). Idempotent. Refuse (ValidationError) si une obligation
    légale court. Ce qui est couvert est décrit dans docs/securite.md (« Ce que l'effacement efface »).

    `expression` : identifiants à caviarder, calculés avant l'anonymisation (par défaut, ceux du dossier)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    jeune = _prefetch(Jeune.objects.select_for_update()).get(pk=jeune.pk)
    if jeune.anonymise_le is not None:
        return jeune
    retenues = [] if ignorer_retenues else retenues_legales(jeune, aujourd_hui)
    if retenues:
        raise ValidationError(
            "Anonymisation impossible, obligation légale de conservation : " + " ; ".join(str(r) for r in retenues)
        )
    expression = expression or expression_du_jeune(jeune)
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
    jeune.save()  # recalcule aussi la clé de recherche (nom_recherche) : « anonyme anonyme »
    # Historique du dossier : plus aucune valeur personnelle dans les versions antérieures (versions gardées : qui a
    # modifié quoi et quand reste lisible).
    champs_historises = {f.name for f in Jeune.history.model._meta.fields}
    Jeune.history.filter(id=jeune.pk).update(**{k: v for k, v in identite.items() if k in champs_historises})

    identifiants = _identifiants_lies(jeune)
    for modele, _ in reversed(modeles_lies()):  # les plus lointains d'abord (pièces avant demandes)
        pks = identifiants[modele]
        qs = modele._default_manager.filter(pk__in=pks)
        historique = _historique(modele)
        historique_qs = historique.objects.filter(**{f"{modele._meta.pk.attname}__in": pks}) if historique else None
        _effacer_fichiers(qs)
        if modele in SUPPRIMES:
            qs.delete()
            if historique_qs is not None:
                historique_qs.delete()
        elif modele in CAVIARDES:
            _caviarder_lignes(qs, [c.name for c in _champs_texte(modele)], expression)
        else:
            _vider(modele, qs)
            if historique_qs is not None:
                _vider(modele, historique_qs)
    _journal_caviarder(jeune, expression)
    _administration_caviarder(identifiants, expression)
    _imports_caviarder(expression)
    logger.info("jeune %s anonymisé le %s", jeune.pk, aujourd_hui.isoformat())
    return jeune


@transaction.atomic
def jeune_effacer(*, request, jeune, motif):
    """Droit à l'effacement ou d'opposition : anonymisation immédiate sauf obligation légale, motif journalisé
    (sans les identifiants du jeune qu'il citerait)."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez le motif de la demande (droit à l'effacement ou d'opposition).")
    if jeune.anonymise_le is not None:
        raise ValidationError("Ce dossier est déjà anonymisé.")
    expression = expression_du_jeune(jeune)
    jeune = jeune_anonymiser(jeune=jeune, expression=expression)
    journaliser_acces(
        request,
        action=ActionAcces.EFFACEMENT,
        objet="dossier (effacement)",
        jeune=jeune,
        motif=caviarder(motif, expression),
    )
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
    rapport.contacts_entreprise_anonymises = contacts_entreprise_anonymiser(
        aujourd_hui=aujourd_hui, simulation=simulation
    )
    logger.info("conservation : %s", " | ".join(rapport.lignes()))
    return rapport


# --- Contacts des entreprises (données personnelles des employeurs) ----------------------------------------------

CHAMPS_CONTACT_EFFACES = ("fonction", "telephone", "courriel")


def borne_contacts_entreprise(aujourd_hui):
    """Instant avant lequel un contact d'entreprise est anonymisé : non modifié depuis CONTACTS_ENTREPRISE_MOIS mois
    (36), le jour anniversaire compris (un contact modifié le 03/12/2023 est anonymisé la nuit du 03/12/2026)."""
    limite = aujourd_hui - relativedelta(months=_reglage("CONTACTS_ENTREPRISE_MOIS"))
    return timezone.make_aware(datetime.datetime.combine(limite + datetime.timedelta(days=1), datetime.time.min))


def contacts_entreprise_anonymiser(*, aujourd_hui=None, simulation=False):
    """Anonymise les contacts d'entreprise non modifiés depuis trois ans (nom « ANONYME », fonction, téléphone et
    courriel vidés) et leurs versions dans l'historique ; de même l'historique d'un contact supprimé depuis trois
    ans. Idempotent ; renvoie le nombre de contacts anonymisés."""
    borne = borne_contacts_entreprise(aujourd_hui or timezone.localdate())
    a_anonymiser = list(
        ContactEntreprise.objects.filter(anonymise_le__isnull=True, modifie_le__lt=borne).values_list("pk", flat=True)
    )
    if simulation:
        return len(a_anonymiser)
    Historique = ContactEntreprise.history.model
    supprimes = (
        Historique.objects.exclude(id__in=ContactEntreprise.objects.values("pk"))
        .values("id")
        .annotate(derniere=models.Max("history_date"))
        .filter(derniere__lt=borne)
        .values("id")
    )
    vide = dict.fromkeys(CHAMPS_CONTACT_EFFACES, "")
    maintenant = timezone.now()
    for lot in _par_lots(a_anonymiser, _reglage("TAILLE_LOT")):
        with transaction.atomic():
            ContactEntreprise.objects.filter(pk__in=lot, anonymise_le__isnull=True).update(
                nom=ANONYME, anonymise_le=maintenant, **vide
            )
            Historique.objects.filter(id__in=lot).update(nom=ANONYME, **vide)
    with transaction.atomic():
        Historique.objects.filter(id__in=supprimes).exclude(nom=ANONYME).update(nom=ANONYME, **vide)
    return len(a_anonymiser)
