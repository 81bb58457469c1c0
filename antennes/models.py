"""Référentiel territorial : antennes, EPCI, communes, secteurs et lieux d'accueil.

Voir ../shared/specs/territoires.md. Les codes des antennes et des secteurs sont des identifiants stables ;
les noms sont des libellés d'affichage, modifiables dans l'administration.
"""

from django.db import models

from weker.texte import normaliser


class AntenneQuerySet(models.QuerySet):
    def du_bassin(self):
        return self.filter(est_hors_bassin=False)


class Antenne(models.Model):
    HORS_BASSIN = "HORS_BE"

    code = models.CharField("code", max_length=32, unique=True)
    nom = models.CharField("nom", max_length=100)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    est_hors_bassin = models.BooleanField("hors bassin d'emploi", default=False)

    objects = AntenneQuerySet.as_manager()

    class Meta:
        ordering = ["ordre", "nom"]
        verbose_name = "antenne"
        verbose_name_plural = "antennes"

    def __str__(self):
        return self.nom


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField("nom", max_length=200)
    antenne = models.ForeignKey(
        Antenne, verbose_name="antenne", null=True, blank=True, on_delete=models.PROTECT, related_name="epcis"
    )

    class Meta:
        ordering = ["nom"]
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"

    def __str__(self):
        return self.nom


class SecteurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)

    def pour_antenne(self, antenne):
        return self.filter(antenne=antenne)


class Secteur(models.Model):
    code = models.CharField("code", max_length=32, unique=True)
    nom = models.CharField("nom", max_length=150)
    antenne = models.ForeignKey(Antenne, verbose_name="antenne", on_delete=models.PROTECT, related_name="secteurs")
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=0)
    a_valider = models.BooleanField(
        "rattachement à valider",
        default=False,
        help_text="Rattachement proposé par défaut, à valider par l'agence.",
    )
    actif = models.BooleanField("actif", default=True)

    objects = SecteurQuerySet.as_manager()

    class Meta:
        ordering = ["antenne__ordre", "ordre", "nom"]
        verbose_name = "secteur"
        verbose_name_plural = "secteurs"

    def __str__(self):
        return self.nom


class CommuneQuerySet(models.QuerySet):
    def du_bassin(self):
        return self.filter(antenne__est_hors_bassin=False)

    def recherche(self, texte):
        """Recherche par nom (sans accents ni casse), code INSEE ou code postal."""
        texte = (texte or "").strip()
        if texte.isdigit():
            return self.filter(models.Q(code_insee__startswith=texte) | models.Q(codes_postaux__contains=texte))
        return self.filter(nom_recherche__startswith=normaliser(texte))


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=200)
    nom_recherche = models.CharField("nom normalisé", max_length=200, db_index=True, editable=False)
    codes_postaux = models.CharField("codes postaux", max_length=200, blank=True)
    departement = models.CharField("département", max_length=3)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", null=True, blank=True, on_delete=models.SET_NULL, related_name="communes"
    )
    antenne = models.ForeignKey(Antenne, verbose_name="antenne", on_delete=models.PROTECT, related_name="communes")
    secteur_defaut = models.ForeignKey(
        Secteur,
        verbose_name="secteur par défaut",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communes",
        help_text="Vide pour Rennes : le secteur (quartier) doit être choisi.",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        verbose_name = "commune"
        verbose_name_plural = "communes"

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"

    def save(self, *args, **kwargs):
        self.nom_recherche = normaliser(self.nom)
        super().save(*args, **kwargs)


class LieuAccueil(models.Model):
    nom = models.CharField("nom", max_length=150)
    antenne = models.ForeignKey(Antenne, verbose_name="antenne", on_delete=models.PROTECT, related_name="lieux")
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", null=True, blank=True, on_delete=models.PROTECT)
    actif = models.BooleanField("actif", default=True)

    class Meta:
        ordering = ["antenne__ordre", "nom"]
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"

    def __str__(self):
        return self.nom
