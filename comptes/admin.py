"""Administration (/gestion/) : réservée au rôle administrateur.

Le site d'administration remplace celui de Django (`comptes.site_admin`, `comptes.apps.AdminWekerConfig`) : seuls
les comptes actifs de rôle « administrateur » y entrent. Les administrateurs ne sont pas superutilisateurs (un
superutilisateur passerait outre toutes les règles d'accès aux dossiers) : chaque `ModelAdmin` déclare ce qu'ils
peuvent faire en héritant de `AdminParRole`.

Le modèle `Utilisateur` est enregistré dans securite/admin.py (désactivation d'un compte par le service de la
sécurité) avec une sous-classe de `UtilisateurAdmin`.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from comptes.enums import Role
from comptes.models import Utilisateur
from comptes.site_admin import est_administrateur

# Rôles rattachés à une antenne : leurs listes sont celles de leur antenne.
ROLES_AVEC_ANTENNE = frozenset({Role.ACCUEIL, Role.CONSEILLER, Role.RESPONSABLE_ANTENNE})


class AdminParRole(admin.ModelAdmin):
    """Droits accordés au rôle administrateur (et à lui seul) sur ce modèle."""

    administrateur_peut_ajouter = True
    administrateur_peut_supprimer = False

    def has_module_permission(self, request):
        return est_administrateur(request.user)

    def has_view_permission(self, request, obj=None):
        return est_administrateur(request.user)

    def has_change_permission(self, request, obj=None):
        return est_administrateur(request.user)

    def has_add_permission(self, request):
        return self.administrateur_peut_ajouter and est_administrateur(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.administrateur_peut_supprimer and est_administrateur(request.user)


class UtilisateurFormMixin:
    def clean(self):
        donnees = super().clean()
        role, antenne = donnees.get("role"), donnees.get("antenne")
        if role in ROLES_AVEC_ANTENNE and antenne is None:
            self.add_error("antenne", ValidationError("Une antenne est obligatoire pour ce rôle."))
        if role == Role.MEMBRE_COMMISSION and donnees.get("est_dpo"):
            self.add_error("est_dpo", ValidationError("Un membre de commission ne peut pas être DPO."))
        return donnees


class UtilisateurCreationForm(UtilisateurFormMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Utilisateur
        fields = ("username", "first_name", "last_name", "email", "role", "antenne", "est_dpo")


class UtilisateurChangeForm(UtilisateurFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Utilisateur
        fields = ("username", "password", "first_name", "last_name", "email", "role", "antenne", "est_dpo", "is_active")


class UtilisateurAdmin(AdminParRole, UserAdmin):
    form = UtilisateurChangeForm
    add_form = UtilisateurCreationForm
    list_display = ("username", "last_name", "first_name", "role", "antenne", "est_dpo", "is_active", "last_login")
    list_filter = ("role", "antenne", "est_dpo", "is_active")
    list_select_related = ("antenne",)
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("last_name", "first_name", "username")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personne", {"fields": ("first_name", "last_name", "email")}),
        (
            "Rôle et accès",
            {
                "fields": ("role", "antenne", "est_dpo", "is_active"),
                "description": "Pour retirer un accès, décochez « actif » : les comptes ne sont jamais supprimés "
                "(le journal des accès les référence).",
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("Personne", {"fields": ("first_name", "last_name", "email")}),
        ("Rôle", {"fields": ("role", "antenne", "est_dpo")}),
    )

    def save_model(self, request, obj, form, change):
        # Seuls les administrateurs entrent dans l'administration ; aucun compte n'y est superutilisateur.
        obj.is_staff = obj.role == Role.ADMINISTRATEUR
        obj.is_superuser = False
        super().save_model(request, obj, form, change)


# `UtilisateurAdmin` est enregistré par securite/admin.py, qui y ajoute la désactivation par le service de la sécurité
# (sessions fermées, journal des connexions) : `comptes` est sous `securite` et ne l'importe pas.
# Les rôles remplacent les groupes de Django.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
