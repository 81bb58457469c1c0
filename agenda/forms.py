import datetime

from django import forms

from agenda.enums import JourSemaine, ModeRendezVous, MotifAbsence, TypeRendezVous
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


class PlageForm(forms.Form):
    jour = forms.TypedChoiceField(label="Jour", choices=JourSemaine.choices, coerce=int)
    debut = forms.TimeField(label="De", widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"))
    fin = forms.TimeField(label="À", widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"))
    lieu = forms.ModelChoiceField(
        label="Lieu d'accueil",
        queryset=LieuAccueil.objects.none(),
        required=False,
        empty_label="Tout lieu (et téléphone, visio)",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].queryset = LieuAccueil.objects.filter(antenne_id=user.antenne_id, actif=True)


class AbsenceForm(forms.Form):
    date_debut = forms.DateField(label="Du", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    heure_debut = forms.TimeField(
        label="à partir de",
        initial=datetime.time(0, 0),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    date_fin = forms.DateField(label="Au", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    heure_fin = forms.TimeField(
        label="jusqu'à",
        initial=datetime.time(23, 59),
        widget=forms.TimeInput(attrs={"type": "time", "step": 60}, format="%H:%M"),
        help_text="23:59 : jusqu'au soir.",
    )
    motif = forms.ChoiceField(
        label="Motif",
        choices=MotifAbsence.choices,
        help_text="Vu de vous et de votre responsable d'antenne seulement.",
    )

    def donnees_service(self):
        d = self.cleaned_data
        fin = a_paris(d["date_fin"], d["heure_fin"])
        if d["heure_fin"] == datetime.time(23, 59):
            fin = a_paris(d["date_fin"] + datetime.timedelta(days=1), datetime.time(0, 0))
        return {"debut": a_paris(d["date_debut"], d["heure_debut"]), "fin": fin, "motif": d["motif"]}
