"""Graphiques SVG : accessibles, libellés échappés, nombres à la française."""

import base64

from reporting.charts import barres, en_image, repartition


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


def test_police_et_couleur_portees_par_le_svg_et_heritees_par_les_textes():
    """Un libellé n'écrit que ce qui diffère des valeurs par défaut du <svg> (graphiques plus légers)."""
    svg = barres("Âge des jeunes", [("Moins de 18 ans", 8065), ("18 à 21 ans", 35)], precedentes=[7000, 10], annee=2025)

    ouverture = svg[: svg.index(">")]
    assert 'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif"' in ouverture
    assert 'font-size="12"' in ouverture and 'fill="#1f2933"' in ouverture
    assert svg.count("font-family=") == 1
    assert '<text x="162.0" y="18.0" text-anchor="end">Moins de 18 ans</text>' in svg
    assert 'font-weight="bold">8\u202f065 (100\u00a0%)</text>' in svg
    assert 'font-size="11">7\u202f000</text>' in svg
    assert svg.count("<text") == 2 * 3 + 2  # libellé, valeur N, valeur N-1 par barre ; légende N et N-1


def test_pourcentage_en_blanc_dans_la_repartition():
    svg = repartition("Répartition par sexe", [("Femmes", 46), ("Hommes", 54)])

    assert 'fill="#ffffff" text-anchor="middle" font-weight="bold">46\u00a0%</text>' in svg


def test_graphique_en_image_pour_le_pdf():
    svg = barres("Âge des <jeunes>", [("Moins de 18 ans", 8065)], largeur=640)

    img = en_image(svg)

    assert img.startswith('<img class="graphique" src="data:image/svg+xml;base64,')
    assert 'width="640" height="' in img and 'alt="Âge des &lt;jeunes&gt;"' in img
    donnees = img.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(donnees).decode() == svg
