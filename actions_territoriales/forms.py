"""Formulaires des actions territoriales. Les règles (effectifs cohérents, référence) sont dans le modèle et les
services ; ici, la saisie."""

from django import forms

from accompagnement.forms import CommuneField, DateInput
from accompagnement.models import Jeune
from actions_territoriales.enums import PUBLICS
from actions_territoriales.models import ActionTerritoriale
from antennes.models import Antenne
from entreprises.models import Entreprise

MAX_ENTREPRISES = 200


def _classes_bootstrap(form):
    for champ in form.fields.values():
        widget = champ.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.MultipleHiddenInput):
            continue
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class EntreprisesField(forms.ModelMultipleChoiceField):
    """Entreprises du registre : la validation porte sur tout le registre, mais seules les entreprises choisies sont
    rendues (cases cochées) ; les autres s'ajoutent par la recherche
    (`actions_territoriales:entreprises_suggestions`)."""

    def label_from_instance(self, obj):
        return f"{obj.raison_sociale} — SIRET {obj.siret} — {obj.commune.nom}"


class ActionForm(forms.ModelForm):
    commune = CommuneField()
    entreprises = EntreprisesField(
        label="Entreprises participantes",
        queryset=Entreprise.objects.select_related("commune"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cherchez dans le registre par raison sociale, SIRET ou commune, puis cochez.",
    )

    class Meta:
        model = ActionTerritoriale
        fields = [
            "type",
            "intitule",
            "date",
            "date_fin",
            "commune",
            "lieu",
            "antenne",
            "partenaires",
            *(champ for champ, _libelle in PUBLICS),
            "participants_femmes",
            "entretiens",
            "seconds_entretiens",
            "embauches",
        ]
        widgets = {"date": DateInput(), "date_fin": DateInput()}
        labels = {
            "type": "Type d'action",
            "intitule": "Intitulé",
            "date": "Date (premier jour)",
            "date_fin": "Dernier jour",
            "antenne": "Antenne organisatrice",
            "participants_femmes": "Dont femmes",
            "entretiens": "Entretiens d'embauche",
            "seconds_entretiens": "Seconds entretiens",
            "embauches": "Contrats signés",
            **dict(PUBLICS),
        }
        help_texts = {
            "date_fin": "Pour une action de plusieurs jours.",
            "partenaires": "Organismes associés, séparés par des virgules.",
            "participants_femmes": "Parmi les participants comptés ci-dessus (jeunes suivis inscrits exclus).",
            "seconds_entretiens": "Au plus le nombre d'entretiens.",
        }

    def __init__(self, *args, antennes_permises=None, **kwargs):
        super().__init__(*args, **kwargs)
        if antennes_permises is not None:  # responsable d'antenne : les actions de son antenne seulement
            self.fields["antenne"].queryset = antennes_permises
            self.fields["antenne"].required = True
            self.fields["antenne"].empty_label = None
        else:
            self.fields["antenne"].queryset = Antenne.objects.all()
            self.fields["antenne"].empty_label = "Toute l'agence"
        for champ, _libelle in PUBLICS:
            self.fields[champ].widget.attrs["min"] = 0
        champ_entreprises = self.fields["entreprises"]
        champ_entreprises.error_messages["invalid_choice"] = "Entreprise introuvable dans le registre (%(value)s)."
        champ_entreprises.error_messages["invalid_pk_value"] = "Entreprise introuvable dans le registre (%(pk)s)."
        affichees = self._entreprises_affichees()
        champ_entreprises.widget.choices = [(e.pk, champ_entreprises.label_from_instance(e)) for e in affichees]
        if not self.is_bound:  # le champ n'est pas dans Meta.fields : les entreprises de l'action, cochées
            self.initial["entreprises"] = [e.pk for e in affichees]
        _classes_bootstrap(self)

    CHAMPS_DE_L_ACTION = ("type", "intitule", "date", "date_fin", "commune", "lieu", "antenne", "partenaires")
    CHAMPS_COMPTES = (*(champ for champ, _libelle in PUBLICS), "participants_femmes")
    CHAMPS_RESULTATS = ("entretiens", "seconds_entretiens", "embauches")

    def champs_de_l_action(self):
        return [self[champ] for champ in self.CHAMPS_DE_L_ACTION]

    def champs_comptes(self):
        return [self[champ] for champ in self.CHAMPS_COMPTES]

    def champs_resultats(self):
        return [self[champ] for champ in self.CHAMPS_RESULTATS]

    def _entreprises_affichees(self):
        """Les seules entreprises rendues : celles de l'action, ou celles envoyées (au plus MAX_ENTREPRISES)."""
        qs = Entreprise.objects.select_related("commune").order_by("raison_sociale")
        if self.is_bound:
            pks = [v for v in self.data.getlist(self.add_prefix("entreprises")) if v.isdigit() and len(v) < 12]
            return list(qs.filter(pk__in=pks[:MAX_ENTREPRISES]))
        if self.instance.pk:
            return list(qs.filter(actions=self.instance))
        return []

    def clean_entreprises(self):
        entreprises = self.cleaned_data["entreprises"]
        if len(entreprises) > MAX_ENTREPRISES:
            raise forms.ValidationError(f"Au plus {MAX_ENTREPRISES} entreprises par action.")
        return entreprises

    def donnees_service(self):
        donnees = {champ: self.cleaned_data[champ] for champ in self.Meta.fields}
        return donnees, list(self.cleaned_data["entreprises"])


class InscriptionJeunesForm(forms.Form):
    """Jeunes suivis à inscrire depuis la fiche de l'action : parmi ceux que l'utilisateur peut lire."""

    jeunes = forms.ModelMultipleChoiceField(
        label="Jeunes à inscrire", queryset=Jeune.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, jeunes_lisibles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeunes"].queryset = jeunes_lisibles
        self.fields["jeunes"].error_messages.update(
            {
                "required": "Sélectionnez au moins un jeune.",
                "invalid_choice": "Jeune introuvable ou hors de votre périmètre.",
                "invalid_pk_value": "Jeune introuvable ou hors de votre périmètre.",
            }
        )


class InscriptionDepuisDossierForm(forms.Form):
    action = forms.ModelChoiceField(
        label="Action territoriale",
        queryset=ActionTerritoriale.objects.none(),
        empty_label="Choisir une action",
        error_messages={
            "required": "Choisissez une action.",
            "invalid_choice": "Action introuvable : choisissez-en une dans la liste.",
        },
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions
        _classes_bootstrap(self)
