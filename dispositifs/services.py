"""Écritures du domaine des dispositifs : inscriptions, phases, allocations, paiements CEJ, alertes.

Chaque refus métier lève une ValidationError au message français qui explique la règle appliquée.
"""

from datetime import date as date_cls
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accompagnement.selectors import MOIS_SANS_CONTACT, il_y_a_mois, limite_sans_contact
from dispositifs import selectors
from dispositifs.dates import ajouter_mois, premier_du_mois
from dispositifs.enums import FondsAllocation, MotifSortie, StatutPreparation, TypeAlerte, TypeAllocation
from dispositifs.models import Alerte, Inscription, LignePaiement, Phase, PreparationPaiement, Versement
from weker.templatetags.weker import euros

JOURS_AVANT_FIN = 30


def _date(d):
    return d.strftime("%d/%m/%Y")


# --- Inscriptions -----------------------------------------------------------------------------------------------


def inscription_verifier_eligibilite(*, jeune, dispositif, date_entree, orienteur_type="", orienteur_nom=""):
    """Lève une ValidationError listant chaque règle non respectée (message compréhensible par le conseiller)."""
    erreurs = []
    if not dispositif.est_ouvert_au(date_entree):
        if dispositif.ferme_depuis:
            erreurs.append(
                f"Le dispositif « {dispositif.nom} » est fermé aux nouvelles entrées depuis le "
                f"{_date(dispositif.ferme_depuis)}."
            )
        else:
            erreurs.append(f"Le dispositif « {dispositif.nom} » est fermé aux nouvelles entrées.")
    age = jeune.age_au(date_entree)
    if dispositif.age_min is not None and age < dispositif.age_min:
        erreurs.append(
            f"{jeune.prenom} aura {age} ans le {_date(date_entree)} : le dispositif « {dispositif.nom} » "
            f"est ouvert à partir de {dispositif.age_min} ans."
        )
    if dispositif.age_max is not None and age > dispositif.age_max:
        age_max = dispositif.age_max
        if dispositif.age_max_rqth is not None and jeune.rqth:
            age_max = dispositif.age_max_rqth
        if age > age_max:
            precision = ""
            if dispositif.age_max_rqth is not None:
                precision = f" ({dispositif.age_max_rqth} ans avec une RQTH)" if not jeune.rqth else " avec une RQTH"
            erreurs.append(
                f"{jeune.prenom} aura {age} ans le {_date(date_entree)} : le dispositif « {dispositif.nom} » "
                f"est réservé aux jeunes de {age_max} ans au plus{precision}."
            )
    if dispositif.public_rsa_requis and not jeune.rsa:
        erreurs.append(
            f"Le dispositif « {dispositif.nom} » est réservé aux bénéficiaires du RSA : le dossier de "
            f"{jeune.prenom} n'indique pas le RSA."
        )
    if dispositif.orientation_requise and (not orienteur_type or not orienteur_nom.strip()):
        erreurs.append(
            f"L'entrée dans « {dispositif.nom} » suppose une orientation par le référent RSA : indiquez s'il "
            "s'agit d'un CCAS ou d'un CDAS et son nom."
        )
    incompatibles = list(dispositif.incompatibilites.all())
    if incompatibles:
        en_cours = (
            Inscription.objects.filter(jeune=jeune, dispositif__in=incompatibles)
            .ouvertes()
            .select_related("dispositif")
        )
        for autre in en_cours:
            erreurs.append(
                f"{jeune.prenom} est inscrit·e en « {autre.dispositif.nom} » depuis le {_date(autre.date_entree)}, "
                f"incompatible avec « {dispositif.nom} » en même temps : enregistrez d'abord la sortie."
            )
    if Inscription.objects.filter(jeune=jeune, dispositif=dispositif).ouvertes().exists():
        erreurs.append(f"{jeune.prenom} a déjà une inscription en cours dans « {dispositif.nom} ».")
    if erreurs:
        raise ValidationError(erreurs)


@transaction.atomic
def inscription_creer(
    *,
    jeune,
    dispositif,
    date_entree,
    par,
    foyer_imposable="",
    orienteur_type="",
    orienteur_nom="",
    commentaire="",
):
    inscription_verifier_eligibilite(
        jeune=jeune,
        dispositif=dispositif,
        date_entree=date_entree,
        orienteur_type=orienteur_type,
        orienteur_nom=orienteur_nom,
    )
    if dispositif.allocation == TypeAllocation.MENSUELLE_CEJ and not foyer_imposable:
        raise ValidationError(
            {"foyer_imposable": "Indiquez la situation fiscale du foyer : elle fixe le montant de l'allocation."}
        )
    inscription = Inscription(
        jeune=jeune,
        dispositif=dispositif,
        date_entree=date_entree,
        conseiller=par,
        duree_mois=dispositif.duree_mois,
        foyer_imposable=foyer_imposable if dispositif.allocation == TypeAllocation.MENSUELLE_CEJ else "",
        orienteur_type=orienteur_type,
        orienteur_nom=orienteur_nom.strip(),
        commentaire=commentaire,
    )
    if dispositif.duree_mois:
        inscription.date_fin_prevue = inscription.fin_pour_duree(dispositif.duree_mois)
    inscription._history_user = par
    inscription.full_clean()
    inscription.save()
    alertes_recalculer_pour(jeunes=[inscription.jeune_id])
    return inscription


def _verifier_ouverte(inscription):
    if not inscription.est_ouverte:
        raise ValidationError(
            f"L'inscription en « {inscription.dispositif.nom} » est close depuis le {_date(inscription.date_sortie)}."
        )


@transaction.atomic
def inscription_renouveler(*, inscription, par, duree_mois=None):
    """Prolonge l'inscription d'un renouvellement, dans la limite du nombre et de la durée totale du dispositif."""
    inscription = Inscription.objects.select_for_update().select_related("dispositif").get(pk=inscription.pk)
    dispositif = inscription.dispositif
    _verifier_ouverte(inscription)
    if not dispositif.est_renouvelable:
        raise ValidationError(f"Le dispositif « {dispositif.nom} » ne prévoit pas de renouvellement.")
    if (
        dispositif.renouvellements_max is not None
        and inscription.nombre_renouvellements >= dispositif.renouvellements_max
    ):
        raise ValidationError(
            f"« {dispositif.nom} » est renouvelable {dispositif.renouvellements_max} fois au plus : "
            f"cette inscription a déjà été renouvelée {inscription.nombre_renouvellements} fois."
        )
    duree = duree_mois or dispositif.duree_renouvellement_mois
    if duree < 1 or duree > dispositif.duree_renouvellement_mois:
        raise ValidationError(
            f"Un renouvellement de « {dispositif.nom} » dure de 1 à {dispositif.duree_renouvellement_mois} mois."
        )
    nouvelle_duree = (inscription.duree_mois or 0) + duree
    if dispositif.duree_max_totale_mois and nouvelle_duree > dispositif.duree_max_totale_mois:
        reste = dispositif.duree_max_totale_mois - (inscription.duree_mois or 0)
        raise ValidationError(
            f"« {dispositif.nom} » dure {dispositif.duree_max_totale_mois} mois au plus : "
            f"{inscription.duree_mois} mois sont déjà accordés, il reste {max(reste, 0)} mois possibles."
        )
    inscription.duree_mois = nouvelle_duree
    inscription.nombre_renouvellements += 1
    inscription.date_fin_prevue = inscription.fin_pour_duree(nouvelle_duree)
    inscription._history_user = par
    inscription.full_clean()
    inscription.save()
    alertes_recalculer_pour(jeunes=[inscription.jeune_id])
    return inscription


@transaction.atomic
def inscription_sortir(*, inscription, date_sortie, motif_sortie, par):
    inscription = Inscription.objects.select_for_update().select_related("dispositif").get(pk=inscription.pk)
    _verifier_ouverte(inscription)
    if motif_sortie not in MotifSortie.values:
        raise ValidationError({"motif_sortie": "Choisissez un motif de sortie de la liste."})
    if date_sortie < inscription.date_entree:
        raise ValidationError(
            {
                "date_sortie": f"La date de sortie ne peut pas précéder la date d'entrée "
                f"({_date(inscription.date_entree)})."
            }
        )
    if date_sortie > timezone.localdate():
        raise ValidationError({"date_sortie": "La date de sortie ne peut pas être dans le futur."})
    inscription.date_sortie = date_sortie
    inscription.motif_sortie = motif_sortie
    inscription._history_user = par
    inscription.full_clean()
    inscription.save()
    inscription.phases.filter(date_fin__isnull=True).update(date_fin=date_sortie)
    alertes_recalculer_pour(jeunes=[inscription.jeune_id])
    return inscription


@transaction.atomic
def inscription_enregistrer_emploi(*, inscription, date_entree_emploi, par):
    """PLIE : enregistre l'entrée en emploi ; le suivi continue la durée prévue, qui devient la fin prévue."""
    inscription = Inscription.objects.select_for_update().select_related("dispositif").get(pk=inscription.pk)
    _verifier_ouverte(inscription)
    dispositif = inscription.dispositif
    if not dispositif.suivi_apres_emploi_mois:
        raise ValidationError(f"« {dispositif.nom} » ne prévoit pas de suivi après une entrée en emploi.")
    if date_entree_emploi < inscription.date_entree:
        raise ValidationError(
            {"date_entree_emploi": "L'entrée en emploi ne peut pas précéder l'entrée dans le dispositif."}
        )
    inscription.date_entree_emploi = date_entree_emploi
    inscription.date_fin_prevue = ajouter_mois(date_entree_emploi, dispositif.suivi_apres_emploi_mois)
    inscription._history_user = par
    inscription.full_clean()
    inscription.save()
    alertes_recalculer_pour(jeunes=[inscription.jeune_id])
    return inscription


# --- Phases (PACEA) ---------------------------------------------------------------------------------------------


@transaction.atomic
def phase_ajouter(*, inscription, date_debut, par, objectifs=""):
    """Ouvre une nouvelle phase ; la phase précédente encore ouverte se termine la veille."""
    inscription = Inscription.objects.select_for_update().select_related("dispositif").get(pk=inscription.pk)
    dispositif = inscription.dispositif
    if not dispositif.a_phases:
        raise ValidationError(f"« {dispositif.nom} » n'est pas organisé en phases.")
    _verifier_ouverte(inscription)
    if date_debut < inscription.date_entree:
        raise ValidationError({"date_debut": "Une phase ne peut pas commencer avant l'entrée dans le dispositif."})
    if inscription.date_fin_prevue and date_debut > inscription.date_fin_prevue:
        raise ValidationError(
            {
                "date_debut": f"Une phase ne peut pas commencer après la fin prévue du parcours "
                f"({_date(inscription.date_fin_prevue)})."
            }
        )
    precedente = inscription.phases.order_by("-numero").first()
    if precedente:
        limite = precedente.date_fin or precedente.date_debut
        if date_debut <= limite:
            raise ValidationError(
                {
                    "date_debut": f"La phase {precedente.numero} court jusqu'au {_date(limite)} au moins : "
                    "la nouvelle phase doit commencer après."
                }
            )
        if precedente.date_fin is None:
            precedente.date_fin = date_debut - timedelta(days=1)
            precedente.full_clean()
            precedente.save(update_fields=["date_fin"])
    phase = Phase(
        inscription=inscription,
        numero=(precedente.numero + 1) if precedente else 1,
        date_debut=date_debut,
        objectifs=objectifs,
        cree_par=par,
    )
    phase.full_clean()
    phase.save()
    return phase


@transaction.atomic
def phase_evaluer(*, phase, evaluation, date_fin, par):
    if not evaluation.strip():
        raise ValidationError({"evaluation": "Rédigez l'évaluation de la phase."})
    if date_fin < phase.date_debut:
        raise ValidationError({"date_fin": "La fin d'une phase ne peut pas précéder son début."})
    if date_fin > timezone.localdate():
        raise ValidationError({"date_fin": "La date d'évaluation ne peut pas être dans le futur."})
    phase.evaluation = evaluation.strip()
    phase.date_fin = date_fin
    phase.evaluee_le = timezone.localdate()
    phase._history_user = par
    phase.full_clean()
    phase.save()
    return phase


# --- Allocation PACEA -------------------------------------------------------------------------------------------


@transaction.atomic
def allocation_pacea_verser(*, inscription, montant, date, motif, par):
    """Allocation ponctuelle décidée par le conseiller, dans la limite du plafond sur 12 mois glissants."""
    inscription = Inscription.objects.select_for_update().select_related("dispositif", "jeune").get(pk=inscription.pk)
    dispositif = inscription.dispositif
    if dispositif.allocation != TypeAllocation.PONCTUELLE_PACEA:
        raise ValidationError(f"« {dispositif.nom} » n'ouvre pas droit à une allocation ponctuelle.")
    if montant is None or montant <= 0:
        raise ValidationError({"montant": "Le montant doit être positif."})
    if date < inscription.date_entree or (inscription.date_sortie and date > inscription.date_sortie):
        raise ValidationError({"date": "La date de paiement doit être comprise dans la période d'inscription."})
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez l'objet de l'allocation."})
    plafond = selectors.plafond_pacea(jeune=inscription.jeune, dispositif=dispositif, date=date)
    if montant > plafond.restant:
        raise ValidationError(
            {
                "montant": f"Plafond dépassé : il reste {euros(plafond.restant)} disponibles sur 12 mois glissants "
                f"(plafond {euros(plafond.plafond)}, déjà versé {euros(plafond.deja_verse)} depuis le "
                f"{_date(plafond.debut)})."
            }
        )
    versement = Versement(
        jeune=inscription.jeune,
        fonds=FondsAllocation.PACEA,
        date=date,
        montant=montant,
        periode=f"{date:%Y-%m}",
        inscription=inscription,
        motif=motif.strip(),
        saisi_par=par,
    )
    versement._history_user = par
    versement.full_clean()
    versement.save()
    return versement


# --- Paiements mensuels CEJ -------------------------------------------------------------------------------------


@transaction.atomic
def preparation_creer(*, mois, par):
    mois = premier_du_mois(mois)
    if PreparationPaiement.objects.filter(mois=mois).exists():
        raise ValidationError({"mois": f"La préparation des paiements de {mois:%m/%Y} existe déjà."})
    preparation = PreparationPaiement(mois=mois, cree_par=par)
    preparation.full_clean()
    preparation.save()
    preparation_calculer(preparation=preparation, par=par)
    return preparation


@transaction.atomic
def preparation_calculer(*, preparation, par):
    """(Re)calcule les montants dus du mois. Les ajustements motivés déjà saisis sont conservés."""
    preparation = PreparationPaiement.objects.select_for_update().get(pk=preparation.pk)
    if preparation.est_validee:
        raise ValidationError("Cette préparation est validée : elle ne peut plus être recalculée.")
    dus = selectors.montants_cej_dus(mois=preparation.mois)
    existantes = {ligne.jeune_id: ligne for ligne in preparation.lignes.all()}
    gardees = set()
    for du in dus:
        ligne = existantes.get(du.inscription.jeune_id)
        if ligne is None:
            ligne = LignePaiement(preparation=preparation, jeune_id=du.inscription.jeune_id, motif_ajustement="")
            ligne.montant = du.montant
        elif not ligne.motif_ajustement:
            ligne.montant = du.montant
        ligne.inscription = du.inscription
        ligne.age = du.age
        ligne.foyer_imposable = du.inscription.foyer_imposable
        ligne.montant_du = du.montant
        ligne.montant = min(ligne.montant, du.montant)
        ligne.full_clean(exclude=["preparation", "jeune", "inscription"])
        ligne.save()
        gardees.add(ligne.pk)
    preparation.lignes.exclude(pk__in=gardees).delete()
    return preparation


@transaction.atomic
def ligne_ajuster(*, ligne, montant, motif, par):
    """Ajuste le montant d'une ligne (suspension, absence…) : motif obligatoire si le montant change."""
    ligne = LignePaiement.objects.select_for_update().select_related("preparation").get(pk=ligne.pk)
    if ligne.preparation.est_validee:
        raise ValidationError("Cette préparation est validée : elle ne peut plus être modifiée.")
    motif = (motif or "").strip()
    if montant is None or montant < 0 or montant > ligne.montant_du:
        raise ValidationError({"montant": f"Le montant doit être compris entre 0 et {euros(ligne.montant_du)}."})
    if montant != ligne.montant_du and not motif:
        raise ValidationError({"motif": "Indiquez le motif de l'ajustement (suspension, absence…)."})
    ligne.montant = montant
    ligne.motif_ajustement = motif if montant != ligne.montant_du else ""
    ligne.ajuste_par = par
    ligne._history_user = par
    ligne.full_clean(exclude=["preparation", "jeune", "inscription"])
    ligne.save()
    return ligne


@transaction.atomic
def preparation_valider(*, preparation, date_paiement, par):
    """Valide l'ordre de paiement : chaque ligne à payer devient un versement (allocation CEJ, mois couvert)."""
    preparation = PreparationPaiement.objects.select_for_update().get(pk=preparation.pk)
    if preparation.est_validee:
        raise ValidationError("Cette préparation est déjà validée.")
    if date_paiement < preparation.mois:
        raise ValidationError({"date_paiement": "La date de paiement ne peut pas précéder le mois couvert."})
    lignes = list(preparation.lignes.filter(montant__gt=0).select_related("inscription"))
    if not lignes:
        raise ValidationError("Aucun montant à payer ce mois-ci : rien à valider.")
    deja_payes = set(
        Versement.objects.filter(
            fonds=FondsAllocation.CEJ, periode=preparation.periode, jeune_id__in=[ligne.jeune_id for ligne in lignes]
        ).values_list("jeune_id", flat=True)
    )
    if deja_payes:
        raise ValidationError(
            f"{len(deja_payes)} jeune(s) ont déjà un versement CEJ pour {preparation.mois:%m/%Y} : recalculez la "
            "préparation."
        )
    versements = [
        Versement(
            jeune_id=ligne.jeune_id,
            fonds=FondsAllocation.CEJ,
            date=date_paiement,
            montant=ligne.montant,
            periode=preparation.periode,
            inscription=ligne.inscription,
            motif=ligne.motif_ajustement,
            saisi_par=par,
        )
        for ligne in lignes
    ]
    for versement in versements:
        versement.full_clean(exclude=["jeune", "inscription"])
        versement._history_user = par
        versement.save()
    preparation.statut = StatutPreparation.VALIDEE
    preparation.date_paiement = date_paiement
    preparation.validee_par = par
    preparation.validee_le = timezone.now()
    preparation.full_clean()
    preparation.save()
    return preparation


def mois_depuis_texte(texte):
    """« 2025-04 » → date(2025, 4, 1) ; ValidationError si le format est invalide."""
    try:
        annee, mois = (int(x) for x in texte.split("-"))
        return date_cls(annee, mois, 1)
    except (ValueError, AttributeError) as exc:
        raise ValidationError({"mois": "Indiquez un mois au format AAAA-MM."}) from exc


# --- Alertes ----------------------------------------------------------------------------------------------------


def _alertes_d_une_inscription(inscription, aujourd_hui):
    """[(type, message, échéance)] pour une inscription ouverte, selon les règles de son dispositif."""
    dispositif = inscription.dispositif
    alertes = []
    fin = inscription.date_fin_prevue
    fin_suivi = inscription.fin_suivi_emploi
    suivi_echu = fin_suivi is not None and aujourd_hui >= fin_suivi
    if suivi_echu:
        alertes.append(
            (
                TypeAlerte.SUIVI_EMPLOI_ECHU,
                f"{dispositif.nom} : le suivi de {dispositif.suivi_apres_emploi_mois} mois après l'entrée en emploi "
                f"du {_date(inscription.date_entree_emploi)} est arrivé à son terme le {_date(fin_suivi)} : "
                "enregistrez la sortie.",
                fin_suivi,
            )
        )
    elif fin and fin <= aujourd_hui + timedelta(days=JOURS_AVANT_FIN):
        jours = (fin - aujourd_hui).days
        if jours >= 0:
            texte = f"{dispositif.nom} : fin prévue le {_date(fin)} (dans {jours} jour{'s' if jours > 1 else ''})."
        else:
            texte = (
                f"{dispositif.nom} : fin prévue dépassée depuis le {_date(fin)} : renouvelez ou enregistrez la sortie."
            )
        alertes.append((TypeAlerte.FIN_PROCHE, texte, fin))
    if inscription.limite_renouvellement_atteinte:
        alertes.append(
            (
                TypeAlerte.RENOUVELLEMENT_LIMITE,
                f"{dispositif.nom} : limite de renouvellement atteinte ({inscription.nombre_renouvellements} "
                f"renouvellement(s), {inscription.duree_mois} mois) ; pas de prolongation possible"
                + (f" après le {_date(fin)}." if fin else "."),
                fin,
            )
        )
    if dispositif.frequence_contact_jours:
        reference = max(filter(None, [inscription.dernier_entretien, inscription.date_entree]))
        if (aujourd_hui - reference).days > dispositif.frequence_contact_jours:
            depuis = (
                f"dernier entretien individuel le {_date(inscription.dernier_entretien)}"
                if inscription.dernier_entretien and inscription.dernier_entretien >= inscription.date_entree
                else f"aucun entretien individuel depuis l'entrée le {_date(inscription.date_entree)}"
            )
            alertes.append(
                (
                    TypeAlerte.RDV_EN_RETARD,
                    f"{dispositif.nom} : entretien en retard ({depuis}) ; un entretien est prévu tous les "
                    f"{dispositif.frequence_contact_jours} jours.",
                    reference + timedelta(days=dispositif.frequence_contact_jours),
                )
            )
    if dispositif.delai_alerte_sans_evenement_jours:
        reference = max(filter(None, [inscription.dernier_evenement, inscription.date_entree]))
        if (aujourd_hui - reference).days > dispositif.delai_alerte_sans_evenement_jours:
            depuis = (
                f"dernier événement le {_date(inscription.dernier_evenement)}"
                if inscription.dernier_evenement and inscription.dernier_evenement >= inscription.date_entree
                else f"aucun événement depuis l'entrée le {_date(inscription.date_entree)}"
            )
            alertes.append(
                (
                    TypeAlerte.SANS_EVENEMENT,
                    f"{dispositif.nom} : plus de {dispositif.delai_alerte_sans_evenement_jours} jours sans "
                    f"événement ({depuis}).",
                    reference + timedelta(days=dispositif.delai_alerte_sans_evenement_jours),
                )
            )
    return alertes


def _alertes_du_suivi(jeune, aujourd_hui, limite):
    """[(type, message, échéance)] du suivi d'un jeune : plus de 3 mois sans contact, rendez-vous dépassé."""
    alertes = []
    if jeune.date_dernier_contact is not None and jeune.date_dernier_contact < limite:
        alertes.append(
            (
                TypeAlerte.SANS_CONTACT,
                f"Sans contact depuis le {_date(jeune.date_dernier_contact)} (plus de {MOIS_SANS_CONTACT} mois).",
                il_y_a_mois(jeune.date_dernier_contact, -MOIS_SANS_CONTACT),
            )
        )
    elif jeune.date_dernier_contact is None and jeune.date_premier_accueil < limite:
        alertes.append(
            (
                TypeAlerte.SANS_CONTACT,
                f"Aucun contact enregistré depuis le premier accueil du {_date(jeune.date_premier_accueil)} "
                f"(plus de {MOIS_SANS_CONTACT} mois).",
                il_y_a_mois(jeune.date_premier_accueil, -MOIS_SANS_CONTACT),
            )
        )
    if jeune.date_prochain_rdv is not None and jeune.date_prochain_rdv < aujourd_hui:
        alertes.append(
            (
                TypeAlerte.RDV_DEPASSE,
                f"Rendez-vous du {_date(jeune.date_prochain_rdv)} dépassé : saisissez l'entretien ou un nouveau "
                "rendez-vous.",
                jeune.date_prochain_rdv,
            )
        )
    return alertes


@transaction.atomic
def alertes_calculer(*, aujourd_hui=None, jeunes=None):
    """Recalcule les alertes (idempotent) : crée les nouvelles, met à jour les messages, supprime celles dont la
    cause a disparu. Toutes (chaque nuit, à l'installation, après un import) ou celles des jeunes dont les ids sont
    dans `jeunes` (après une écriture qui les concerne). Retourne {"creees": n, "mises_a_jour": n, "supprimees": n}.
    """
    from accompagnement.enums import TypeEvenement
    from accompagnement.models import Evenement, Jeune

    aujourd_hui = aujourd_hui or timezone.localdate()
    limite = limite_sans_contact(aujourd_hui)
    evenements = Evenement.objects.filter(jeune=OuterRef("jeune_id"), date__lte=aujourd_hui).order_by("-date")
    inscriptions = (
        Inscription.objects.ouvertes()
        .filter(date_entree__lte=aujourd_hui, jeune__archive_le__isnull=True, jeune__anonymise_le__isnull=True)
        .select_related("dispositif")
        .annotate(
            dernier_evenement=Subquery(evenements.values("date")[:1]),
            dernier_entretien=Subquery(evenements.filter(type=TypeEvenement.ENTRETIEN_INDIVIDUEL).values("date")[:1]),
        )
    )
    suivis = (
        Jeune.objects.actifs()
        .filter(
            Q(date_dernier_contact__lt=limite)
            | Q(date_dernier_contact__isnull=True, date_premier_accueil__lt=limite)
            | Q(date_prochain_rdv__lt=aujourd_hui)
        )
        .only("date_dernier_contact", "date_premier_accueil", "date_prochain_rdv")
    )
    existantes = Alerte.objects.select_for_update()
    if jeunes is not None:
        jeunes = list(jeunes)
        inscriptions = inscriptions.filter(jeune_id__in=jeunes)
        suivis = suivis.filter(pk__in=jeunes)
        existantes = existantes.filter(jeune_id__in=jeunes)
    attendues = {}
    for inscription in inscriptions.iterator(chunk_size=2000):
        for type_alerte, message, echeance in _alertes_d_une_inscription(inscription, aujourd_hui):
            attendues[(inscription.jeune_id, inscription.pk, type_alerte)] = (message[:250], echeance)
    for jeune in suivis.iterator(chunk_size=2000):
        for type_alerte, message, echeance in _alertes_du_suivi(jeune, aujourd_hui, limite):
            attendues[(jeune.pk, None, type_alerte)] = (message[:250], echeance)
    existantes = {(a.jeune_id, a.inscription_id, a.type): a for a in existantes}
    a_supprimer = [a.pk for cle, a in existantes.items() if cle not in attendues]
    a_creer, a_mettre_a_jour = [], []
    for (jeune_id, inscription_id, type_alerte), (message, echeance) in attendues.items():
        alerte = existantes.get((jeune_id, inscription_id, type_alerte))
        if alerte is None:
            a_creer.append(
                Alerte(
                    inscription_id=inscription_id,
                    type=type_alerte,
                    jeune_id=jeune_id,
                    message=message,
                    echeance=echeance,
                )
            )
        elif alerte.message != message or alerte.echeance != echeance:
            alerte.message, alerte.echeance = message, echeance
            a_mettre_a_jour.append(alerte)
    if a_supprimer:
        Alerte.objects.filter(pk__in=a_supprimer).delete()
    if a_creer:
        Alerte.objects.bulk_create(a_creer, batch_size=1000)
    if a_mettre_a_jour:
        Alerte.objects.bulk_update(a_mettre_a_jour, ["message", "echeance"], batch_size=1000)
    return {"creees": len(a_creer), "mises_a_jour": len(a_mettre_a_jour), "supprimees": len(a_supprimer)}


def alertes_recalculer_pour(*, jeunes):
    """Recalcul des alertes des jeunes dont le suivi vient d'être écrit (ids), dans la transaction de l'écriture :
    la page des alertes, le portefeuille et le dossier les montrent à jour dès la réponse."""
    if jeunes:
        alertes_calculer(jeunes=jeunes)
