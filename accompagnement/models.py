"""Dossier jeune, événements (entretiens, contacts, sessions collectives) et situations."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accompagnement.enums import (
    TYPES_ACCOMPAGNEMENT,
    CategorieSituation,
    Financeur,
    Hebergement,
    Modalite,
    Nationalite,
    Niveau,
    Permis,
    Presence,
    ResultatFormation,
    SectionNaf,
    Service,
    Sexe,
    SituationFamiliale,
    Transport,
    TypeDocument,
    TypeEvenement,
    TypeSituation,
)
from accompagnement.regles import (
    AGE_MAJORITE,
    AGE_MAX,
    AGE_MAX_DEROGATION,
    AGE_MIN,
    age_au,
    cle_recherche,
    date_saisie,
    valider_nom_personne,
    valider_telephone,
)
from securite.perimetre import filtre_base_active
from weker.fichiers import chemin_aleatoire
from weker.texte import normaliser

# Un index trigramme n'aide qu'à partir de 3 caractères ; en deçà, recherche en début de mot (voir recherche()).
LONGUEUR_MINIMALE_TRIGRAMME = 3


class JeuneQuerySet(models.QuerySet):
    def actifs(self):
        """Base active : ni sortis de la base active (conservation), ni anonymisés."""
        return self.filter(filtre_base_active())

    def pour_antenne(self, antenne):
        return self.filter(antenne=antenne)

    def du_referent(self, user):
        return self.filter(referent=user)

    def recherche(self, texte):
        """Recherche sans accents ni casse : chaque mot saisi doit figurer.

        - Une date (02/04/2007, 2/4/2007, 2007-04-02) : la date de naissance ; une date qui n'existe pas
          (31/02/2007) ne trouve personne.
        - Un mot qui contient un chiffre : l'identifiant du système précédent ou l'identifiant France Travail, en
          entier, sans égard à la casse (aucun nom ne contient de chiffre).
        - Les autres mots : nom, nom d'usage et prénom. Un mot de 3 lettres ou plus peut figurer n'importe où
          (« goff » trouve LE GOFF et LEGOFF) : index trigramme. Un fragment de 1 ou 2 lettres doit commencer un
          mot du nom (« le go » trouve LE GOFF, pas ALEXANDRE GOMEZ) : index plein texte à préfixe, car un index
          trigramme ne sait rien faire d'un fragment aussi court et la base serait parcourue en entier. Voir
          docs/performance.md.
        """
        qs = self
        mots_du_nom = []
        for brut in (texte or "").split():
            try:
                date = date_saisie(brut)
            except ValueError:
                return qs.none()
            if date is not None:
                qs = qs.filter(date_naissance=date)
            elif any(c.isdigit() for c in brut):
                variantes = {brut, brut.upper(), brut.lower()}  # égalités exactes : les index servent
                qs = qs.filter(Q(identifiant_externe__in=variantes) | Q(france_travail_identifiant__in=variantes))
            else:
                mots_du_nom.append(brut)
        for mot in normaliser(" ".join(mots_du_nom)).split():
            if len(mot) >= LONGUEUR_MINIMALE_TRIGRAMME:
                qs = qs.filter(nom_recherche__contains=mot)
                continue
            fragment = "".join(c for c in mot if c.isalnum())
            if not fragment:
                continue
            if connections[self.db].vendor == "postgresql":
                qs = qs.filter(
                    SearchVectorExact(
                        SearchVector("nom_recherche", config="simple"),
                        SearchQuery(f"{fragment}:*", config="simple", search_type="raw"),
                    )
                )
            else:  # SQLite (développement, tests) : même résultat, sans index
                qs = qs.filter(Q(nom_recherche__startswith=fragment) | Q(nom_recherche__contains=" " + fragment))
        return qs

    def accompagnes_en(self, annee):
        """Jeunes accompagnés en `annee` (../shared/specs/indicateurs.md) : la définition qu'emploient aussi les
        indicateurs (reporting.definitions.filtre_accompagne)."""
        return self.filter(filtre_accompagne_en(annee))


class Jeune(models.Model):
    # Identité
    identifiant_externe = models.CharField(
        "identifiant dans le système précédent", max_length=64, unique=True, null=True, blank=True
    )
    nom = models.CharField("nom de naissance", max_length=100, validators=[valider_nom_personne])
    nom_usage = models.CharField("nom d'usage", max_length=100, blank=True, validators=[valider_nom_personne])
    prenom = models.CharField("prénom", max_length=100, validators=[valider_nom_personne])
    nom_recherche = models.CharField("nom normalisé", max_length=320, editable=False, db_index=True)
    sexe = models.CharField("sexe", max_length=1, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance")
    nationalite = models.CharField(
        "nationalité", max_length=16, choices=Nationalite.choices, default=Nationalite.FRANCAISE
    )
    titre_sejour_numero = models.CharField("numéro du titre de séjour", max_length=50, blank=True)
    titre_sejour_expiration = models.DateField("expiration du titre de séjour", null=True, blank=True)

    # Coordonnées et territoire
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        "antennes.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="jeunes"
    )
    antenne = models.ForeignKey(
        "antennes.Antenne", verbose_name="antenne", on_delete=models.PROTECT, related_name="jeunes"
    )
    secteur = models.ForeignKey(
        "antennes.Secteur",
        verbose_name="secteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jeunes",
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True, validators=[valider_telephone])
    courriel = models.EmailField("courriel", blank=True)

    # Accueil et référent
    date_premier_accueil = models.DateField("date du premier accueil")
    derogation_age_motif = models.TextField(
        "motif de dérogation d'âge",
        blank=True,
        help_text=f"Obligatoire si le jeune a moins de {AGE_MIN} ans ou plus de {AGE_MAX} ans au premier accueil "
        f"({AGE_MAX_DEROGATION} ans au plus).",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller référent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jeunes_suivis",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    # Situation (chaque élément garde la date de sa dernière confirmation dans `confirmations`)
    niveau = models.CharField("niveau de qualification", max_length=8, choices=Niveau.choices, blank=True)
    derniere_classe = models.CharField("dernière classe suivie", max_length=100, blank=True)
    diplomes = models.CharField("diplômes obtenus", max_length=250, blank=True)
    hebergement = models.CharField("hébergement", max_length=16, choices=Hebergement.choices, blank=True)
    transport = models.CharField("moyen de transport", max_length=16, choices=Transport.choices, blank=True)
    permis = models.CharField("permis de conduire", max_length=16, choices=Permis.choices, blank=True)
    situation_familiale = models.CharField(
        "situation familiale", max_length=16, choices=SituationFamiliale.choices, blank=True
    )
    enfants_a_charge = models.PositiveSmallIntegerField("enfants à charge", null=True, blank=True)
    ressources_mensuelles = models.DecimalField(
        "ressources mensuelles (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    rsa = models.BooleanField("bénéficiaire du RSA", default=False)
    rqth = models.BooleanField("RQTH", default=False)
    france_travail_identifiant = models.CharField("identifiant France Travail", max_length=20, blank=True)
    qpv = models.BooleanField("réside en QPV", default=False)
    confirmations = models.JSONField(
        "dates de confirmation",
        default=dict,
        blank=True,
        help_text="Date (AAAA-MM-JJ) de la dernière confirmation de chaque élément de situation.",
    )

    # Suivi (dénormalisé, mis à jour par les services : évite de recalculer sur les listes)
    date_dernier_contact = models.DateField("dernier contact", null=True, blank=True, db_index=True)
    date_prochain_rdv = models.DateField("prochain rendez-vous", null=True, blank=True)

    # Conservation (protection des données)
    archive_le = models.DateField("sorti de la base active le", null=True, blank=True)
    anonymise_le = models.DateField("anonymisé le", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["nom_recherche", "date_dernier_contact", "date_prochain_rdv"])
    objects = JeuneQuerySet.as_manager()

    class Meta:
        ordering = ["nom", "prenom"]
        verbose_name = "jeune"
        verbose_name_plural = "jeunes"
        indexes = [
            models.Index(fields=["antenne", "nom", "prenom"], name="jeune_antenne_nom"),
            models.Index(fields=["referent", "nom"], name="jeune_referent_nom"),
            models.Index(fields=["date_naissance"], name="jeune_naissance"),
            models.Index(fields=["france_travail_identifiant"], name="jeune_france_travail"),
        ]

    def __str__(self):
        return f"{self.nom_affiche} {self.prenom}"

    def save(self, *args, **kwargs):
        self.nom_recherche = cle_recherche(self.nom, self.nom_usage, self.prenom)
        super().save(*args, **kwargs)

    @property
    def nom_affiche(self):
        return (self.nom_usage or self.nom).upper()

    def age_au(self, date):
        return age_au(self.date_naissance, date)

    @property
    def age(self):
        return self.age_au(timezone.localdate())

    @property
    def est_mineur(self):
        return self.age < AGE_MAJORITE

    @property
    def est_dans_base_active(self):
        return self.archive_le is None and self.anonymise_le is None


class RepresentantLegal(models.Model):
    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="representants_legaux")
    nom = models.CharField("nom", max_length=100, validators=[valider_nom_personne])
    prenom = models.CharField("prénom", max_length=100, validators=[valider_nom_personne])
    lien = models.CharField("lien avec le jeune", max_length=50, help_text="Mère, père, tuteur…")
    telephone = models.CharField("téléphone", max_length=30, blank=True, validators=[valider_telephone])
    courriel = models.EmailField("courriel", blank=True)

    class Meta:
        verbose_name = "représentant légal"
        verbose_name_plural = "représentants légaux"

    def __str__(self):
        return f"{self.prenom} {self.nom} ({self.lien})"


class AffectationReferent(models.Model):
    """Historique des référents : une ligne par période de suivi."""

    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="affectations")
    referent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    debut = models.DateField("début")
    fin = models.DateField("fin", null=True, blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motif = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        ordering = ["-debut"]
        verbose_name = "affectation de référent"
        verbose_name_plural = "affectations de référents"
        constraints = [
            models.UniqueConstraint(
                fields=["jeune"],
                condition=Q(fin__isnull=True),
                name="une_affectation_en_cours_par_jeune",
                violation_error_message="Ce jeune a déjà un référent en cours.",
            )
        ]

    def __str__(self):
        return f"{self.referent} depuis le {self.debut:%d/%m/%Y}"


class Referentiel(models.Model):
    """Liste configurable par l'administrateur (code stable, libellé, ordre) : thèmes d'ateliers, programmes de
    formation. Les codes sont ceux du format d'échange ; tous sont des clés des indicateurs, même à 0."""

    code = models.SlugField("code", max_length=32, unique=True)
    libelle = models.CharField("libellé", max_length=150)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    actif = models.BooleanField("proposé à la saisie", default=True)

    class Meta:
        abstract = True
        ordering = ["ordre", "code"]

    def __str__(self):
        return self.libelle


class ThemeAtelier(Referentiel):
    class Meta(Referentiel.Meta):
        verbose_name = "thème d'atelier"
        verbose_name_plural = "thèmes d'ateliers"


class ProgrammeFormation(Referentiel):
    class Meta(Referentiel.Meta):
        verbose_name = "programme de formation"
        verbose_name_plural = "programmes de formation"


class SessionCollective(models.Model):
    """Atelier ou information collective (par exemple à l'Exploratoire)."""

    type = models.CharField(
        "type",
        max_length=32,
        choices=[
            (TypeEvenement.ATELIER.value, "Atelier"),
            (TypeEvenement.INFORMATION_COLLECTIVE.value, "Information collective"),
        ],
    )
    date = models.DateField("date")
    heure_debut = models.TimeField("heure de début", null=True, blank=True)
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", null=True, blank=True)
    theme = models.CharField("thème", max_length=200)
    theme_atelier = models.ForeignKey(
        ThemeAtelier,
        verbose_name="thème (liste)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text="Thème compté dans les indicateurs « ateliers par thème » ; repris par les présences.",
    )
    lieu = models.ForeignKey(
        "antennes.LieuAccueil", verbose_name="lieu", null=True, blank=True, on_delete=models.PROTECT
    )
    antenne = models.ForeignKey("antennes.Antenne", verbose_name="antenne", on_delete=models.PROTECT)
    animateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="animateur", null=True, blank=True, on_delete=models.SET_NULL
    )
    capacite = models.PositiveSmallIntegerField("capacité", default=12)
    emargement_cloture_le = models.DateTimeField("émargement clos le", null=True, blank=True)

    class Meta:
        ordering = ["-date", "heure_debut"]
        verbose_name = "session collective"
        verbose_name_plural = "sessions collectives"

    def __str__(self):
        return f"{self.get_type_display()} « {self.theme} » du {self.date:%d/%m/%Y}"


class Participation(models.Model):
    session = models.ForeignKey(SessionCollective, on_delete=models.CASCADE, related_name="participations")
    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="participations")
    presence = models.CharField("présence", max_length=16, choices=Presence.choices, default=Presence.INSCRIT)

    class Meta:
        verbose_name = "participation"
        verbose_name_plural = "participations"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "jeune"],
                name="une_participation_par_jeune_et_session",
                violation_error_message="Ce jeune est déjà inscrit à cette session.",
            )
        ]

    def __str__(self):
        return f"{self.jeune} — {self.get_presence_display()}"


class EvenementQuerySet(models.QuerySet):
    def d_accompagnement(self):
        """Entretiens individuels, ateliers et informations collectives (pas les contacts)."""
        return self.filter(type__in=TYPES_ACCOMPAGNEMENT)

    def en(self, annee):
        return self.filter(date__gte=datetime.date(annee, 1, 1), date__lte=datetime.date(annee, 12, 31))


def filtre_accompagne_en(annee, reference="pk"):
    """Jeune accompagné en `annee` : au moins un événement d'accompagnement (entretien individuel, atelier ou
    information collective, présence à une session comprise) daté de l'année. Seule définition, en EXISTS sur
    le jeune désigné par `reference` (« pk » depuis Jeune, « evenement__jeune » depuis un service rendu…)."""
    return Exists(Evenement.objects.d_accompagnement().en(annee).filter(jeune=OuterRef(reference)))


class Evenement(models.Model):
    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="evenements")
    type = models.CharField("type", max_length=32, choices=TypeEvenement.choices)
    date = models.DateField("date")
    modalite = models.CharField("modalité", max_length=16, choices=Modalite.choices, blank=True)
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", null=True, blank=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evenements",
    )
    lieu = models.ForeignKey(
        "antennes.LieuAccueil", verbose_name="lieu d'accueil", null=True, blank=True, on_delete=models.SET_NULL
    )
    themes = models.CharField("thèmes abordés", max_length=250, blank=True)
    compte_rendu = models.TextField(
        "compte rendu",
        blank=True,
        help_text="Uniquement ce qui est utile à l'accompagnement : pas de diagnostic médical, "
        "pas de jugement, pas de détail d'infraction.",
    )
    prochaine_etape = models.CharField("prochaine étape", max_length=250, blank=True)
    prochain_rdv = models.DateField("prochain rendez-vous", null=True, blank=True)
    session = models.ForeignKey(
        SessionCollective, null=True, blank=True, on_delete=models.CASCADE, related_name="evenements"
    )
    # Atelier ou information collective : thème de la liste configurable (celui de la session quand il y en a une)
    # et, pour l'historique importé, la référence de la session dans le système précédent (format d'échange).
    theme_atelier = models.ForeignKey(
        ThemeAtelier, verbose_name="thème (liste)", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference_session = models.CharField("référence de la session (reprise)", max_length=50, blank=True)
    cree_le = models.DateTimeField("saisi le", default=timezone.now)

    history = HistoricalRecords()
    objects = EvenementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-cree_le"]
        verbose_name = "événement"
        verbose_name_plural = "événements"
        indexes = [
            models.Index(fields=["jeune", "-date"], name="evenement_jeune_date"),
            models.Index(fields=["date", "type"], name="evenement_date_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "jeune"],
                name="un_evenement_par_jeune_et_session",
                violation_error_message="La présence de ce jeune à cette session est déjà enregistrée.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"


class EvenementService(models.Model):
    """Service rendu lors d'un événement (santé, logement, mobilité), codes du format d'échange."""

    evenement = models.ForeignKey(Evenement, on_delete=models.CASCADE, related_name="services")
    service = models.CharField("service", max_length=32, choices=Service.choices)

    class Meta:
        verbose_name = "service rendu"
        verbose_name_plural = "services rendus"
        constraints = [
            models.UniqueConstraint(fields=["evenement", "service"], name="un_service_par_evenement"),
        ]

    def __str__(self):
        return self.get_service_display()


class Situation(models.Model):
    """Entrée en emploi, en formation ou en immersion."""

    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="situations")
    categorie = models.CharField("catégorie", max_length=16, choices=CategorieSituation.choices)
    type = models.CharField("type", max_length=32, choices=TypeSituation.choices)
    financeur = models.CharField("financeur", max_length=32, choices=Financeur.choices, blank=True)
    date_debut = models.DateField("date de début")
    date_fin = models.DateField("date de fin", null=True, blank=True)
    employeur = models.CharField("employeur ou organisme", max_length=200, blank=True)
    intitule = models.CharField("intitulé du poste ou de la formation", max_length=200, blank=True)
    secteur_activite = models.CharField("secteur d'activité", max_length=150, blank=True)
    entreprise = models.ForeignKey(
        "entreprises.Entreprise",
        verbose_name="entreprise ou organisme (registre)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="situations",
    )
    secteur_naf = models.CharField(
        "section NAF de l'employeur",
        max_length=1,
        choices=SectionNaf.choices,
        blank=True,
        help_text="Lettre A à U ; celle de l'entreprise du registre quand elle est connue.",
    )
    programme = models.ForeignKey(
        ProgrammeFormation,
        verbose_name="programme de formation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="situations",
    )
    resultat_formation = models.CharField(
        "issue de la formation", max_length=16, choices=ResultatFormation.choices, blank=True
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_debut"]
        verbose_name = "situation"
        verbose_name_plural = "situations"
        indexes = [models.Index(fields=["categorie", "date_debut"], name="situation_categorie_debut")]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="situation_fin_apres_debut",
                violation_error_message="La date de fin ne peut pas précéder la date de début.",
            ),
            models.CheckConstraint(
                condition=~Q(categorie=CategorieSituation.FORMATION) | ~Q(financeur=""),
                name="situation_formation_a_un_financeur",
                violation_error_message="Indiquez le financeur de la formation.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} depuis le {self.date_debut:%d/%m/%Y}"


def chemin_document(instance, filename):
    """Nom aléatoire (jamais le nom d'origine, qui peut nommer le jeune), extension déduite du contenu."""
    return chemin_aleatoire("accompagnement", "documents", type_mime=instance.type_mime)


class DocumentJeune(models.Model):
    """Document joint au dossier (pièce d'identité, CV, contrat CEJ signé…), servi par une vue contrôlée."""

    jeune = models.ForeignKey(Jeune, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField("type de document", max_length=32, choices=TypeDocument.choices)
    date = models.DateField("date du document", help_text="Date de délivrance, de signature ou d'établissement.")
    fichier = models.FileField("fichier", upload_to=chemin_document, max_length=200)
    nom_original = models.CharField("nom du fichier", max_length=200)
    type_mime = models.CharField("type de fichier", max_length=50)
    taille = models.PositiveIntegerField("taille (octets)")
    ajoute_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ajouté par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ajoute_le = models.DateTimeField("ajouté le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-ajoute_le", "-id"]
        verbose_name = "document du dossier"
        verbose_name_plural = "documents du dossier"

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"
