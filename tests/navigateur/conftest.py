"""Tests dans un vrai navigateur : Playwright (API synchrone) pilote le Chromium de Debian contre le `live_server`
de pytest-django, avec une vérification d'accessibilité axe-core sur chaque page visitée.

- Chromium : `/usr/bin/chromium` (paquet Debian `chromium`, installé par `.ci/run` via WEKER_NAVIGATEUR=1) ou le
  chemin donné par WEKER_CHROMIUM ; absent, les tests sont ignorés avec la commande d'installation.
- axe-core : la copie fournie par le paquet PyPI axe-playwright-python (aucun téléchargement pendant les tests).
- Captures d'écran : `captures/<test>-<nom>.png` (dossier ignoré par git), pour qu'une personne les regarde.
"""

import os
import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("WEKER_CHROMIUM", "/usr/bin/chromium"))
ARGUMENTS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=fr-FR",
]
CAPTURES = RACINE / "captures"
DELAI_MS = 15_000


def pytest_collection_modifyitems(config, items):
    dossier = Path(__file__).parent
    for item in items:
        if dossier in Path(item.fspath).parents:
            item.add_marker(pytest.mark.navigateur)


@pytest.fixture(scope="module")
def navigateur():
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium absent ({CHROMIUM}) : installez-le (sudo apt-get install -y chromium) "
            "ou lancez WEKER_NAVIGATEUR=1 make test en root ; WEKER_CHROMIUM donne un autre chemin."
        )
    from playwright.sync_api import sync_playwright

    # L'API synchrone de Playwright garde une boucle asyncio active dans le fil principal : Django y verrait un
    # contexte asynchrone et refuserait les requêtes SQL des fixtures et des tests. La variable n'est posée que le
    # temps du module (elle ne doit pas fuir vers les autres tests, ni vers une vérification de production).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        navigateur = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGUMENTS_CHROMIUM, timeout=60_000
        )
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur, live_server):
    """Un onglet neuf (cookies vides), en français, dont les adresses relatives visent le serveur de test ; le test
    échoue si la console du navigateur a reçu une erreur.

    Délai de 15 s pour les actions comme pour les assertions `expect` (machines de CI chargées)."""
    from playwright.sync_api import expect

    contexte = navigateur.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        # Sans animations (Bootstrap les coupe sous prefers-reduced-motion) : axe ne mesure pas un contraste au
        # milieu d'une transition de couleur.
        reduced_motion="reduce",
    )
    contexte.set_default_timeout(DELAI_MS)
    expect.set_options(timeout=DELAI_MS)
    onglet = contexte.new_page()
    erreurs_console = []
    onglet.on(
        "console",
        lambda m: erreurs_console.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None,
    )
    onglet.erreurs_console = erreurs_console
    onglet.reponses_en_erreur = []
    onglet.on(
        "response", lambda r: onglet.reponses_en_erreur.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    yield onglet
    contexte.close()
    # Toute erreur de la console (CSP refusant un style ou un script en ligne, JavaScript, ressource introuvable)
    # fait échouer le test, quel qu'il soit : pas seulement les parcours qui le vérifient à la fin.
    assert erreurs_console == [], "Erreurs dans la console du navigateur :\n" + "\n".join(erreurs_console)


@pytest.fixture
def capturer(request):
    """capturer(page, "nom") : enregistre une capture pleine page sous captures/."""
    CAPTURES.mkdir(exist_ok=True)
    prefixe = re.sub(r"[^\w-]+", "-", request.node.name).strip("-")

    def capture(page, nom):
        chemin = CAPTURES / f"{prefixe}-{nom}.png"
        page.screenshot(path=str(chemin), full_page=True)
        return chemin

    return capture


def _resume(violation):
    noeuds = "\n".join(f"      {' '.join(n['target'])} : {n.get('failureSummary', '')}" for n in violation["nodes"][:5])
    return f"  [{violation['impact']}] {violation['id']} — {violation['help']} ({violation['helpUrl']})\n{noeuds}"


def verifier_accessibilite(page, *, exceptions=()):
    """Lance axe-core sur la page et exige zéro violation, quel que soit l'impact.

    `exceptions` : identifiants de règles axe écartés pour cette page ; chaque exception doit être écrite et
    justifiée à l'appel (revue de code).
    """
    from axe_playwright_python.sync_playwright import Axe

    resultats = Axe().run(page)
    violations = [v for v in resultats.response["violations"] if v["id"] not in exceptions]
    assert not violations, f"Violations d'accessibilité sur {page.url} :\n" + "\n".join(map(_resume, violations))
    return resultats


@pytest.fixture(autouse=True)
def _catalogue_dispositifs(transactional_db):
    """Le catalogue des dispositifs est chargé par une migration de données : Django vide les tables à la fin de
    chaque test `live_server` ; on le recharge (idempotent) pour que chaque parcours trouve le catalogue réel."""
    from dispositifs.catalogue import charger
    from dispositifs.models import Dispositif, ParametreMontant

    if not Dispositif.objects.exists():
        charger(Dispositif, ParametreMontant)


def naviguer(page, libelle):
    """Clique l'entrée `libelle` de la navigation principale (le même lien figure souvent aussi sur l'accueil)."""
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name=libelle, exact=True).click()


@pytest.fixture
def axe():
    return verifier_accessibilite


@pytest.fixture
def connecter():
    """connecter(page, user, mot_de_passe) : se connecte par le formulaire, comme une personne."""

    def connexion(page, user, mot_de_passe="mot-de-passe-de-test"):
        page.goto("/connexion/")
        page.get_by_label("Identifiant").fill(user.username)
        page.get_by_label("Mot de passe").fill(mot_de_passe)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        return page

    return connexion
