"""Travaux de fond (imports, rapports PDF) : base abstraite commune, sans table propre."""

from django.conf import settings
from django.db import models


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
        settings.AUTH_USER_MODEL, verbose_name="demandé par", null=True, on_delete=models.SET_NULL, related_name="+"
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
