"""Chargement idempotent du référentiel territorial (voir ../shared/specs/territoires.md et donnees/SOURCE.md).

Toutes les communes actuelles de France sont chargées (toute adresse française est valide) ; les 147 communes
des 9 EPCI du bassin d'emploi de Rennes sont rattachées à leur antenne, les autres à la pseudo-antenne HORS_BE.
"""

import csv
import gzip
from pathlib import Path

from django.db import transaction

from antennes.models import Antenne, Commune, Epci, LieuAccueil, Secteur
from weker.texte import normaliser

DOSSIER_DONNEES = Path(__file__).resolve().parent / "donnees"
FICHIER_COMMUNES = "communes-2026.csv.gz"
FICHIER_EPCI = "epci-2026.csv"

CODE_RENNES = "35238"
SIREN_RENNES_METROPOLE = "243500139"

ANTENNES = [
    ("RENNES", "Antenne Rennes"),
    ("RENNES_METROPOLE", "Antenne Rennes Métropole"),
    ("BROCELIANDE", "Antenne Brocéliande"),
    ("NORD_EST", "Antenne Nord-Est"),
    ("VALLONS_DE_VILAINE", "Antenne Pays des Vallons de Vilaine"),
    (Antenne.HORS_BASSIN, "Hors bassin d'emploi"),
]

EPCI_ANTENNE = {
    "243500139": "RENNES_METROPOLE",  # Rennes Métropole (Rennes elle-même → RENNES)
    "243500774": "NORD_EST",  # Liffré-Cormier Communauté
    "243500667": "NORD_EST",  # Val d'Ille-Aubigné
    "243500659": "NORD_EST",  # Pays de Châteaugiron Communauté
    "243500550": "BROCELIANDE",  # Montfort Communauté
    "200038990": "BROCELIANDE",  # CC de Saint-Méen Montauban
    "243500618": "BROCELIANDE",  # Brocéliande Communauté
    "200043990": "VALLONS_DE_VILAINE",  # Vallons de Haute-Bretagne Communauté
    "200070662": "VALLONS_DE_VILAINE",  # Bretagne Porte de Loire Communauté
}

SECTEURS_RENNES = [
    ("RENNES_CENTRE", "Centre"),
    ("RENNES_CLEUNAY", "Cleunay"),
    ("RENNES_BREQUIGNY", "Bréquigny"),
    ("RENNES_BLOSNE", "Le Blosne"),
    ("RENNES_MAUREPAS", "Maurepas"),
    ("RENNES_VILLEJEAN", "Villejean"),
]

# Secteurs de l'antenne Rennes Métropole : (code, nom, communes INSEE, à valider par l'agence)
# Les sept secteurs « Commune de … » sont donnés par la spécification. La répartition des autres communes
# entre les secteurs PAE n'est pas publiée : la proposition ci-dessous suit la géographie (points accueil emploi
# et bassins de vie) et doit être validée par l'agence ; elle est modifiable dans l'administration.
SECTEURS_RENNES_METROPOLE = [
    ("RM_CESSON_SEVIGNE", "Commune de Cesson-Sévigné", ["35051"], False),
    ("RM_SAINT_GREGOIRE", "Commune de Saint-Grégoire", ["35278"], False),
    ("RM_SAINT_JACQUES", "Commune de Saint-Jacques-de-la-Lande", ["35281"], False),
    ("RM_ACIGNE", "Commune d'Acigné", ["35001"], False),
    ("RM_BRECE", "Commune de Brécé", ["35039"], False),
    ("RM_THORIGNE_FOUILLARD", "Commune de Thorigné-Fouillard", ["35334"], False),
    ("RM_SAINT_SULPICE", "Commune de Saint-Sulpice-la-Forêt", ["35315"], False),
    # Nord-ouest : Bécherel et les communes rurales voisines
    ("RM_BECHEREL", "Secteur de Bécherel", ["35022", "35180", "35058", "35144", "35245"], True),
    # Nord : Betton et la couronne nord
    ("RM_PAE_BETTON", "PAE de Betton", ["35024", "35079", "35189", "35059", "35120"], True),
    # Sud : Bruz, Chartres-de-Bretagne et la vallée de la Seiche aval
    ("RM_PAE_RENNES_SUD", "PAE Rennes Sud", ["35047", "35066", "35363", "35139", "35208", "35206"], True),
    # Ouest : Le Rheu, Vezin-le-Coquet, Mordelles, Chavagne
    ("RM_PAE_OUEST", "PAE à l'Ouest de Rennes", ["35240", "35353", "35196", "35076"], True),
    # L'Hermitage et ses voisines de la vallée du Meu
    ("RM_PAE_HERMITAGE", "PAE L'Hermitage", ["35131", "35065", "35080", "35351"], True),
    # Nord-ouest proche : Pacé et le Syrenor
    ("RM_PAE_SYRENOR", "PAE du Syrenor", ["35210", "35275", "35081", "35216"], True),
    # Sud-est : Chantepie, Vern-sur-Seiche et les communes de la Seiche amont
    ("RM_PAE_SUD_EST", "PAE Sud-Est", ["35055", "35352", "35204", "35250", "35088", "35032", "35266"], True),
]


def _lire_csv(chemin, ouvrir=open):
    with ouvrir(chemin, "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter=";")


@transaction.atomic
def charger_territoires():
    """Charge ou met à jour le référentiel ; renvoie un dict de comptes. Ne touche pas aux libellés ni aux
    rattachements modifiés dans l'administration (secteurs et antennes existants gardent leur nom)."""
    antennes = {}
    for ordre, (code, nom) in enumerate(ANTENNES):
        antenne, _ = Antenne.objects.get_or_create(
            code=code, defaults={"nom": nom, "ordre": ordre, "est_hors_bassin": code == Antenne.HORS_BASSIN}
        )
        antennes[code] = antenne

    epcis = [Epci(siren=ligne["siren"], nom=ligne["nom"]) for ligne in _lire_csv(DOSSIER_DONNEES / FICHIER_EPCI)]
    for epci in epcis:
        code_antenne = EPCI_ANTENNE.get(epci.siren)
        epci.antenne = antennes[code_antenne] if code_antenne else None
    Epci.objects.bulk_create(
        epcis, update_conflicts=True, unique_fields=["siren"], update_fields=["nom", "antenne"], batch_size=2000
    )
    epci_ids = dict(Epci.objects.values_list("siren", "id"))

    secteurs = _charger_secteurs(antennes)

    existantes = dict(Commune.objects.values_list("code_insee", "secteur_defaut_id"))
    hors_bassin = antennes[Antenne.HORS_BASSIN]
    communes = []
    for ligne in _lire_csv(DOSSIER_DONNEES / FICHIER_COMMUNES, ouvrir=gzip.open):
        code = ligne["code_insee"]
        siren = ligne["epci_siren"]
        if code == CODE_RENNES:
            antenne = antennes["RENNES"]
        elif siren in EPCI_ANTENNE:
            antenne = antennes[EPCI_ANTENNE[siren]]
        else:
            antenne = hors_bassin
        communes.append(
            Commune(
                code_insee=code,
                nom=ligne["nom"],
                nom_recherche=normaliser(ligne["nom"]),
                codes_postaux=ligne["codes_postaux"],
                departement=ligne["departement"],
                population=int(ligne["population"]) if ligne["population"] else None,
                epci_id=epci_ids.get(siren),
                antenne=antenne,
                # Un rattachement déjà fait (éventuellement modifié dans l'administration) est conservé.
                secteur_defaut_id=existantes.get(code) or _secteur_par_defaut(code, siren, secteurs),
            )
        )
    Commune.objects.bulk_create(
        communes,
        update_conflicts=True,
        unique_fields=["code_insee"],
        update_fields=[
            "nom",
            "nom_recherche",
            "codes_postaux",
            "departement",
            "population",
            "epci",
            "antenne",
            "secteur_defaut",
        ],
        batch_size=2000,
    )
    _creer_lieux_par_defaut(antennes)
    return {
        "antennes": Antenne.objects.count(),
        "epci": Epci.objects.count(),
        "communes": Commune.objects.count(),
        "communes_bassin": Commune.objects.du_bassin().count(),
        "secteurs": Secteur.objects.count(),
        "lieux": LieuAccueil.objects.count(),
    }


def _creer_lieux_par_defaut(antennes):
    """Un lieu d'accueil par antenne du bassin qui n'en a aucun (actif ou non), pour que les sessions collectives et
    les entretiens puissent en choisir un dès l'installation. Adresse à compléter dans l'administration ; un lieu
    renommé, désactivé ou complété n'est jamais touché (seule une antenne sans aucun lieu en reçoit un)."""
    avec_lieu = set(LieuAccueil.objects.values_list("antenne_id", flat=True).distinct())
    LieuAccueil.objects.bulk_create(
        [
            LieuAccueil(nom=f"Locaux de l'{antenne.nom[:1].lower()}{antenne.nom[1:]}", antenne=antenne)
            for antenne in antennes.values()
            if not antenne.est_hors_bassin and antenne.pk not in avec_lieu
        ]
    )


def _charger_secteurs(antennes):
    """Crée les secteurs par défaut absents (ceux qui existent gardent leurs réglages) ; renvoie {code: secteur}."""
    definitions = []  # (code, nom, antenne, a_valider)
    for code, nom in SECTEURS_RENNES:
        definitions.append((code, nom, "RENNES", False))
    for code, nom, _, a_valider in SECTEURS_RENNES_METROPOLE:
        definitions.append((code, nom, "RENNES_METROPOLE", a_valider))
    noms_epci = dict(Epci.objects.filter(siren__in=EPCI_ANTENNE).values_list("siren", "nom"))
    for siren, code_antenne in EPCI_ANTENNE.items():
        if code_antenne != "RENNES_METROPOLE":
            definitions.append((f"EPCI_{siren}", noms_epci.get(siren, siren), code_antenne, False))
    definitions.append((Antenne.HORS_BASSIN, "Hors bassin d'emploi", Antenne.HORS_BASSIN, False))

    secteurs = {}
    for ordre, (code, nom, code_antenne, a_valider) in enumerate(definitions):
        secteur, _ = Secteur.objects.get_or_create(
            code=code,
            defaults={"nom": nom, "antenne": antennes[code_antenne], "ordre": ordre, "a_valider": a_valider},
        )
        secteurs[code] = secteur

    return secteurs


RATTACHEMENT_RENNES_METROPOLE = {
    code_insee: code for code, _, membres, _ in SECTEURS_RENNES_METROPOLE for code_insee in membres
}


def _secteur_par_defaut(code_insee, siren, secteurs):
    """Secteur par défaut d'une commune : table de Rennes Métropole, sinon secteur de son EPCI du bassin
    (EPCI_<SIREN>), sinon HORS_BE ; aucun pour Rennes, dont le quartier doit être choisi."""
    if code_insee == CODE_RENNES:
        return None
    if siren == SIREN_RENNES_METROPOLE:
        return secteurs[RATTACHEMENT_RENNES_METROPOLE[code_insee]].pk
    secteur = secteurs.get(f"EPCI_{siren}") or secteurs[Antenne.HORS_BASSIN]
    return secteur.pk
