from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from comptes.enums import ROLES_AGENCE, Role


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

    relations_entreprises = models.BooleanField(
        "conseiller·ère relations entreprises",
        default=False,
        help_text="Gère le registre des entreprises, les offres, les immersions et les actions territoriales "
        "(les autres salariés les consultent).",
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
