"""Messages de l'agenda au jeune, par la messagerie : convocation (ou nouvelle convocation après un report) à la
planification, rappel la veille (tâche planifiée), messages en attente retirés quand le rendez-vous est annulé ou
reporté. La messagerie ne connaît pas l'agenda : elle reçoit un type d'objet (« rendez-vous »), son identifiant et
les valeurs du texte."""

import datetime

from django.utils import timezone

from agenda.enums import ModeRendezVous
from agenda.heures import a_paris, local
from agenda.models import RendezVous
from messagerie import ics
from messagerie.enums import CodeModele
from messagerie.gabarits import valeurs_communes
from messagerie.services import courrier_enregistrer, messages_annuler, messages_programmer

OBJET = "rendez-vous"
LOT_DES_RAPPELS = 1000
MODES = {
    ModeRendezVous.PRESENTIEL: "au lieu d'accueil",
    ModeRendezVous.TELEPHONE: "par téléphone",
    ModeRendezVous.VISIO: "en visioconférence",
}


def _envoi(rdv):
    debut = local(rdv.debut)
    conseiller = rdv.conseiller.get_full_name() or rdv.conseiller.get_username()
    valeurs = valeurs_communes(
        jeune=rdv.jeune,
        jour=debut.date(),
        heure=debut.time(),
        lieu=rdv.lieu,
        conseiller=conseiller,
        mode=MODES.get(rdv.mode, rdv.get_mode_display()),
        duree=f"{rdv.duree_minutes} minutes",
    )
    return {
        "jeune": rdv.jeune,
        "objet_id": rdv.pk,
        "valeurs": valeurs,
        "invitation_ics": ics.invitation(
            uid=f"rendez-vous-{rdv.pk}@weker",
            debut=rdv.debut,
            fin=rdv.fin,
            titre="Rendez-vous à la Mission Locale",
            lieu=" ".join(filter(None, [valeurs["lieu"], valeurs["adresse"]])) or valeurs["mode"],
            description=f"Avec {conseiller}, {valeurs['mode']}.",
        ),
    }


def convoquer(rdv):
    """Convocation du rendez-vous planifié (nouvelle convocation s'il en remplace un autre), sur les canaux que le
    jeune a acceptés ; une fois par rendez-vous et par canal."""
    return messages_programmer(modele=_modele(rdv), objet_type=OBJET, envois=[_envoi(rdv)])


def _modele(rdv):
    return CodeModele.RECONVOCATION if rdv.remplace_id else CodeModele.CONVOCATION


def contexte_lettre(rdv):
    """Ce que dit la lettre de convocation imprimée : l'agence, le jeune et son adresse, la date, l'heure, le lieu,
    le mode et le conseiller. Aucune note, aucun motif, aucune donnée sensible (le motif d'un rendez-vous n'y est
    pas)."""
    debut = local(rdv.debut)
    valeurs = valeurs_communes(
        jeune=rdv.jeune,
        jour=debut.date(),
        heure=debut.time(),
        lieu=rdv.lieu,
        conseiller=rdv.conseiller.get_full_name() or rdv.conseiller.get_username(),
        mode=MODES.get(rdv.mode, rdv.get_mode_display()),
        duree=f"{rdv.duree_minutes} minutes",
    )
    return {
        "rdv": rdv,
        "jeune": rdv.jeune,
        "valeurs": valeurs,
        "antenne": rdv.jeune.antenne,
        "reconvocation": bool(rdv.remplace_id),
        "date_courrier": timezone.localdate(),
    }


def lettre_enregistrer(rdv, *, par):
    """La lettre imprimée, au journal des messages du jeune : une ligne « courrier » par rendez-vous (réimprimer
    ne la double pas)."""
    debut = local(rdv.debut)
    return courrier_enregistrer(
        jeune=rdv.jeune,
        modele=_modele(rdv),
        objet_type=OBJET,
        objet_id=rdv.pk,
        sujet=f"Convocation au rendez-vous du {debut:%d/%m/%Y à %H:%M}",
        par=par,
    )


def retirer_messages(rdv):
    """Le rendez-vous n'a plus lieu (annulé, reporté, absence notée) : ses messages en attente ne partent pas."""
    return messages_annuler(
        objet_type=OBJET,
        objet_id=rdv.pk,
        raison=f"Rendez-vous « {rdv.get_statut_display().lower()} » : message non envoyé.",
    )


def programmer_rappels(jour=None):
    """Rappels des rendez-vous planifiés du `jour` (demain, heure de Paris, par défaut). Les rendez-vous annulés ou
    reportés ne sont plus « planifiés » : aucun rappel. Lu par lots de LOT_DES_RAPPELS rendez-vous (chaque lot :
    une lecture des rendez-vous, trois de la messagerie, une écriture en masse) ; relancé, rien n'est renvoyé.
    Renvoie le nombre de messages programmés."""
    jour = jour or timezone.localdate() + datetime.timedelta(days=1)
    debut, fin = a_paris(jour, datetime.time(0, 0)), a_paris(jour + datetime.timedelta(days=1), datetime.time(0, 0))
    rendez_vous = (
        RendezVous.objects.planifies()
        .entre(debut, fin)
        .filter(jeune__archive_le__isnull=True, jeune__anonymise_le__isnull=True)
        .select_related("jeune", "conseiller", "lieu", "lieu__commune")
        .order_by("pk")
    )
    total, dernier = 0, 0
    while lot := list(rendez_vous.filter(pk__gt=dernier)[:LOT_DES_RAPPELS]):
        dernier = lot[-1].pk
        total += len(messages_programmer(modele=CodeModele.RAPPEL, objet_type=OBJET, envois=[_envoi(r) for r in lot]))
    return total
