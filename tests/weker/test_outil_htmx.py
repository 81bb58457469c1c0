"""L'outil de tests/htmx.py fait ce que ferait htmx dans le navigateur (sans quoi ses comparaisons ne prouvent rien)."""

import pytest
from django.http import HttpResponse

from tests.htmx import Page, donnees_formulaire

PAGE = """<!DOCTYPE html>
<html><body hx-headers='{"X-CSRFToken": "abc"}'>
  <ul id="liste" hx-swap="outerHTML">
    <li>un</li>
    <li class="suite"><a id="lien" hx-get="/suite" hx-target="closest li">plus</a></li>
  </ul>
  <div id="zone"><button id="bouton" hx-get="/x" hx-target="#zone">ok</button></div>
  <p id="compteur">1</p>
  <form id="f" hx-post="/f" hx-target="this">
    <input type="hidden" name="csrfmiddlewaretoken" value="jeton-1">
    <input name="texte" value="a &amp; b"><input type="checkbox" name="coche" checked>
    <input type="checkbox" name="pas"><textarea name="note">ligne</textarea>
    <select name="choix"><option value="1">un</option><option value="2" selected>deux</option></select>
    <button type="submit" name="envoyer">Envoyer</button>
  </form>
</body></html>"""


def reponse(contenu, **entetes):
    r = HttpResponse(contenu)
    for nom, valeur in entetes.items():
        r[nom] = valeur
    return r


def test_closest_et_swap_herite():
    page = Page(PAGE)
    lien = page.select_one("#lien")
    page.appliquer(reponse("<li>deux</li>\n<li>trois</li>"), lien)
    assert [li.texte() for li in page.select("#liste li")] == ["un", "deux", "trois"]


B = '<button hx-get="/x" hx-target="#zone" hx-swap="{mode} swap:0s">ok</button>'


@pytest.mark.parametrize(
    "mode, attendu",
    [
        ("innerHTML", '<div id="zone">NEUF</div>'),
        ("outerHTML", "NEUF"),
        ("beforebegin", 'NEUF<div id="zone">{B}</div>'),
        ("afterbegin", '<div id="zone">NEUF{B}</div>'),
        ("beforeend", '<div id="zone">{B}NEUF</div>'),
        ("afterend", '<div id="zone">{B}</div>NEUF'),
        ("delete", ""),
        ("none", '<div id="zone">{B}</div>'),
    ],
)
def test_modes_d_echange(mode, attendu):
    bouton = B.format(mode=mode)
    page = Page(f'<main><div id="zone">{bouton}</div></main>')
    page.appliquer(reponse("NEUF"), page.select_one("button"))
    assert page.select_one("main").html() == attendu.format(B=bouton)


def test_hors_bande_et_reciblage_par_en_tetes():
    page = Page(PAGE)
    bouton = page.select_one("#bouton")
    page.appliquer(
        reponse('<b>remplace</b><p id="compteur" hx-swap-oob="true">2</p>', **{"HX-Retarget": "#liste"}), bouton
    )
    assert page.select_one("#compteur").texte() == "2" and "hx-swap-oob" not in page.html()
    assert (
        page.select_one("#liste").html() == "<b>remplace</b>"
    )  # innerHTML : ni le bouton ni ses ancêtres n'ont hx-swap
    assert page.select_one("#zone").select("#bouton")  # la cible d'origine n'est pas touchée
    page.appliquer(reponse("<i>fin</i>", **{"HX-Retarget": "#liste", "HX-Reswap": "outerHTML"}), bouton)
    assert not page.select("#liste") and "<i>fin</i>" in page.html()


def test_assert_egale_ignore_espaces_et_jetons_mais_pas_le_texte():
    page = Page(PAGE)
    autre = PAGE.replace("jeton-1", "jeton-2").replace('"abc"', '"def"').replace("<li>un</li>", "<li> un </li>")
    page.assert_egale(autre)
    with pytest.raises(AssertionError, match="\n-1\n\\+2\n"):
        Page(PAGE.replace(">1<", ">2<")).assert_egale(PAGE)


def test_donnees_du_formulaire():
    assert donnees_formulaire(Page(PAGE).select_one("#f")) == {
        "csrfmiddlewaretoken": "jeton-1",
        "texte": "a & b",
        "coche": "on",
        "note": "ligne",
        "choix": "2",
    }


def test_refus_d_un_echange_impossible():
    page = Page(PAGE)
    with pytest.raises(AssertionError, match="réponse htmx 302"):
        page.appliquer(HttpResponse(status=302), page.select_one("#bouton"))
    with pytest.raises(AssertionError, match="HX-Redirect"):
        page.appliquer(reponse("", **{"HX-Redirect": "/"}), page.select_one("#bouton"))
