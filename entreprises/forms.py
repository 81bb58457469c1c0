"""Formulaires du registre des entreprises. Les règles (SIRET, NAF, doublons) sont dans `entreprises.regles` et les
services ; ici, la saisie et son contrôle."""

import re

from django import forms

from accompagnement.forms import CommuneField, DateInput, _bootstrap
from comptes.models import Utilisateur
from entreprises.models import ContactEntreprise, Entreprise, Offre
from entreprises.regles import MESSAGE_NAF, MESSAGE_SIRET, normaliser_naf, normaliser_siret, section_naf, siret_valide
from entreprises.services import entreprise_du_siret

MESSAGE_CODE_ROME = "Le code ROME s'écrit avec une lettre et quatre chiffres, par exemple « G1602 »."


class EntrepriseForm(forms.ModelForm):
    siret = forms.CharField(
        label="SIRET",
        max_length=20,
        help_text="14 chiffres, espaces permis (par exemple « 356 000 000 00048 »).",
    )
    commune = CommuneField()

    class Meta:
        model = Entreprise
        fields = ["siret", "raison_sociale", "enseigne", "naf", "tranche_effectif", "adresse", "commune"]
        help_texts = {"naf": "Code NAF rév. 2, par exemple « 56.10A » ; sa section (lettre) est déduite."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.doublon = None  # l'établissement déjà au registre sous le SIRET saisi (lien dans la page)
        self.fields["naf"].validators = []  # normalisé puis vérifié dans clean_naf (« 5610a » accepté)
        self.fields["naf"].widget.attrs["maxlength"] = "7"
        self.fields["naf"].max_length = 7
        _bootstrap(self)

    def clean_siret(self):
        siret = normaliser_siret(self.cleaned_data["siret"])
        if not siret_valide(siret):
            raise forms.ValidationError(MESSAGE_SIRET, code="siret")
        existante = entreprise_du_siret(siret)
        if existante is not None and existante.pk != self.instance.pk:
            self.doublon = existante
            raise forms.ValidationError(f"Ce SIRET est déjà au registre : {existante}.", code="doublon")
        return siret

    def clean_naf(self):
        brut = (self.cleaned_data.get("naf") or "").strip()
        if not brut:
            return ""
        naf = normaliser_naf(brut)
        if not naf or not section_naf(naf):
            raise forms.ValidationError(MESSAGE_NAF, code="naf")
        return naf

    def _post_clean(self):
        # Le modèle est validé par le service (full_clean) : les erreurs qu'il lève sont reportées par la vue.
        pass

    def valeurs(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactEntreprise
        fields = ["nom", "fonction", "telephone", "courriel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def _post_clean(self):
        pass

    def valeurs(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


def conseillers_relations_entreprises():
    return Utilisateur.objects.actifs().filter(relations_entreprises=True).select_related("antenne")


class OffreForm(forms.ModelForm):
    entreprise = forms.CharField(
        label="Entreprise (SIRET)",
        max_length=20,
        help_text="SIRET de l'établissement du registre (espaces permis).",
    )

    class Meta:
        model = Offre
        fields = [
            "entreprise",
            "reference",
            "intitule",
            "code_rome",
            "type_contrat",
            "nombre_postes",
            "date_reception",
            "date_cloture",
            "description",
            "conseiller",
        ]
        widgets = {"date_reception": DateInput(), "date_cloture": DateInput()}
        help_texts = {"reference": "Laissez vide : weker en attribue une (OFF-année-…)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        self.fields["conseiller"].queryset = conseillers_relations_entreprises()
        if self.instance.pk:
            self.initial["entreprise"] = self.instance.entreprise.siret
        elif isinstance(self.initial.get("entreprise"), Entreprise):
            self.initial["entreprise"] = self.initial["entreprise"].siret
        _bootstrap(self)

    def clean_entreprise(self):
        siret = normaliser_siret(self.cleaned_data["entreprise"])
        entreprise = entreprise_du_siret(siret) if siret else None
        if entreprise is None:
            raise forms.ValidationError(
                "Aucun établissement du registre n'a ce SIRET : créez d'abord l'entreprise.", code="inconnue"
            )
        return entreprise

    def clean_code_rome(self):
        code = (self.cleaned_data.get("code_rome") or "").strip().upper()
        if code and not re.fullmatch(r"[A-N]\d{4}", code):
            raise forms.ValidationError(MESSAGE_CODE_ROME, code="rome")
        return code

    def clean(self):
        donnees = super().clean()
        debut, fin = donnees.get("date_reception"), donnees.get("date_cloture")
        if debut and fin and fin < debut:
            self.add_error("date_cloture", "La date de clôture ne peut pas précéder la date de réception.")
        return donnees

    def _post_clean(self):
        pass

    def valeurs(self):
        return {champ: self.cleaned_data[champ] for champ in self.Meta.fields}


class ImportSireneForm(forms.Form):
    fichier = forms.FileField(
        label="Extrait SIRENE (CSV)",
        help_text="Fichier « StockEtablissement » de l'INSEE ou un extrait aux mêmes colonnes, en UTF-8.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)
