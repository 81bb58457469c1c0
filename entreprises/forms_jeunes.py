"""Formulaires des mises en relation et des immersions. Les règles sont dans services_jeunes et regles_pmsmp."""

from django import forms
from django.utils import timezone

from accompagnement.enums import TYPES_PAR_CATEGORIE, CategorieSituation
from entreprises.enums import ResultatMiseEnRelation, StatutOffre
from entreprises.models import Entreprise, Immersion, Offre


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _bootstrap(form):
    for champ in form.fields.values():
        widget = champ.widget
        if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
            continue
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class RechercheForm(forms.Form):
    q = forms.CharField(label="Rechercher", min_length=2, max_length=100)


class MiseEnRelationForm(forms.Form):
    """`cible` : « entreprise-<pk> » (candidature spontanée) ou « offre-<pk> » (une offre ouverte)."""

    cible = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(label="Date de la mise en relation", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean_cible(self):
        genre, _, pk = self.cleaned_data["cible"].partition("-")
        if not pk.isdigit() or len(pk) > 12:
            raise forms.ValidationError("Choisissez une entreprise ou une offre dans les résultats de la recherche.")
        if genre == "offre":
            offre = Offre.objects.select_related("entreprise").filter(pk=pk, statut=StatutOffre.OUVERTE).first()
            if offre is None:
                raise forms.ValidationError("Cette offre n'existe pas ou n'est plus ouverte.")
            return {"offre": offre, "entreprise": offre.entreprise}
        if genre == "entreprise":
            entreprise = Entreprise.objects.filter(pk=pk).first()
            if entreprise is None:
                raise forms.ValidationError("Cette entreprise n'existe pas.")
            return {"entreprise": entreprise, "offre": None}
        raise forms.ValidationError("Choisissez une entreprise ou une offre dans les résultats de la recherche.")


class PropositionJeuneForm(forms.Form):
    """Depuis une offre : le jeune choisi (parmi ceux que l'utilisateur peut lire, contrôlé par la vue)."""

    jeune = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    date = forms.DateField(label="Date de la mise en relation", widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        _bootstrap(self)


TYPES_CONTRAT = [("", "---------")] + [(t.value, t.label) for t in TYPES_PAR_CATEGORIE[CategorieSituation.EMPLOI]]


class ResultatForm(forms.Form):
    resultat = forms.ChoiceField(label="Résultat", choices=ResultatMiseEnRelation.choices)
    date_embauche = forms.DateField(
        label="Date d'embauche", required=False, widget=DateInput(), help_text="Pour un recrutement."
    )
    type_contrat = forms.ChoiceField(
        label="Type de contrat",
        required=False,
        choices=TYPES_CONTRAT,
        help_text="Pour un recrutement hors offre (sur une offre, c'est le contrat de l'offre).",
    )

    def __init__(self, *args, mise_en_relation, **kwargs):
        kwargs.setdefault("initial", {"resultat": mise_en_relation.resultat, "date_embauche": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if mise_en_relation.offre_id:
            del self.fields["type_contrat"]
        _bootstrap(self)

    def donnees_service(self):
        return {
            "resultat": self.cleaned_data["resultat"],
            "date_embauche": self.cleaned_data["date_embauche"],
            "type_contrat": self.cleaned_data.get("type_contrat", ""),
        }


class ImmersionForm(forms.ModelForm):
    class Meta:
        model = Immersion
        fields = [
            "objet",
            "metier",
            "date_debut",
            "date_fin",
            "horaires",
            "activites",
            "tuteur_nom",
            "tuteur_fonction",
            "tuteur_telephone",
            "tuteur_courriel",
        ]
        widgets = {
            "date_debut": DateInput(),
            "date_fin": DateInput(),
            "activites": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "date_fin": "Un mois de date à date au plus (du 15/03 au 14/04).",
            "horaires": "Par exemple : du lundi au vendredi, 9 h - 12 h et 14 h - 17 h.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def _post_clean(self):
        pass  # les règles (dates, durée, renouvellement, cumul) sont vérifiées par le service

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin ne peut pas précéder la date de début.")
        return donnees

    def donnees_service(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


class ImmersionCreationForm(ImmersionForm):
    entreprise = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    class Meta(ImmersionForm.Meta):
        fields = ImmersionForm.Meta.fields

    def clean_entreprise(self):
        entreprise = Entreprise.objects.filter(pk=self.cleaned_data["entreprise"]).first()
        if entreprise is None:
            raise forms.ValidationError("Choisissez la structure d'accueil dans les résultats de la recherche.")
        return entreprise
