from django import forms
from django.utils import timezone

from antennes.models import Antenne


def annees_proposees():
    courante = timezone.localdate().year
    return [(a, str(a)) for a in range(courante, courante - 10, -1)]


class FiltreForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année", coerce=int, choices=annees_proposees)
    antenne = forms.ChoiceField(label="Antenne", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_perm("reporting.voir_perimetre", None):
            choix = [("", "Toute l'agence")] + [(a.code, a.nom) for a in Antenne.objects.order_by("ordre", "nom")]
        else:
            antenne = user.antenne
            choix = [(antenne.code, antenne.nom)] if antenne else []
        self.fields["antenne"].choices = choix
        self.fields["annee"].widget.attrs["class"] = "form-select"
        self.fields["antenne"].widget.attrs["class"] = "form-select"

    def perimetre(self):
        """(année, code d'antenne ou None) ; le responsable d'antenne est ramené à son antenne."""
        annee = timezone.localdate().year
        antenne = None
        if self.is_bound:
            self.is_valid()
            annee = self.cleaned_data.get("annee", annee)
            antenne = self.cleaned_data.get("antenne") or None
        if not self.user.has_perm("reporting.voir_perimetre", None):
            antenne = self.user.antenne.code if self.user.antenne_id else None
        return annee, antenne
