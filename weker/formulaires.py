"""Champs de formulaire partagés."""

from django import forms

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
