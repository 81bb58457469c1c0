"""Ce dont le générateur a besoin en base avant de créer des jeunes : territoires, conseillers, catalogue."""

import bisect
import itertools
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from antennes.models import Antenne, Commune, LieuAccueil, Secteur
from comptes.enums import Role
from comptes.models import Utilisateur
from developpement.demo.noms import NOMS, PRENOMS_FEMMES, PRENOMS_HOMMES
from dispositifs.enums import Niveau as NiveauDispositif
from dispositifs.models import Dispositif

CODE_RENNES = "35238"
SIREN_RENNES_METROPOLE = "243500139"

# Part des jeunes domiciliés à Rennes (le reste du bassin est pondéré par la population) et hors bassin.
PART_RENNES = 0.45
PART_HORS_BASSIN = 0.03
# Répartition des jeunes rennais entre les équipes de quartier.
POIDS_QUARTIERS = {
    "RENNES_CENTRE": 22,
    "RENNES_CLEUNAY": 13,
    "RENNES_BREQUIGNY": 16,
    "RENNES_BLOSNE": 19,
    "RENNES_MAUREPAS": 14,
    "RENNES_VILLEJEAN": 16,
}
QUARTIERS_PRIORITAIRES = {"RENNES_BLOSNE", "RENNES_MAUREPAS", "RENNES_VILLEJEAN", "RENNES_BREQUIGNY", "RENNES_CLEUNAY"}

# Catalogue par défaut (../shared/specs/echange.md) : code → (nom, niveau). L'application dispositifs fournit le
# vrai chargeur du catalogue ; ici on ne crée que les lignes absentes.
CATALOGUE = {
    "cep": ("Conseil en évolution professionnelle", NiveauDispositif.NATIONAL),
    "pacea": ("PACEA", NiveauDispositif.NATIONAL),
    "ppae": ("PPAE — cotraitance France Travail", NiveauDispositif.NATIONAL),
    "garantie_jeunes": ("Garantie jeunes", NiveauDispositif.NATIONAL),
    "cej": ("Contrat d'engagement jeune", NiveauDispositif.NATIONAL),
    "parrainage": ("Parrainage", NiveauDispositif.NATIONAL),
    "dernier_ecrou": ("Jeunes sous main de justice — Dernier écrou", NiveauDispositif.NATIONAL),
    "caq": ("Contrat d'accès à la qualification", NiveauDispositif.REGIONAL),
    "cars35": ("CARS 35", NiveauDispositif.DEPARTEMENTAL),
    "arve": ("Accompagnement renforcé vers l'emploi", NiveauDispositif.LOCAL),
    "sortir_de_la_rue": ("Sortir de la rue", NiveauDispositif.LOCAL),
    "bpi": ("Bénéficiaires de la protection internationale", NiveauDispositif.LOCAL),
    "illettrisme": ("Illettrisme", NiveauDispositif.LOCAL),
    "creation_activite": ("Accompagnement à la création d'activité", NiveauDispositif.LOCAL),
    "conduite_supervisee": ("Conduite supervisée", NiveauDispositif.LOCAL),
    "plie": ("PLIE", NiveauDispositif.LOCAL),
    "reussite_alternance": ("Réussite alternance", NiveauDispositif.LOCAL),
    "cent_chances": ("100 chances – 100 emplois", NiveauDispositif.LOCAL),
    "club_jeunes_diplomes": ("Club des jeunes diplômés", NiveauDispositif.LOCAL),
    "mixite": ("Mixité des métiers", NiveauDispositif.LOCAL),
}

PREFIXE_CONSEILLERS = "demo.conseiller."


class ReferentielAbsent(Exception):
    pass


class Tirage:
    """Tirage pondéré rapide (sommes cumulées + bisect) avec le générateur pseudo-aléatoire fourni."""

    __slots__ = ("valeurs", "cumuls", "total")

    def __init__(self, poids):
        items = [(v, p) for v, p in (poids.items() if isinstance(poids, dict) else poids) if p > 0]
        self.valeurs = [v for v, _ in items]
        self.cumuls = list(itertools.accumulate(p for _, p in items))
        self.total = self.cumuls[-1]

    def __call__(self, rng):
        return self.valeurs[bisect.bisect_right(self.cumuls, rng.random() * self.total)]


@dataclass
class Lieu:
    """Commune de résidence tirable : la commune, son antenne, le secteur (ou le tirage du quartier), le fonds FAJ."""

    commune_id: str
    nom: str
    antenne_id: int
    antenne_code: str
    secteur_id: int | None
    fonds_faj: str | None
    codes_postaux: str


@dataclass
class Referentiel:
    antennes: dict  # code → Antenne
    tirage_lieu: Tirage
    tirage_quartier: Tirage  # (secteur_id, code) pour Rennes
    lieux_accueil: dict  # antenne_id → [lieu_id]
    dispositifs: dict  # code → id
    conseillers: dict = field(default_factory=dict)  # antenne_id → [user_id]
    conseiller_demo_id: int | None = None  # compte « conseiller » de creer_comptes_demo
    part_antennes: dict = field(default_factory=dict)  # antenne_id → part attendue des jeunes


def charger_referentiel():
    antennes = {a.code: a for a in Antenne.objects.all()}
    communes_bassin = list(
        Commune.objects.du_bassin()
        .select_related("antenne", "epci")
        .only("code_insee", "nom", "population", "codes_postaux", "antenne", "secteur_defaut_id", "epci__siren")
        .order_by("code_insee")
    )
    if not communes_bassin or CODE_RENNES not in {c.code_insee for c in communes_bassin}:
        raise ReferentielAbsent(
            "Le référentiel territorial est vide : lancez d'abord « python manage.py charger_territoires »."
        )
    secteurs = {s.code: s for s in Secteur.objects.all()}
    secteur_par_antenne = {}
    for s in Secteur.objects.order_by("antenne_id", "ordre", "code"):
        secteur_par_antenne.setdefault(s.antenne_id, s.id)

    def lieu_de(commune, fonds):
        return Lieu(
            commune_id=commune.code_insee,
            nom=commune.nom,
            antenne_id=commune.antenne_id,
            antenne_code=commune.antenne.code,
            secteur_id=commune.secteur_defaut_id or secteur_par_antenne.get(commune.antenne_id),
            fonds_faj=fonds,
            codes_postaux=commune.codes_postaux,
        )

    poids = []
    autres = [c for c in communes_bassin if c.code_insee != CODE_RENNES]
    pop_autres = sum(c.population or 500 for c in autres)
    for c in communes_bassin:
        fonds = "faj_rm" if c.epci and c.epci.siren == SIREN_RENNES_METROPOLE else "faj_cd35"
        if c.code_insee == CODE_RENNES:
            lieu = lieu_de(c, fonds)
            lieu.secteur_id = None  # quartier tiré au sort
            poids.append((lieu, PART_RENNES))
        else:
            poids.append((lieu_de(c, fonds), (1 - PART_RENNES - PART_HORS_BASSIN) * (c.population or 500) / pop_autres))
    # Hors bassin : surtout le reste de l'Ille-et-Vilaine et les départements voisins.
    hors = list(
        Commune.objects.filter(antenne__est_hors_bassin=True, departement__in=["35", "22", "56", "44", "53"])
        .select_related("antenne")
        .order_by("-population", "code_insee")[:200]
    )
    if hors:
        pop_hors = sum(c.population or 500 for c in hors)
        for c in hors:
            fonds = "faj_cd35" if c.departement == "35" else None
            poids.append((lieu_de(c, fonds), PART_HORS_BASSIN * (c.population or 500) / pop_hors))

    part_antennes = {}
    for lieu, p in poids:
        part_antennes[lieu.antenne_id] = part_antennes.get(lieu.antenne_id, 0) + p

    quartiers = [((secteurs[code].id, code), p) for code, p in POIDS_QUARTIERS.items() if code in secteurs]
    if not quartiers:
        rennes = antennes["RENNES"]
        quartiers = [((s.id, s.code), 1) for s in Secteur.objects.filter(antenne=rennes).order_by("code")]

    lieux_accueil = {}
    for lieu_id, antenne_id in LieuAccueil.objects.filter(actif=True).order_by("id").values_list("id", "antenne_id"):
        lieux_accueil.setdefault(antenne_id, []).append(lieu_id)

    return Referentiel(
        antennes=antennes,
        tirage_lieu=Tirage(poids),
        tirage_quartier=Tirage(quartiers),
        lieux_accueil=lieux_accueil,
        dispositifs=assurer_catalogue(),
        part_antennes=part_antennes,
    )


def assurer_catalogue():
    """Crée les dispositifs du catalogue par défaut qui manquent ; renvoie code → id."""
    for ordre, (code, (nom, niveau)) in enumerate(CATALOGUE.items()):
        Dispositif.objects.get_or_create(
            code=code,
            defaults={
                "nom": nom,
                "niveau": niveau,
                "ordre": ordre,
                "ouvert_aux_entrees": code != "garantie_jeunes",
            },
        )
    return dict(Dispositif.objects.values_list("code", "id"))


def assurer_conseillers(referentiel, *, nombre, graine):
    """Crée (si besoin) `nombre` conseillers de démonstration répartis entre les antennes du bassin, au prorata
    des jeunes attendus ; ajoute les comptes de creer_comptes_demo s'ils existent. Idempotent (par identifiant)."""
    rng = random.Random(graine * 7919 + 1)
    bassin = [a for a in referentiel.antennes.values() if not a.est_hors_bassin]
    bassin.sort(key=lambda a: (a.ordre, a.code))
    parts = {a.id: referentiel.part_antennes.get(a.id, 0) for a in bassin}
    rennes = referentiel.antennes["RENNES"]
    # Les jeunes hors bassin sont suivis à Rennes.
    for a in referentiel.antennes.values():
        if a.est_hors_bassin:
            parts[rennes.id] = parts.get(rennes.id, 0) + referentiel.part_antennes.get(a.id, 0)
    total = sum(parts.values()) or 1
    effectifs = {a.id: max(1, round(nombre * parts[a.id] / total)) for a in bassin}
    existants = {u.username: u for u in Utilisateur.objects.filter(username__startswith=PREFIXE_CONSEILLERS)}
    a_creer = []
    numero = 0
    par_antenne = {}
    for a in bassin:
        for _ in range(effectifs[a.id]):
            numero += 1
            username = f"{PREFIXE_CONSEILLERS}{numero:04d}"
            femme = rng.random() < 0.7
            prenom = rng.choice(PRENOMS_FEMMES if femme else PRENOMS_HOMMES)
            nom = rng.choice(NOMS)
            if username in existants:
                par_antenne.setdefault(a.id, []).append(existants[username].id)
                continue
            a_creer.append(
                Utilisateur(
                    username=username,
                    first_name=prenom,
                    last_name=nom,
                    email=f"{username}@demo.weker.fr",
                    role=Role.CONSEILLER,
                    antenne=a,
                    password=make_password(None),
                    is_active=True,
                )
            )
    Utilisateur.objects.bulk_create(a_creer, batch_size=500)
    for u in Utilisateur.objects.filter(username__startswith=PREFIXE_CONSEILLERS, antenne__isnull=False).order_by(
        "username"
    ):
        if u.id not in par_antenne.get(u.antenne_id, []):
            par_antenne.setdefault(u.antenne_id, []).append(u.id)
    referentiel.conseillers = {k: sorted(v) for k, v in par_antenne.items()}
    for username, antenne_code in (("conseiller", "RENNES"), ("conseiller.broceliande", "BROCELIANDE")):
        user = Utilisateur.objects.filter(username=username, role=Role.CONSEILLER).first()
        if user is None:
            continue
        antenne_id = user.antenne_id or referentiel.antennes[antenne_code].id
        if username == "conseiller":
            referentiel.conseiller_demo_id = user.id
        else:
            referentiel.conseillers.setdefault(antenne_id, []).append(user.id)
    return referentiel
