from django import forms

from comptes.models import Utilisateur
from securite.models import ActionAcces, EvenementConnexion, JournalAcces


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres",
        min_length=6,
        max_length=6,
        help_text="Le code affiché par votre application d'authentification (il change toutes les 30 secondes).",
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        return code


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"})


class JournalFiltreForm(forms.Form):
    jeune = forms.IntegerField(
        label="N° de dossier du jeune",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    utilisateur = forms.ModelChoiceField(
        label="Utilisateur",
        queryset=Utilisateur.objects.order_by("last_name", "first_name", "username"),
        required=False,
        empty_label="Tous",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    du = forms.DateField(label="Du", required=False, widget=DateInput())
    au = forms.DateField(label="Au", required=False, widget=DateInput())
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Toutes"), *ActionAcces.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    objet = forms.CharField(
        label="Objet lu",
        required=False,
        max_length=120,
        help_text="Référence exacte, par exemple « contact d'entreprise n° 12 ».",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_objet(self):
        return " ".join(self.cleaned_data["objet"].split())

    def clean_jeune(self):
        numero = self.cleaned_data["jeune"]
        if numero is None:
            return None
        # Le jeune est lu par la clé étrangère du journal (chaîne « accompagnement.Jeune ») : la sécurité, sous
        # les applications du domaine, n'importe pas leurs modèles.
        jeunes = JournalAcces._meta.get_field("jeune").related_model.objects
        jeune = jeunes.filter(pk=numero).first()
        if jeune is None:
            raise forms.ValidationError("Aucun dossier ne porte ce numéro.")
        return jeune

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La fin de la période précède son début.")
        return donnees


class DeverrouillageForm(forms.Form):
    identifiant = forms.CharField(label="Identifiant", required=False, max_length=150)
    adresse_ip = forms.GenericIPAddressField(label="Adresse IP", required=False)


class ConnexionsFiltreForm(forms.Form):
    identifiant = forms.CharField(
        label="Identifiant", required=False, max_length=150, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    evenement = forms.ChoiceField(
        label="Événement",
        required=False,
        choices=[("", "Tous"), *EvenementConnexion.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    du = forms.DateField(label="Du", required=False, widget=DateInput())
    au = forms.DateField(label="Au", required=False, widget=DateInput())
