"""Écritures de la messagerie : consentement, programmation et envoi des messages, statuts du fournisseur.

Exactement une fois (docs/messages.md) : un message est une ligne, créée une fois (contrainte d'unicité) ; la tâche
d'envoi la **réclame** (`select_for_update(skip_locked=True)`, statut « en cours d'envoi » validé avant d'appeler
le fournisseur) : une tâche rejouée ou un second worker trouve la ligne prise ou finie et n'envoie rien. Une ligne
restée « en cours d'envoi » (worker mort pendant l'appel) n'est jamais renvoyée : la surveillance la déclare en
échec « envoi incertain », à vérifier auprès du jeune."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accompagnement.regles import mobile_normalise
from messagerie import canaux, gabarits
from messagerie.enums import CANAUX_CONSENTIS, Canal, OrigineConsentement, StatutMessage
from messagerie.models import Consentement, Message, ModeleMessage

logger = logging.getLogger("weker.messagerie")

SEL_DESINSCRIPTION = "messagerie.desinscription"
TENTATIVES_MAX = 3
ATTENTE_AVANT_REPUBLICATION = datetime.timedelta(minutes=10)
MENTION_STOP = "STOP au numéro d'envoi pour ne plus recevoir de SMS"


# --- Consentement ------------------------------------------------------------------------------------------------


def destinataire(jeune, canal):
    """Adresse ou numéro normalisé à qui envoyer sur ce canal, ou "" (pas de numéro de mobile, courriel invalide)."""
    if canal == Canal.SMS:
        return mobile_normalise(jeune.telephone)
    if canal == Canal.COURRIEL:
        try:
            validate_email(jeune.courriel)
        except ValidationError:
            return ""
        return jeune.courriel
    return ""


@transaction.atomic
def consentement_enregistrer(*, jeune, canal, accepte, par=None, origine=OrigineConsentement.DOSSIER):
    """Accord ou refus du jeune pour un canal, daté. Un refus met en échec les messages de ce canal encore en
    attente (ils ne partiront pas)."""
    if canal not in CANAUX_CONSENTIS:
        raise ValidationError("Ce canal ne demande pas de consentement.")
    if accepte and canal == Canal.SMS and not destinataire(jeune, canal):
        raise ValidationError(
            {"telephone": "Pas de numéro de mobile valide dans le dossier : les SMS ne peuvent pas être acceptés."}
        )
    if accepte and canal == Canal.COURRIEL and not destinataire(jeune, canal):
        raise ValidationError({"courriel": "Pas d'adresse de courriel valide dans le dossier."})
    consentement, _ = Consentement.objects.update_or_create(
        jeune=jeune, canal=canal, defaults={"accepte": accepte, "par": par, "origine": origine, "le": timezone.now()}
    )
    if not accepte:
        Message.objects.filter(jeune=jeune, canal=canal, statut=StatutMessage.EN_ATTENTE).update(
            statut=StatutMessage.ECHEC, raison="Le jeune a refusé ce canal : message non envoyé."
        )
    return consentement


def jeton_desinscription(jeune_id, canal):
    return signing.dumps({"j": jeune_id, "c": str(canal)}, salt=SEL_DESINSCRIPTION, compress=True)


def lien_desinscription(jeune_id, canal):
    jeton = jeton_desinscription(jeune_id, canal)
    return settings.WEKER_URL_PUBLIQUE + reverse("messagerie:desinscription", kwargs={"jeton": jeton})


def lire_jeton(jeton):
    """(jeune_id, canal) d'un jeton de désinscription, ou None s'il est faux ou altéré."""
    try:
        donnees = signing.loads(jeton, salt=SEL_DESINSCRIPTION)
    except signing.BadSignature:
        return None
    if (
        not isinstance(donnees, dict)
        or donnees.get("c") not in CANAUX_CONSENTIS
        or not isinstance(donnees.get("j"), int)
    ):
        return None
    return donnees["j"], donnees["c"]


# --- Programmation -----------------------------------------------------------------------------------------------


def messages_programmer(*, modele, objet_type, envois, canaux=CANAUX_CONSENTIS):
    """Programme le message `modele` pour chaque envoi (dictionnaires : `jeune`, `objet_id`, `valeurs`, et
    `invitation_ics` facultative) sur chaque canal accepté par le jeune, avec un destinataire valide et un modèle.

    En lot : consentements, modèles et messages déjà programmés sont lus en trois requêtes quel que soit le nombre
    d'envois, les lignes créées en une (`bulk_create`, doublons ignorés par la contrainte d'unicité). Relancer
    la programmation ne crée ni n'envoie rien de plus. Renvoie les messages créés ; l'envoi de chacun est mis en
    file à la validation de la transaction."""
    envois = [e for e in envois if e["jeune"].archive_le is None and e["jeune"].anonymise_le is None]
    if not envois:
        return []
    jeunes = {e["jeune"].pk for e in envois}
    acceptes = set(
        Consentement.objects.filter(jeune_id__in=jeunes, canal__in=canaux, accepte=True).values_list(
            "jeune_id", "canal"
        )
    )
    modeles = {m.canal: m for m in ModeleMessage.objects.filter(code=modele, canal__in=canaux)}
    deja = set(
        Message.objects.filter(
            modele=modele, objet_type=objet_type, objet_id__in={e["objet_id"] for e in envois}, jeune_id__in=jeunes
        ).values_list("jeune_id", "canal", "objet_id")
    )
    nouveaux = []
    for envoi in envois:
        jeune = envoi["jeune"]
        for canal in canaux:
            if (jeune.pk, canal) not in acceptes or canal not in modeles:
                continue
            if (jeune.pk, canal, envoi["objet_id"]) in deja:
                continue
            adresse = destinataire(jeune, canal)
            if not adresse:
                continue
            valeurs = dict(envoi["valeurs"])
            if canal == Canal.COURRIEL:
                valeurs["lien_desinscription"] = lien_desinscription(jeune.pk, canal)
            message = Message(
                jeune=jeune,
                canal=canal,
                modele=modele,
                objet_type=objet_type,
                objet_id=envoi["objet_id"],
                destinataire=adresse,
                invitation_ics=envoi.get("invitation_ics", "") if canal == Canal.COURRIEL else "",
            )
            try:
                message.sujet = gabarits.rendre(modeles[canal].sujet, canal=canal, valeurs=valeurs)[:200]
                message.corps = gabarits.rendre(modeles[canal].corps, canal=canal, valeurs=valeurs)
            except ValidationError as erreur:
                message.statut = StatutMessage.ECHEC
                message.raison = f"Modèle de message illisible : {' '.join(erreur.messages)}"[:500]
            if canal == Canal.SMS and message.statut == StatutMessage.EN_ATTENTE:
                message.corps = f"{message.corps}\n{MENTION_STOP}"
            nouveaux.append(message)
    Message.objects.bulk_create(nouveaux, ignore_conflicts=True, batch_size=1000)
    crees = list(
        Message.objects.filter(
            modele=modele,
            objet_type=objet_type,
            objet_id__in={m.objet_id for m in nouveaux},
            jeune_id__in={m.jeune_id for m in nouveaux},
            statut=StatutMessage.EN_ATTENTE,
            tentatives=0,
        ).only("pk")
    )
    if crees:
        from messagerie.tasks import envoyer_message

        for message in crees:
            envoyer_message.delay_on_commit(message.pk)
    return crees


@transaction.atomic
def messages_annuler(*, objet_type, objet_id, raison):
    """L'objet n'a plus lieu d'être annoncé (rendez-vous annulé ou reporté) : ses messages encore en attente ne
    partiront pas. Les messages déjà envoyés restent tels quels."""
    return Message.objects.filter(objet_type=objet_type, objet_id=objet_id, statut=StatutMessage.EN_ATTENTE).update(
        statut=StatutMessage.ECHEC, raison=raison[:500]
    )


@transaction.atomic
def courrier_enregistrer(*, jeune, modele, objet_type, objet_id, sujet, par=None):
    """Un courrier imprimé (convocation papier) : une ligne « envoyé » au journal des messages, une fois par objet."""
    message, _ = Message.objects.get_or_create(
        jeune=jeune,
        modele=modele,
        canal=Canal.COURRIER,
        objet_type=objet_type,
        objet_id=objet_id,
        defaults={
            "destinataire": "courrier imprimé",
            "sujet": sujet[:200],
            "corps": "Courrier imprimé depuis weker.",
            "statut": StatutMessage.ENVOYE,
            "envoye_le": timezone.now(),
        },
    )
    return message


# --- Envoi -------------------------------------------------------------------------------------------------------


def _reclamer(message_id):
    """Prend le message s'il est en attente (ligne verrouillée, les autres exécutants passent leur chemin) et le
    passe « en cours d'envoi » ; validé avant tout appel au fournisseur. None s'il est déjà pris ou fini."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("jeune")
            .filter(pk=message_id, statut=StatutMessage.EN_ATTENTE)
            .first()
        )
        if message is None:
            return None
        consenti = Consentement.objects.filter(jeune_id=message.jeune_id, canal=message.canal, accepte=True)
        if message.jeune.archive_le is not None or message.jeune.anonymise_le is not None or not consenti.exists():
            message.statut = StatutMessage.ECHEC
            message.raison = "Le jeune a refusé ce canal, ou son dossier est archivé : message non envoyé."
            message.save(update_fields=["statut", "raison"])
            return None
        message.statut = StatutMessage.EN_COURS
        message.tentatives += 1
        message.envoi_commence_le = timezone.now()
        message.save(update_fields=["statut", "tentatives", "envoi_commence_le"])
    return message


def _finir(message, **champs):
    """Écrit l'issue d'un envoi, seulement si la ligne est encore « en cours d'envoi » (la surveillance a pu la
    déclarer incertaine entre-temps)."""
    return Message.objects.filter(pk=message.pk, statut=StatutMessage.EN_COURS).update(**champs)


def message_envoyer(message_id):
    """Envoie le message une fois. Renvoie "a_reessayer" si le fournisseur était indisponible sans rien accepter
    (la tâche réessaie plus tard), sinon None."""
    message = _reclamer(message_id)
    if message is None:
        return None
    try:
        if message.canal == Canal.SMS:
            identifiant = canaux.envoyer_sms(message)
        elif message.canal == Canal.COURRIEL:
            identifiant = canaux.envoyer_courriel(
                message, lien_desinscription=lien_desinscription(message.jeune_id, message.canal)
            )
        else:
            raise canaux.EchecEnvoi("Un courrier s'imprime depuis weker ; il ne s'envoie pas.")
    except canaux.EchecTemporaire as erreur:
        if message.tentatives < TENTATIVES_MAX:
            _finir(message, statut=StatutMessage.EN_ATTENTE, raison=str(erreur)[:500])
            return "a_reessayer"
        _finir(message, statut=StatutMessage.ECHEC, raison=f"{erreur} ({message.tentatives} essais)"[:500])
    except canaux.EnvoiIncertain as erreur:
        _finir(message, statut=StatutMessage.ECHEC, raison=f"Envoi incertain, non renvoyé : {erreur}"[:500])
    except canaux.EchecEnvoi as erreur:
        _finir(message, statut=StatutMessage.ECHEC, raison=str(erreur)[:500])
    except Exception as erreur:
        logger.exception("Envoi du message %s", message.pk)
        _finir(message, statut=StatutMessage.ECHEC, raison=f"Envoi incertain, non renvoyé : {erreur}"[:500])
    else:
        _finir(
            message,
            statut=StatutMessage.ENVOYE,
            identifiant_fournisseur=identifiant[:100],
            envoye_le=timezone.now(),
            raison="",
        )
    return None


def messages_surveiller():
    """Tâche périodique : un envoi commencé depuis plus de WEKER_MESSAGES_INCERTAINS_MINUTES (worker mort pendant
    l'appel au fournisseur) devient « échec : envoi incertain » — jamais renvoyé à l'aveugle ; un message resté
    en attente (publication perdue, nouvel essai prévu) est remis en file. Renvoie (incertains, republiés)."""
    maintenant = timezone.now()
    limite = maintenant - datetime.timedelta(minutes=settings.WEKER_MESSAGES_INCERTAINS_MINUTES)
    incertains = Message.objects.filter(statut=StatutMessage.EN_COURS, envoi_commence_le__lt=limite).update(
        statut=StatutMessage.ECHEC,
        raison="Envoi incertain : l'envoi a été interrompu (arrêt du serveur des tâches) ; il n'est pas renvoyé "
        "pour ne pas doubler le message. Vérifiez auprès du jeune.",
    )
    from messagerie.tasks import envoyer_message

    en_attente = list(
        Message.objects.filter(
            statut=StatutMessage.EN_ATTENTE, cree_le__lt=maintenant - ATTENTE_AVANT_REPUBLICATION
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in en_attente:
        envoyer_message.delay(pk)
    return incertains, len(en_attente)


# --- Statuts renvoyés par le fournisseur -------------------------------------------------------------------------

# Événements des SMS transactionnels de Brevo (champ `msg_status` ou `event`) : distribué, échec, désinscription.
EVENEMENTS_DISTRIBUE = {"delivered"}
EVENEMENTS_ECHEC = {
    "hardbounce": "numéro invalide ou injoignable",
    "hard_bounce": "numéro invalide ou injoignable",
    "softbounce": "téléphone injoignable (éteint ou hors réseau)",
    "soft_bounce": "téléphone injoignable (éteint ou hors réseau)",
    "rejected": "refusé par l'opérateur",
    "blocked": "numéro bloqué",
    "error": "erreur du fournisseur",
}
EVENEMENTS_DESINSCRIPTION = {"unsubscribed", "unsubscription", "stop"}


@transaction.atomic
def message_statut_fournisseur(*, identifiant, evenement, description="", reponse=""):
    """Rappel de statut du fournisseur pour le message `identifiant`. Renvoie le message mis à jour, ou None
    (identifiant inconnu : rien ne change)."""
    if not identifiant:
        return None
    message = (
        Message.objects.select_for_update().select_related("jeune").filter(identifiant_fournisseur=identifiant).first()
    )
    if message is None:
        return None
    evenement = (evenement or "").strip().lower()
    if evenement in EVENEMENTS_DESINSCRIPTION or (reponse or "").strip().upper() == "STOP":
        consentement_enregistrer(
            jeune=message.jeune, canal=message.canal, accepte=False, origine=OrigineConsentement.STOP
        )
        return message
    if message.statut not in (StatutMessage.ENVOYE, StatutMessage.DISTRIBUE):
        return message
    if evenement in EVENEMENTS_DISTRIBUE:
        message.statut = StatutMessage.DISTRIBUE
        message.distribue_le = timezone.now()
        message.save(update_fields=["statut", "distribue_le"])
    elif evenement in EVENEMENTS_ECHEC:
        message.statut = StatutMessage.ECHEC
        detail = f" ({description})" if description else ""
        message.raison = f"Non distribué : {EVENEMENTS_ECHEC[evenement]}{detail}"[:500]
        message.save(update_fields=["statut", "raison"])
    return message
