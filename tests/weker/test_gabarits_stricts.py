"""Variables de gabarit indéfinies : une erreur dans les tests, sauf là où Django les tolère par construction."""

import pytest
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template import Context, Template, engines
from django.template.base import Origin

from weker.settings.test import VariableDeGabaritIndefinie


def rendre(source, **contexte):
    return engines["django"].from_string(source).render(contexte)


class Profil:
    """Comme une relation un-à-un absente : l'accès lève une exception « silencieuse » pour les gabarits."""

    @property
    def fiche(self):
        raise ObjectDoesNotExist("pas de fiche")

    def avec_argument(self, x):
        return x


@pytest.mark.parametrize(
    "source",
    [
        "{{ absente }}",
        "{{ absente|upper }}",
        "{{ absente|date:'d/m/Y' }}",
        "{{ objet.absent }}",
        "{{ rien.attribut }}",
        "{% with x=absente %}{{ x }}{% endwith %}",
        "{% include 'components/messages.html' with messages=absente %}",
        "{{ profil.fiche }}",
        "{{ profil.avec_argument }}",
        "{% cycle absente 'b' %}",
    ],
)
def test_variable_indefinie_leve(source):
    with pytest.raises(VariableDeGabaritIndefinie, match="variable de gabarit indéfinie"):
        rendre(source, objet={}, rien=None, profil=Profil())


@pytest.mark.parametrize(
    "source, attendu",
    [
        ("{% if absente %}oui{% else %}non{% endif %}", "non"),
        ("{% if profil.fiche %}oui{% else %}non{% endif %}", "non"),
        ("{% if profil.avec_argument %}oui{% else %}non{% endif %}", "non"),
        ("{% for x in absente %}{{ x }}{% empty %}vide{% endfor %}", "vide"),
        ("{% for x in profil.fiche %}{{ x }}{% empty %}vide{% endfor %}", "vide"),
        ("{% firstof absente profil.fiche 'repli' %}", "repli"),
        ("{{ absente|default:'—' }}", "—"),
        ("{{ absente|date:'d/m/Y'|default:'—' }}", "—"),
        ("{{ profil.fiche|default:'aucune' }}", "aucune"),
        ("{{ rien|default:'rien' }}", "rien"),
        ("{% regroup absente by x as groupes %}{{ groupes|length }}", "0"),
        ("{% for x in liste %}{% ifchanged x.absent %}c{% endifchanged %}{% endfor %}", "c"),
        ("{{ present }}", "là"),
        ("{{ vide }}|{{ nul }}", "|None"),
    ],
)
def test_semantique_de_django_conservee(source, attendu):
    assert rendre(source, profil=Profil(), liste=[{}, {}], present="là", vide="", nul=None) == attendu


def gabarit_en(chemin, nom, source):
    return Template(source, origin=Origin(name=str(chemin), template_name=nom), engine=engines["django"].engine)


def test_l_erreur_nomme_la_variable_et_le_gabarit():
    gabarit = gabarit_en(settings.BASE_DIR / "templates" / "essai.html", "essai.html", "{{ jeune.nom_absent }}")
    with pytest.raises(VariableDeGabaritIndefinie, match=r"\{\{ jeune\.nom_absent \}\} dans essai\.html"):
        gabarit.render(Context({"jeune": object()}))


@pytest.mark.parametrize(
    "chemin",
    [
        "/usr/lib/python3/dist-packages/django/contrib/admin/templates/admin/essai.html",
        settings.BASE_DIR / ".venv" / "lib" / "django_tables2" / "templates" / "essai.html",
    ],
)
def test_gabarits_des_bibliotheques_toleres(chemin):
    """Administration de Django, django-tables2… : comportement de production (variable absente = "")."""
    gabarit = gabarit_en(chemin, "essai.html", "[{{ absente }}|{{ absente|upper }}]")
    assert gabarit.render(Context({})) == "[|]"
