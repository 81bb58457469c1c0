"""Écritures qui relient un jeune aux entreprises : mises en relation (et leur résultat), immersions (PMSMP).

Services à arguments nommés, atomiques ; tout refus métier lève `ValidationError` en français. Le registre des
entreprises et les offres ont leurs propres services (entreprises/services.py).

Règles :
- une mise en relation vise une entreprise, et éventuellement une de ses offres **ouvertes** ;
- son résultat passe de « proposée » à « entretien », puis à un résultat final (recruté, refus de l'employeur, refus
  du jeune, sans suite), qui ne change plus ;
- « recruté » crée **une fois** la situation d'emploi du jeune (type : le contrat de l'offre, ou celui choisi pour une
  candidature spontanée ; entreprise et section NAF de l'entreprise) ; une offre « stage » n'ouvre pas de situation
  d'emploi (un stage n'est pas une entrée en emploi) ;
- une offre est **pourvue** dès que ses mises en relation « recruté » (jeunes distincts) atteignent son nombre de
  postes ; un recrutement de plus sur une offre dont tous les postes sont pourvus est refusé ;
- une immersion respecte les limites de `entreprises.regles_pmsmp` ; sa situation « PMSMP » est créée, une fois,
  quand elle démarre : le conseiller la marque commencée (à partir de son premier jour), depuis le dossier.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accompagnement import services as services_accompagnement
from accompagnement.enums import TYPES_PAR_CATEGORIE, CategorieSituation, TypeSituation
from entreprises import regles_pmsmp
from entreprises.enums import (
    RESULTATS_EN_COURS,
    STAGE,
    ResultatMiseEnRelation,
    StatutImmersion,
    StatutOffre,
)
from entreprises.models import Immersion, MiseEnRelation, Offre

TYPES_EMPLOI = tuple(t.value for t in TYPES_PAR_CATEGORIE[CategorieSituation.EMPLOI])


def _verifier_base_active(jeune):
    if not jeune.est_dans_base_active:
        raise ValidationError("Ce dossier est sorti de la base active : il ne peut plus être modifié.")


# --- Mises en relation ---------------------------------------------------------------------------------------


@transaction.atomic
def mise_en_relation_creer(*, jeune, par, entreprise=None, offre=None, date=None):
    """Propose `jeune` à `entreprise` (candidature spontanée) ou sur `offre` (l'entreprise est celle de l'offre)."""
    _verifier_base_active(jeune)
    if offre is not None:
        offre = Offre.objects.select_for_update().select_related("entreprise").get(pk=offre.pk)
        if offre.statut != StatutOffre.OUVERTE:
            raise ValidationError(
                f"L'offre « {offre.intitule} » est {offre.get_statut_display().lower()} : "
                "on ne propose un jeune que sur une offre ouverte."
            )
        if entreprise is not None and entreprise.pk != offre.entreprise_id:
            raise ValidationError("Cette offre n'est pas celle de l'entreprise choisie.")
        entreprise = offre.entreprise
    if entreprise is None:
        raise ValidationError("Choisissez une entreprise ou une offre.")
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": "Une mise en relation ne peut pas être datée dans le futur."})
    existante = MiseEnRelation.objects.filter(jeune=jeune, entreprise=entreprise, offre=offre, date=date).first()
    if existante is not None:
        return existante  # double envoi du formulaire : la même mise en relation
    if (
        offre is not None
        and MiseEnRelation.objects.filter(jeune=jeune, offre=offre, resultat__in=RESULTATS_EN_COURS).exists()
    ):
        raise ValidationError("Ce jeune est déjà proposé sur cette offre, et la mise en relation est en cours.")
    mise = MiseEnRelation(jeune=jeune, entreprise=entreprise, offre=offre, date=date, conseiller=par)
    mise.full_clean()
    mise.save()
    return mise


def _type_emploi(mise, type_contrat):
    """Type de la situation d'emploi d'un recrutement ; None pour un stage (pas d'entrée en emploi)."""
    contrat = mise.offre.type_contrat if mise.offre_id else type_contrat
    if contrat == STAGE:
        return None
    if contrat not in TYPES_EMPLOI:
        raise ValidationError({"type_contrat": "Indiquez le type de contrat du recrutement."})
    return contrat


def _offre_apres_recrutement(offre):
    recrutes = (
        MiseEnRelation.objects.filter(offre=offre, resultat=ResultatMiseEnRelation.RECRUTE)
        .values("jeune")
        .distinct()
        .count()
    )
    if recrutes >= offre.nombre_postes and offre.statut == StatutOffre.OUVERTE:
        offre.statut = StatutOffre.POURVUE
        offre.save(update_fields=["statut"])


@transaction.atomic
def mise_en_relation_resultat(*, mise_en_relation, resultat, par, date_embauche=None, type_contrat=""):
    """Enregistre le résultat. « Recruté » crée la situation d'emploi (une fois) et pourvoit l'offre s'il le faut.

    Rejouer le même résultat final (double envoi) ne change rien et ne crée rien de plus."""
    mise = (
        MiseEnRelation.objects.select_for_update(of=("self",))
        .select_related("jeune", "entreprise", "offre")
        .get(pk=mise_en_relation.pk)
    )
    _verifier_base_active(mise.jeune)
    if resultat not in ResultatMiseEnRelation.values:
        raise ValidationError({"resultat": "Résultat inconnu."})
    if mise.resultat == resultat and resultat not in RESULTATS_EN_COURS:
        return mise
    if mise.resultat not in RESULTATS_EN_COURS:
        raise ValidationError(
            f"Le résultat de cette mise en relation est déjà « {mise.get_resultat_display()} » : il ne change plus."
        )
    if resultat == ResultatMiseEnRelation.PROPOSEE and mise.resultat == ResultatMiseEnRelation.ENTRETIEN:
        raise ValidationError({"resultat": "L'entretien a eu lieu : choisissez son issue."})
    if resultat == ResultatMiseEnRelation.RECRUTE:
        _recruter(mise, par=par, date_embauche=date_embauche or timezone.localdate(), type_contrat=type_contrat)
    mise.resultat = resultat
    mise.save(update_fields=["resultat", "situation"])
    if resultat == ResultatMiseEnRelation.RECRUTE and mise.offre_id:
        _offre_apres_recrutement(mise.offre)
    return mise


def _recruter(mise, *, par, date_embauche, type_contrat):
    if date_embauche < mise.date:
        raise ValidationError({"date_embauche": "L'embauche ne peut pas précéder la mise en relation."})
    if mise.offre_id:
        offre = Offre.objects.select_for_update().get(pk=mise.offre_id)  # sérialise les recrutements d'une offre
        recrutes = (
            MiseEnRelation.objects.filter(offre=offre, resultat=ResultatMiseEnRelation.RECRUTE)
            .exclude(jeune=mise.jeune_id)
            .values("jeune")
            .distinct()
            .count()
        )
        if recrutes >= offre.nombre_postes:
            raise ValidationError(
                f"Les {offre.nombre_postes} poste(s) de l'offre « {offre.intitule} » sont déjà pourvus : augmentez "
                "le nombre de postes de l'offre si l'employeur recrute davantage."
            )
    type_situation = _type_emploi(mise, type_contrat)
    if type_situation is None or mise.situation_id is not None:
        return
    entreprise = mise.entreprise
    mise.situation = services_accompagnement.situation_creer(
        jeune=mise.jeune,
        par=par,
        categorie=CategorieSituation.EMPLOI,
        type=type_situation,
        date_debut=date_embauche,
        employeur=entreprise.raison_sociale[:200],
        intitule=mise.offre.intitule if mise.offre_id else "",
        entreprise=entreprise,
        secteur_naf=entreprise.section_naf,
    )


# --- Immersions (PMSMP) --------------------------------------------------------------------------------------

CHAMPS_IMMERSION = (
    "objet",
    "metier",
    "date_debut",
    "date_fin",
    "horaires",
    "activites",
    "tuteur_nom",
    "tuteur_fonction",
    "tuteur_telephone",
    "tuteur_courriel",
)


def _verifier_immersion(immersion):
    regles_pmsmp.verifier_duree(immersion.date_debut, immersion.date_fin)
    regles_pmsmp.verifier_renouvellement(
        origine=immersion.renouvellement_de,
        objet=immersion.objet,
        date_debut=immersion.date_debut,
        jeune_id=immersion.jeune_id,
        entreprise_id=immersion.entreprise_id,
    )
    autres = (
        Immersion.objects.filter(jeune_id=immersion.jeune_id, entreprise_id=immersion.entreprise_id)
        .exclude(statut=StatutImmersion.ANNULEE)
        .exclude(pk=immersion.pk)
        .values_list("date_debut", "date_fin")
    )
    regles_pmsmp.verifier_cumul([*autres, (immersion.date_debut, immersion.date_fin)])


@transaction.atomic
def immersion_creer(*, jeune, entreprise, par, renouvellement_de=None, **donnees):
    """Convention de PMSMP entre le jeune, la structure d'accueil (`entreprise`), le tuteur et la Mission Locale."""
    _verifier_base_active(jeune)
    # Verrou sur le jeune : deux conventions saisies en même temps ne dépassent pas ensemble le cumul.
    type(jeune).objects.select_for_update().filter(pk=jeune.pk).first()
    if renouvellement_de is not None:
        renouvellement_de = Immersion.objects.select_for_update().get(pk=renouvellement_de.pk)
        if Immersion.objects.filter(renouvellement_de=renouvellement_de).exists():
            raise ValidationError(
                "Cette convention a déjà été renouvelée : une immersion ne se renouvelle qu'une fois."
            )
        if renouvellement_de.statut == StatutImmersion.ANNULEE:
            raise ValidationError("Une convention annulée ne se renouvelle pas.")
    immersion = Immersion(
        jeune=jeune, entreprise=entreprise, renouvellement_de=renouvellement_de, conseiller=par, **donnees
    )
    _verifier_immersion(immersion)
    immersion.full_clean()
    immersion.save()
    return immersion


@transaction.atomic
def immersion_modifier(*, immersion, par, **donnees):
    immersion = Immersion.objects.select_for_update(of=("self",)).select_related("jeune").get(pk=immersion.pk)
    _verifier_base_active(immersion.jeune)
    if immersion.statut != StatutImmersion.PREVUE:
        raise ValidationError("Seule une immersion prévue se modifie (celle-ci a commencé ou est annulée).")
    for champ, valeur in donnees.items():
        setattr(immersion, champ, valeur)
    _verifier_immersion(immersion)
    immersion.full_clean()
    immersion.save()
    return immersion


@transaction.atomic
def immersion_demarrer(*, immersion, par=None, aujourd_hui=None):
    """Marque l'immersion commencée et crée sa situation « PMSMP », une seule fois (un second appel ne fait rien)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    immersion = (
        Immersion.objects.select_for_update(of=("self",)).select_related("jeune", "entreprise").get(pk=immersion.pk)
    )
    if immersion.situation_id is not None or immersion.statut in (StatutImmersion.EN_COURS, StatutImmersion.TERMINEE):
        return immersion
    if immersion.statut == StatutImmersion.ANNULEE:
        raise ValidationError("Cette immersion est annulée.")
    _verifier_base_active(immersion.jeune)
    if immersion.date_debut > aujourd_hui:
        raise ValidationError(f"L'immersion commence le {immersion.date_debut:%d/%m/%Y} : pas avant.")
    entreprise = immersion.entreprise
    immersion.situation = services_accompagnement.situation_creer(
        jeune=immersion.jeune,
        par=par,
        categorie=CategorieSituation.IMMERSION,
        type=TypeSituation.PMSMP,
        date_debut=immersion.date_debut,
        date_fin=immersion.date_fin,
        employeur=entreprise.raison_sociale[:200],
        intitule=immersion.metier,
        entreprise=entreprise,
        secteur_naf=entreprise.section_naf,
    )
    immersion.statut = StatutImmersion.EN_COURS
    immersion.save(update_fields=["situation", "statut"])
    return immersion


@transaction.atomic
def immersion_annuler(*, immersion, par):
    immersion = Immersion.objects.select_for_update(of=("self",)).select_related("jeune").get(pk=immersion.pk)
    _verifier_base_active(immersion.jeune)
    if immersion.statut == StatutImmersion.ANNULEE:
        return immersion
    if immersion.statut != StatutImmersion.PREVUE:
        raise ValidationError("Une immersion commencée ne s'annule pas : modifiez sa situation dans le dossier.")
    immersion.statut = StatutImmersion.ANNULEE
    immersion.save(update_fields=["statut"])
    return immersion
