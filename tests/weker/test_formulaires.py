from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from weker.formulaires import MontantField


@pytest.mark.parametrize(
    ("saisie", "attendu"),
    [
        ("12 500,00", Decimal("12500.00")),
        ("12\u00a0500,5", Decimal("12500.5")),
        ("12\u202f500 €", Decimal("12500")),
        ("75,5", Decimal("75.5")),
        ("1234.50", Decimal("1234.50")),
    ],
)
def test_un_montant_saisi_a_la_francaise_est_compris(saisie, attendu):
    assert MontantField(max_digits=9, decimal_places=2).clean(saisie) == attendu


def test_un_montant_illisible_est_refuse_avec_un_message_francais():
    with pytest.raises(ValidationError) as erreur:
        MontantField(max_digits=9, decimal_places=2).clean("douze euros")
    assert "Saisissez un nombre" in str(erreur.value)


class TestListesDeroulantes:
    """Le gabarit de liste déroulante du projet (templates/django/forms/widgets/select.html, sans inclusion par
    option) donne le même HTML que ceux de Django, aux blancs près : valeurs et libellés échappés, option choisie,
    groupes, attributs booléens."""

    @staticmethod
    def _compacte(html):
        import re

        return re.sub(r">\s+<", "><", html.strip())

    @pytest.mark.parametrize(
        ("widget", "valeur"),
        [
            (forms.Select(attrs={"class": "form-select", "required": True, "disabled": False}), "b"),
            (forms.SelectMultiple(attrs={"aria-label": 'Liste "x" & <y>'}), ["a", "c"]),
        ],
    )
    def test_meme_html_que_django(self, widget, valeur):
        from django.forms.renderers import DjangoTemplates, TemplatesSetting

        choix = [
            ("", "—"),
            ("a", "Agathe <b>"),
            ("Groupe & co", [("b", "Bé"), ("c", 'C "guillemets"')]),
        ]
        widget.choices = choix
        attendu = widget.render("champ", valeur, attrs={"id": "id_champ"}, renderer=DjangoTemplates())
        obtenu = widget.render("champ", valeur, attrs={"id": "id_champ"}, renderer=TemplatesSetting())
        assert self._compacte(obtenu) == self._compacte(attendu)
        assert "&lt;b&gt;" in obtenu and " selected>" in obtenu

    def test_le_reglage_utilise_les_gabarits_du_projet(self):
        from django.forms.renderers import TemplatesSetting, get_default_renderer

        assert isinstance(get_default_renderer(), TemplatesSetting)
        assert (
            get_default_renderer()
            .get_template("django/forms/widgets/select.html")
            .origin.name.endswith("templates/django/forms/widgets/select.html")
        )
        assert (
            "/site-packages/" not in get_default_renderer().get_template("django/forms/widgets/select.html").origin.name
        )


def test_options_choisies_echappees_et_choisies_en_texte():
    from weker.templatetags.formulaires import options_choisies

    choix = [("", "Par défaut"), (3, "CCAS <Rennes>"), (12, "Mission Locale")]
    assert options_choisies(choix, "12") == (
        '<option value="">Par défaut</option><option value="3">CCAS &lt;Rennes&gt;</option>'
        '<option value="12" selected>Mission Locale</option>'
    )
    assert 'value="" selected' in options_choisies(choix, "")
    assert '<option value="3" selected>' in options_choisies(choix, 3)
