import datetime

import pytest
from django.template.defaultfilters import date as filtre_date

from weker.templatetags.weker import jour


@pytest.mark.parametrize("valeur", [datetime.date(2026, 11, 22), datetime.date(2004, 2, 29), datetime.date(1999, 1, 5)])
def test_jour_ecrit_la_date_comme_le_filtre_date_de_django(valeur):
    assert jour(valeur) == filtre_date(valeur, "d/m/Y")


def test_jour_sans_date():
    assert jour(None) == "—"
