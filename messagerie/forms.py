from django import forms

CHOIX = (("", "Non recueilli"), ("oui", "Accepte"), ("non", "Refuse"))


class ConsentementForm(forms.Form):
    sms = forms.ChoiceField(label="SMS", choices=CHOIX, required=False)
    courriel = forms.ChoiceField(label="Courriel", choices=CHOIX, required=False)
