"""Paramètres malformés sur chaque page : jamais de 500.

Pour chaque URL lue en GET de la matrice des permissions, un persona qui y a droit ouvre la page, puis la rouvre
avec, pour chaque nom de champ de la page (formulaires, filtres, pagination) et quelques noms usuels, des valeurs
qu'un utilisateur ou un lien abîmé peut envoyer : texte à la place d'un nombre, nombre énorme, date impossible,
chaîne très longue, valeur répétée. La page répond par un refus ou une page normale (4xx, 2xx, 3xx), jamais 500.
"""

import re

import pytest
from django.urls import reverse

from tests.securite.test_matrice_permissions import (  # noqa: F401 (fixtures)
    MATRICE,
    instantanes_de_l_annee,
    objets,
)

ORDRE_PERSONAS = (
    "direction",
    "responsable_rennes",
    "conseiller_rennes",
    "secretariat_faj",
    "administrateur",
    "membre_commission",
    "accueil_rennes",
)
NOMS_USUELS = (
    "page", "q", "jeune", "annee", "antenne", "du", "au", "format", "export", "sort", "statut", "debut",
    "jusqu_a", "journal_page", "perimetre", "fonds", "mois", "dispositif", "referent", "secteur", "date",
)  # fmt: skip
VALEURS = {
    "texte au lieu d'un nombre": "abc",
    "nombre énorme": "99999999999999999999999",
    "négatif": "-1",
    "date impossible": "2026-02-30",
    "année hors limites": "0",
    "chaîne très longue": "é" * 5000,
    "injection": "' OR 1=1 --",
    "liste": ["1", "abc"],
    "octet nul": "Dup\x00ont",
}
CHAMP = re.compile(r'\bname="([^"]+)"')
EXCLUS = {"csrfmiddlewaretoken"}


def _persona(regle):
    return next((p for p in ORDRE_PERSONAS if regle.attendu(p) == 200), None)


CAS = sorted(nom for nom, regle in MATRICE.items() if regle.methode == "get" and _persona(regle))


@pytest.mark.django_db
@pytest.mark.parametrize("nom", CAS)
def test_jamais_de_500(request, client, objets, nom):  # noqa: F811
    regle = MATRICE[nom]
    if regle.prealable:
        request.getfixturevalue(regle.prealable)
    client.force_login(request.getfixturevalue(_persona(regle)))
    client.raise_request_exception = False
    url = reverse(nom, kwargs=regle.kwargs(objets) if regle.kwargs else None)
    premiere = client.get(url)
    assert premiere.status_code == 200
    contenu = b"" if premiere.streaming else premiere.content
    champs = (set(CHAMP.findall(contenu.decode(errors="replace"))) | set(NOMS_USUELS)) - EXCLUS
    erreurs = []
    for cas, valeur in VALEURS.items():
        reponse = client.get(url, dict.fromkeys(champs, valeur))
        if reponse.status_code >= 500:
            erreurs.append(f"{cas} : {reponse.status_code}")
    assert not erreurs, f"{url} ({', '.join(sorted(champs))}) : " + " ; ".join(erreurs)
