from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from weker.enums import ROLES_AGENCE, Role


class UtilisateurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(is_active=True)

    def conseillers(self):
        return self.filter(role__in=[Role.CONSEILLER, Role.RESPONSABLE_ANTENNE])

    def pour_antenne(self, antenne):
        return self.filter(antenne=antenne)


class UtilisateurManager(UserManager.from_queryset(UtilisateurQuerySet)):
    pass


class Utilisateur(AbstractUser):
    role = models.CharField("rôle", max_length=32, choices=Role.choices, default=Role.CONSEILLER)
    antenne = models.ForeignKey(
        "antennes.Antenne",
        verbose_name="antenne",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="utilisateurs",
    )
    est_dpo = models.BooleanField(
        "délégué·e à la protection des données",
        default=False,
        help_text="Accès au journal des accès et aux dossiers sortis de la base active.",
    )

    objects = UtilisateurManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def est_agence(self):
        return self.role in ROLES_AGENCE

    @property
    def est_membre_commission(self):
        return self.role == Role.MEMBRE_COMMISSION


class ActionAcces(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    EXPORT = "export", "Export"
    IMPRESSION = "impression", "Impression"
    TELECHARGEMENT = "telechargement", "Téléchargement"
    MODIFICATION = "modification", "Modification"
    EXCEPTIONNELLE = "exceptionnelle", "Consultation exceptionnelle (hors base active)"
    EFFACEMENT = "effacement", "Effacement (anonymisation)"


class ModificationInterdite(Exception):
    """Levée quand l'application tente de modifier ou supprimer une ligne d'un journal en ajout seul."""


class JournalAcces(models.Model):
    """Journal des accès aux données personnelles : une ligne par affichage, export, impression ou téléchargement.

    Écrit dans la même transaction que la réponse (ATOMIC_REQUESTS) : si la ligne ne peut pas être écrite, la
    requête échoue. En ajout seul pour l'application (aucune modification, purge par tâche planifiée).
    """

    le = models.DateTimeField("date et heure", auto_now_add=True, db_index=True)
    utilisateur = models.ForeignKey(
        "weker.Utilisateur", verbose_name="utilisateur", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    identifiant = models.CharField("identifiant", max_length=150)
    role = models.CharField("rôle", max_length=32)
    antenne = models.CharField("antenne", max_length=32, blank=True)
    jeune = models.ForeignKey(
        "accompagnement.Jeune",
        verbose_name="jeune",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    action = models.CharField("action", max_length=16, choices=ActionAcces.choices)
    objet = models.CharField("objet", max_length=200, help_text="Ce qui a été consulté : dossier, compte rendu…")
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    motif = models.TextField("motif", blank=True, help_text="Motif déclaré (consultation exceptionnelle, effacement).")

    class Meta:
        ordering = ["-le"]
        verbose_name = "accès journalisé"
        verbose_name_plural = "journal des accès"
        indexes = [
            models.Index(fields=["jeune", "-le"], name="journal_jeune_le"),
            models.Index(fields=["utilisateur", "-le"], name="journal_utilisateur_le"),
        ]

    def __str__(self):
        return f"{self.identifiant} — {self.get_action_display()} — {self.objet}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ModificationInterdite("Le journal des accès est en ajout seul : une ligne ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ModificationInterdite("Le journal des accès ne se supprime que par la purge planifiée.")


class EvenementConnexion(models.TextChoices):
    CONNEXION = "connexion", "Connexion"
    DECONNEXION = "deconnexion", "Déconnexion"
    ECHEC = "echec", "Échec de connexion"
    VERROUILLAGE = "verrouillage", "Verrouillage du compte"
    DEVERROUILLAGE = "deverrouillage", "Déverrouillage"
    OTP_ENROLEMENT = "otp_enrolement", "Second facteur activé"
    OTP_VERIFIE = "otp_verifie", "Second facteur vérifié"
    OTP_ECHEC = "otp_echec", "Échec du second facteur"
    DESACTIVATION = "desactivation", "Compte désactivé, sessions fermées"


class ConnexionJournal(models.Model):
    """Journal des connexions : connexions, déconnexions, échecs, verrouillages (jamais de mot de passe ni de code).

    En ajout seul, purgé avec le journal des accès."""

    le = models.DateTimeField("date et heure", auto_now_add=True, db_index=True)
    evenement = models.CharField("événement", max_length=16, choices=EvenementConnexion.choices)
    utilisateur = models.ForeignKey(
        "weker.Utilisateur",
        verbose_name="utilisateur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identifiant = models.CharField("identifiant saisi", max_length=150, blank=True)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    detail = models.CharField("détail", max_length=200, blank=True)

    class Meta:
        ordering = ["-le"]
        verbose_name = "événement de connexion"
        verbose_name_plural = "journal des connexions"
        indexes = [models.Index(fields=["identifiant", "-le"], name="connexion_identifiant_le")]

    def __str__(self):
        return f"{self.identifiant} — {self.get_evenement_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ModificationInterdite("Le journal des connexions est en ajout seul.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ModificationInterdite("Le journal des connexions ne se supprime que par la purge planifiée.")


class StatutTravail(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class TravailDeFond(models.Model):
    """Base des travaux longs (imports, rapports PDF) : une ligne par travail, avec statut, progression et
    fichier produit ; la tâche Celery reçoit la clé primaire, la page interroge la ligne jusqu'à la fin."""

    statut = models.CharField("statut", max_length=16, choices=StatutTravail.choices, default=StatutTravail.EN_ATTENTE)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape en cours", max_length=200, blank=True)
    message = models.TextField("message", blank=True)
    cree_par = models.ForeignKey(
        "weker.Utilisateur", verbose_name="demandé par", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("demandé le", auto_now_add=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-cree_le"]

    @property
    def est_fini(self):
        return self.statut in (StatutTravail.TERMINE, StatutTravail.ECHEC)

    def avancer(self, progression, etape=""):
        """Met à jour la progression hors transaction de la tâche (visible aussitôt par la page qui interroge)."""
        type(self).objects.filter(pk=self.pk).update(
            progression=progression, etape=etape, statut=StatutTravail.EN_COURS
        )
        self.progression, self.etape, self.statut = progression, etape, StatutTravail.EN_COURS


class ImportReprise(TravailDeFond):
    """Import de reprise de données lancé depuis le navigateur : une archive zip des fichiers du format d'échange."""

    fichier = models.FileField("archive zip", upload_to="reprise/", blank=True)
    nom_fichier = models.CharField("fichier envoyé", max_length=255)
    simulation = models.BooleanField(
        "simulation", default=False, help_text="Valide les fichiers et annonce les nombres, sans rien enregistrer."
    )
    rapport = models.JSONField("rapport", default=dict, blank=True)

    class Meta(TravailDeFond.Meta):
        verbose_name = "import de reprise de données"
        verbose_name_plural = "imports de reprise de données"

    def __str__(self):
        return f"Import « {self.nom_fichier} » du {self.cree_le:%d/%m/%Y %H:%M}"
