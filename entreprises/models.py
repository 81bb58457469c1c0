"""Relations entreprises : établissements (employeurs, structures d'accueil), leurs contacts, les offres reçues, les
mises en relation de jeunes et les immersions (PMSMP). Voir ../shared/specs/entreprises-actions.md."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from entreprises.enums import (
    RESULTATS_EN_COURS,
    TYPES_CONTRAT_OFFRE,
    ObjetImmersion,
    ResultatMiseEnRelation,
    StatutImmersion,
    StatutOffre,
    TrancheEffectif,
)
from entreprises.regles import normaliser_siret, valider_naf, valider_siret
from weker.texte import normaliser

LONGUEUR_MINIMALE_TRIGRAMME = 3


class EntrepriseQuerySet(models.QuerySet):
    def recherche(self, texte):
        """Par nom ou par SIRET, sans accents ni casse ; chaque mot saisi doit figurer.

        - Une saisie faite de chiffres (espaces permis : « 356 000 000 00048 ») : le SIRET, ou son début (SIREN).
        - Les autres mots : raison sociale et enseigne (`nom_recherche`). Un mot de 3 lettres ou plus peut figurer
          n'importe où (index trigramme sur PostgreSQL, comme la recherche des jeunes) ; un fragment plus court doit
          commencer un mot.
        """
        texte = (texte or "").strip()
        chiffres = normaliser_siret(texte)
        if chiffres.isdigit():
            return self.filter(siret__startswith=chiffres[:14])
        qs = self
        for mot in normaliser(texte).split():
            if len(mot) >= LONGUEUR_MINIMALE_TRIGRAMME:
                qs = qs.filter(nom_recherche__contains=mot)
            else:
                qs = qs.filter(Q(nom_recherche__startswith=mot) | Q(nom_recherche__contains=" " + mot))
        return qs

    def dans_la_commune(self, texte):
        """Commune par code INSEE (« 35238 ») ou par le début de son nom (« saint-gr » : Saint-Grégoire)."""
        texte = (texte or "").strip()
        if not texte:
            return self
        if len(texte) == 5 and texte[:2].isalnum() and texte[2:].isdigit():
            return self.filter(commune_id=texte.upper())
        return self.filter(commune__nom_recherche__startswith=normaliser(texte))


class OffreQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(statut=StatutOffre.OUVERTE)

    def echues_au(self, jour):
        """Offres ouvertes dont la date de clôture est passée au `jour` (la veille ou avant) : à expirer."""
        return self.ouvertes().filter(date_cloture__lt=jour)


class Entreprise(models.Model):
    """Établissement (un SIRET) : employeur, structure d'accueil d'immersion, partenaire d'une action."""

    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[valider_siret])
    raison_sociale = models.CharField("raison sociale", max_length=200)
    enseigne = models.CharField("enseigne", max_length=200, blank=True)
    naf = models.CharField("code NAF", max_length=6, blank=True, validators=[valider_naf])
    section_naf = models.CharField("section NAF", max_length=1, blank=True, editable=False)
    tranche_effectif = models.CharField("tranche d'effectif", max_length=2, choices=TrancheEffectif.choices, blank=True)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        "antennes.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="entreprises"
    )
    nom_recherche = models.CharField("nom normalisé", max_length=200, db_index=True, editable=False, default="")
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["nom_recherche"])
    objects = EntrepriseQuerySet.as_manager()

    class Meta:
        ordering = ["raison_sociale"]
        verbose_name = "entreprise"
        verbose_name_plural = "entreprises"

    def __str__(self):
        return self.raison_sociale

    def get_absolute_url(self):
        return reverse("entreprises:entreprise_detail", kwargs={"pk": self.pk})

    @property
    def siret_affiche(self):
        """« 356 000 000 00048 » : SIREN en trois groupes, puis le NIC."""
        s = self.siret
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}" if len(s) == 14 else s


class ContactEntreprise(models.Model):
    """Personne à contacter chez l'employeur : donnée personnelle (journal des accès, historique, anonymisée après
    trois ans sans modification)."""

    entreprise = models.ForeignKey(Entreprise, on_delete=models.CASCADE, related_name="contacts")
    nom = models.CharField("nom", max_length=150)
    fonction = models.CharField("fonction", max_length=150, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    modifie_le = models.DateTimeField("modifié le", default=timezone.now)
    anonymise_le = models.DateTimeField("anonymisé le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["nom"]
        verbose_name = "contact d'entreprise"
        verbose_name_plural = "contacts d'entreprise"

    def __str__(self):
        return self.nom


class Offre(models.Model):
    reference = models.CharField("référence", max_length=50, unique=True)
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="offres")
    intitule = models.CharField("intitulé", max_length=200)
    code_rome = models.CharField("code ROME", max_length=5, blank=True)
    type_contrat = models.CharField("type de contrat", max_length=32, choices=TYPES_CONTRAT_OFFRE)
    nombre_postes = models.PositiveSmallIntegerField("nombre de postes", default=1)
    date_reception = models.DateField("reçue le")
    date_cloture = models.DateField("date de clôture", null=True, blank=True)
    statut = models.CharField("statut", max_length=16, choices=StatutOffre.choices, default=StatutOffre.OUVERTE)
    description = models.TextField("description", blank=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller relations entreprises",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    history = HistoricalRecords()
    objects = OffreQuerySet.as_manager()

    class Meta:
        ordering = ["-date_reception", "reference"]
        verbose_name = "offre"
        verbose_name_plural = "offres"
        indexes = [
            models.Index(fields=["date_reception"], name="offre_date_reception"),
            models.Index(fields=["statut", "date_cloture"], name="offre_statut_cloture"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nombre_postes__gte=1),
                name="offre_au_moins_un_poste",
                violation_error_message="Une offre compte au moins un poste.",
            ),
            models.CheckConstraint(
                condition=Q(date_cloture__isnull=True) | Q(date_cloture__gte=F("date_reception")),
                name="offre_cloture_apres_reception",
                violation_error_message="La date de clôture ne peut pas précéder la date de réception.",
            ),
        ]

    def __str__(self):
        return f"{self.intitule} ({self.reference})"

    def get_absolute_url(self):
        return reverse("entreprises:offre_detail", kwargs={"pk": self.pk})

    @property
    def est_ouverte(self):
        return self.statut == StatutOffre.OUVERTE


class MiseEnRelationQuerySet(models.QuerySet):
    def en_cours(self):
        """Proposées ou au stade de l'entretien : le résultat n'est pas encore connu."""
        return self.filter(resultat__in=RESULTATS_EN_COURS)


class MiseEnRelation(models.Model):
    """Un jeune proposé à un employeur, pour une offre ou en candidature spontanée."""

    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.CASCADE, related_name="mises_en_relation")
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="mises_en_relation")
    offre = models.ForeignKey(Offre, null=True, blank=True, on_delete=models.PROTECT, related_name="mises_en_relation")
    date = models.DateField("date")
    resultat = models.CharField(
        "résultat", max_length=16, choices=ResultatMiseEnRelation.choices, default=ResultatMiseEnRelation.PROPOSEE
    )
    situation = models.OneToOneField(
        "accompagnement.Situation",
        verbose_name="situation d'emploi créée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mise_en_relation",
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("saisie le", default=timezone.now)

    history = HistoricalRecords()

    objects = MiseEnRelationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-cree_le"]
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        indexes = [models.Index(fields=["date"], name="mise_en_relation_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["jeune", "entreprise", "offre", "date"],
                nulls_distinct=False,
                name="une_mise_en_relation_par_jour",
                violation_error_message="Ce jeune est déjà proposé à cette entreprise ce jour-là.",
            )
        ]

    def __str__(self):
        return f"Mise en relation du {self.date:%d/%m/%Y} avec {self.entreprise}"


class Immersion(models.Model):
    """Convention de période de mise en situation en milieu professionnel (PMSMP) : le jeune, la structure
    d'accueil, le tuteur et la Mission Locale (prescripteur)."""

    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.CASCADE, related_name="immersions")
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="immersions")
    objet = models.CharField("objet", max_length=16, choices=ObjetImmersion.choices)
    metier = models.CharField("métier ou poste observé", max_length=200)
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin")
    horaires = models.CharField("horaires", max_length=250, blank=True)
    activites = models.TextField("activités confiées", blank=True)
    tuteur_nom = models.CharField("nom du tuteur", max_length=150)
    tuteur_fonction = models.CharField("fonction du tuteur", max_length=150, blank=True)
    tuteur_telephone = models.CharField("téléphone du tuteur", max_length=20, blank=True)
    tuteur_courriel = models.EmailField("courriel du tuteur", blank=True)
    renouvellement_de = models.OneToOneField(
        "self",
        verbose_name="renouvelle la convention",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renouvellement",
    )
    statut = models.CharField("statut", max_length=16, choices=StatutImmersion.choices, default=StatutImmersion.PREVUE)
    situation = models.OneToOneField(
        "accompagnement.Situation",
        verbose_name="situation d'immersion créée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="immersion",
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("saisie le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_debut"]
        verbose_name = "immersion (PMSMP)"
        verbose_name_plural = "immersions (PMSMP)"
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__gte=F("date_debut")),
                name="immersion_fin_apres_debut",
                violation_error_message="La date de fin ne peut pas précéder la date de début.",
            )
        ]

    def __str__(self):
        return f"Immersion chez {self.entreprise} du {self.date_debut:%d/%m/%Y}"
