"""Fonds d'aide aux jeunes : demandes, décisions (le reste du circuit est ajouté par l'application aides)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from aides.enums import (
    DECISIONS_FAVORABLES,
    Fonds,
    ModePaiement,
    StatutDemande,
    StatutSeance,
    TypeAide,
    TypeDecision,
    TypeEnveloppe,
)
from weker.fichiers import chemin_aleatoire
from weker.templatetags.weker import euros

ZERO = Decimal("0.00")


def numero_demande(pk):
    """Numéro affiché d'une demande (« FAJ-000115 »), aussi pour les listes lues en valeurs, sans instance."""
    return f"FAJ-{pk:06d}"


def _montant(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=2, **kwargs)


def _poste_budget(verbose_name):
    return _montant(verbose_name, default=ZERO, validators=[MinValueValidator(ZERO)])


class DemandeAideQuerySet(models.QuerySet):
    def accordees(self):
        return self.filter(decision__in=DECISIONS_FAVORABLES)

    def decidees_en(self, annee):
        """Décision datée de `annee` ; avec `accordees()`, les « aides FAJ attribuées en N » des indicateurs."""
        return self.filter(date_decision__gte=date(annee, 1, 1), date_decision__lte=date(annee, 12, 31))

    def du_fonds(self, fonds):
        return self.filter(fonds=fonds)

    def pour_antenne(self, antenne):
        return self.filter(jeune__antenne=antenne)

    def a_inscrire(self):
        """Demandes soumises qui attendent une séance (y compris les demandes ajournées)."""
        return self.filter(statut=StatutDemande.SOUMISE)

    def avec_donnees_de_liste(self):
        return self.select_related("jeune", "jeune__antenne", "conseiller")


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

    # Ajouts du circuit complet (application aides)
    enveloppe = models.ForeignKey(
        "aides.Enveloppe",
        verbose_name="enveloppe d'imputation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demandes",
    )
    date_notification = models.DateField("date de notification", null=True, blank=True)
    derogation_age_motif = models.TextField(
        "motif de la dérogation d'âge",
        blank=True,
        help_text="Obligatoire pour un jeune de 16 ou 17 ans à la date de la demande.",
    )
    derogation_age_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dérogation enregistrée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Budget simplifié du jeune (montants mensuels)
    ressources_activite = _poste_budget("revenus d'activité (salaire, stage, formation rémunérée)")
    ressources_allocations = _poste_budget("allocations (CAF, France Travail, allocation CEJ…)")
    ressources_famille = _poste_budget("aide de la famille ou de l'entourage")
    ressources_autres = _poste_budget("autres ressources")
    charges_logement = _poste_budget("loyer ou participation au logement")
    charges_energie = _poste_budget("énergie, eau, assurance habitation")
    charges_transport = _poste_budget("transport")
    charges_telephone = _poste_budget("téléphone, internet")
    charges_credits = _poste_budget("crédits, dettes")
    charges_autres = _poste_budget("autres charges")

    history = HistoricalRecords()
    objects = DemandeAideQuerySet.as_manager()

    POSTES_RESSOURCES = ("ressources_activite", "ressources_allocations", "ressources_famille", "ressources_autres")
    POSTES_CHARGES = (
        "charges_logement",
        "charges_energie",
        "charges_transport",
        "charges_telephone",
        "charges_credits",
        "charges_autres",
    )

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
        return (
            f"Demande {self.get_type_display().lower()} de {euros(self.montant_demande)} ({self.get_fonds_display()})"
        )

    @property
    def numero(self):
        return numero_demande(self.pk) if self.pk else "FAJ-nouvelle"

    @property
    def total_ressources(self):
        return sum((getattr(self, p) or ZERO for p in self.POSTES_RESSOURCES), ZERO)

    @property
    def total_charges(self):
        return sum((getattr(self, p) or ZERO for p in self.POSTES_CHARGES), ZERO)

    @property
    def reste_a_vivre(self):
        return self.total_ressources - self.total_charges

    def lignes_budget(self):
        """[(libellé, montant)] des ressources puis des charges, pour l'affichage (libellés avec majuscule)."""

        def ligne(poste):
            libelle = str(self._meta.get_field(poste).verbose_name)
            return libelle[:1].upper() + libelle[1:], getattr(self, poste)

        return [ligne(p) for p in self.POSTES_RESSOURCES], [ligne(p) for p in self.POSTES_CHARGES]

    @property
    def est_accordee(self):
        return self.decision in DECISIONS_FAVORABLES


class ParametreFAJ(models.Model):
    """Paramètres du FAJ (une seule ligne, modifiable dans l'administration)."""

    plafond_urgence = _montant(
        "plafond de l'aide d'urgence (€)",
        default=Decimal("75.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Montant maximal qu'un salarié habilité peut accorder sans attendre la commission.",
    )
    signataire = models.CharField(
        "signataire des courriers", max_length=150, default="La présidence de la commission FAJ"
    )
    adresse_structure = models.TextField(
        "adresse de la structure (en-tête des courriers)",
        default="Mission Locale du bassin d'emploi de Rennes\nMaison de l'emploi\n35000 Rennes",
    )
    tribunal_administratif = models.CharField(
        "tribunal administratif compétent", max_length=200, default="Tribunal administratif de Rennes"
    )

    class Meta:
        verbose_name = "paramètres du FAJ"
        verbose_name_plural = "paramètres du FAJ"

    def __str__(self):
        return "Paramètres du FAJ"

    @classmethod
    def courant(cls):
        parametre, _ = cls.objects.get_or_create(pk=1)
        return parametre


class SeanceQuerySet(models.QuerySet):
    def non_closes(self):
        return self.exclude(statut=StatutSeance.CLOSE)

    def ou_siege(self, user):
        return self.filter(membres=user)


class Seance(models.Model):
    """Séance d'une commission FAJ (une commission par fonds)."""

    fonds = models.CharField("fonds", max_length=16, choices=Fonds.choices)
    date = models.DateField("date")
    heure = models.TimeField("heure", null=True, blank=True)
    lieu = models.CharField("lieu", max_length=200)
    presidence = models.CharField("présidence de séance", max_length=150)
    membres = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="membres présents", blank=True, related_name="seances_faj"
    )
    statut = models.CharField("statut", max_length=16, choices=StatutSeance.choices, default=StatutSeance.PREPAREE)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    close_le = models.DateTimeField("close le", null=True, blank=True)

    objects = SeanceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "séance de commission"
        verbose_name_plural = "séances de commission"

    def __str__(self):
        return f"Commission {self.get_fonds_display()} du {self.date:%d/%m/%Y}"

    @property
    def est_preparee(self):
        return self.statut == StatutSeance.PREPAREE

    @property
    def est_ouverte(self):
        return self.statut == StatutSeance.OUVERTE

    @property
    def est_close(self):
        return self.statut == StatutSeance.CLOSE


class PointOrdreDuJour(models.Model):
    """Une demande inscrite à l'ordre du jour d'une séance, dans l'ordre de passage."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="points")
    demande = models.ForeignKey(DemandeAide, on_delete=models.PROTECT, related_name="points")
    ordre = models.PositiveSmallIntegerField("ordre de passage")
    conseiller_presentant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller présentant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["seance", "ordre"]
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "demande"],
                name="une_inscription_par_demande_et_seance",
                violation_error_message="Cette demande est déjà à l'ordre du jour de cette séance.",
            )
        ]

    def __str__(self):
        return f"{self.ordre}. {self.demande.numero}"


class Decision(models.Model):
    """Historique des décisions : une ligne par décision (commission ou urgence), ajournements compris."""

    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="decisions")
    seance = models.ForeignKey(Seance, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    type = models.CharField("décision", max_length=32, choices=TypeDecision.choices)
    montant_accorde = _montant("montant accordé (€)", null=True, blank=True)
    motif = models.TextField("motif", blank=True)
    date = models.DateField("date de décision")
    urgence = models.BooleanField("décision d'urgence", default=False)
    enveloppe = models.ForeignKey(
        "aides.Enveloppe", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enregistree_le = models.DateTimeField("enregistrée le", default=timezone.now)

    class Meta:
        ordering = ["-enregistree_le", "-id"]
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        constraints = [
            models.CheckConstraint(
                condition=~Q(type__in=DECISIONS_FAVORABLES) | Q(montant_accorde__gt=0),
                name="decision_accordee_a_un_montant",
                violation_error_message="Une aide accordée doit avoir un montant accordé positif.",
            ),
            models.CheckConstraint(
                condition=Q(type__in=DECISIONS_FAVORABLES) | Q(montant_accorde__isnull=True),
                name="decision_defavorable_sans_montant",
                violation_error_message="Une demande refusée ou ajournée n'a pas de montant accordé.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} le {self.date:%d/%m/%Y}"


class EtapeDemande(models.Model):
    """Journal du circuit : chaque changement de statut, avec qui et quand."""

    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="etapes")
    de_statut = models.CharField("de", max_length=16, choices=StatutDemande.choices, blank=True)
    vers_statut = models.CharField("vers", max_length=16, choices=StatutDemande.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    le = models.DateTimeField("le", default=timezone.now)
    commentaire = models.CharField("commentaire", max_length=250, blank=True)

    class Meta:
        ordering = ["le", "id"]
        verbose_name = "étape de la demande"
        verbose_name_plural = "étapes des demandes"

    def __str__(self):
        return f"{self.get_de_statut_display() or 'création'} → {self.get_vers_statut_display()}"


class EnveloppeQuerySet(models.QuerySet):
    def de(self, fonds, annee):
        return self.filter(fonds=fonds, annee=annee)

    def imputables(self):
        """Enveloppes sur lesquelles une décision peut être imputée (ni réserve, ni budget regroupant)."""
        return self.exclude(type__in=[TypeEnveloppe.RESERVE, TypeEnveloppe.FONDS])

    def avec_montants(self, *, sauf_demande=None, sous_enveloppes=True):
        """Seule définition du montant disponible d'une enveloppe, lue par la page du budget, l'écran de séance et
        le contrôle d'une décision (aides.services) :

        - `recu` / `cede` : réallocations reçues de la réserve / cédées par la réserve ;
        - `dotation` = montant voté + reçu − cédé ;
        - `accorde` : montants des décisions favorables en vigueur imputées sur l'enveloppe ou, pour un budget de
          fonds, sur ses sous-enveloppes (`sauf_demande` : sans celle-ci, qu'une nouvelle décision remplace ;
          `sous_enveloppes=False` : sans la somme des sous-enveloppes, que l'appelant qui les lit toutes ajoute
          lui-même, voir `aides.selectors.budget_annuel`) ;
        - `disponible` = dotation − accordé.
        """
        accordees = DemandeAide.objects.filter(decision__in=DECISIONS_FAVORABLES)
        if sauf_demande is not None:
            accordees = accordees.exclude(pk=sauf_demande.pk)
        # Deux sommes plutôt qu'une condition « enveloppe = E OU parent de l'enveloppe = E » : avec le OU, PostgreSQL
        # parcourait toutes les décisions de tous les fonds et de toutes les années (250 ms à un million de jeunes,
        # à chaque écran de séance) ; chaque somme séparée suit l'index de la clé étrangère (docs/benchmarks.md).
        # Une demande n'est imputée que sur une enveloppe : elle n'entre jamais dans les deux sommes.
        accorde_direct = _somme_par_enveloppe(accordees.filter(enveloppe=OuterRef("pk")), "montant_accorde")
        accorde_sous_enveloppes = Value(ZERO, output_field=MONTANT)
        if sous_enveloppes:
            accorde_sous_enveloppes = models.Case(  # seul un budget de fonds a des sous-enveloppes
                models.When(
                    type=TypeEnveloppe.FONDS,
                    then=_somme_par_enveloppe(accordees.filter(enveloppe__parent=OuterRef("pk")), "montant_accorde"),
                ),
                default=Value(ZERO),
                output_field=MONTANT,
            )
        # `dotation` et `disponible` sont calculés en Python à partir de ces trois sommes (propriétés du modèle) :
        # annotés en SQL, chacun recopiait les sous-requêtes dont il dépend (trois fois la même somme).
        return self.annotate(
            recu=_somme_par_enveloppe(Reallocation.objects.filter(destination=OuterRef("pk")), "montant"),
            cede=_somme_par_enveloppe(Reallocation.objects.filter(source=OuterRef("pk")), "montant"),
            accorde=models.ExpressionWrapper(accorde_direct + accorde_sous_enveloppes, output_field=MONTANT),
        )


MONTANT = models.DecimalField(max_digits=12, decimal_places=2)


def _somme_par_enveloppe(qs, champ):
    """Somme de `champ` sur les lignes de `qs` (déjà corrélé à l'enveloppe par OuterRef), 0 s'il n'y en a pas."""
    somme = qs.order_by().annotate(groupe=Value(1)).values("groupe").annotate(s=Sum(champ)).values("s")
    return Coalesce(Subquery(somme, output_field=MONTANT), Value(ZERO), output_field=MONTANT)


class Enveloppe(models.Model):
    """Budget annuel d'un fonds, éventuellement découpé en sous-enveloppes (Mission Locale, CCAS, réserve)."""

    fonds = models.CharField("fonds", max_length=16, choices=Fonds.choices)
    annee = models.PositiveSmallIntegerField("année")
    nom = models.CharField("nom", max_length=150)
    type = models.CharField("type", max_length=16, choices=TypeEnveloppe.choices)
    montant = _montant("montant voté (€)", validators=[MinValueValidator(ZERO)])
    parent = models.ForeignKey(
        "self",
        verbose_name="enveloppe parente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sous_enveloppes",
    )

    objects = EnveloppeQuerySet.as_manager()

    class Meta:
        ordering = ["fonds", "annee", "parent_id", "type", "nom"]
        verbose_name = "enveloppe"
        verbose_name_plural = "enveloppes"
        constraints = [
            models.UniqueConstraint(
                fields=["fonds", "annee", "nom"],
                name="enveloppe_nom_unique_par_fonds_et_annee",
                violation_error_message="Une enveloppe de ce nom existe déjà pour ce fonds et cette année.",
            ),
            models.CheckConstraint(
                condition=Q(montant__gte=0),
                name="enveloppe_montant_positif",
                violation_error_message="Le montant d'une enveloppe ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.get_fonds_display()} {self.annee})"

    @property
    def est_reserve(self):
        return self.type == TypeEnveloppe.RESERVE

    # Les deux montants dérivés des sommes d'`EnveloppeQuerySet.avec_montants` (seule lecture qui les fournit).
    @property
    def dotation(self):
        """Montant voté + réallocations reçues − réallocations cédées."""
        return self.montant + self.recu - self.cede

    @property
    def disponible(self):
        """Dotation − montants accordés."""
        return self.dotation - self.accorde


class Reallocation(models.Model):
    """Abondement d'une enveloppe par la réserve, toujours explicite et tracé."""

    source = models.ForeignKey(
        Enveloppe, verbose_name="réserve", on_delete=models.PROTECT, related_name="reallocations_cedees"
    )
    destination = models.ForeignKey(
        Enveloppe, verbose_name="enveloppe abondée", on_delete=models.PROTECT, related_name="reallocations_recues"
    )
    montant = _montant("montant (€)")
    motif = models.CharField("motif", max_length=250)
    demande = models.ForeignKey(
        DemandeAide,
        verbose_name="demande à l'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    le = models.DateTimeField("le", default=timezone.now)

    class Meta:
        ordering = ["-le"]
        verbose_name = "réallocation depuis la réserve"
        verbose_name_plural = "réallocations depuis la réserve"
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gt=0),
                name="reallocation_montant_positif",
                violation_error_message="Le montant réalloué doit être positif.",
            ),
        ]

    def __str__(self):
        return f"{euros(self.montant)} de {self.source.nom} vers {self.destination.nom}"


def chemin_piece_jointe(instance, filename):
    """Nom aléatoire (jamais le nom d'origine sur le disque), extension déduite du contenu."""
    return chemin_aleatoire("aides", "pieces", type_mime=instance.type_mime)


class PieceJointe(models.Model):
    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="pieces")
    fichier = models.FileField("fichier", upload_to=chemin_piece_jointe, max_length=200)
    nom_original = models.CharField("nom du fichier", max_length=200)
    description = models.CharField("description", max_length=200, blank=True)
    type_mime = models.CharField("type", max_length=50)
    taille = models.PositiveIntegerField("taille (octets)")
    ajoute_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ajoute_le = models.DateTimeField("ajouté le", default=timezone.now)

    class Meta:
        ordering = ["ajoute_le", "id"]
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"

    def __str__(self):
        return self.nom_original


class Paiement(models.Model):
    demande = models.ForeignKey(DemandeAide, on_delete=models.PROTECT, related_name="paiements")
    mode = models.CharField("mode de paiement", max_length=16, choices=ModePaiement.choices)
    date = models.DateField("date du paiement")
    reference = models.CharField("référence", max_length=100, help_text="N° de mandat, de chèque ou de bon.")
    beneficiaire = models.CharField(
        "bénéficiaire du paiement", max_length=200, blank=True, help_text="Obligatoire pour un paiement à un tiers."
    )
    montant = _montant("montant (€)")
    par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    enregistre_le = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "paiement"
        verbose_name_plural = "paiements"
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gt=0),
                name="paiement_montant_positif",
                violation_error_message="Le montant payé doit être positif.",
            ),
            models.CheckConstraint(
                condition=~Q(mode=ModePaiement.TIERS) | ~Q(beneficiaire=""),
                name="paiement_tiers_a_un_beneficiaire",
                violation_error_message="Indiquez le tiers (fournisseur) payé.",
            ),
        ]

    def __str__(self):
        return f"{euros(self.montant)} le {self.date:%d/%m/%Y} ({self.get_mode_display()})"
