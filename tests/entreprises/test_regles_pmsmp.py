"""Limites légales des PMSMP : un mois de date à date, cumul de deux mois par structure sur douze mois glissants."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from entreprises import regles_pmsmp

J = datetime.date


@pytest.mark.parametrize(
    ("debut", "dernier"),
    [
        (J(2026, 3, 15), J(2026, 4, 14)),
        (J(2026, 1, 1), J(2026, 1, 31)),
        (J(2026, 1, 31), J(2026, 2, 28)),  # le 31 février n'existe pas : dernier jour de février
        (J(2028, 1, 31), J(2028, 2, 29)),  # année bissextile
        (J(2026, 2, 1), J(2026, 2, 28)),
        (J(2026, 12, 20), J(2027, 1, 19)),
        (J(2026, 3, 31), J(2026, 4, 30)),
    ],
)
def test_dernier_jour_d_un_mois_de_date_a_date(debut, dernier):
    assert regles_pmsmp.dernier_jour_permis(debut) == dernier


def test_duree_au_jour_pres():
    regles_pmsmp.verifier_duree(J(2026, 3, 15), J(2026, 4, 14))  # le dernier jour permis
    with pytest.raises(ValidationError) as erreur:
        regles_pmsmp.verifier_duree(J(2026, 3, 15), J(2026, 4, 15))  # un jour de trop
    assert "au plus tard le 14/04/2026" in erreur.value.message_dict["date_fin"][0]
    regles_pmsmp.verifier_duree(J(2026, 3, 15), J(2026, 3, 15))  # une journée


def test_fenetre_de_douze_mois():
    assert regles_pmsmp.debut_fenetre_douze_mois(J(2027, 3, 10)) == J(2026, 3, 11)
    assert regles_pmsmp.debut_fenetre_douze_mois(J(2028, 2, 29)) == J(2027, 3, 1)


def test_cumul_exactement_a_la_limite_puis_un_jour_de_trop():
    # 31 + 31 = 62 jours dans la même fenêtre : permis ; un jour de plus : refusé.
    janvier, mars = (J(2026, 1, 1), J(2026, 1, 31)), (J(2026, 3, 1), J(2026, 3, 31))
    regles_pmsmp.verifier_cumul([janvier, mars])
    with pytest.raises(ValidationError, match="63 jours"):
        regles_pmsmp.verifier_cumul([janvier, mars, (J(2026, 6, 1), J(2026, 6, 1))])


def test_cumul_hors_fenetre_de_douze_mois():
    # La fenêtre qui finit le 31/01/2027 commence le 01/02/2026 : une convention terminée le 31/01/2026 n'y compte
    # plus (31 + 31 = 62 jours) ; terminée le 01/02/2026, elle y compte pour un jour (63 : refusé).
    recentes = [(J(2026, 12, 1), J(2026, 12, 31)), (J(2027, 1, 1), J(2027, 1, 31))]
    regles_pmsmp.verifier_cumul([(J(2026, 1, 1), J(2026, 1, 31)), *recentes])
    with pytest.raises(ValidationError, match="du 01/02/2026 au 31/01/2027"):
        regles_pmsmp.verifier_cumul([(J(2026, 1, 2), J(2026, 2, 1)), *recentes])
