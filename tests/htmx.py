"""Appliquer une réponse htmx à la page complète, comme le ferait le navigateur, et la comparer à un rendu neuf.

Un fragment htmx et la page complète sont deux gabarits, ou deux branches d'une vue : ils divergent sans bruit (un
compteur oublié, une ligne en double, un lien qui garde l'ancienne page). Le test type :

    page = Page(client.get(url_du_dossier))
    declencheur = page.select_one("li.journal-suite a")
    reponse = client.get(declencheur["hx-get"], headers=HTMX)
    page.appliquer(reponse, declencheur)
    page.assert_egale(client.get(url_du_dossier + "?journal_page=2"))

Pour un formulaire : `donnees_formulaire(page.select_one("#saisie-rapide form"))` donne ce qu'enverrait le
navigateur, à compléter avant le `client.post(formulaire["hx-post"], donnees, headers=HTMX)`. `page.retirer(sél.)`
ôte ce qu'un échange montre légitimement de plus qu'un rendu neuf (une confirmation, par exemple) : à justifier.

`appliquer` lit sur le déclencheur (ou ses ancêtres, comme htmx) `hx-target` (`#id`, `this`, `closest sél.`,
`find sél.`, `next sél.`, `previous sél.`, sélecteur CSS simple) et `hx-swap` (`innerHTML` par défaut,
`outerHTML`, `beforebegin`, `afterbegin`, `beforeend`, `afterend`, `delete`, `none`), les en-têtes de réponse
`HX-Retarget` / `HX-Reswap`, et les éléments `hx-swap-oob` de la réponse (`true`, un mode, ou `mode:sélecteur`).
La comparaison est celle d'`assertHTMLEqual` (django.test.html : espaces, ordre des attributs et des classes
indifférents) ; en cas d'écart, le message montre le diff des deux pages.

Sélecteurs pris en charge : composés simples (`balise`, `#id`, `.classe`, `[attribut]`, `[attribut=valeur]`)
séparés par des espaces (descendants). Analyse par `html.parser` de la bibliothèque standard : aucune dépendance.
"""

import difflib
import html
import re
from html.parser import HTMLParser

from django.test.html import parse_html
from django.utils.html import VOID_ELEMENTS

HTMX = {"HX-Request": "true"}
"""En-têtes d'une requête htmx : `client.get(url, headers=HTMX)`."""

_TEXTE_BRUT = {"script", "style"}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.enfants = []  # Element ou str (texte déjà décodé ; brut dans <script> et <style>)

    def __getitem__(self, nom):
        return self.attrs[nom]

    def get(self, nom, defaut=None):
        return self.attrs.get(nom, defaut)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def elements(self):
        """Descendants (éléments seulement), dans l'ordre du document."""
        for enfant in self.enfants:
            if isinstance(enfant, Element):
                yield enfant
                yield from enfant.elements()

    def select(self, selecteur):
        return [e for e in self.elements() if _correspond(e, selecteur, limite=self)]

    def select_one(self, selecteur):
        trouves = self.select(selecteur)
        assert len(trouves) == 1, f"{len(trouves)} élément(s) pour {selecteur!r}, un seul attendu"
        return trouves[0]

    def texte(self):
        return "".join(e if isinstance(e, str) else e.texte() for e in self.enfants)

    def html(self):
        return "".join(_serialiser(e, brut=self.tag in _TEXTE_BRUT) for e in self.enfants)

    def __str__(self):
        return _serialiser(self)


def _serialiser(noeud, brut=False):
    if isinstance(noeud, str):
        return noeud if brut else html.escape(noeud, quote=False)
    if noeud.tag == "!doctype":
        return f"<!{noeud.attrs['declaration']}>"
    attrs = "".join(
        f' {nom}="{html.escape(valeur)}"' if valeur is not None else f" {nom}" for nom, valeur in noeud.attrs.items()
    )
    if noeud.tag in VOID_ELEMENTS:
        return f"<{noeud.tag}{attrs}>"
    return f"<{noeud.tag}{attrs}>{noeud.html()}</{noeud.tag}>"


class _Analyseur(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.racine = Element(None, {})
        self.ouverts = [self.racine]

    def handle_decl(self, decl):
        self.ouverts[-1].enfants.append(Element("!doctype", {"declaration": decl}, self.ouverts[-1]))

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.ouverts[-1])
        self.ouverts[-1].enfants.append(element)
        if tag not in VOID_ELEMENTS:
            self.ouverts.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.ouverts.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        noms = [e.tag for e in self.ouverts]
        assert tag in noms, f"balise fermante </{tag}> sans ouverture (ligne {self.getpos()[0]})"
        while self.ouverts.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.ouverts[-1].enfants.append(data)


def analyser(contenu):
    """Arbre d'un document ou d'un fragment HTML (élément racine sans balise)."""
    analyseur = _Analyseur()
    analyseur.feed(contenu)
    analyseur.close()
    return analyseur.racine


_COMPOSE = re.compile(r"([a-zA-Z][\w-]*)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=\"?([^\]\"]*)\"?)?\]")


def _correspond_compose(element, compose):
    position = 0
    for m in _COMPOSE.finditer(compose):
        assert m.start() == position, f"sélecteur non pris en charge : {compose!r}"
        position = m.end()
        balise, ident, classe, attribut, valeur = m.groups()
        if balise and element.tag != balise.lower():
            return False
        if ident and element.get("id") != ident:
            return False
        if classe and classe not in element.classes:
            return False
        if attribut and (attribut not in element.attrs or (valeur is not None and element.attrs[attribut] != valeur)):
            return False
    assert position == len(compose), f"sélecteur non pris en charge : {compose!r}"
    return True


def _correspond(element, selecteur, limite=None):
    """`selecteur` : composés séparés par des espaces ; les ancêtres sont cherchés jusqu'à `limite` exclue."""
    *ancetres, dernier = selecteur.split()
    if not _correspond_compose(element, dernier):
        return False
    parent = element.parent
    for compose in reversed(ancetres):
        while parent is not None and parent is not limite and not _correspond_compose(parent, compose):
            parent = parent.parent
        if parent is None or parent is limite:
            return False
        parent = parent.parent
    return True


def _attribut_herite(element, nom):
    """Valeur d'un attribut htmx sur l'élément ou son plus proche ancêtre, et l'élément qui le porte."""
    while element is not None:
        if nom in element.attrs:
            return element.attrs[nom], element
        element = element.parent
    return None, None


class Page:
    """Une page rendue, à laquelle on applique des réponses htmx."""

    def __init__(self, reponse_ou_html):
        self.racine = analyser(_contenu(reponse_ou_html))

    def select(self, selecteur):
        return self.racine.select(selecteur)

    def select_one(self, selecteur):
        return self.racine.select_one(selecteur)

    def cible(self, declencheur, valeur=None):
        """Élément visé par `declencheur` (hx-target hérité, ou la valeur donnée : en-tête HX-Retarget)."""
        porteur = declencheur
        if valeur is None:
            valeur, porteur = _attribut_herite(declencheur, "hx-target")
            if valeur is None:
                return declencheur
        if valeur == "this":
            return porteur
        mot, _, reste = valeur.partition(" ")
        if mot == "closest":
            element = declencheur
            while element is not None and not (element.tag and _correspond_compose(element, reste.strip())):
                element = element.parent
            assert element is not None, f"hx-target={valeur!r} : aucun ancêtre ne correspond"
            return element
        if mot == "find":
            return declencheur.select(reste.strip())[0]
        if mot in ("next", "previous"):
            tous = list(self.racine.elements())
            position = tous.index(declencheur)
            candidats = tous[position + 1 :] if mot == "next" else reversed(tous[:position])
            return next(e for e in candidats if _correspond(e, reste.strip()))
        return self.select(valeur)[0]

    def appliquer(self, reponse, declencheur):
        """Applique la réponse htmx `reponse` comme si `declencheur` (un élément de cette page) l'avait demandée."""
        assert reponse.status_code == 200, f"réponse htmx {reponse.status_code}"
        for entete in ("HX-Redirect", "HX-Refresh", "HX-Location"):
            assert entete not in reponse.headers, f"{entete} : pas un échange de fragment"
        fragment = analyser(_contenu(reponse))
        for hors_bande in [e for e in fragment.elements() if "hx-swap-oob" in e.attrs]:
            _detacher(hors_bande)
            mode = hors_bande.attrs.pop("hx-swap-oob")
            mode, _, selecteur = mode.partition(":")
            if mode == "true":
                mode = "outerHTML"
            cibles = self.select(selecteur) if selecteur else self.select(f"#{hors_bande['id']}")
            assert cibles, f"hx-swap-oob : aucune cible pour {hors_bande}"
            for cible in cibles:
                _echanger(cible, [hors_bande] if mode == "outerHTML" else hors_bande.enfants, mode)
        cible = self.cible(declencheur, reponse.headers.get("HX-Retarget"))
        mode = reponse.headers.get("HX-Reswap") or _attribut_herite(declencheur, "hx-swap")[0] or "innerHTML"
        _echanger(cible, list(fragment.enfants), mode.split()[0])
        return self

    def html(self):
        return self.racine.html()

    def retirer(self, selecteur):
        """Retire de la page les éléments choisis (ce qu'un échange montre de plus qu'un rendu neuf, par exemple
        une confirmation qui, sans htmx, passe par les messages de la page suivante)."""
        trouves = self.select(selecteur)
        assert trouves, f"rien à retirer pour {selecteur!r}"
        for element in trouves:
            _detacher(element)
        return self

    def assert_egale(self, autre, selecteur=None):
        """La page (après échanges) est la même, au sens d'assertHTMLEqual, qu'`autre` (réponse ou HTML), jetons
        CSRF mis à part (masqués différemment à chaque rendu). `selecteur` : ne comparer que cet élément des deux."""
        attendu = _sans_jeton_csrf(analyser(_contenu(autre)))
        obtenu = _sans_jeton_csrf(analyser(self.html()))
        if selecteur:
            attendu, obtenu = str(attendu.select_one(selecteur)), str(obtenu.select_one(selecteur))
        else:
            attendu, obtenu = attendu.html(), obtenu.html()
        if parse_html(obtenu) != parse_html(attendu):
            diff = difflib.unified_diff(
                _lignes(attendu), _lignes(obtenu), "rendu complet", "page après htmx", lineterm="", n=2
            )
            raise AssertionError("la page après l'échange htmx diffère d'un rendu complet :\n" + "\n".join(diff))


def donnees_formulaire(formulaire):
    """Valeurs qu'enverrait le navigateur pour ce <form> tel qu'affiché (champs cochés, options choisies)."""
    donnees = {}
    for champ in formulaire.elements():
        nom = champ.get("name")
        if not nom or "disabled" in champ.attrs:
            continue
        if champ.tag == "input":
            genre = champ.get("type", "text")
            if genre in ("submit", "button", "reset", "file", "image"):
                continue
            if genre in ("checkbox", "radio") and "checked" not in champ.attrs:
                continue
            donnees.setdefault(nom, []).append(champ.get("value", "on" if genre in ("checkbox", "radio") else ""))
        elif champ.tag == "textarea":
            donnees.setdefault(nom, []).append(champ.texte().removeprefix("\n"))
        elif champ.tag == "select":
            options = champ.select("option")
            choisies = [o for o in options if "selected" in o.attrs] or options[:1]
            donnees.setdefault(nom, []).extend(o.get("value", o.texte()) for o in choisies)
    return {nom: valeurs[0] if len(valeurs) == 1 else valeurs for nom, valeurs in donnees.items()}


_JETON_CSRF = re.compile(r'("X-CSRFToken":\s*")[^"]*(")')


def _sans_jeton_csrf(racine):
    for element in racine.elements():
        if element.get("name") == "csrfmiddlewaretoken":
            element.attrs["value"] = "…"
        if "hx-headers" in element.attrs:
            element.attrs["hx-headers"] = _JETON_CSRF.sub(r"\1…\2", element.attrs["hx-headers"])
    return racine


def _lignes(contenu):
    return str(parse_html(contenu)).splitlines()


def _contenu(reponse_ou_html):
    if isinstance(reponse_ou_html, str):
        return reponse_ou_html
    return reponse_ou_html.content.decode(reponse_ou_html.charset or "utf-8")


def _detacher(element):
    element.parent.enfants.remove(element)
    element.parent = None


def _echanger(cible, nouveaux, mode):
    """Échange htmx : `nouveaux` (éléments et textes) autour de, dans ou à la place de `cible`."""
    if mode == "none":
        return
    parent = cible.parent
    if mode == "delete":
        _detacher(cible)
        return
    if mode in ("innerHTML", "afterbegin", "beforeend"):
        hote, position = cible, {"innerHTML": 0, "afterbegin": 0, "beforeend": len(cible.enfants)}[mode]
        if mode == "innerHTML":
            for enfant in cible.enfants:
                if isinstance(enfant, Element):
                    enfant.parent = None
            cible.enfants = []
    elif mode in ("outerHTML", "beforebegin", "afterend"):
        hote, position = parent, parent.enfants.index(cible) + (mode == "afterend")
        if mode == "outerHTML":
            _detacher(cible)
    else:
        raise AssertionError(f"hx-swap={mode!r} non pris en charge")
    for decalage, noeud in enumerate(nouveaux):
        if isinstance(noeud, Element):
            noeud.parent = hote
        hote.enfants.insert(position + decalage, noeud)
