"""Fonds d'aide aux jeunes : demandes, décisions (le reste du circuit est ajouté par l'application aides)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from aides.enums import DECISIONS_FAVORABLES, Fonds, StatutDemande, TypeAide, TypeDecision


class DemandeAideQuerySet(models.QuerySet):
    def accordees(self):
        return self.filter(decision__in=DECISIONS_FAVORABLES)

    def decidees_en(self, annee):
        return self.filter(date_decision__year=annee)


class DemandeAide(models.Model):
    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.PROTECT, related_name="demandes_aide")
    reference_externe = models.CharField(
        "référence dans le système précédent", max_length=64, unique=True, null=True, blank=True
    )
    fonds = models.CharField("fonds", max_length=16, choices=Fonds.choices)
    type = models.CharField("type d'aide", max_length=32, choices=TypeAide.choices)
    urgence = models.BooleanField("aide d'urgence", default=False)
    statut = models.CharField("statut", max_length=16, choices=StatutDemande.choices, default=StatutDemande.BROUILLON)
    date_demande = models.DateField("date de la demande", default=timezone.localdate)
    montant_demande = models.DecimalField("montant demandé (€)", max_digits=9, decimal_places=2)
    motivation = models.TextField("motivation", blank=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="demandes_aide"
    )
    # Décision en vigueur (l'historique des décisions successives est gardé à part)
    decision = models.CharField("décision", max_length=32, choices=TypeDecision.choices, blank=True)
    date_decision = models.DateField("date de décision", null=True, blank=True)
    montant_accorde = models.DecimalField("montant accordé (€)", max_digits=9, decimal_places=2, null=True, blank=True)
    motif_decision = models.TextField("motif de la décision", blank=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    history = HistoricalRecords()
    objects = DemandeAideQuerySet.as_manager()

    class Meta:
        ordering = ["-date_demande", "-id"]
        verbose_name = "demande d'aide"
        verbose_name_plural = "demandes d'aide"
        indexes = [models.Index(fields=["fonds", "date_decision"], name="demande_fonds_decision")]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_demande__gt=0),
                name="demande_montant_positif",
                violation_error_message="Le montant demandé doit être positif.",
            ),
            models.CheckConstraint(
                condition=Q(montant_accorde__isnull=True) | Q(montant_accorde__lte=F("montant_demande")),
                name="demande_accorde_inferieur_au_demande",
                violation_error_message="Le montant accordé ne peut pas dépasser le montant demandé.",
            ),
            models.CheckConstraint(
                condition=Q(date_decision__isnull=True) | Q(date_decision__gte=F("date_demande")),
                name="demande_decision_apres_demande",
                violation_error_message="La décision ne peut pas précéder la demande.",
            ),
            models.CheckConstraint(
                condition=~Q(decision__in=DECISIONS_FAVORABLES) | Q(montant_accorde__gt=0),
                name="demande_accordee_a_un_montant",
                violation_error_message="Une aide accordée doit avoir un montant accordé positif.",
            ),
        ]

    def __str__(self):
        return f"Demande {self.get_type_display().lower()} de {self.montant_demande} € ({self.get_fonds_display()})"
