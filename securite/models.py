"""Journaux de la sécurité : accès aux données personnelles et connexions (en ajout seul)."""

from django.db import models


class ActionAcces(models.TextChoices):
    CONSULTATION = "consultation", "Consultation"
    EXPORT = "export", "Export"
    IMPRESSION = "impression", "Impression"
    TELECHARGEMENT = "telechargement", "Téléchargement"
    MODIFICATION = "modification", "Modification"
    EXCEPTIONNELLE = "exceptionnelle", "Consultation exceptionnelle (hors base active)"
    HORS_PERIMETRE = "hors_perimetre", "Consultation hors périmètre (dossier d'une autre antenne)"
    TRANSFERT = "transfert", "Transfert du dossier à une autre antenne"
    EFFACEMENT = "effacement", "Effacement (anonymisation)"


class ModificationInterdite(Exception):
    """Levée quand l'application tente de modifier ou supprimer une ligne d'un journal en ajout seul."""


class JournalAcces(models.Model):
    """Journal des accès aux données personnelles : une ligne par affichage, export, impression ou téléchargement.

    Écrit dans la même transaction que la réponse (ATOMIC_REQUESTS) : si la ligne ne peut pas être écrite, la
    requête échoue. En ajout seul pour l'application (aucune modification, purge par tâche planifiée), à une
    exception près : l'effacement d'un jeune retire ses identifiants de l'objet et du motif de ses lignes
    (conservation.services, par QuerySet.update). L'objet désigne ce qui est lu par des références
    (`securite.journal.reference` : « pièce justificative n° 123 »), jamais par un nom de fichier ou de personne.
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
        db_table = "weker_journalacces"  # table créée sous l'étiquette « weker », gardée telle quelle
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
        db_table = "weker_connexionjournal"  # table créée sous l'étiquette « weker », gardée telle quelle
        indexes = [models.Index(fields=["identifiant", "-le"], name="connexion_identifiant_le")]

    def __str__(self):
        return f"{self.identifiant} — {self.get_evenement_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ModificationInterdite("Le journal des connexions est en ajout seul.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ModificationInterdite("Le journal des connexions ne se supprime que par la purge planifiée.")
