"""Écritures du registre des entreprises : établissements, contacts, offres et leur cycle de vie.

Fonctions `<entite>_<verbe>(*, …)` transactionnelles : elles valident (`full_clean`, règles de `entreprises.regles`)
puis enregistrent ; l'historique (django-simple-history) garde chaque version et son auteur (middleware de la
requête). Un refus métier lève `ValidationError` avec un message en français ; rien n'est écrit.
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from entreprises import sirene
from entreprises.enums import StatutOffre
from entreprises.models import ContactEntreprise, Entreprise, Offre
from entreprises.regles import cle_recherche_entreprise, normaliser_naf, normaliser_siret, section_naf

MESSAGE_DOUBLON = "Le SIRET {siret} est déjà au registre : {nom}."
CHAMPS_ENTREPRISE = ("raison_sociale", "enseigne", "naf", "tranche_effectif", "adresse", "commune")


def entreprise_du_siret(siret):
    """L'établissement déjà au registre sous ce SIRET (espaces ignorés), ou None."""
    return Entreprise.objects.filter(siret=normaliser_siret(siret)).first()


def _preparer(entreprise):
    """Valeurs dérivées : SIRET sans espaces, NAF normalisé (« 5610a » → « 56.10A ») et sa section, clé de
    recherche."""
    entreprise.siret = normaliser_siret(entreprise.siret)
    entreprise.naf = normaliser_naf(entreprise.naf) or (entreprise.naf or "").strip().upper()
    entreprise.section_naf = section_naf(entreprise.naf)
    entreprise.nom_recherche = cle_recherche_entreprise(entreprise.raison_sociale, entreprise.enseigne)


def _refuser_doublon(entreprise):
    existante = Entreprise.objects.filter(siret=entreprise.siret).exclude(pk=entreprise.pk).first()
    if existante is not None:
        raise ValidationError(
            {"siret": ValidationError(MESSAGE_DOUBLON.format(siret=existante.siret, nom=existante), code="doublon")}
        )


def _enregistrer(entreprise):
    _preparer(entreprise)
    _refuser_doublon(entreprise)
    entreprise.full_clean(exclude=["nom_recherche", "section_naf"])
    try:
        with transaction.atomic():
            entreprise.save()
    except IntegrityError as erreur:  # même SIRET enregistré au même instant par une autre requête
        raise ValidationError(
            {"siret": ValidationError(f"Le SIRET {entreprise.siret} est déjà au registre.", code="doublon")}
        ) from erreur
    return entreprise


@transaction.atomic
def entreprise_creer(*, siret, raison_sociale, commune, **autres):
    """Nouvel établissement ; SIRET vérifié (clé de Luhn, exception de La Poste), refusé s'il est déjà au registre."""
    inconnus = set(autres) - set(CHAMPS_ENTREPRISE)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    return _enregistrer(Entreprise(siret=siret, raison_sociale=raison_sociale, commune=commune, **autres))


@transaction.atomic
def entreprise_modifier(*, entreprise, **valeurs):
    """Modifie un établissement (y compris son SIRET, toujours unique)."""
    for champ, valeur in valeurs.items():
        if champ not in (*CHAMPS_ENTREPRISE, "siret"):
            raise TypeError(f"Champ inconnu : {champ}")
        setattr(entreprise, champ, valeur)
    return _enregistrer(entreprise)


# --- Contacts (données personnelles) ---------------------------------------------------------------------------

CHAMPS_CONTACT = ("nom", "fonction", "telephone", "courriel")


@transaction.atomic
def contact_ajouter(*, entreprise, nom, fonction="", telephone="", courriel=""):
    contact = ContactEntreprise(
        entreprise=entreprise, nom=nom, fonction=fonction, telephone=telephone, courriel=courriel
    )
    contact.modifie_le = timezone.now()
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_modifier(*, contact, **valeurs):
    """Modifie un contact ; sa date de modification repart (la conservation compte trois ans à partir d'elle)."""
    for champ, valeur in valeurs.items():
        if champ not in CHAMPS_CONTACT:
            raise TypeError(f"Champ inconnu : {champ}")
        setattr(contact, champ, valeur)
    contact.modifie_le = timezone.now()
    contact.anonymise_le = None
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_supprimer(*, contact):
    """Supprime un contact. Ses versions passées restent dans l'historique jusqu'à leur anonymisation
    (conservation : trois ans après la dernière modification)."""
    contact.delete()


# --- Offres -----------------------------------------------------------------------------------------------------

CHAMPS_OFFRE = (
    "reference",
    "entreprise",
    "intitule",
    "code_rome",
    "type_contrat",
    "nombre_postes",
    "date_reception",
    "date_cloture",
    "description",
    "conseiller",
)


def _reference_libre(annee):
    """Référence d'une offre saisie dans weker (les offres reprises gardent la leur) : OFF-2026-3F9A2C."""
    while True:
        reference = f"OFF-{annee}-{secrets.token_hex(3).upper()}"
        if not Offre.objects.filter(reference=reference).exists():
            return reference


def _enregistrer_offre(offre):
    offre.code_rome = (offre.code_rome or "").strip().upper()
    offre.reference = (offre.reference or "").strip() or _reference_libre(offre.date_reception.year)
    if Offre.objects.filter(reference=offre.reference).exclude(pk=offre.pk).exists():
        raise ValidationError({"reference": f"La référence {offre.reference} est déjà celle d'une autre offre."})
    offre.full_clean()
    offre.save()
    return offre


@transaction.atomic
def offre_creer(*, entreprise, intitule, type_contrat, date_reception, **autres):
    """Nouvelle offre, ouverte. Sans référence saisie, weker en attribue une."""
    inconnus = set(autres) - set(CHAMPS_OFFRE)
    if inconnus:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    offre = Offre(
        entreprise=entreprise,
        intitule=intitule,
        type_contrat=type_contrat,
        date_reception=date_reception,
        statut=StatutOffre.OUVERTE,
        **autres,
    )
    return _enregistrer_offre(offre)


@transaction.atomic
def offre_modifier(*, offre, **valeurs):
    """Modifie le contenu d'une offre ; son statut ne change que par les transitions ci-dessous."""
    for champ, valeur in valeurs.items():
        if champ not in CHAMPS_OFFRE:
            raise TypeError(f"Champ inconnu : {champ}")
        setattr(offre, champ, valeur)
    return _enregistrer_offre(offre)


# Cycle de vie : ouverte → pourvue, annulée ou expirée ; un statut de fin ne change plus.
TRANSITIONS = {
    StatutOffre.POURVUE: "pourvue",
    StatutOffre.ANNULEE: "annulée",
    StatutOffre.EXPIREE: "expirée",
}


@transaction.atomic
def offre_changer_statut(*, offre, statut, raison=""):
    """Passe une offre ouverte à pourvue, annulée ou expirée ; toute autre transition est refusée."""
    offre = Offre.objects.select_for_update().get(pk=offre.pk)
    if statut not in TRANSITIONS:
        raise ValidationError(f"Statut inconnu : {statut}.")
    if offre.statut != StatutOffre.OUVERTE:
        raise ValidationError(
            f"Cette offre est déjà {offre.get_statut_display().lower()} : seule une offre ouverte peut être "
            f"{TRANSITIONS[statut]}."
        )
    offre.statut = statut
    offre._change_reason = (raison or f"Offre {TRANSITIONS[statut]}")[:100]
    offre.save(update_fields=["statut"])
    return offre


def offre_pourvoir(*, offre):
    return offre_changer_statut(offre=offre, statut=StatutOffre.POURVUE)


def offre_annuler(*, offre):
    return offre_changer_statut(offre=offre, statut=StatutOffre.ANNULEE)


def offres_expirer(*, aujourd_hui=None):
    """Tâche de nuit : les offres ouvertes dont la date de clôture est passée deviennent expirées. Une offre qui
    clôt aujourd'hui reste ouverte toute la journée ; elle expire la nuit suivante. Idempotente. Renvoie le nombre
    d'offres expirées."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    nombre = 0
    for pk in list(Offre.objects.echues_au(aujourd_hui).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            offre = Offre.objects.select_for_update().filter(pk=pk, statut=StatutOffre.OUVERTE).first()
            if offre is None or offre.date_cloture is None or offre.date_cloture >= aujourd_hui:
                continue
            offre.statut = StatutOffre.EXPIREE
            offre._change_reason = "Date de clôture passée (tâche de nuit)"
            offre.save(update_fields=["statut"])
            nombre += 1
    return nombre


# --- Import d'un extrait SIRENE ------------------------------------------------------------------------------------


@dataclass
class RapportSirene:
    nom_fichier: str
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0
    fermees_ignorees: int = 0


CHAMPS_SIRENE = ("raison_sociale", "enseigne", "naf", "section_naf", "tranche_effectif", "adresse", "commune_id")
LOT_SIRENE = 2000


@transaction.atomic
def sirene_importer(*, fichier, nom_fichier="extrait", par=None):
    """Crée ou met à jour les établissements d'un extrait SIRENE (`entreprises.sirene`), par SIRET : relancer le
    même fichier ne change rien. Tout ou rien : une erreur dans une ligne (ErreursImport, messages par ligne) et
    rien n'est écrit. Les contacts et les offres ne sont jamais touchés. Historique écrit pour chaque ligne créée
    ou modifiée (raison « Import SIRENE »)."""
    lecture = sirene.lire(fichier, nom_fichier)
    rapport = RapportSirene(nom_fichier=nom_fichier, fermees_ignorees=lecture.fermes)
    raison = f"Import SIRENE ({nom_fichier})"[:100]
    for debut in range(0, len(lecture.lignes), LOT_SIRENE):
        lot = lecture.lignes[debut : debut + LOT_SIRENE]
        existantes = Entreprise.objects.in_bulk([ligne.siret for ligne in lot], field_name="siret")
        a_creer, a_modifier = [], []
        for ligne in lot:
            valeurs = ligne.valeurs()
            entreprise = existantes.get(ligne.siret)
            if entreprise is None:
                entreprise = Entreprise(siret=ligne.siret, **valeurs)
                entreprise.nom_recherche = cle_recherche_entreprise(entreprise.raison_sociale, entreprise.enseigne)
                a_creer.append(entreprise)
                continue
            if all(getattr(entreprise, champ) == valeur for champ, valeur in valeurs.items()):
                rapport.inchangees += 1
                continue
            for champ, valeur in valeurs.items():
                setattr(entreprise, champ, valeur)
            entreprise.nom_recherche = cle_recherche_entreprise(entreprise.raison_sociale, entreprise.enseigne)
            entreprise.modifie_le = timezone.now()
            a_modifier.append(entreprise)
        bulk_create_with_history(a_creer, Entreprise, default_user=par, default_change_reason=raison)
        if a_modifier:
            bulk_update_with_history(
                a_modifier,
                Entreprise,
                [*CHAMPS_SIRENE, "nom_recherche", "modifie_le"],
                default_user=par,
                default_change_reason=raison,
            )
        rapport.creees += len(a_creer)
        rapport.modifiees += len(a_modifier)
    return rapport
