"""Administration du référentiel territorial.

Les données chargées par `charger_territoires` depuis le jeu officiel (codes, noms, codes postaux, population,
appartenance aux EPCI) sont en lecture seule ; la configuration de l'agence (noms d'antennes, secteurs et leurs
communes, rattachements, lieux d'accueil) est modifiable.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from antennes.models import Antenne, Commune, Epci, LieuAccueil, Secteur
from comptes.admin import AdminParRole


@admin.register(Antenne)
class AntenneAdmin(AdminParRole):
    list_display = ("nom", "code", "ordre", "est_hors_bassin", "nb_communes", "nb_secteurs")
    list_editable = ("ordre",)
    search_fields = ("nom", "code")
    administrateur_peut_ajouter = False  # les antennes sont des identifiants stables du référentiel

    def get_readonly_fields(self, request, obj=None):
        return ("code", "est_hors_bassin") if obj else ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _nb_communes=Count("communes", distinct=True),
                _nb_secteurs=Count("secteurs", distinct=True),
            )
        )

    @admin.display(description="communes", ordering="_nb_communes")
    def nb_communes(self, obj):
        return obj._nb_communes

    @admin.display(description="secteurs", ordering="_nb_secteurs")
    def nb_secteurs(self, obj):
        return obj._nb_secteurs


@admin.register(Epci)
class EpciAdmin(AdminParRole):
    list_display = ("nom", "siren", "antenne", "nb_communes")
    list_filter = ("antenne",)
    list_select_related = ("antenne",)
    search_fields = ("nom", "=siren")
    readonly_fields = ("siren", "nom")
    administrateur_peut_ajouter = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_nb_communes=Count("communes"))

    @admin.display(description="communes", ordering="_nb_communes")
    def nb_communes(self, obj):
        return obj._nb_communes


class CommuneAdminForm(forms.ModelForm):
    class Meta:
        model = Commune
        fields = ("antenne", "secteur_defaut")

    def clean(self):
        donnees = super().clean()
        antenne, secteur = donnees.get("antenne"), donnees.get("secteur_defaut")
        if antenne and secteur and secteur.antenne_id != antenne.pk:
            self.add_error(
                "secteur_defaut",
                ValidationError("Le secteur « %(s)s » n'appartient pas à cette antenne.", params={"s": secteur}),
            )
        return donnees


class AntenneDuBassinFilter(admin.SimpleListFilter):
    title = "bassin d'emploi"
    parameter_name = "bassin"

    def lookups(self, request, model_admin):
        return (("oui", "Communes du bassin"), ("non", "Hors bassin"))

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.du_bassin()
        if self.value() == "non":
            return queryset.filter(antenne__est_hors_bassin=True)
        return queryset


@admin.register(Commune)
class CommuneAdmin(AdminParRole):
    form = CommuneAdminForm
    list_display = ("nom", "code_insee", "codes_postaux", "departement", "epci", "antenne", "secteur_defaut")
    list_filter = (AntenneDuBassinFilter, "antenne")
    list_select_related = ("epci", "antenne", "secteur_defaut")
    search_fields = ("=code_insee", "codes_postaux", "nom")
    readonly_fields = ("code_insee", "nom", "codes_postaux", "departement", "population", "epci")
    fields = readonly_fields + ("antenne", "secteur_defaut")
    autocomplete_fields = ("secteur_defaut",)
    show_full_result_count = False
    administrateur_peut_ajouter = False  # chargées depuis le jeu de données officiel

    def get_search_results(self, request, queryset, search_term):
        """Recherche aussi sans accents ni casse (« saint gregoire » trouve Saint-Grégoire)."""
        resultats, doublons = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            resultats = resultats | queryset.recherche(search_term)
        return resultats, doublons


class SecteurAdminForm(forms.ModelForm):
    communes = forms.ModelMultipleChoiceField(
        label="communes",
        queryset=Commune.objects.du_bassin().select_related("antenne"),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple("communes", is_stacked=False),
        help_text="Communes dont c'est le secteur par défaut. Une commune ajoutée ici quitte son ancien secteur ; "
        "pour retirer une commune, rattachez-la à un autre secteur.",
    )

    class Meta:
        model = Secteur
        fields = ("code", "nom", "antenne", "ordre", "a_valider", "actif")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.antenne.est_hors_bassin:
            del self.fields["communes"]  # toutes les communes de France hors bassin : rien à choisir
        elif self.instance.pk:
            self.fields["communes"].initial = list(self.instance.communes.values_list("pk", flat=True))

    def clean(self):
        donnees = super().clean()
        if "communes" not in self.fields:
            return donnees
        antenne = donnees.get("antenne")
        choisies = set(donnees.get("communes") or [])
        if antenne:
            autres = sorted(c.nom for c in choisies if c.antenne_id != antenne.pk)
            if autres:
                self.add_error(
                    "communes",
                    ValidationError("Ces communes n'appartiennent pas à l'antenne « %(a)s » : %(c)s.",
                                    params={"a": antenne, "c": ", ".join(autres)}),
                )  # fmt: skip
        if self.instance.pk:
            retirees = sorted(c.nom for c in self.instance.communes.all() if c not in choisies)
            if retirees:
                self.add_error(
                    "communes",
                    ValidationError("Une commune ne peut pas rester sans secteur : rattachez %(c)s à un autre secteur.",
                                    params={"c": ", ".join(retirees)}),
                )  # fmt: skip
        return donnees

    def enregistrer_communes(self, secteur):
        choisies = [c.pk for c in self.cleaned_data.get("communes") or []]
        Commune.objects.filter(pk__in=choisies).exclude(secteur_defaut=secteur).update(secteur_defaut=secteur)


class CommuneDuSecteurInline(admin.TabularInline):
    model = Commune
    fk_name = "secteur_defaut"
    fields = ("code_insee", "nom", "codes_postaux", "population")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "communes rattachées (lecture)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return AdminParRole.has_view_permission(self, request, obj)


@admin.register(Secteur)
class SecteurAdmin(AdminParRole):
    form = SecteurAdminForm
    list_display = ("nom", "code", "antenne", "ordre", "a_valider", "actif", "nb_communes")
    list_editable = ("ordre", "a_valider", "actif")
    list_filter = ("antenne", "a_valider", "actif")
    list_select_related = ("antenne",)
    search_fields = ("nom", "code")
    inlines = (CommuneDuSecteurInline,)

    def get_inlines(self, request, obj):
        if obj is None or obj.antenne.est_hors_bassin:
            return ()
        return self.inlines

    def get_fields(self, request, obj=None):
        champs = super().get_fields(request, obj)
        if obj is not None and obj.antenne.est_hors_bassin:
            champs = [c for c in champs if c != "communes"]
        return champs

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()  # le code est un identifiant stable (exports, indicateurs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_nb_communes=Count("communes"))

    @admin.display(description="communes", ordering="_nb_communes")
    def nb_communes(self, obj):
        return obj._nb_communes

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.enregistrer_communes(form.instance)


@admin.register(LieuAccueil)
class LieuAccueilAdmin(AdminParRole):
    list_display = ("nom", "antenne", "adresse", "commune", "actif")
    list_filter = ("antenne", "actif")
    list_select_related = ("antenne", "commune")
    search_fields = ("nom", "adresse")
    autocomplete_fields = ("commune",)
    administrateur_peut_supprimer = True
