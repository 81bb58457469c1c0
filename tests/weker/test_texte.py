import datetime

import pytest

from weker.texte import caviarder, caviarder_json, expression_caviardage, plier

EXPRESSION = expression_caviardage(
    noms=["Le Bihan", "Nolwenn"],
    textes=["3 rue de l'Église", "nolwenn.lb@exemple.test"],
    dates=[datetime.date(2004, 7, 4)],
    telephones=["06 12 34 56 78"],
)


def test_plier_garde_les_positions():
    assert plier("Éloïse LE GOFF") == "eloise le goff"
    assert len(plier("Œdipe ﬁl")) == len("Œdipe ﬁl")


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("CNI_LE-BIHAN_Nolwenn_20040704.pdf", "CNI_LE-[…]_[…]_[…].pdf"),
        ("Née le 04/07/2004 (4 juillet 2004), 2004-07-04", "Née le […] ([…]), […]"),
        ("Tél. 0612345678, 06.12.34.56.78 ou +33 6 12 34 56 78", "Tél. […], […] ou […]"),
        ("Habite 3 rue de l'église", "Habite […]"),
        ("NOLWENN.LB@EXEMPLE.TEST a écrit", "[…] a écrit"),
        ("Le dossier de Le Goff, né le 05/07/2004", "Le dossier de Le Goff, né le 05/07/2004"),
    ],
)
def test_caviarder_retire_les_identifiants_sous_toutes_leurs_formes(texte, attendu):
    assert caviarder(texte, EXPRESSION) == attendu


def test_caviarder_json_et_sans_expression():
    assert caviarder_json({"erreurs": ["ligne 3 : « BIHAN »", 12]}, EXPRESSION) == {
        "erreurs": ["ligne 3 : « […] »", 12]
    }
    assert expression_caviardage(noms=["Li"]) is None  # mots de moins de 3 lettres ignorés
    assert caviarder("Li Wei", None) == "Li Wei"
