"""Écritures de l'agenda : planifier, honorer, noter une absence, annuler, reporter un rendez-vous.

Chaque service tient à jour le « prochain rendez-vous » du dossier (le prochain rendez-vous planifié) par le
service de l'accompagnement `jeune_actualiser_prochain_rdv`."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accompagnement.enums import TypeEvenement
from accompagnement.services import evenement_creer, jeune_actualiser_prochain_rdv
from agenda.enums import ModeRendezVous, StatutRendezVous
from agenda.heures import a_paris, local
from agenda.messages import convoquer, retirer_messages
from agenda.models import AbsenceConseiller, HoraireLieu, PlageDisponibilite, RendezVous

# Sans horaires du lieu (téléphone, visio, lieu sans horaires saisis) : les créneaux proposés pour reconvoquer.
PLAGES_PAR_DEFAUT = ((datetime.time(9, 0), datetime.time(12, 0)), (datetime.time(14, 0), datetime.time(17, 0)))
JOURS_OUVRES = range(5)
PAS_DES_CRENEAUX = datetime.timedelta(minutes=30)


def _heure(moment):
    return f"{local(moment):%d/%m/%Y à %H:%M}"


def _chevauchements(*, conseiller, debut, fin, exclure=None):
    """Rendez-vous planifiés du conseiller qui chevauchent [debut, fin[ (intervalles semi-ouverts : se toucher
    est permis, une minute de recouvrement ne l'est pas)."""
    candidats = (
        RendezVous.objects.planifies()
        .du_conseiller(conseiller)
        .filter(debut__lt=fin, debut__gte=debut - datetime.timedelta(days=1))
    )
    if exclure is not None:
        candidats = candidats.exclude(pk=exclure.pk)
    return [r for r in candidats if r.fin > debut]


def _dans_les_horaires(horaires, debut, fin):
    debut_local, fin_local = local(debut), local(fin)
    if fin_local.date() != debut_local.date():
        return False
    return any(
        h.jour == debut_local.weekday() and h.debut <= debut_local.time() and fin_local.time() <= h.fin
        for h in horaires
    )


def _intersection(plages, horaires):
    """Intersection de deux listes d'intervalles horaires (heures de Paris d'un même jour)."""
    return [(max(d1, d2), min(f1, f2)) for d1, f1 in plages for d2, f2 in horaires if max(d1, d2) < min(f1, f2)]


def _plages_du_jour(plages, jour, lieu_id):
    """Plages du conseiller valables ce jour-là pour ce lieu (une plage sans lieu vaut pour tout lieu)."""
    return sorted(
        (p.debut, p.fin)
        for p in plages
        if p.jour == jour.weekday() and (lieu_id is None or p.lieu_id in (None, lieu_id))
    )


def _liste_des_heures(intervalles):
    return ", ".join(f"{d:%H:%M}–{f:%H:%M}" for d, f in intervalles)


def _verifier_disponibilite(rdv):
    """Le conseiller n'est pas absent et, s'il a des plages de disponibilité, le rendez-vous tient dans l'une
    d'elles (le même jour, au lieu de la plage quand elle en a un). Le motif d'une absence n'est jamais dit."""
    absence = AbsenceConseiller.objects.filter(conseiller_id=rdv.conseiller_id).chevauchant(rdv.debut, rdv.fin).first()
    if absence is not None:
        raise ValidationError(
            {
                "debut": f"{rdv.conseiller} est absent·e du {_heure(absence.debut)} au {_heure(absence.fin)} : "
                "choisissez un autre créneau."
            }
        )
    plages = list(PlageDisponibilite.objects.filter(conseiller_id=rdv.conseiller_id))
    if not plages:
        return
    debut_local, fin_local = local(rdv.debut), local(rdv.fin)
    lieu_id = rdv.lieu_id if rdv.mode == ModeRendezVous.PRESENTIEL else None
    du_jour = _plages_du_jour(plages, debut_local.date(), lieu_id)
    if fin_local.date() == debut_local.date() and any(
        d <= debut_local.time() and fin_local.time() <= f for d, f in du_jour
    ):
        return
    jour = debut_local.strftime("%d/%m/%Y")
    precision = f"ce jour-là : {_liste_des_heures(du_jour)}" if du_jour else "aucune disponibilité ce jour-là"
    raise ValidationError(
        {"debut": f"Le {jour} à {debut_local:%H:%M} est hors des disponibilités de {rdv.conseiller} ({precision})."}
    )


def _verifier_creneau(rdv, *, exclure=None):
    erreurs = {}
    if rdv.debut < timezone.now():
        erreurs["debut"] = "Ce créneau est déjà passé : choisissez une date et une heure à venir."
    if rdv.mode == ModeRendezVous.PRESENTIEL and rdv.lieu_id is None:
        erreurs["lieu"] = "Un rendez-vous en présentiel a lieu dans un lieu d'accueil : choisissez-le."
    if erreurs:
        raise ValidationError(erreurs)
    if rdv.mode == ModeRendezVous.PRESENTIEL:
        horaires = list(HoraireLieu.objects.filter(lieu_id=rdv.lieu_id))
        if horaires and not _dans_les_horaires(horaires, rdv.debut, rdv.fin):
            ouverts = ", ".join(
                f"{h.get_jour_display().lower()} {h.debut:%H:%M}–{h.fin:%H:%M}"
                for h in horaires
                if h.jour == local(rdv.debut).weekday()
            )
            ouverture = f"ouvert ce jour : {ouverts}" if ouverts else "fermé toute la journée"
            raise ValidationError({"debut": f"{rdv.lieu} est fermé à ce moment-là ({ouverture})."})
    _verifier_disponibilite(rdv)
    # Un conseiller à la fois : sa ligne est verrouillée jusqu'à la fin de la transaction (deux réservations
    # simultanées du même conseiller passent l'une après l'autre, la seconde voit la première).
    get_user_model().objects.select_for_update().filter(pk=rdv.conseiller_id).first()
    autres = _chevauchements(conseiller=rdv.conseiller, debut=rdv.debut, fin=rdv.fin, exclure=exclure)
    if autres:
        autre = autres[0]
        raise ValidationError(
            {
                "debut": f"{rdv.conseiller} a déjà un rendez-vous de {local(autre.debut):%H:%M} à "
                f"{local(autre.fin):%H:%M} le {local(autre.debut):%d/%m/%Y} : choisissez un autre créneau."
            }
        )


def prochain_rdv_du_jeune(jeune):
    """Date locale du prochain rendez-vous planifié du jeune (aujourd'hui compris), ou None."""
    debut_du_jour = a_paris(timezone.localdate(), datetime.time(0, 0))
    prochain = RendezVous.objects.planifies().filter(jeune=jeune, debut__gte=debut_du_jour).order_by("debut").first()
    return local(prochain.debut).date() if prochain else None


def _actualiser_dossier(jeune):
    jeune_actualiser_prochain_rdv(jeune=jeune, prochain_rdv=prochain_rdv_du_jeune(jeune))


@transaction.atomic
def rendez_vous_planifier(
    *, jeune, conseiller, debut, duree_minutes, type, mode, lieu=None, par, remplace=None, motif=""
):
    """Planifie un rendez-vous : à venir, sans chevauchement avec un autre rendez-vous planifié du conseiller,
    dans les horaires du lieu (présentiel, quand le lieu a des horaires)."""
    if jeune.archive_le is not None:
        raise ValidationError("Ce dossier est archivé : aucun rendez-vous ne s'y planifie.")
    rdv = RendezVous(
        jeune=jeune,
        conseiller=conseiller,
        debut=debut,
        duree_minutes=duree_minutes,
        type=type,
        mode=mode,
        lieu=lieu if mode == ModeRendezVous.PRESENTIEL else None,
        cree_par=par,
        remplace=remplace,
        motif=motif,
    )
    rdv.full_clean()
    _verifier_creneau(rdv)
    rdv.save()
    _actualiser_dossier(jeune)
    convoquer(rdv)  # convocation au jeune, sur les canaux qu'il a acceptés (agenda/messages.py)
    return rdv


def _verrouiller(rdv):
    return RendezVous.objects.select_for_update().select_related("jeune").get(pk=rdv.pk)


@transaction.atomic
def rendez_vous_honorer(*, rendez_vous, par):
    """Le jeune est venu : l'entretien est saisi au journal du dossier, une seule fois (honorer deux fois ne crée
    pas un second événement)."""
    rdv = _verrouiller(rendez_vous)
    if rdv.statut == StatutRendezVous.HONORE and rdv.evenement_id:
        return rdv
    if rdv.statut != StatutRendezVous.PLANIFIE:
        raise ValidationError(
            f"Ce rendez-vous est « {rdv.get_statut_display().lower()} » : il ne peut plus être honoré."
        )
    if local(rdv.debut).date() > timezone.localdate():
        raise ValidationError("Ce rendez-vous n'a pas encore eu lieu : il sera noté honoré le jour venu.")
    rdv.evenement = evenement_creer(
        jeune=rdv.jeune,
        par=par,
        type=TypeEvenement.ENTRETIEN_INDIVIDUEL,
        date=local(rdv.debut).date(),
        modalite=rdv.mode,
        duree_minutes=rdv.duree_minutes,
        conseiller=rdv.conseiller,
        lieu=rdv.lieu,
    )
    rdv.statut = StatutRendezVous.HONORE
    rdv.full_clean()
    rdv.save(update_fields=["statut", "evenement"])
    _actualiser_dossier(rdv.jeune)
    return rdv


def _clore(rendez_vous, statut, motif, verbe):
    rdv = _verrouiller(rendez_vous)
    if rdv.statut != StatutRendezVous.PLANIFIE:
        raise ValidationError(
            f"Ce rendez-vous est « {rdv.get_statut_display().lower()} » : il ne peut plus être {verbe}."
        )
    rdv.statut = statut
    rdv.motif = motif
    rdv.full_clean()
    rdv.save(update_fields=["statut", "motif"])
    _actualiser_dossier(rdv.jeune)
    retirer_messages(rdv)  # ses messages encore en attente (rappel…) ne partent pas
    return rdv


@transaction.atomic
def rendez_vous_marquer_absent(*, rendez_vous, excuse, motif="", par):
    if rendez_vous.debut > timezone.now():
        raise ValidationError("Ce rendez-vous n'a pas encore commencé : une absence se note une fois l'heure passée.")
    statut = StatutRendezVous.ABSENT_EXCUSE if excuse else StatutRendezVous.ABSENT_NON_EXCUSE
    return _clore(rendez_vous, statut, motif, "noté absent")


@transaction.atomic
def rendez_vous_annuler(*, rendez_vous, par_le_jeune, motif="", par):
    statut = StatutRendezVous.ANNULE_JEUNE if par_le_jeune else StatutRendezVous.ANNULE_MISSION_LOCALE
    return _clore(rendez_vous, statut, motif, "annulé")


@transaction.atomic
def rendez_vous_reporter(*, rendez_vous, debut, duree_minutes=None, motif="", par):
    """Reporte : un nouveau rendez-vous (mêmes jeune, conseiller, type, mode, lieu), l'ancien « reporté » et
    relié au nouveau (`nouveau.remplace`)."""
    ancien = _clore(rendez_vous, StatutRendezVous.REPORTE, motif, "reporté")
    return rendez_vous_planifier(
        jeune=ancien.jeune,
        conseiller=ancien.conseiller,
        debut=debut,
        duree_minutes=duree_minutes or ancien.duree_minutes,
        type=ancien.type,
        mode=ancien.mode,
        lieu=ancien.lieu,
        par=par,
        remplace=ancien,
        motif=motif,
    )


def creneaux_libres(*, conseiller, a_partir_de, duree_minutes, nombre=5, lieu=None, jours=30, fin=None):
    """Les `nombre` prochains créneaux libres du conseiller entre `a_partir_de` et `fin` (par défaut `jours`
    plus tard), par pas de 30 minutes : dans ses plages de disponibilité s'il en a (croisées avec les horaires
    du lieu), sinon dans les horaires du lieu, sinon en semaine 9 h–12 h et 14 h–17 h ; hors de ses absences et
    sans chevaucher un rendez-vous planifié. Nombre de requêtes fixe."""
    a_partir_de = max(a_partir_de, timezone.now())
    horaires = list(HoraireLieu.objects.filter(lieu=lieu)) if lieu is not None else []
    plages = list(PlageDisponibilite.objects.filter(conseiller=conseiller))
    duree = datetime.timedelta(minutes=duree_minutes)
    fin_recherche = fin or a_partir_de + datetime.timedelta(days=jours)
    occupes = [
        (r.debut, r.fin)
        for r in RendezVous.objects.planifies()
        .du_conseiller(conseiller)
        .filter(debut__lt=fin_recherche, debut__gte=a_partir_de - datetime.timedelta(days=1))
    ]
    occupes += [
        (a.debut, a.fin)
        for a in AbsenceConseiller.objects.filter(conseiller=conseiller).chevauchant(a_partir_de, fin_recherche)
    ]
    creneaux = []
    jour = local(a_partir_de).date()
    while len(creneaux) < nombre and a_paris(jour, datetime.time(0, 0)) < fin_recherche:
        horaires_du_jour = sorted((h.debut, h.fin) for h in horaires if h.jour == jour.weekday())
        if plages:
            intervalles = _plages_du_jour(plages, jour, lieu.pk if lieu is not None else None)
            if horaires:
                intervalles = _intersection(intervalles, horaires_du_jour)
        elif horaires:
            intervalles = horaires_du_jour
        else:
            intervalles = PLAGES_PAR_DEFAUT if jour.weekday() in JOURS_OUVRES else ()
        for ouverture, fermeture in sorted(intervalles):
            # Pas de 30 minutes réelles (en UTC) : le jour du changement d'heure, l'heure qui n'existe pas est sautée.
            debut = a_paris(jour, ouverture).astimezone(datetime.UTC)
            limite = a_paris(jour, fermeture).astimezone(datetime.UTC)
            while debut + duree <= limite and len(creneaux) < nombre:
                fin_creneau = debut + duree
                if (
                    debut >= a_partir_de
                    and fin_creneau <= fin_recherche
                    and not any(d < fin_creneau and debut < f for d, f in occupes)
                ):
                    creneaux.append(local(debut))
                debut += PAS_DES_CRENEAUX
        jour += datetime.timedelta(days=1)
    return creneaux


# --- Disponibilités du conseiller ---------------------------------------------------------------------------


@transaction.atomic
def plage_ajouter(*, conseiller, jour, debut, fin, lieu=None, par):
    """Ajoute une plage hebdomadaire ; refuse une plage qui en recouvre une autre du même jour."""
    plage = PlageDisponibilite(conseiller=conseiller, jour=jour, debut=debut, fin=fin, lieu=lieu)
    plage.full_clean()
    for autre in PlageDisponibilite.objects.filter(conseiller=conseiller, jour=jour):
        if autre.debut < fin and debut < autre.fin:
            heures = _liste_des_heures([(autre.debut, autre.fin)])
            raise ValidationError(
                {"debut": f"Cette plage recouvre celle du {autre.get_jour_display().lower()} {heures}."}
            )
    plage.save()
    return plage


@transaction.atomic
def plage_supprimer(*, plage, par):
    plage.delete()


@transaction.atomic
def absence_ajouter(*, conseiller, debut, fin, motif, par):
    """Ajoute une absence ; refuse une absence qui en recouvre une autre. Les rendez-vous déjà planifiés pendant
    l'absence restent : la vue les signale pour qu'ils soient reportés."""
    absence = AbsenceConseiller(conseiller=conseiller, debut=debut, fin=fin, motif=motif)
    absence.full_clean()
    autre = AbsenceConseiller.objects.filter(conseiller=conseiller).chevauchant(debut, fin).first()
    if autre is not None:
        raise ValidationError({"debut": f"Une absence est déjà notée du {_heure(autre.debut)} au {_heure(autre.fin)}."})
    absence.save()
    return absence


def rendez_vous_pendant(absence):
    """Rendez-vous planifiés du conseiller qui recouvrent l'absence (à reporter)."""
    return _chevauchements(conseiller=absence.conseiller, debut=absence.debut, fin=absence.fin)


@transaction.atomic
def absence_supprimer(*, absence, par):
    absence.delete()
