"""Aucune page n'échappe à la connexion : on parcourt TOUTE la configuration d'URL (applications incluses,
administration comprise) avec des paramètres factices, et chaque URL non publique doit renvoyer un visiteur anonyme
vers la page de connexion. Une nouvelle vue ajoutée par n'importe quelle application est donc couverte d'office."""

import re
import uuid

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RegexPattern, RoutePattern

from weker.middleware import CHEMINS_PUBLICS

pytestmark = pytest.mark.django_db

URLS_PUBLIQUES = {"/connexion/", "/sante/"}
# Publiques mais protégées autrement (docs/messages.md) : jeton signé de désinscription (un jeton faux : 404, sans
# rien montrer) et secret partagé du fournisseur de SMS (sans secret : 403 ; GET : 405).
URLS_PUBLIQUES_PROTEGEES = {
    "/messages/desinscription/exemple/": {"get": 404, "post": 404},
    "/messages/fournisseur/statut/": {"get": 405, "post": 403},
}

EXEMPLES_CONVERTISSEURS = {
    IntConverter: "1",
    SlugConverter: "exemple",
    StringConverter: "exemple",
    PathConverter: "exemple/chemin",
    UUIDConverter: str(uuid.UUID(int=1)),
}


def _exemple_pour_groupe(sous_motif):
    """Une valeur qui satisfait le sous-motif d'un groupe nommé d'une expression régulière."""
    candidats = ["1", "exemple", *(a.label for a in apps.get_app_configs()), "exemple/chemin", str(uuid.UUID(int=1))]
    for candidat in candidats:
        if re.fullmatch(sous_motif, candidat):
            return candidat
    raise AssertionError(f"Aucun exemple ne convient au motif {sous_motif!r} : ajoutez-en un.")


def _remplacer_groupes(regex):
    resultat, i = "", 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            debut_contenu = regex.index(">", i) + 1
            profondeur, j = 1, debut_contenu
            while profondeur:
                if regex[j] == "\\":
                    j += 2
                    continue
                profondeur += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
            resultat += _exemple_pour_groupe(regex[debut_contenu : j - 1])
            i = j
        else:
            resultat += regex[i]
            i += 1
    return resultat


def _morceau(pattern):
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        for nom, convertisseur in pattern.converters.items():
            exemple = EXEMPLES_CONVERTISSEURS.get(type(convertisseur), "1")
            route = re.sub(rf"<(?:\w+:)?{nom}>", exemple, route)
        return route
    assert isinstance(pattern, RegexPattern), pattern
    regex = _remplacer_groupes(pattern._regex).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return regex.replace("\\", "")


def toutes_les_urls(motifs=None, prefixe="/"):
    """Chemins d'exemple pour chaque motif terminal de la configuration d'URL (inclusions comprises)."""
    motifs = get_resolver().url_patterns if motifs is None else motifs
    for motif in motifs:
        chemin = prefixe + _morceau(motif.pattern)
        if isinstance(motif, URLResolver):
            yield from toutes_les_urls(motif.url_patterns, chemin)
        else:
            assert isinstance(motif, URLPattern)
            yield chemin, motif


URLS = sorted({chemin for chemin, _ in toutes_les_urls()})


def test_le_parcours_couvre_les_applications_et_l_administration():
    # Le parcours doit réellement trouver les vues (sinon le test suivant ne prouverait rien).
    assert len(URLS) > 40
    assert reverse("accueil") in URLS
    assert reverse("admin:index") in URLS
    assert reverse("mot_de_passe") in URLS
    assert any(url.startswith("/gestion/antennes/commune/") for url in URLS)


@pytest.mark.parametrize("url", URLS)
def test_chaque_url_exemple_designe_bien_sa_vue(url):
    resolve(url)  # lève Resolver404 si le chemin d'exemple était mal construit


@pytest.mark.parametrize("url", sorted(set(URLS) - URLS_PUBLIQUES - set(URLS_PUBLIQUES_PROTEGEES)))
@pytest.mark.parametrize("methode", ["get", "post"])
def test_toute_url_non_publique_renvoie_l_anonyme_vers_la_connexion(client, url, methode):
    reponse = getattr(client, methode)(url)
    assert reponse.status_code == 302, f"{methode.upper()} {url} → {reponse.status_code}"
    assert reponse["Location"].startswith(reverse("connexion") + "?next="), reponse["Location"]


@pytest.mark.parametrize("url", sorted(URLS_PUBLIQUES))
def test_les_urls_publiques_sont_accessibles_sans_connexion(client, url):
    assert url in URLS
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", sorted(URLS_PUBLIQUES_PROTEGEES))
@pytest.mark.parametrize("methode", ["get", "post"])
def test_les_urls_publiques_protegees_refusent_l_anonyme_sans_jeton_ni_secret(client, url, methode):
    assert url in URLS
    assert getattr(client, methode)(url).status_code == URLS_PUBLIQUES_PROTEGEES[url][methode]


def test_les_chemins_publics_du_middleware_sont_exactement_ceux_attendus():
    assert CHEMINS_PUBLICS == (
        "/connexion/",
        "/static/",
        "/sante/",
        "/messages/desinscription/",
        "/messages/fournisseur/",
    )
    assert {u for u in URLS if u.startswith(CHEMINS_PUBLICS)} == URLS_PUBLIQUES | set(URLS_PUBLIQUES_PROTEGEES)
