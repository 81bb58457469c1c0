"""Messages envoyés aux jeunes (convocations, rappels, invitations, décisions) et consentement par canal.

La messagerie ne connaît pas les objets dont elle parle : un message désigne « son » rendez-vous, sa session ou sa
décision par un type (« rendez-vous ») et un identifiant. Elle est sous `agenda` et `aides`, qui l'appellent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from messagerie.enums import Canal, CodeModele, OrigineConsentement, StatutMessage


class Consentement(models.Model):
    """Accord (ou refus) du jeune pour un canal, avec sa date et qui l'a recueilli ; un par jeune et canal, le
    dernier en date fait foi (l'historique des modifications garde les précédents)."""

    jeune = models.ForeignKey(
        "accompagnement.Jeune", verbose_name="jeune", on_delete=models.CASCADE, related_name="consentements"
    )
    canal = models.CharField("canal", max_length=16, choices=Canal.choices)
    accepte = models.BooleanField("accepte")
    le = models.DateTimeField("le", default=timezone.now)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="recueilli par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origine = models.CharField(
        "origine", max_length=16, choices=OrigineConsentement.choices, default=OrigineConsentement.DOSSIER
    )

    class Meta:
        verbose_name = "consentement"
        verbose_name_plural = "consentements"
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "canal"],
                name="consentement_unique_par_canal",
                violation_error_message="Le consentement de ce jeune pour ce canal est déjà enregistré.",
            ),
        ]

    def __str__(self):
        return f"{self.get_canal_display()} : {'accepté' if self.accepte else 'refusé'}"


class ModeleMessage(models.Model):
    """Texte d'un message (gabarit Django : {{ prenom }}, {{ date }}…), modifiable dans l'administration."""

    code = models.CharField("message", max_length=32, choices=CodeModele.choices)
    canal = models.CharField("canal", max_length=16, choices=Canal.choices)
    sujet = models.CharField("objet (courriel)", max_length=200, blank=True)
    corps = models.TextField("texte")
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        ordering = ["code", "canal"]
        verbose_name = "modèle de message"
        verbose_name_plural = "modèles de message"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "canal"],
                name="modele_message_unique",
                violation_error_message="Ce message a déjà un modèle pour ce canal.",
            ),
        ]

    def __str__(self):
        return f"{self.get_code_display()} — {self.get_canal_display()}"

    def clean(self):
        from messagerie.gabarits import verifier_modele

        verifier_modele(canal=self.canal, sujet=self.sujet, corps=self.corps)


class MessageQuerySet(models.QuerySet):
    def du_jeune(self, jeune):
        return self.filter(jeune=jeune)

    def pour_objet(self, objet_type, objet_id):
        return self.filter(objet_type=objet_type, objet_id=objet_id)


class Message(models.Model):
    """Un message à un jeune, sur un canal : une ligne par envoi, avec son statut. Le même message (modèle) sur le
    même canal, pour le même objet et le même jeune, n'existe qu'une fois (contrainte) : un déclencheur relancé
    ne l'envoie pas deux fois."""

    jeune = models.ForeignKey(
        "accompagnement.Jeune", verbose_name="jeune", on_delete=models.CASCADE, related_name="messages"
    )
    canal = models.CharField("canal", max_length=16, choices=Canal.choices)
    modele = models.CharField("message", max_length=32, choices=CodeModele.choices)
    objet_type = models.CharField("type d'objet", max_length=32)
    objet_id = models.PositiveBigIntegerField("identifiant de l'objet")
    destinataire = models.CharField("destinataire", max_length=254)
    sujet = models.CharField("objet", max_length=200, blank=True)
    corps = models.TextField("texte")
    invitation_ics = models.TextField("invitation (.ics)", blank=True)
    statut = models.CharField("statut", max_length=16, choices=StatutMessage.choices, default=StatutMessage.EN_ATTENTE)
    raison = models.CharField("raison de l'échec", max_length=500, blank=True)
    identifiant_fournisseur = models.CharField("identifiant chez le fournisseur", max_length=100, blank=True)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    envoi_commence_le = models.DateTimeField("envoi commencé le", null=True, blank=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    distribue_le = models.DateTimeField("distribué le", null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-cree_le"]
        verbose_name = "message"
        verbose_name_plural = "messages"
        indexes = [
            models.Index(fields=["statut", "cree_le"], name="message_statut_cree"),
            models.Index(fields=["identifiant_fournisseur"], name="message_id_fournisseur"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "modele", "canal", "objet_type", "objet_id"],
                name="message_une_fois_par_objet_et_canal",
                violation_error_message="Ce message a déjà été programmé pour ce jeune sur ce canal.",
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutMessage.ECHEC) | ~Q(raison=""),
                name="message_echec_avec_raison",
                violation_error_message="Un échec d'envoi a toujours sa raison.",
            ),
        ]

    def __str__(self):
        return f"{self.get_modele_display()} ({self.get_canal_display()}, {self.get_statut_display().lower()})"
