"""Étages du code : qui peut importer qui (voir README, « Organisation du code »).

Les fichiers sont lus avec `ast`, sans être importés : toutes les instructions `import` et `from … import` comptent,
y compris celles placées dans une fonction. Les références par chaîne (`include("reprise.urls")`, clé étrangère
"accompagnement.Jeune", nom d'URL, réglages) ne sont pas des imports et restent permises.

    weker (socle) ← comptes ← securite ← antennes, accompagnement, messagerie, dispositifs, aides, agenda,
                    entreprises, actions_territoriales (domaine)
                  ← reporting, reprise, conservation ← developpement (hors production)
"""

import ast
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

SOCLE = {"weker"}
DOMAINE = {
    "antennes", "accompagnement", "messagerie", "dispositifs", "aides", "agenda", "entreprises",
    "actions_territoriales",
}  # fmt: skip
AU_DESSUS_DU_DOMAINE = {"reporting", "reprise", "conservation"}
PAQUETS = [
    "weker", "comptes", "securite", *sorted(DOMAINE), *sorted(AU_DESSUS_DU_DOMAINE), "developpement",
]  # fmt: skip

# Ce que chaque paquet a le droit d'importer (hors lui-même). Entre applications du domaine : les imports
# d'aujourd'hui, pas davantage (en ajouter un est une décision, à inscrire ici).
AUTORISES = {
    "weker": set(),
    "comptes": {"weker"},
    "securite": {"weker", "comptes"},
    "antennes": {"weker", "comptes", "securite"},
    "accompagnement": {"weker", "comptes", "securite", "antennes"},
    "dispositifs": {"weker", "comptes", "securite", "antennes", "accompagnement"},
    # Messagerie : au-dessus de l'accompagnement (lit le jeune, la règle du mobile, les sessions), sous l'agenda et les
    # aides qui l'appellent ; elle désigne leurs objets par un type et un identifiant, sans les importer.
    "messagerie": {"weker", "comptes", "securite", "antennes", "accompagnement"},
    "aides": {"weker", "comptes", "securite", "antennes", "accompagnement", "messagerie"},
    # Agenda (nouveau domaine) : lit les jeunes, les lieux d'accueil et saisit l'entretien honoré ; l'accompagnement
    # ne l'importe pas (le dossier y renvoie par nom d'URL).
    "agenda": {"weker", "comptes", "securite", "antennes", "accompagnement", "messagerie"},
    # Relations entreprises : lisent les jeunes (mises en relation, immersions) et créent leurs situations ; les
    # actions territoriales lisent en plus le registre des entreprises.
    "entreprises": {"weker", "comptes", "securite", "antennes", "accompagnement"},
    "actions_territoriales": {"weker", "comptes", "securite", "antennes", "accompagnement", "entreprises"},
    "reporting": {"weker", "comptes", "securite", *DOMAINE},
    "reprise": {"weker", "comptes", "securite", *DOMAINE},
    "conservation": {"weker", "comptes", "securite", *DOMAINE},
    "developpement": {"weker", "comptes", "securite", *DOMAINE, *AU_DESSUS_DU_DOMAINE},
}

# Aucun cycle entre paquets : accompagnement lit les inscriptions par la relation inverse du jeune, sans importer
# dispositifs (qui est au-dessus de lui).
CYCLES_PERMIS = []

# Dans weker/, seuls ces fichiers peuvent nommer les autres applications : la configuration d'URL (include) et les
# réglages (INSTALLED_APPS, chemins des middlewares et backends). Tous deux le font par chaînes aujourd'hui.
EXCEPTIONS_DU_SOCLE = ("weker/urls.py", "weker/settings/")


def _fichiers(paquet):
    return sorted((RACINE / paquet).rglob("*.py"))


def _imports(fichier):
    """Premiers composants des modules importés par ce fichier (imports relatifs exclus : même paquet)."""
    arbre = ast.parse(fichier.read_text(encoding="utf-8"), filename=str(fichier))
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                yield alias.name.split(".")[0], noeud.lineno
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            yield noeud.module.split(".")[0], noeud.lineno


def _chemin(fichier):
    return fichier.relative_to(RACINE).as_posix()


def imports_entre_paquets(paquets=PAQUETS):
    """{paquet: {paquet importé: [« fichier:ligne », …]}} pour les paquets de weker."""
    aretes = {}
    for paquet in paquets:
        for fichier in _fichiers(paquet):
            for importe, ligne in _imports(fichier):
                if importe in paquets and importe != paquet:
                    aretes.setdefault(paquet, {}).setdefault(importe, []).append(f"{_chemin(fichier)}:{ligne}")
    return aretes


def test_tous_les_paquets_de_premier_niveau_sont_classes():
    """Un nouveau paquet Python à la racine doit trouver sa place dans les étages (et dans pyproject.toml)."""
    ignores = {"tests", "docs", "scripts", "static", "templates", "docker", "var"}
    trouves = {d.name for d in RACINE.iterdir() if (d / "__init__.py").is_file() and d.name not in ignores}
    assert trouves == set(PAQUETS)


def test_le_socle_n_importe_aucune_autre_application():
    fautes = [
        f"{_chemin(fichier)}:{ligne} importe {importe}"
        for fichier in _fichiers("weker")
        if not _chemin(fichier).startswith(EXCEPTIONS_DU_SOCLE)
        for importe, ligne in _imports(fichier)
        if importe in PAQUETS and importe != "weker"
    ]
    assert not fautes, "weker/ est le rez-de-chaussée : " + "; ".join(fautes)


@pytest.mark.parametrize("paquet", PAQUETS)
def test_imports_dans_le_sens_des_etages(paquet):
    aretes = imports_entre_paquets()
    if paquet == "weker":
        aretes = {
            paquet: {
                importe: [ou for ou in lieux if not ou.startswith(EXCEPTIONS_DU_SOCLE)]
                for importe, lieux in aretes.get(paquet, {}).items()
            }
        }
    interdits = {
        importe: lieux
        for importe, lieux in aretes.get(paquet, {}).items()
        if lieux and importe not in AUTORISES[paquet]
    }
    assert not interdits, f"{paquet} n'a pas le droit d'importer : {interdits}"


def test_securite_et_comptes_n_importent_pas_le_domaine():
    aretes = imports_entre_paquets()
    for paquet in ("comptes", "securite"):
        assert not set(aretes.get(paquet, {})) & (DOMAINE | AU_DESSUS_DU_DOMAINE), paquet


def test_rien_de_l_execution_n_importe_developpement():
    aretes = imports_entre_paquets()
    assert [p for p, importes in aretes.items() if "developpement" in importes] == []


def test_developpement_hors_des_reglages_de_production():
    communs = (RACINE / "weker" / "settings" / "base.py").read_text(encoding="utf-8")
    production = (RACINE / "weker" / "settings" / "prod.py").read_text(encoding="utf-8")
    assert "developpement" not in communs and "developpement" not in production
    for reglages in ("dev.py", "test.py"):
        assert '"developpement"' in (RACINE / "weker" / "settings" / reglages).read_text(encoding="utf-8")


def _composantes_fortement_connexes(graphe):
    """Tarjan : ensembles de paquets qui s'importent mutuellement (directement ou par un détour)."""
    index, bas, pile, sur_pile, composantes, compteur = {}, {}, [], set(), [], [0]

    def visiter(sommet):
        index[sommet] = bas[sommet] = compteur[0]
        compteur[0] += 1
        pile.append(sommet)
        sur_pile.add(sommet)
        for voisin in graphe.get(sommet, ()):
            if voisin not in index:
                visiter(voisin)
                bas[sommet] = min(bas[sommet], bas[voisin])
            elif voisin in sur_pile:
                bas[sommet] = min(bas[sommet], index[voisin])
        if bas[sommet] == index[sommet]:
            composante = set()
            while True:
                autre = pile.pop()
                sur_pile.discard(autre)
                composante.add(autre)
                if autre == sommet:
                    break
            composantes.append(composante)

    for sommet in graphe:
        if sommet not in index:
            visiter(sommet)
    return composantes


def test_pas_de_cycle_entre_paquets_hors_ceux_du_domaine_connus():
    aretes = imports_entre_paquets()
    graphe = {paquet: set(aretes.get(paquet, {})) for paquet in PAQUETS}
    cycles = [c for c in _composantes_fortement_connexes(graphe) if len(c) > 1]
    assert sorted(map(sorted, cycles)) == sorted(map(sorted, CYCLES_PERMIS))
