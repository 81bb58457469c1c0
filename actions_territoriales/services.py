"""Écritures des actions territoriales : créer, modifier, compter les participants le jour même, inscrire les jeunes
suivis. Les participants sans dossier sont des effectifs par public, jamais des noms."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.lookups import GreaterThan

from actions_territoriales.enums import PUBLICS
from actions_territoriales.models import ActionTerritoriale, ParticipationAction, somme_des_publics

CHAMPS_PUBLICS = tuple(champ for champ, _libelle in PUBLICS)
CHAMPS_ACTION = (
    "intitule",
    "type",
    "date",
    "date_fin",
    "commune",
    "lieu",
    "antenne",
    "partenaires",
    *CHAMPS_PUBLICS,
    "participants_femmes",
    "entretiens",
    "seconds_entretiens",
    "embauches",
)
# Compteurs de la tablette : chaque public, et les femmes parmi les participants comptés.
COMPTEURS = (*CHAMPS_PUBLICS, "participants_femmes")
PREFIXE_REFERENCE = "A"
TENTATIVES_REFERENCE = 5


def reference_suivante(annee):
    """Prochaine référence des actions créées dans l'application : `A-2026-0001`, `A-2026-0002`… (numérotation par
    année de la date de l'action ; les références reprises de l'ancien système gardent la leur)."""
    motif = re.compile(rf"^{PREFIXE_REFERENCE}-{annee}-(\d+)$")
    references = ActionTerritoriale.objects.filter(reference__startswith=f"{PREFIXE_REFERENCE}-{annee}-")
    numeros = [int(m.group(1)) for ref in references.values_list("reference", flat=True) if (m := motif.match(ref))]
    return f"{PREFIXE_REFERENCE}-{annee}-{max(numeros, default=0) + 1:04d}"


def _verifier_champs(donnees):
    inconnus = set(donnees) - set(CHAMPS_ACTION)
    if inconnus:
        raise ValueError(f"Champs inconnus d'une action : {sorted(inconnus)}")


def _raison(entreprises_avant, entreprises):
    """Motif d'historique quand les entreprises participantes changent (la relation n'est pas historisée)."""
    if entreprises is None:
        return None
    noms = sorted(str(e) for e in entreprises)
    if entreprises_avant is not None and sorted(entreprises_avant) == noms:
        return None
    return ("Entreprises participantes : " + (", ".join(noms) or "aucune"))[:100]


@transaction.atomic
def action_creer(*, par, entreprises=(), reference="", **donnees):
    """Crée une action ; sans `reference` (saisie dans l'application), la prochaine `A-AAAA-NNNN` lui est donnée."""
    _verifier_champs(donnees)
    action = ActionTerritoriale(organisateur=par, **donnees)
    action._change_reason = _raison(None, entreprises) if entreprises else None
    if reference:
        action.reference = reference
        action.full_clean()
        action.save()
    else:
        action.full_clean(exclude=["reference"])
        for tentative in range(TENTATIVES_REFERENCE):
            action.reference = reference_suivante(action.date.year)
            try:
                with transaction.atomic():  # deux créations simultanées : la seconde prend le numéro suivant
                    action.save()
                break
            except IntegrityError:
                action.pk = None
                if tentative == TENTATIVES_REFERENCE - 1:
                    raise
    action.entreprises.set(entreprises)
    return action


@transaction.atomic
def action_modifier(*, action, par, entreprises=None, **donnees):
    """Modifie les champs donnés (et les entreprises participantes si `entreprises` n'est pas None)."""
    _verifier_champs(donnees)
    for champ, valeur in donnees.items():
        setattr(action, champ, valeur)
    avant = [str(e) for e in action.entreprises.all()] if entreprises is not None else None
    action._change_reason = _raison(avant, entreprises)
    action.full_clean()
    action.save()
    if entreprises is not None:
        action.entreprises.set(entreprises)
    return action


def action_compter(*, action, compteur, ajout):
    """+1 (`ajout` vrai) ou −1 sur un compteur de la tablette, en une seule requête UPDATE … SET x = x ± 1 : deux
    tablettes qui comptent en même temps ne perdent aucun passage. Renvoie l'action relue.

    Refusé (ValidationError, rien ne change) : un compteur déjà à 0 ; une femme de plus que de participants comptés ;
    retirer un participant quand toutes les personnes comptées sont des femmes déjà comptées (retirer d'abord une
    femme). Les conditions sont dans la requête elle-même : aucune lecture préalable qui pourrait être dépassée.
    """
    if compteur not in COMPTEURS:
        raise ValidationError("Compteur inconnu.")
    lignes = ActionTerritoriale.objects.filter(pk=action.pk)
    femmes = F("participants_femmes")
    if ajout and compteur == "participants_femmes":
        lignes = lignes.filter(GreaterThan(somme_des_publics(), femmes))
        refus = "Toutes les personnes comptées sont déjà des femmes : comptez d'abord la personne dans son public."
    elif not ajout:
        lignes = lignes.filter(**{f"{compteur}__gt": 0})
        refus = "Ce compteur est déjà à 0."
        if compteur != "participants_femmes":
            lignes = lignes.filter(GreaterThan(somme_des_publics(), femmes))
            refus = (
                "Ce compteur est déjà à 0, ou retirer cette personne laisserait plus de femmes que de participants "
                "comptés : retirez d'abord une femme."
            )
    else:
        refus = ""
    modifiees = lignes.update(**{compteur: F(compteur) + (1 if ajout else -1)})
    action.refresh_from_db(fields=COMPTEURS)
    if not modifiees:
        raise ValidationError(refus)
    return action


@transaction.atomic
def action_inscrire_jeunes(*, action, jeunes, par):
    """Inscrit des jeunes suivis (ceux déjà inscrits sont ignorés) ; renvoie le nombre de nouveaux inscrits."""
    deja = set(action.participations.values_list("jeune_id", flat=True))
    nouveaux = []
    for jeune in jeunes:
        if jeune.pk in deja:
            continue
        if not jeune.est_dans_base_active:
            raise ValidationError(
                f"Le dossier n° {jeune.pk} est sorti de la base active : il ne peut pas être inscrit."
            )
        deja.add(jeune.pk)
        nouveaux.append(jeune)
    ParticipationAction.objects.bulk_create(
        [ParticipationAction(action=action, jeune=jeune, inscrit_par=par) for jeune in nouveaux],
        ignore_conflicts=True,  # une inscription simultanée du même jeune : une seule ligne (contrainte d'unicité)
    )
    return len(nouveaux)


@transaction.atomic
def action_desinscrire_jeune(*, action, jeune, par):
    """Retire l'inscription d'un jeune suivi ; renvoie vrai s'il était inscrit."""
    supprimees, _detail = ParticipationAction.objects.filter(action=action, jeune=jeune).delete()
    return bool(supprimees)
