"""Actions territoriales : recrutements, découverte des métiers, mixité, GPEC-T, entrepreneuriat, santé…
Les participants sans dossier sont des effectifs par public, jamais des noms ; les jeunes suivis sont inscrits un à
un. Voir ../shared/specs/entreprises-actions.md."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions_territoriales.enums import PUBLICS, TypeAction


def _effectif(libelle):
    return models.PositiveIntegerField(libelle, default=0)


def somme_des_publics():
    """Expression : les participants comptés sans dossier, tous publics confondus."""
    champs = [F(champ) for champ, _libelle in PUBLICS]
    total = champs[0]
    for champ in champs[1:]:
        total = total + champ
    return total


class ActionTerritoriale(models.Model):
    reference = models.CharField("référence", max_length=50, unique=True)
    intitule = models.CharField("intitulé", max_length=200)
    type = models.CharField("type", max_length=32, choices=TypeAction.choices)
    date = models.DateField("date (premier jour)")
    date_fin = models.DateField("dernier jour", null=True, blank=True)
    commune = models.ForeignKey(
        "antennes.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="actions_territoriales"
    )
    lieu = models.CharField("lieu", max_length=200, blank=True)
    antenne = models.ForeignKey(
        "antennes.Antenne", verbose_name="antenne", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partenaires = models.CharField("partenaires", max_length=500, blank=True)
    entreprises = models.ManyToManyField(
        "entreprises.Entreprise", verbose_name="entreprises participantes", blank=True, related_name="actions"
    )
    public_tout_public = _effectif("tout public")
    public_scolaires = _effectif("scolaires")
    public_etudiants = _effectif("étudiants")
    public_salaries = _effectif("salariés")
    public_demandeurs_emploi = _effectif("demandeurs d'emploi")
    public_professionnels = _effectif("professionnels")
    participants_femmes = _effectif("dont femmes (participants comptés)")
    entretiens = _effectif("entretiens d'embauche")
    seconds_entretiens = _effectif("seconds entretiens")
    embauches = _effectif("contrats signés")
    organisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="organisé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "intitule"]
        verbose_name = "action territoriale"
        verbose_name_plural = "actions territoriales"
        indexes = [models.Index(fields=["date", "type"], name="action_date_type")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date")),
                name="action_fin_apres_debut",
                violation_error_message="Le dernier jour ne peut pas précéder le premier.",
            ),
            models.CheckConstraint(
                condition=Q(participants_femmes__lte=somme_des_publics()),
                name="action_femmes_parmi_les_comptes",
                violation_error_message="Les femmes comptées ne peuvent pas dépasser les participants comptés "
                "(somme des publics).",
            ),
            # Pas de règle « seconds entretiens ≤ entretiens » : un second entretien peut suivre un premier entretien
            # tenu lors d'une autre action (job dating puis entretien chez l'employeur).
        ]

    def __str__(self):
        return f"{self.intitule} ({self.date:%d/%m/%Y})"

    @property
    def participants_comptes(self):
        """Participants comptés sans dossier, tous publics (aucune requête)."""
        return sum(getattr(self, champ) for champ, _libelle in PUBLICS)


class ParticipationAction(models.Model):
    """Un jeune suivi (avec un dossier) qui a pris part à une action."""

    action = models.ForeignKey(ActionTerritoriale, on_delete=models.CASCADE, related_name="participations")
    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.CASCADE, related_name="participations_actions")
    inscrit_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("inscrit le", default=timezone.now)

    class Meta:
        verbose_name = "participation à une action"
        verbose_name_plural = "participations à des actions"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "jeune"],
                name="une_participation_par_jeune_et_action",
                violation_error_message="Ce jeune est déjà inscrit à cette action.",
            )
        ]

    def __str__(self):
        return f"{self.jeune} — {self.action}"
