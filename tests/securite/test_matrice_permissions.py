"""Matrice des permissions, générée à partir de la configuration des URL.

Chaque nom d'URL de l'application DOIT figurer dans MATRICE, avec le résultat attendu pour chaque persona (rôle ×
antenne, plus l'anonyme) : une nouvelle vue sans règle déclarée fait échouer `test_toute_url_a_une_regle`.
Les objets passés en paramètres d'URL sont créés par la fixture `objets` (jeune de l'antenne de Rennes, etc.) :
`conseiller_rennes` est « de la même antenne », `conseiller_broceliande` « d'une autre antenne ».

Résultats attendus : un code HTTP (200, 302, 403, 404, 405) ou CONNEXION (redirection vers la page de connexion).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accompagnement.models import Situation
from aides.models import DemandeAide
from dispositifs.models import Versement
from tests.securite.factories import DispositifFactory, EvenementFactory, InscriptionFactory, JeuneFactory

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
    "securite:connexions": Regle(DIRECTION | {"administrateur"}),
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


# Données qu'un membre de commission ne doit jamais voir (contrôle au niveau des champs, voir plus bas).
SECRETS_DOSSIER = {
    "compte rendu": "Compte rendu confidentiel 7Q2",
    "téléphone": "06 98 76 54 32",
    "adresse": "12 impasse des Secrets",
    "courriel": "secret.matrice@example.org",
    "titre de séjour": "TS-SECRET-778",
}


@pytest.fixture
def objets(db, conseiller_rennes):
    """Objets des paramètres d'URL : tous rattachés au jeune de l'antenne de Rennes (référent conseiller_rennes)."""
    jeune = JeuneFactory(
        nom="Matrice",
        prenom="Rennes",
        referent=conseiller_rennes,
        telephone=SECRETS_DOSSIER["téléphone"],
        adresse=SECRETS_DOSSIER["adresse"],
        courriel=SECRETS_DOSSIER["courriel"],
        titre_sejour_numero=SECRETS_DOSSIER["titre de séjour"],
    )
    dispositif = DispositifFactory(code="PACEA", nom="PACEA")
    return {
        "jeune": jeune,
        "evenement": EvenementFactory(jeune=jeune, compte_rendu=SECRETS_DOSSIER["compte rendu"]),
        "situation": Situation.objects.create(
            jeune=jeune, categorie="emploi", type="cdi", date_debut=datetime.date(2026, 1, 5)
        ),
        "dispositif": dispositif,
        "inscription": InscriptionFactory(jeune=jeune, dispositif=dispositif, date_entree=datetime.date(2026, 1, 5)),
        "versement": Versement.objects.create(
            jeune=jeune, fonds="allocation_pacea", date=datetime.date(2026, 2, 5), montant=Decimal("250.00")
        ),
        "demande": DemandeAide.objects.create(
            jeune=jeune,
            fonds="faj_rm",
            type="mobilite",
            montant_demande=Decimal("150.00"),
            conseiller=conseiller_rennes,
        ),
    }


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
@pytest.mark.parametrize(
    "nom", sorted(n for n, r in MATRICE.items() if r.attendu("membre_commission") == 200 and r.methode == "get")
)
def test_membre_de_commission_ne_voit_aucune_donnee_du_dossier(client, membre_commission, objets, nom):
    """Contrôle au niveau des champs : sur toute page permise à un membre de commission, ni compte rendu, ni
    coordonnées, ni titre de séjour du jeune."""
    regle = MATRICE[nom]
    client.force_login(membre_commission)
    reponse = client.get(reverse(nom, kwargs=regle.kwargs(objets) if regle.kwargs else None))
    contenu = reponse.content.decode(errors="replace")
    vus = [libelle for libelle, valeur in SECRETS_DOSSIER.items() if valeur in contenu]
    assert not vus, f"{nom} montre à un membre de commission : {', '.join(vus)}"


@pytest.mark.django_db
def test_administration_reservee_au_personnel_habilite(client_de, conseiller_rennes, direction):
    assert client_de(conseiller_rennes).get(reverse("admin:index")).status_code == 302
    assert client_de(direction).get(reverse("admin:index")).url.startswith(reverse("admin:login"))
