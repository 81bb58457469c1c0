"""Graphiques SVG : accessibles, libellés échappés, nombres à la française."""

from reporting.charts import barres, repartition


def test_barres_accessibles_avec_valeurs_francaises():
    svg = barres("Âge des jeunes", [("Moins de 18 ans", 8065), ("<script>", 35)], precedentes=[7000, 0], annee=2025)

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Âge des jeunes</title>" in svg
    assert "8\u202f065 (100\u00a0%)" in svg and "35 (0\u00a0%)" in svg
    assert "&lt;script&gt;" in svg and "<script>" not in svg
    assert "7\u202f000 l&#x27;année précédente" in svg
    assert ">2025<" in svg and ">2024<" in svg


def test_repartition_en_pourcentages():
    svg = repartition("Répartition par sexe", [("Femmes", 46), ("Hommes", 54)])

    assert "46\u00a0%" in svg and "54\u00a0%" in svg
    assert "Femmes : 46" in svg


def test_barres_sans_donnees_ne_divise_pas_par_zero():
    svg = barres("Vide", [("A", 0), ("B", 0)])

    assert "<svg" in svg and "0</text>" in svg
