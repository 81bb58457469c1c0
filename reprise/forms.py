from django import forms
from django.core.exceptions import ValidationError

from reprise import archive
from reprise.fichiers import NOMS_FICHIERS


class ImportRepriseForm(forms.Form):
    fichier = forms.FileField(
        label="Archive zip des fichiers",
        help_text=(
            f"Une archive .zip contenant un ou plusieurs des fichiers {', '.join(NOMS_FICHIERS)} "
            f"(format d'échange, UTF-8). {archive.TAILLE_MAX_ZIP // (1024 * 1024)} Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip", "class": "form-control"}),
    )
    simulation = forms.BooleanField(
        label="Simulation : valider et compter sans rien enregistrer",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        try:
            archive.verifier_archive(fichier)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        fichier.seek(0)
        return fichier
