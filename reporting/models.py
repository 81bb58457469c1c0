"""Instantanés des indicateurs annuels, recalculs à la demande, rapports d'activité PDF et leurs éditions figées."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from weker.fichiers import chemin_aleatoire
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


# --- Éditions du rapport d'activité : les mots de la direction et les éditions figées -------------------------


def chemin_logo(instance, filename):
    """Nom aléatoire, extension déduite du contenu vérifié (weker/fichiers.py) ; jamais servi directement."""
    return chemin_aleatoire("rapports", "logos", type_mime=instance.logo_type_mime)


class RedactionRapportQuerySet(models.QuerySet):
    def pour(self, annee, antenne_code=None):
        if antenne_code:
            return self.filter(annee=annee, antenne__code=antenne_code)
        return self.filter(annee=annee, antenne__isnull=True)


class RedactionRapport(models.Model):
    """Ce que la direction prépare pour le rapport d'une année (agence, ou une antenne) : chapitres retirés, logo ;
    les textes d'ouverture des chapitres sont des `TexteChapitre`. Chaque édition figée en garde une copie."""

    annee = models.PositiveSmallIntegerField("année")
    antenne = models.ForeignKey(
        "antennes.Antenne", verbose_name="antenne", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chapitres_retires = models.JSONField(
        "chapitres retirés", default=list, blank=True, help_text="Codes des chapitres qui n'apparaissent pas."
    )
    logo = models.FileField("logo", upload_to=chemin_logo, max_length=200, blank=True)
    logo_type_mime = models.CharField("type du logo", max_length=50, blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RedactionRapportQuerySet.as_manager()

    class Meta:
        verbose_name = "rédaction du rapport d'activité"
        verbose_name_plural = "rédactions du rapport d'activité"
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "antenne"],
                name="redaction_unique_annee_antenne",
                violation_error_message="La rédaction de cette année existe déjà pour cette antenne.",
            ),
            models.UniqueConstraint(
                fields=["annee"],
                condition=Q(antenne__isnull=True),
                name="redaction_unique_annee_agence",
                violation_error_message="La rédaction de cette année existe déjà pour l'agence.",
            ),
        ]

    def __str__(self):
        return f"Rédaction du rapport {self.annee} — {self.antenne.nom if self.antenne_id else 'agence'}"


class TexteChapitre(models.Model):
    """Mot de la direction qui ouvre un chapitre (`reporting.chapitres`) : texte brut en paragraphes, citation."""

    TEXTE_MAX, CITATION_MAX, AUTEUR_MAX = 4000, 600, 150

    redaction = models.ForeignKey(RedactionRapport, on_delete=models.CASCADE, related_name="textes")
    chapitre = models.CharField("chapitre", max_length=40)
    texte = models.TextField("texte d'ouverture", max_length=TEXTE_MAX, blank=True)
    citation = models.TextField("citation mise en avant", max_length=CITATION_MAX, blank=True)
    citation_auteur = models.CharField("auteur de la citation", max_length=AUTEUR_MAX, blank=True)

    class Meta:
        verbose_name = "texte de chapitre"
        verbose_name_plural = "textes de chapitre"
        constraints = [
            models.UniqueConstraint(
                fields=["redaction", "chapitre"],
                name="texte_chapitre_unique",
                violation_error_message="Ce chapitre a déjà son texte pour cette rédaction.",
            ),
            models.CheckConstraint(
                condition=Q(citation_auteur="") | ~Q(citation=""),
                name="texte_chapitre_auteur_avec_citation",
                violation_error_message="Un auteur sans citation : saisissez la citation ou retirez l'auteur.",
            ),
        ]

    def __str__(self):
        return f"{self.chapitre} ({self.redaction})"


class EditionRapport(TravailDeFond):
    """Édition figée du rapport d'activité : le PDF produit et les chiffres qu'il montre (instantanés N et N-1,
    JSON), jamais recalculés ni réécrits. Figer à nouveau crée l'édition suivante (numéro par année et périmètre).

    `cree_par` / `termine_le` : qui l'a figée et quand elle l'a été."""

    NOM_TACHE = "reporting.tasks.figer_edition"

    annee = models.PositiveSmallIntegerField("année")
    antenne = models.ForeignKey(
        "antennes.Antenne", verbose_name="antenne", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    numero = models.PositiveSmallIntegerField("numéro")
    redaction = models.JSONField(
        "mise en page figée", default=dict, help_text="Chapitres retenus, textes et citations, logo, à la demande."
    )
    chiffres = models.JSONField("chiffres figés", default=dict, blank=True, encoder=DjangoJSONEncoder)
    fichier = models.FileField("fichier", upload_to="rapports/editions/%Y/", blank=True)
    empreinte = models.CharField("empreinte SHA-256 du PDF", max_length=64, blank=True)

    class Meta(TravailDeFond.Meta):
        verbose_name = "édition du rapport d'activité"
        verbose_name_plural = "éditions du rapport d'activité"
        constraints = [
            models.UniqueConstraint(
                fields=["annee", "antenne", "numero"],
                name="edition_unique_numero_antenne",
                violation_error_message="Ce numéro d'édition existe déjà pour cette année et cette antenne.",
            ),
            models.UniqueConstraint(
                fields=["annee", "numero"],
                condition=Q(antenne__isnull=True),
                name="edition_unique_numero_agence",
                violation_error_message="Ce numéro d'édition existe déjà pour cette année (agence).",
            ),
        ]

    def __str__(self):
        perimetre = self.antenne.nom if self.antenne_id else "agence"
        return f"Rapport d'activité {self.annee} — {perimetre}, édition n° {self.numero}"

    def fichiers_produits(self):
        return [self.fichier]

    @property
    def nom_fichier(self):
        suffixe = f"-{self.antenne.code.lower()}" if self.antenne_id else ""
        return f"rapport-activite-{self.annee}{suffixe}-edition-{self.numero}.pdf"
