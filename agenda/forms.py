import datetime

from django import forms

from agenda.enums import ModeRendezVous, TypeRendezVous
from agenda.heures import a_paris
from antennes.models import LieuAccueil


class RendezVousForm(forms.Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    heure = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"))
    duree_minutes = forms.IntegerField(label="Durée (minutes)", min_value=5, max_value=480, initial=45)
    type = forms.ChoiceField(label="Type", choices=TypeRendezVous.choices, initial=TypeRendezVous.ENTRETIEN_INDIVIDUEL)
    mode = forms.ChoiceField(label="Mode", choices=ModeRendezVous.choices, initial=ModeRendezVous.PRESENTIEL)
    lieu = forms.ModelChoiceField(
        label="Lieu d'accueil", queryset=LieuAccueil.objects.none(), required=False, help_text="Pour un présentiel."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = LieuAccueil.objects.filter(antenne_id=user.antenne_id, actif=True)

    def debut(self):
        return a_paris(self.cleaned_data["date"], self.cleaned_data["heure"])

    def donnees_service(self):
        d = self.cleaned_data
        return {
            "debut": self.debut(),
            "duree_minutes": d["duree_minutes"],
            "type": d["type"],
            "mode": d["mode"],
            "lieu": d["lieu"],
        }


class ReportForm(forms.Form):
    date = forms.DateField(label="Nouvelle date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    heure = forms.TimeField(
        label="Nouvelle heure", widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")
    )
    motif = forms.CharField(label="Motif du report", max_length=250, required=False)

    def debut(self):
        return a_paris(self.cleaned_data["date"], self.cleaned_data["heure"])


def initial_depuis(creneau):
    """Valeurs initiales d'un formulaire à partir d'un créneau proposé (`?creneau=AAAA-MM-JJTHH:MM`)."""
    try:
        moment = datetime.datetime.strptime(creneau or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        return {}
    return {"date": moment.date(), "heure": moment.time()}
