"""Matrice des permissions, générée à partir de la configuration des URL.

Chaque nom d'URL de l'application DOIT figurer dans MATRICE, avec le résultat attendu pour chaque persona (rôle ×
antenne, plus l'anonyme) : une nouvelle vue sans règle déclarée fait échouer `test_toute_url_a_une_regle`.
Les objets passés en paramètres d'URL sont créés par la fixture `objets` (jeune de l'antenne de Rennes, etc.) :
`conseiller_rennes` est « de la même antenne », `conseiller_broceliande` « d'une autre antenne ».

Résultats attendus : un code HTTP (200, 302, 403, 404, 405) ou CONNEXION (redirection vers la page de connexion).
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.securite.factories import JeuneFactory

CONNEXION = "connexion"
ANONYME = "anonyme"
PERSONAS = (
    ANONYME,
    "accueil_rennes",
    "conseiller_rennes",
    "conseiller_broceliande",
    "responsable_rennes",
    "responsable_broceliande",
    "direction",
    "secretariat_faj",
    "membre_commission",
    "administrateur",
)
AUTHENTIFIES = frozenset(PERSONAS) - {ANONYME}
AGENCE = AUTHENTIFIES - {"membre_commission"}
DIRECTION = frozenset({"direction"})  # + les DPO (persona « dpo » testé à part dans tests/securite/test_dossier.py)

# Espaces de noms exclus de la matrice : l'administration Django (réservée is_staff, testée à part).
EXCLUS = {"admin"}


@dataclass(frozen=True)
class Regle:
    """`permis` : personas qui obtiennent `statut` ; les autres authentifiés obtiennent `refus` ; l'anonyme
    `anonyme`. `exceptions` surcharge persona par persona. `kwargs(objets)` donne les paramètres de l'URL."""

    permis: frozenset
    statut: int = 200
    refus: int = 403
    anonyme: object = CONNEXION
    kwargs: object = None
    methode: str = "get"
    exceptions: dict = field(default_factory=dict)

    def attendu(self, persona):
        if persona in self.exceptions:
            return self.exceptions[persona]
        if persona == ANONYME:
            return self.anonyme
        return self.statut if persona in self.permis else self.refus


def jeune_pk(objets):
    return {"pk": objets["jeune"].pk}


MATRICE = {
    # Socle
    "accueil": Regle(AUTHENTIFIES),
    "connexion": Regle(AUTHENTIFIES, statut=302, anonyme=200),  # déjà connecté : renvoyé à l'accueil
    "deconnexion": Regle(AUTHENTIFIES, statut=405),  # GET refusé : la déconnexion se fait en POST
    "mot_de_passe": Regle(AUTHENTIFIES),
    "mot_de_passe_modifie": Regle(AUTHENTIFIES),
    "sante": Regle(AUTHENTIFIES, anonyme=200),
    # Sécurité
    "securite:otp_enrolement": Regle(AUTHENTIFIES),
    "securite:otp_verification": Regle(AUTHENTIFIES, statut=302),  # sans appareil : renvoyé vers l'activation
    "securite:journal": Regle(DIRECTION),
    "securite:verrouillages": Regle(frozenset({"administrateur"})),
    "securite:historique_jeune": Regle(AGENCE, kwargs=jeune_pk),
    # dossier de la base active : rien à consulter exceptionnellement, renvoyé au dossier
    "securite:consultation_exceptionnelle": Regle(DIRECTION, statut=302, kwargs=jeune_pk),
    "securite:droits": Regle(DIRECTION, kwargs=jeune_pk),
    "securite:droit_acces_pdf": Regle(DIRECTION, kwargs=jeune_pk),
    "securite:droit_acces_json": Regle(DIRECTION, kwargs=jeune_pk),
    "securite:effacement": Regle(DIRECTION, statut=302, kwargs=jeune_pk, methode="post"),
}


def noms_d_url(motifs=None, prefixe=""):
    noms = []
    for motif in motifs if motifs is not None else get_resolver().url_patterns:
        if isinstance(motif, URLResolver):
            if motif.namespace in EXCLUS:
                continue
            sous_prefixe = f"{prefixe}{motif.namespace}:" if motif.namespace else prefixe
            noms += noms_d_url(motif.url_patterns, sous_prefixe)
        elif isinstance(motif, URLPattern) and motif.name:
            noms.append(prefixe + motif.name)
    return noms


def test_toute_url_a_une_regle():
    sans_regle = sorted(set(noms_d_url()) - set(MATRICE))
    assert not sans_regle, (
        "Ces URL n'ont pas de ligne dans la matrice des permissions (tests/securite/test_matrice_permissions.py) : "
        + ", ".join(sans_regle)
    )


def test_pas_de_regle_orpheline():
    orphelines = sorted(set(MATRICE) - set(noms_d_url()))
    assert not orphelines, "Règles pour des URL qui n'existent plus : " + ", ".join(orphelines)


@pytest.fixture
def objets(db, conseiller_rennes):
    """Objets des paramètres d'URL : tous rattachés à l'antenne de Rennes."""
    jeune = JeuneFactory(nom="Matrice", prenom="Rennes", referent=conseiller_rennes)
    return {"jeune": jeune}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("nom", sorted(MATRICE))
def test_matrice(request, client, objets, nom, persona):
    regle = MATRICE[nom]
    url = reverse(nom, kwargs=regle.kwargs(objets) if regle.kwargs else None)
    if persona != ANONYME:
        client.force_login(request.getfixturevalue(persona))
    donnees = {"motif": "Demande écrite de la personne concernée"} if regle.methode == "post" else None
    reponse = getattr(client, regle.methode)(url, donnees) if donnees else getattr(client, regle.methode)(url)
    attendu = regle.attendu(persona)
    if attendu == CONNEXION:
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion")), (
            f"{nom} pour {persona} : {reponse.status_code}, redirection vers la connexion attendue"
        )
    else:
        assert reponse.status_code == attendu, f"{nom} pour {persona} : {reponse.status_code}, {attendu} attendu"
        if attendu == 302:
            assert not reponse.url.startswith(reverse("connexion"))


@pytest.mark.django_db
def test_administration_reservee_au_personnel_habilite(client_de, conseiller_rennes, direction):
    assert client_de(conseiller_rennes).get(reverse("admin:index")).status_code == 302
    assert client_de(direction).get(reverse("admin:index")).url.startswith(reverse("admin:login"))
