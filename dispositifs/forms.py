from django import forms

from dispositifs.enums import MotifSortie, SituationFiscale, TypeOrienteur
from dispositifs.models import Dispositif
from weker.formulaires import MontantField


class FormulaireBootstrap(forms.Form):
    """Ajoute les classes Bootstrap aux champs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            widget = champ.widget
            classe = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                classe = "form-check-input"
            widget.attrs.setdefault("class", classe)

    def ajouter_erreurs(self, exc):
        """Reporte une ValidationError de service sur les champs concernés (ou en erreur générale)."""
        if hasattr(exc, "error_dict"):
            for champ, erreurs in exc.error_dict.items():
                self.add_error(champ if champ in self.fields else None, erreurs)
        else:
            self.add_error(None, exc)


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)


class InscriptionForm(FormulaireBootstrap):
    dispositif = forms.ModelChoiceField(
        label="Dispositif", queryset=Dispositif.objects.all(), empty_label="— choisir —"
    )
    date_entree = ChampDate(label="Date d'entrée")
    foyer_imposable = forms.ChoiceField(
        label="Situation fiscale du foyer (CEJ)",
        choices=[("", "—")] + SituationFiscale.choices,
        required=False,
        help_text="Pour le contrat d'engagement jeune : fixe le montant de l'allocation.",
    )
    orienteur_type = forms.ChoiceField(
        label="Orienté par (CARS 35)",
        choices=[("", "—")] + TypeOrienteur.choices,
        required=False,
    )
    orienteur_nom = forms.CharField(label="Nom du CCAS/CDAS ou du référent RSA", max_length=150, required=False)
    commentaire = forms.CharField(label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SortieForm(FormulaireBootstrap):
    date_sortie = ChampDate(label="Date de sortie")
    motif_sortie = forms.ChoiceField(label="Motif de sortie", choices=[("", "— choisir —")] + MotifSortie.choices)


class EmploiForm(FormulaireBootstrap):
    date_entree_emploi = ChampDate(label="Date d'entrée en emploi")


class PhaseForm(FormulaireBootstrap):
    date_debut = ChampDate(label="Début de la phase")
    objectifs = forms.CharField(label="Objectifs", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhaseEvaluationForm(FormulaireBootstrap):
    date_fin = ChampDate(label="Fin de la phase")
    evaluation = forms.CharField(label="Évaluation", widget=forms.Textarea(attrs={"rows": 3}))


class AllocationPaceaForm(FormulaireBootstrap):
    montant = MontantField(label="Montant (€)", max_digits=9, decimal_places=2, min_value=0)
    date = ChampDate(label="Date de paiement")
    motif = forms.CharField(label="Objet de l'allocation", max_length=250)


class PreparationForm(FormulaireBootstrap):
    mois = forms.CharField(
        label="Mois à préparer",
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text="Format AAAA-MM.",
    )


class AjustementForm(FormulaireBootstrap):
    montant = MontantField(label="Montant à payer (€)", max_digits=9, decimal_places=2)
    motif = forms.CharField(label="Motif de l'ajustement", max_length=250, required=False)


class ValidationPaiementForm(FormulaireBootstrap):
    date_paiement = ChampDate(label="Date de paiement")
