"""Catalogue des dispositifs, inscriptions (entrées/sorties) et versements d'allocations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dispositifs.enums import FondsAllocation, MotifSortie, Niveau


class DispositifQuerySet(models.QuerySet):
    def ouverts(self):
        return self.filter(ouvert_aux_entrees=True)


class Dispositif(models.Model):
    """Un dispositif et ses règles, décrites comme des données (modifiables par les administrateurs)."""

    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=150)
    niveau = models.CharField("niveau", max_length=16, choices=Niveau.choices)
    financeur = models.CharField("financeur", max_length=150, blank=True)
    description = models.TextField("description", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    ouvert_aux_entrees = models.BooleanField("ouvert aux nouvelles entrées", default=True)
    ferme_depuis = models.DateField("fermé aux entrées depuis le", null=True, blank=True)

    objects = DispositifQuerySet.as_manager()

    class Meta:
        ordering = ["ordre", "nom"]
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"

    def __str__(self):
        return self.nom


class InscriptionQuerySet(models.QuerySet):
    def en_cours(self, date=None):
        date = date or timezone.localdate()
        return self.filter(date_entree__lte=date).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=date))

    def ouvertes(self):
        return self.filter(date_sortie__isnull=True)

    def chevauchant(self, debut, fin):
        """Inscriptions dont la période [entrée, sortie ou ouverte] chevauche [debut, fin]."""
        return self.filter(date_entree__lte=fin).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut))


class Inscription(models.Model):
    """Entrée d'un jeune dans un dispositif, jusqu'à sa sortie."""

    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.CASCADE, related_name="inscriptions")
    dispositif = models.ForeignKey(Dispositif, on_delete=models.PROTECT, related_name="inscriptions")
    date_entree = models.DateField("date d'entrée")
    date_fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    date_sortie = models.DateField("date de sortie", null=True, blank=True)
    motif_sortie = models.CharField("motif de sortie", max_length=16, choices=MotifSortie.choices, blank=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    history = HistoricalRecords()
    objects = InscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-date_entree"]
        verbose_name = "inscription à un dispositif"
        verbose_name_plural = "inscriptions à des dispositifs"
        indexes = [models.Index(fields=["dispositif", "date_entree"], name="inscription_dispositif_entree")]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "dispositif"],
                condition=Q(date_sortie__isnull=True),
                name="une_inscription_ouverte_par_jeune_et_dispositif",
                violation_error_message="Ce jeune a déjà une inscription en cours dans ce dispositif.",
            ),
            models.UniqueConstraint(
                fields=["jeune", "dispositif", "date_entree"],
                name="inscription_cle_naturelle",
                violation_error_message="Ce jeune est déjà entré dans ce dispositif à cette date.",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True) | Q(date_sortie__gte=F("date_entree")),
                name="inscription_sortie_apres_entree",
                violation_error_message="La date de sortie ne peut pas précéder la date d'entrée.",
            ),
        ]

    def __str__(self):
        return f"{self.dispositif} depuis le {self.date_entree:%d/%m/%Y}"

    @property
    def est_ouverte(self):
        return self.date_sortie is None


class Versement(models.Model):
    """Allocation versée pour le compte de l'État (CEJ, PACEA, Garantie jeunes)."""

    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.CASCADE, related_name="versements")
    fonds = models.CharField("allocation", max_length=32, choices=FondsAllocation.choices)
    date = models.DateField("date de paiement")
    montant = models.DecimalField("montant (€)", max_digits=9, decimal_places=2)
    periode = models.CharField("mois couvert (AAAA-MM)", max_length=7, blank=True)
    inscription = models.ForeignKey(
        Inscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="versements"
    )
    motif = models.CharField("motif", max_length=250, blank=True)
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = "versement"
        verbose_name_plural = "versements"
        indexes = [models.Index(fields=["fonds", "date"], name="versement_fonds_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gt=0),
                name="versement_montant_positif",
                violation_error_message="Le montant d'un versement doit être positif.",
            ),
            models.UniqueConstraint(
                fields=["jeune", "fonds", "date", "periode"],
                name="versement_cle_naturelle",
                violation_error_message="Ce versement est déjà enregistré.",
            ),
        ]

    def __str__(self):
        return f"{self.get_fonds_display()} {self.montant} € le {self.date:%d/%m/%Y}"
