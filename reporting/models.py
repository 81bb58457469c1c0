"""Instantanés des indicateurs annuels, recalculs à la demande et rapports d'activité PDF."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from weker.travaux import TravailDeFond


class SnapshotQuerySet(models.QuerySet):
    def pour(self, annee, perimetre=None):
        """Instantané d'une année pour l'agence (perimetre=None) ou une antenne (code)."""
        if perimetre:
            return self.filter(annee=annee, perimetre=perimetre)
        return self.filter(annee=annee, perimetre__isnull=True)


class Snapshot(models.Model):
    """Indicateurs d'une année, calculés pour l'agence entière ou une antenne.

    `donnees` a exactement la forme du contrat JSON (../shared/specs/indicateurs.md) ; `details` garde les
    ventilations complémentaires utilisées par le tableau de bord et le rapport (par antenne, par secteur).
    """

    annee = models.PositiveSmallIntegerField("année")
    perimetre = models.CharField(
        "périmètre", max_length=32, null=True, blank=True, help_text="Code de l'antenne ; vide pour toute l'agence."
    )
    donnees = models.JSONField("indicateurs", default=dict)
    details = models.JSONField("ventilations détaillées", default=dict)
    calcule_le = models.DateTimeField("calculé le", default=timezone.now)
    duree_ms = models.PositiveIntegerField("durée du calcul (ms)", default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-annee", "perimetre"]
        verbose_name = "instantané d'indicateurs"
        verbose_name_plural = "instantanés d'indicateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "perimetre"],
                name="snapshot_unique_annee_antenne",
                violation_error_message="Un instantané existe déjà pour cette année et cette antenne.",
            ),
            models.UniqueConstraint(
                fields=["annee"],
                condition=Q(perimetre__isnull=True),
                name="snapshot_unique_annee_agence",
                violation_error_message="Un instantané existe déjà pour cette année (agence entière).",
            ),
        ]

    def __str__(self):
        return f"Indicateurs {self.annee} — {self.perimetre or 'agence'}"


class RecalculIndicateurs(TravailDeFond):
    """Recalcul demandé depuis le tableau de bord : année N et N-1, agence et chaque antenne."""

    NOM_TACHE = "reporting.tasks.executer_recalcul"

    annee = models.PositiveSmallIntegerField("année")

    class Meta(TravailDeFond.Meta):
        verbose_name = "recalcul des indicateurs"
        verbose_name_plural = "recalculs des indicateurs"

    def __str__(self):
        return f"Recalcul des indicateurs {self.annee} ({self.get_statut_display().lower()})"


class RapportPdf(TravailDeFond):
    """Rapport d'activité PDF d'une année, pour l'agence ou une antenne (version du comité d'antenne)."""

    NOM_TACHE = "reporting.tasks.generer_rapport_pdf"

    annee = models.PositiveSmallIntegerField("année")
    antenne = models.ForeignKey(
        "antennes.Antenne", verbose_name="antenne", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fichier = models.FileField("fichier", upload_to="rapports/%Y/", blank=True)

    class Meta(TravailDeFond.Meta):
        verbose_name = "rapport d'activité"
        verbose_name_plural = "rapports d'activité"

    def __str__(self):
        perimetre = self.antenne.nom if self.antenne_id else "agence"
        return f"Rapport d'activité {self.annee} — {perimetre}"

    def fichiers_produits(self):
        return [self.fichier]

    @property
    def nom_fichier(self):
        suffixe = f"-{self.antenne.code.lower()}" if self.antenne_id else ""
        return f"rapport-activite-{self.annee}{suffixe}.pdf"
