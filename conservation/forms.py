from django import forms


class MotifForm(forms.Form):
    motif = forms.CharField(
        label="Motif",
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
