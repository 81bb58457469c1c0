"""Catalogue des dispositifs, inscriptions (entrées/sorties) et versements d'allocations."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dispositifs.dates import ajouter_mois
from dispositifs.enums import (
    CodeParametre,
    FondsAllocation,
    MotifSortie,
    Niveau,
    SituationFiscale,
    StatutPreparation,
    TypeAlerte,
    TypeAllocation,
    TypeOrienteur,
)
from weker.templatetags.weker import euros


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

    # Règles d'éligibilité (vides = pas de règle)
    age_min = models.PositiveSmallIntegerField("âge minimum à l'entrée", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(
        "âge maximum à l'entrée", null=True, blank=True, help_text="Âge révolu : 25 = jusqu'à la veille des 26 ans."
    )
    age_max_rqth = models.PositiveSmallIntegerField("âge maximum à l'entrée avec une RQTH", null=True, blank=True)
    public_rsa_requis = models.BooleanField("réservé aux bénéficiaires du RSA", default=False)
    orientation_requise = models.BooleanField(
        "orientation par le référent RSA requise",
        default=False,
        help_text="Le type (CCAS ou CDAS) et le nom de l'orienteur sont alors obligatoires à l'entrée.",
    )
    incompatibilites = models.ManyToManyField(
        "self",
        verbose_name="incompatible en même temps avec",
        blank=True,
        symmetrical=True,
    )

    # Durées et renouvellements (en mois)
    duree_mois = models.PositiveSmallIntegerField("durée initiale (mois)", null=True, blank=True)
    renouvellements_max = models.PositiveSmallIntegerField(
        "nombre maximal de renouvellements", null=True, blank=True, help_text="Vide : pas de limite en nombre."
    )
    duree_renouvellement_mois = models.PositiveSmallIntegerField(
        "durée d'un renouvellement (mois)", null=True, blank=True, help_text="Vide : pas de renouvellement."
    )
    duree_max_totale_mois = models.PositiveSmallIntegerField("durée totale maximale (mois)", null=True, blank=True)
    a_phases = models.BooleanField("organisé en phases", default=False)

    # Suivi et alertes
    frequence_contact_jours = models.PositiveSmallIntegerField(
        "entretien individuel au moins tous les (jours)", null=True, blank=True
    )
    delai_alerte_sans_evenement_jours = models.PositiveSmallIntegerField(
        "alerte sans aucun événement après (jours)", null=True, blank=True
    )
    suivi_apres_emploi_mois = models.PositiveSmallIntegerField(
        "suivi après une entrée en emploi (mois)", null=True, blank=True
    )

    # Allocation
    allocation = models.CharField(
        "allocation", max_length=20, choices=TypeAllocation.choices, default=TypeAllocation.AUCUNE, blank=True
    )
    plafond_allocation_mois_rsa = models.PositiveSmallIntegerField(
        "plafond de l'allocation ponctuelle (en mois de RSA sur 12 mois glissants)", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["ordre", "nom"]
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"

    def __str__(self):
        return self.nom

    def est_ouvert_au(self, date):
        """Ouvert aux entrées à cette date (une entrée antérieure à la fermeture reste enregistrable)."""
        if self.ouvert_aux_entrees:
            return True
        return self.ferme_depuis is not None and date < self.ferme_depuis

    @property
    def est_renouvelable(self):
        return bool(self.duree_renouvellement_mois) and self.renouvellements_max != 0

    @property
    def fonds(self):
        return {
            TypeAllocation.MENSUELLE_CEJ: FondsAllocation.CEJ,
            TypeAllocation.PONCTUELLE_PACEA: FondsAllocation.PACEA,
        }.get(self.allocation, "")


class InscriptionQuerySet(models.QuerySet):
    def en_cours(self, date=None):
        date = date or timezone.localdate()
        return self.filter(date_entree__lte=date).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=date))

    def ouvertes(self):
        return self.filter(date_sortie__isnull=True)

    def chevauchant(self, debut, fin):
        """Inscriptions dont la période [entrée, sortie ou ouverte] chevauche [debut, fin]."""
        return self.filter(date_entree__lte=fin).filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=debut))

    def sorties(self):
        return self.filter(date_sortie__isnull=False)

    def pour_antenne(self, antenne):
        return self.filter(jeune__antenne=antenne)

    def avec_donnees_de_liste(self):
        return self.select_related("jeune", "jeune__antenne", "dispositif", "conseiller")


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

    # Durée accordée (initiale + renouvellements) : la fin prévue en découle.
    duree_mois = models.PositiveSmallIntegerField("durée accordée (mois)", null=True, blank=True)
    nombre_renouvellements = models.PositiveSmallIntegerField("nombre de renouvellements", default=0)
    # CEJ : situation fiscale du foyer (montant de l'allocation)
    foyer_imposable = models.CharField(
        "situation fiscale du foyer", max_length=20, choices=SituationFiscale.choices, blank=True
    )
    # CARS 35 : orientation par le référent RSA
    orienteur_type = models.CharField("orienté par", max_length=8, choices=TypeOrienteur.choices, blank=True)
    orienteur_nom = models.CharField("nom du CCAS/CDAS ou du référent RSA", max_length=150, blank=True)
    # PLIE : entrée en emploi, point de départ du suivi
    date_entree_emploi = models.DateField("entrée en emploi le", null=True, blank=True)
    commentaire = models.TextField("commentaire", blank=True)

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

    def fin_pour_duree(self, duree_mois):
        """Dernier jour inclus d'une durée en mois : entrée le 15/01 pour 12 mois → fin le 14/01 suivant."""
        return ajouter_mois(self.date_entree, duree_mois) - timedelta(days=1)

    @property
    def limite_renouvellement_atteinte(self):
        """Plus aucun renouvellement possible (nombre ou durée totale) ; False si le dispositif n'en prévoit pas."""
        dispositif = self.dispositif
        if not dispositif.est_renouvelable:
            return False
        if dispositif.renouvellements_max is not None and self.nombre_renouvellements >= dispositif.renouvellements_max:
            return True
        return bool(dispositif.duree_max_totale_mois and (self.duree_mois or 0) >= dispositif.duree_max_totale_mois)

    @property
    def fin_suivi_emploi(self):
        if self.date_entree_emploi and self.dispositif.suivi_apres_emploi_mois:
            return ajouter_mois(self.date_entree_emploi, self.dispositif.suivi_apres_emploi_mois)
        return None


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
        return f"{self.get_fonds_display()} {euros(self.montant)} le {self.date:%d/%m/%Y}"


class Phase(models.Model):
    """Phase d'un parcours organisé en phases (PACEA) : dates, objectifs et évaluation."""

    inscription = models.ForeignKey(Inscription, on_delete=models.CASCADE, related_name="phases")
    numero = models.PositiveSmallIntegerField("numéro")
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin", null=True, blank=True)
    objectifs = models.TextField("objectifs", blank=True)
    evaluation = models.TextField("évaluation", blank=True)
    evaluee_le = models.DateField("évaluée le", null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["inscription", "numero"]
        verbose_name = "phase"
        verbose_name_plural = "phases"
        constraints = [
            models.UniqueConstraint(
                fields=["inscription", "numero"],
                name="phase_numero_unique",
                violation_error_message="Cette phase existe déjà.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="phase_fin_apres_debut",
                violation_error_message="La fin d'une phase ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        return f"Phase {self.numero} du {self.date_debut:%d/%m/%Y}"


class ParametreMontantQuerySet(models.QuerySet):
    def en_vigueur_au(self, code, date):
        return self.filter(code=code, date_effet__lte=date).order_by("-date_effet").first()


class ParametreMontant(models.Model):
    """Montant réglementaire daté (allocation CEJ, RSA…) : le montant en vigueur à une date est celui de la
    dernière date d'effet antérieure ou égale. Modifiable par les administrateurs, jamais écrit dans le code."""

    code = models.CharField("paramètre", max_length=40, choices=CodeParametre.choices)
    date_effet = models.DateField("en vigueur à partir du")
    montant = models.DecimalField("montant (€)", max_digits=9, decimal_places=2)
    commentaire = models.CharField("source ou commentaire", max_length=250, blank=True)

    history = HistoricalRecords()
    objects = ParametreMontantQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-date_effet"]
        verbose_name = "montant réglementaire"
        verbose_name_plural = "montants réglementaires"
        constraints = [
            models.UniqueConstraint(
                fields=["code", "date_effet"],
                name="parametre_montant_unique",
                violation_error_message="Un montant existe déjà pour ce paramètre à cette date.",
            ),
            models.CheckConstraint(
                condition=Q(montant__gte=0),
                name="parametre_montant_positif",
                violation_error_message="Le montant ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.get_code_display()} : {euros(self.montant)} au {self.date_effet:%d/%m/%Y}"


class PreparationPaiement(models.Model):
    """Préparation mensuelle des paiements de l'allocation CEJ (ordre de paiement)."""

    mois = models.DateField("mois", unique=True, help_text="Premier jour du mois couvert.")
    statut = models.CharField(
        "statut", max_length=16, choices=StatutPreparation.choices, default=StatutPreparation.BROUILLON
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    date_paiement = models.DateField("date de paiement", null=True, blank=True)
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validee_le = models.DateTimeField("validée le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-mois"]
        verbose_name = "préparation des paiements CEJ"
        verbose_name_plural = "préparations des paiements CEJ"
        constraints = [
            models.CheckConstraint(
                condition=Q(statut=StatutPreparation.BROUILLON) | Q(date_paiement__isnull=False),
                name="preparation_validee_a_une_date",
                violation_error_message="Une préparation validée doit avoir une date de paiement.",
            ),
        ]

    def __str__(self):
        return f"Paiements CEJ de {self.mois:%m/%Y}"

    @property
    def periode(self):
        return f"{self.mois:%Y-%m}"

    @property
    def est_validee(self):
        return self.statut == StatutPreparation.VALIDEE


class LignePaiement(models.Model):
    preparation = models.ForeignKey(PreparationPaiement, on_delete=models.CASCADE, related_name="lignes")
    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.PROTECT, related_name="+")
    inscription = models.ForeignKey(Inscription, on_delete=models.PROTECT, related_name="+")
    age = models.PositiveSmallIntegerField("âge au 1er du mois")
    foyer_imposable = models.CharField(
        "situation fiscale du foyer", max_length=20, choices=SituationFiscale.choices, blank=True
    )
    montant_du = models.DecimalField("montant dû (€)", max_digits=9, decimal_places=2)
    montant = models.DecimalField("montant à payer (€)", max_digits=9, decimal_places=2)
    motif_ajustement = models.CharField("motif de l'ajustement", max_length=250, blank=True)
    ajuste_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["jeune__nom", "jeune__prenom"]
        verbose_name = "ligne de paiement"
        verbose_name_plural = "lignes de paiement"
        constraints = [
            models.UniqueConstraint(
                fields=["preparation", "jeune"],
                name="ligne_paiement_unique",
                violation_error_message="Ce jeune figure déjà dans cette préparation.",
            ),
            models.CheckConstraint(
                condition=Q(montant__gte=0) & Q(montant__lte=F("montant_du")),
                name="ligne_paiement_montant_borne",
                violation_error_message="Le montant à payer doit être compris entre 0 et le montant dû.",
            ),
            models.CheckConstraint(
                condition=Q(montant=F("montant_du")) | ~Q(motif_ajustement=""),
                name="ligne_paiement_ajustement_motive",
                violation_error_message="Indiquez le motif de l'ajustement (suspension, absence…).",
            ),
        ]

    def __str__(self):
        return f"{self.jeune} : {euros(self.montant)}"

    @property
    def est_ajustee(self):
        return self.montant != self.montant_du


class AlerteQuerySet(models.QuerySet):
    def pour_antenne(self, antenne):
        return self.filter(jeune__antenne=antenne)

    def avec_donnees_de_liste(self):
        return self.select_related("jeune", "jeune__antenne", "jeune__referent", "inscription__dispositif")


class Alerte(models.Model):
    """Alerte de suivi d'un jeune, la seule notion d'alerte de l'interface (page des alertes, badges du portefeuille,
    en-tête du dossier). Recalculée pour le jeune à chaque écriture dont elle dépend, après un import, à
    l'installation et chaque nuit (échéances qui arrivent avec les jours) ; supprimée dès que sa cause disparaît.
    Sans inscription : alerte du suivi du jeune (sans contact, rendez-vous dépassé)."""

    type = models.CharField("type", max_length=32, choices=TypeAlerte.choices)
    jeune = models.ForeignKey("accompagnement.Jeune", on_delete=models.CASCADE, related_name="alertes")
    inscription = models.ForeignKey(
        Inscription, on_delete=models.CASCADE, related_name="alertes", null=True, blank=True
    )
    message = models.CharField("message", max_length=250)
    echeance = models.DateField("échéance", null=True, blank=True)
    creee_le = models.DateTimeField("créée le", default=timezone.now)

    objects = AlerteQuerySet.as_manager()

    class Meta:
        ordering = ["echeance", "type"]
        verbose_name = "alerte"
        verbose_name_plural = "alertes"
        constraints = [
            models.UniqueConstraint(fields=["inscription", "type"], name="une_alerte_par_inscription_et_type"),
            models.UniqueConstraint(
                fields=["jeune", "type"],
                condition=models.Q(inscription__isnull=True),
                name="une_alerte_de_suivi_par_jeune_et_type",
            ),
        ]

    def __str__(self):
        return self.message
