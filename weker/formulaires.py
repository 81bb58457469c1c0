"""Champs de formulaire partagés."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

ESPACES = str.maketrans("", "", " \u00a0\u202f€")


class MontantField(forms.DecimalField):
    """Montant en euros saisi à la française : « 12 500,00 », « 12 500 € » ou « 12500.5 ».

    Les espaces (y compris insécables) et le symbole € sont ignorés ; la virgule décimale est acceptée
    (champ localisé). Nécessaire car le séparateur de milliers automatique est désactivé (réglages).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate(ESPACES)
        return super().to_python(value)


# --- Rendu des listes déroulantes ---------------------------------------------------------------------------

GABARIT_SELECT = "django/forms/widgets/select.html"


def _attributs(attrs):
    """Comme django/forms/widgets/attrs.html : False omis, True en attribut booléen, le reste échappé, dans l'ordre
    du widget (django.forms.utils.flatatt, lui, met les attributs booléens à la fin)."""
    return "".join(
        f" {conditional_escape(nom)}"
        if valeur is True
        else f' {conditional_escape(nom)}="{conditional_escape(valeur)}"'
        for nom, valeur in attrs.items()
        if valeur is not False
    )


def rendre_select(widget):
    """Le HTML que produit django/forms/widgets/select.html (et select_option.html pour chaque option)."""
    morceaux = [f'<select name="{conditional_escape(widget["name"])}"{_attributs(widget["attrs"])}>']
    for groupe, options, _ in widget["optgroups"]:
        if groupe:
            morceaux.append(f'<optgroup label="{conditional_escape(groupe)}">')
        morceaux.extend(
            f'<option value="{conditional_escape(option["value"])}"{_attributs(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>"
            for option in options
        )
        if groupe:
            morceaux.append("</optgroup>")
    morceaux.append("</select>")
    return "".join(morceaux)


class RenduFormulaires(DjangoTemplates):
    """Moteur de rendu des formulaires (réglage FORM_RENDERER) : les listes déroulantes (Select, SelectMultiple,
    champs de modèle) sont écrites en Python, tout le reste passe par les gabarits de Django.

    Le gabarit de Django inclut deux gabarits par option : une liste de 137 référents coûtait 20 ms à elle seule, et
    les pages de liste en affichent plusieurs (filtres, réaffectation, sessions). Écrit en Python, le même HTML coûte
    moins d'une milliseconde (voir docs/performance.md).
    """

    def render(self, template_name, context, request=None):
        if template_name == GABARIT_SELECT:
            return rendre_select(context["widget"])
        return super().render(template_name, context, request=request)
