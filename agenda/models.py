"""Agenda des conseillers : horaires d'ouverture des lieux d'accueil et rendez-vous individuels.

Les heures sont stockées en UTC (datetime aware) et se lisent en Europe/Paris (voir `agenda.heures`)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from agenda.enums import JourSemaine, ModeRendezVous, MotifAbsence, StatutRendezVous, TypeRendezVous


class HoraireLieu(models.Model):
    lieu = models.ForeignKey(
        "antennes.LieuAccueil", verbose_name="lieu d'accueil", on_delete=models.CASCADE, related_name="horaires"
    )
    jour = models.PositiveSmallIntegerField("jour", choices=JourSemaine.choices)
    debut = models.TimeField("ouverture")
    fin = models.TimeField("fermeture")

    class Meta:
        ordering = ["lieu", "jour", "debut"]
        verbose_name = "horaire d'ouverture"
        verbose_name_plural = "horaires d'ouverture"
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=F("debut")),
                name="horaire_fin_apres_debut",
                violation_error_message="La fermeture doit suivre l'ouverture.",
            ),
        ]

    def __str__(self):
        return f"{self.lieu} — {self.get_jour_display()} {self.debut:%H:%M}–{self.fin:%H:%M}"


class PlageDisponibilite(models.Model):
    """Disponibilité hebdomadaire d'un conseiller (jour, heures de Paris, lieu facultatif). Un conseiller qui en a
    n'est planifié que dans ses plages ; sans plage, les horaires du lieu (ou 9 h–12 h, 14 h–17 h) s'appliquent."""

    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="conseiller", on_delete=models.CASCADE, related_name="plages"
    )
    jour = models.PositiveSmallIntegerField("jour", choices=JourSemaine.choices)
    debut = models.TimeField("début")
    fin = models.TimeField("fin")
    lieu = models.ForeignKey(
        "antennes.LieuAccueil",
        verbose_name="lieu d'accueil",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text="Vide : disponible dans tout lieu, au téléphone et en visio.",
    )

    class Meta:
        ordering = ["conseiller", "jour", "debut"]
        verbose_name = "plage de disponibilité"
        verbose_name_plural = "plages de disponibilité"
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=F("debut")),
                name="plage_fin_apres_debut",
                violation_error_message="La fin de la plage doit suivre son début.",
            ),
        ]

    def __str__(self):
        return f"{self.get_jour_display()} {self.debut:%H:%M}–{self.fin:%H:%M}"


class AbsenceQuerySet(models.QuerySet):
    def chevauchant(self, debut, fin):
        """Absences qui recouvrent [debut, fin[ (se toucher n'est pas se recouvrir)."""
        return self.filter(debut__lt=fin, fin__gt=debut)


class AbsenceConseiller(models.Model):
    """Absence d'un conseiller (congé, formation, maladie) : aucun rendez-vous ne s'y planifie. Le motif ne se
    montre qu'au conseiller et à son responsable d'antenne."""

    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="conseiller", on_delete=models.CASCADE, related_name="absences"
    )
    debut = models.DateTimeField("début")
    fin = models.DateTimeField("fin")
    motif = models.CharField("motif", max_length=16, choices=MotifAbsence.choices)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["conseiller", "debut"]
        verbose_name = "absence d'un conseiller"
        verbose_name_plural = "absences des conseillers"
        indexes = [models.Index(fields=["conseiller", "debut"], name="absence_conseiller_debut")]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gt=F("debut")),
                name="absence_fin_apres_debut",
                violation_error_message="La fin de l'absence doit suivre son début.",
            ),
        ]

    def __str__(self):
        debut, fin = timezone.localtime(self.debut), timezone.localtime(self.fin)
        return f"Absence du {debut:%d/%m/%Y %H:%M} au {fin:%d/%m/%Y %H:%M}"


class RendezVousQuerySet(models.QuerySet):
    def planifies(self):
        return self.filter(statut=StatutRendezVous.PLANIFIE)

    def du_conseiller(self, conseiller):
        return self.filter(conseiller=conseiller)

    def entre(self, debut, fin):
        """Rendez-vous qui commencent dans [debut, fin[."""
        return self.filter(debut__gte=debut, debut__lt=fin)


class RendezVous(models.Model):
    jeune = models.ForeignKey(
        "accompagnement.Jeune", verbose_name="jeune", on_delete=models.CASCADE, related_name="rendez_vous"
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="conseiller", on_delete=models.PROTECT, related_name="rendez_vous"
    )
    lieu = models.ForeignKey(
        "antennes.LieuAccueil",
        verbose_name="lieu d'accueil",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Vide pour un rendez-vous par téléphone ou en visio.",
    )
    debut = models.DateTimeField("début")
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=45)
    type = models.CharField(
        "type", max_length=32, choices=TypeRendezVous.choices, default=TypeRendezVous.ENTRETIEN_INDIVIDUEL
    )
    mode = models.CharField("mode", max_length=16, choices=ModeRendezVous.choices, default=ModeRendezVous.PRESENTIEL)
    statut = models.CharField(
        "statut", max_length=32, choices=StatutRendezVous.choices, default=StatutRendezVous.PLANIFIE
    )
    motif = models.CharField("motif (absence, annulation, report)", max_length=250, blank=True)
    remplace = models.ForeignKey(
        "self",
        verbose_name="remplace le rendez-vous",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remplacants",
    )
    evenement = models.OneToOneField(
        "accompagnement.Evenement",
        verbose_name="entretien saisi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rendez_vous",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rendez_vous_crees",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    objects = RendezVousQuerySet.as_manager()

    class Meta:
        ordering = ["debut"]
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        indexes = [models.Index(fields=["conseiller", "debut"], name="rdv_conseiller_debut")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duree_minutes__gt=0),
                name="rdv_duree_positive",
                violation_error_message="La durée doit être d'au moins une minute.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {timezone.localtime(self.debut):%d/%m/%Y à %H:%M}"

    @property
    def fin(self):
        return self.debut + datetime.timedelta(minutes=self.duree_minutes)

    @property
    def est_planifie(self):
        return self.statut == StatutRendezVous.PLANIFIE
