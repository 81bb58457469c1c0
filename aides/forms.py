from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import MinValueValidator
from django.utils import formats

from accompagnement.models import Jeune
from aides.enums import Fonds, ModePaiement, TypeAide, TypeDecision, TypeEnveloppe
from aides.models import DemandeAide, Enveloppe, Seance
from antennes.models import Antenne
from comptes.enums import Role
from comptes.models import Utilisateur
from weker.fichiers import TAILLE_MAXIMALE
from weker.formulaires import MontantField

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class BootstrapMixin:
    """Classes Bootstrap sur tous les champs (les gabarits n'écrivent jamais de style en ligne)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            widget = champ.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(champ, forms.DecimalField):
                widget.attrs.setdefault("class", "form-control")
                widget.attrs.setdefault("inputmode", "decimal")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DemandeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DemandeAide
        localized_fields = [
            "montant_demande",
            *DemandeAide.POSTES_RESSOURCES,
            *DemandeAide.POSTES_CHARGES,
        ]
        field_classes = dict.fromkeys(localized_fields, MontantField)
        fields = [
            "type",
            "montant_demande",
            "date_demande",
            "motivation",
            "derogation_age_motif",
            *DemandeAide.POSTES_RESSOURCES,
            *DemandeAide.POSTES_CHARGES,
        ]
        widgets = {
            "date_demande": DATE,
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "derogation_age_motif": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "motivation": "Situation, besoin, démarches en cours et autres aides sollicitées (le FAJ est subsidiaire).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["montant_demande"].min_value = Decimal("0.01")
        self.fields["montant_demande"].validators.append(MinValueValidator(Decimal("0.01")))

    def champs_budget(self):
        return [self[p] for p in DemandeAide.POSTES_RESSOURCES], [self[p] for p in DemandeAide.POSTES_CHARGES]

    def champs_principaux(self):
        return [self[n] for n in ("type", "montant_demande", "date_demande", "motivation", "derogation_age_motif")]


class RechercheJeuneForm(forms.Form):
    q = forms.CharField(
        label="Nom ou prénom du jeune", min_length=2, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class PieceJointeForm(BootstrapMixin, forms.Form):
    fichier = forms.FileField(
        label="Pièce justificative",
        help_text=f"PDF, JPEG ou PNG, {TAILLE_MAXIMALE // 1024 // 1024} Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    description = forms.CharField(label="Description", max_length=200, required=False)


def membres_possibles():
    return Utilisateur.objects.actifs().filter(
        role__in=[Role.MEMBRE_COMMISSION, Role.SECRETARIAT_FAJ, Role.DIRECTION, Role.RESPONSABLE_ANTENNE]
    )


class SeanceForm(BootstrapMixin, forms.ModelForm):
    membres = forms.ModelMultipleChoiceField(
        label="Membres présents",
        queryset=Utilisateur.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les membres extérieurs ne voient que les demandes de cette séance, jusqu'à sa clôture.",
    )

    class Meta:
        model = Seance
        fields = ["fonds", "date", "heure", "lieu", "presidence"]
        widgets = {"date": DATE, "heure": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membres"].queryset = membres_possibles()
        self.fields["membres"].label_from_instance = lambda u: f"{u} — {u.get_role_display()}"
        if self.instance.pk:
            self.fields["membres"].initial = list(self.instance.membres.values_list("pk", flat=True))
            self.fields["fonds"].disabled = True


class FiltreInscriptionForm(BootstrapMixin, forms.Form):
    """Filtres de la liste des demandes à inscrire (lus dans la requête GET ; une valeur illisible est ignorée)."""

    q = forms.CharField(label="Jeune ou n° de demande", required=False, max_length=100)
    antenne = forms.ModelChoiceField(
        label="Antenne du jeune",
        queryset=Antenne.objects.filter(est_hors_bassin=False),
        required=False,
        empty_label="Toutes les antennes",
    )
    type = forms.ChoiceField(label="Type d'aide", required=False, choices=[("", "Tous les types"), *TypeAide.choices])
    depuis = forms.DateField(label="Déposées depuis le", required=False, widget=DATE)
    urgence = forms.BooleanField(label="Urgentes seulement", required=False)

    def filtrer(self, demandes):
        if not self.is_valid():
            return demandes
        donnees = self.cleaned_data
        texte = donnees["q"].strip()
        if texte:
            numero = texte.upper().removeprefix("FAJ-").lstrip("0")
            if numero.isdigit():
                demandes = demandes.filter(pk=int(numero))
            else:
                demandes = demandes.filter(jeune__in=Jeune.objects.recherche(texte))
        if donnees["antenne"]:
            demandes = demandes.filter(jeune__antenne=donnees["antenne"])
        if donnees["type"]:
            demandes = demandes.filter(type=donnees["type"])
        if donnees["depuis"]:
            demandes = demandes.filter(date_demande__gte=donnees["depuis"])
        if donnees["urgence"]:
            demandes = demandes.filter(urgence=True)
        return demandes


class InscriptionLotForm(forms.Form):
    """Les demandes cochées ; seules celles que la séance peut examiner (et que l'utilisateur peut voir) sont
    acceptées."""

    demandes = forms.ModelMultipleChoiceField(
        queryset=DemandeAide.objects.none(),
        error_messages={
            "required": "Cochez au moins une demande à inscrire.",
            "invalid_choice": "Une demande cochée ne peut plus être inscrite à cette séance (déjà inscrite, décidée "
            "ou d'un autre fonds) : la liste a été rechargée, cochez à nouveau.",
            "invalid_pk_value": "Demande inconnue : « %(pk)s ».",
        },
    )

    def __init__(self, *args, demandes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["demandes"].queryset = demandes


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label="Décision", choices=TypeDecision.choices)
    montant_accorde = MontantField(
        label="Montant accordé (€)",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        help_text="Laissez vide pour accorder le montant demandé.",
    )
    motif = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    enveloppe = forms.TypedChoiceField(
        label="Enveloppe d'imputation",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Par défaut : l'enveloppe de la Mission Locale.",
    )
    reallouer_depuis_reserve = forms.BooleanField(
        label="Si l'enveloppe ne suffit pas, réallouer le complément depuis la réserve (tracé)", required=False
    )

    def __init__(self, *args, fonds, annee, enveloppes=None, choix=None, **kwargs):
        """`enveloppes` : liste déjà lue (l'écran de séance la partage entre tous ses formulaires)."""
        super().__init__(*args, **kwargs)
        if choix is not None:
            self.fields["decision"].choices = choix
        if enveloppes is None:
            enveloppes = list(Enveloppe.objects.de(fonds, annee).imputables())
        self.enveloppes = {e.pk: e for e in enveloppes}
        self.fields["enveloppe"].choices = choix_enveloppes(enveloppes)

    def clean_enveloppe(self):
        pk = self.cleaned_data.get("enveloppe")
        return self.enveloppes.get(pk) if pk else None


def choix_enveloppes(enveloppes):
    return [("", "Par défaut"), *((e.pk, e.nom) for e in enveloppes)]


@dataclass
class SaisieDecision:
    """Ce que montre le formulaire de décision d'un point de l'écran de séance : noms, valeurs et erreurs.

    L'écran affiche un formulaire par demande (40 et plus) : construire 40 DecisionForm puis les rendre champ par
    champ coûtait plus que tout le reste de la page. Le gabarit (aides/includes/seance_point.html) écrit donc le
    formulaire à partir de cette saisie, avec le même HTML que les widgets de Django (vérifié par les tests).
    DecisionForm reste seul juge de ce qui est envoyé (vue point_decider) et donne la saisie à réafficher avec ses
    erreurs. Valeurs en texte, comme dans le HTML ; montant au format français (« 150,00 »).
    """

    prefixe: str
    decision: str = ""
    montant_accorde: str = ""
    motif: str = ""
    enveloppe: str = ""
    reallouer_depuis_reserve: bool = False
    erreurs: dict = field(default_factory=dict)
    erreurs_generales: list = field(default_factory=list)

    @classmethod
    def initiale(cls, point, decision=None):
        """Formulaire vierge, ou rempli avec la décision déjà prise pendant la séance (pour la corriger)."""
        saisie = cls(prefixe=f"p{point.pk}")
        if decision is not None:
            saisie.decision = decision.type
            saisie.montant_accorde = (
                formats.localize_input(decision.montant_accorde) if decision.montant_accorde else ""
            )
            saisie.motif = decision.motif
            saisie.enveloppe = str(decision.enveloppe_id or "")
        return saisie

    @classmethod
    def du_formulaire(cls, form):
        """Ce qu'un DecisionForm envoyé réaffiche : les valeurs saisies et les erreurs."""

        def texte(nom):
            valeur = form[nom].field.widget.format_value(form[nom].value())
            if isinstance(valeur, list):  # liste déroulante
                valeur = valeur[0] if valeur else ""
            return valeur or ""

        return cls(
            prefixe=form.prefix,
            decision=texte("decision"),
            montant_accorde=texte("montant_accorde"),
            motif=texte("motif"),
            enveloppe=texte("enveloppe"),
            reallouer_depuis_reserve=bool(form["reallouer_depuis_reserve"].value()),
            erreurs={nom: list(erreurs) for nom, erreurs in form.errors.items() if nom != NON_FIELD_ERRORS},
            erreurs_generales=list(form.non_field_errors()),
        )


class UrgenceForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        kwargs["choix"] = [
            (TypeDecision.ACCORDEE.value, TypeDecision.ACCORDEE.label),
            (TypeDecision.ACCORDEE_PARTIELLEMENT.value, TypeDecision.ACCORDEE_PARTIELLEMENT.label),
            (TypeDecision.REFUSEE.value, TypeDecision.REFUSEE.label),
        ]
        super().__init__(*args, **kwargs)
        del self.fields["reallouer_depuis_reserve"]


class PaiementForm(BootstrapMixin, forms.Form):
    mode = forms.ChoiceField(label="Mode de paiement", choices=ModePaiement.choices)
    date = forms.DateField(label="Date du paiement", widget=DATE)
    reference = forms.CharField(label="Référence (mandat, chèque, bon)", max_length=100)
    montant = MontantField(label="Montant (€)", min_value=Decimal("0.01"), max_digits=9, decimal_places=2)
    beneficiaire = forms.CharField(
        label="Tiers payé (fournisseur)", max_length=200, required=False, help_text="Pour un paiement à un tiers."
    )


class ExportPaiementsForm(BootstrapMixin, forms.Form):
    contenu = forms.ChoiceField(
        label="Contenu",
        choices=[
            ("paiements", "Paiements enregistrés (par date de paiement)"),
            ("ordres", "Ordres de paiement à émettre (aides notifiées non soldées, par date de notification)"),
        ],
    )
    du = forms.DateField(label="Du", widget=DATE)
    au = forms.DateField(label="Au", widget=DATE)
    fonds = forms.ChoiceField(label="Fonds", required=False, choices=[("", "Les deux fonds")])
    format = forms.ChoiceField(label="Format", choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fonds"].choices = [("", "Les deux fonds"), *Fonds.choices]

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            raise forms.ValidationError("La date de début doit précéder la date de fin.")
        return donnees


class EnveloppeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Enveloppe
        fields = ["fonds", "annee", "nom", "type", "montant", "parent"]
        localized_fields = ["montant"]
        field_classes = {"montant": MontantField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Enveloppe.objects.filter(type=TypeEnveloppe.FONDS)
        self.fields["parent"].help_text = "Pour une sous-enveloppe : le budget du fonds qu'elle découpe."
        self.fields["type"].help_text = (
            "Les décisions s'imputent sur une enveloppe de la Mission Locale ou du CCAS ; un budget de fonds regroupe "
            "ses sous-enveloppes et une réserve abonde les autres : ni l'un ni l'autre ne financent d'aide directement."
        )


class MontantVoteForm(BootstrapMixin, forms.Form):
    enveloppe = forms.ModelChoiceField(label="Enveloppe", queryset=Enveloppe.objects.none())
    montant = MontantField(label="Montant voté (€)", min_value=Decimal("0"), max_digits=9, decimal_places=2)

    def __init__(self, *args, annee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enveloppe"].queryset = Enveloppe.objects.filter(annee=annee).order_by("fonds", "parent_id", "nom")
        self.fields["enveloppe"].label_from_instance = lambda e: f"{e.nom} ({e.get_fonds_display()})"


class ReallocationForm(BootstrapMixin, forms.Form):
    source = forms.ModelChoiceField(label="Réserve", queryset=Enveloppe.objects.none())
    destination = forms.ModelChoiceField(label="Enveloppe abondée", queryset=Enveloppe.objects.none())
    montant = MontantField(label="Montant (€)", min_value=Decimal("0.01"), max_digits=9, decimal_places=2)
    motif = forms.CharField(label="Motif", max_length=250)

    def __init__(self, *args, annee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Enveloppe.objects.filter(annee=annee, type=TypeEnveloppe.RESERVE)
        self.fields["destination"].queryset = Enveloppe.objects.filter(annee=annee).imputables()
