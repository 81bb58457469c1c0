from django import forms
from django.utils import timezone

from antennes.models import Antenne
from reporting.chapitres import CHAPITRES
from reporting.models import TexteChapitre


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


class RedactionForm(forms.Form):
    """Ce que la direction prépare pour le rapport d'une année : pour chaque chapitre du registre, s'il paraît,
    son texte d'ouverture et sa citation ; le logo. Texte brut : les paragraphes sont séparés par une ligne vide,
    aucun balisage n'est interprété (tout est échappé à l'affichage)."""

    logo = forms.FileField(
        label="Logo de l'agence",
        required=False,
        help_text="PNG ou JPEG, 2 Mo au plus (les SVG ne sont pas acceptés). Imprimé sur la couverture.",
    )
    retirer_logo = forms.BooleanField(
        label="Retirer le logo", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, *args, redaction=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.redaction = redaction
        retires = set(redaction.chapitres_retires) if redaction else set()
        textes = {t.chapitre: t for t in redaction.textes.all()} if redaction else {}
        for chapitre in CHAPITRES:
            code, texte = chapitre.code, textes.get(chapitre.code)
            self.fields[f"{code}-retenu"] = forms.BooleanField(
                label=f"Inclure « {chapitre.titre} »",
                required=False,
                initial=code not in retires,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{code}-texte"] = forms.CharField(
                label="Texte d'ouverture",
                required=False,
                max_length=TexteChapitre.TEXTE_MAX,
                initial=texte.texte if texte else "",
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                help_text="Quelques paragraphes, séparés par une ligne vide.",
            )
            self.fields[f"{code}-citation"] = forms.CharField(
                label="Citation mise en avant",
                required=False,
                max_length=TexteChapitre.CITATION_MAX,
                initial=texte.citation if texte else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            self.fields[f"{code}-auteur"] = forms.CharField(
                label="Auteur de la citation",
                required=False,
                max_length=TexteChapitre.AUTEUR_MAX,
                initial=texte.citation_auteur if texte else "",
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
        self.fields["logo"].widget.attrs.update({"class": "form-control", "accept": "image/png,image/jpeg"})

    def blocs(self):
        """Un bloc par chapitre, dans l'ordre du rapport : le chapitre et ses quatre champs."""
        return [
            {
                "chapitre": chapitre,
                "retenu": self[f"{chapitre.code}-retenu"],
                "texte": self[f"{chapitre.code}-texte"],
                "citation": self[f"{chapitre.code}-citation"],
                "auteur": self[f"{chapitre.code}-auteur"],
            }
            for chapitre in CHAPITRES
        ]

    def chapitres_retenus(self):
        return [c.code for c in CHAPITRES if self.cleaned_data.get(f"{c.code}-retenu")]

    def textes(self):
        return {
            c.code: {cle: self.cleaned_data.get(f"{c.code}-{cle}", "") for cle in ("texte", "citation", "auteur")}
            for c in CHAPITRES
        }

    def ajouter_erreurs(self, erreur):
        """Erreurs du service (ValidationError) rattachées à leur champ quand il existe."""
        if hasattr(erreur, "error_dict"):
            for champ, erreurs in erreur.message_dict.items():
                self.add_error(champ if champ in self.fields else None, erreurs)
        else:
            self.add_error(None, erreur.messages)
