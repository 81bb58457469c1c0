"""Mise en forme des indicateurs pour le tableau de bord, les exports et le rapport PDF.

Tout part des instantanés N et N-1 (mêmes chiffres partout) ; les tableaux sont décrits une fois
(`Tableau`) puis affichés en HTML, exportés en CSV/XLSX ou imprimés dans le PDF.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.text import slugify

from accompagnement.enums import SectionNaf, Service, TypeSituation
from actions_territoriales.enums import TypeAction
from aides.enums import Fonds, TypeAide
from dispositifs.enums import FondsAllocation, MotifSortie
from dispositifs.enums import Niveau as NiveauDispositif
from reporting import charts
from reporting.definitions import (
    LIBELLES_TRANCHES_MONTANT,
    LIBELLES_VENTILATIONS,
    definition_du_tableau,
    libelles_buckets,
)
from reporting.indicateurs import FONDS_ALLOCATIONS, FONDS_FAJ, SERVICES, TYPES_EMPLOI, evolution
from weker.templatetags.weker import euros, nombre, pourcent
from weker.templatetags.weker import evolution as evolution_affichee

SEUIL_SECRET = 5
LIBELLES_THEMES = {"sante": "Santé", "logement": "Logement", "mobilite": "Mobilité"}


def masquer(valeur):
    """Petits effectifs : une case de 1 à 4 s'affiche « < 5 » (0 reste 0, les totaux restent exacts)."""
    return "< 5" if 0 < valeur < SEUIL_SECRET else valeur


@dataclass
class Tableau:
    nom: str
    titre: str
    entetes: list
    formats: list  # par colonne : texte, nombre, euros, evolution, masque
    lignes: list = field(default_factory=list)
    total: list | None = None
    niveaux: list = field(default_factory=list)  # par ligne : 0 ligne normale, 1 ligne de regroupement
    liens: list = field(default_factory=list)  # par ligne : paramètres de la liste des jeunes, ou None
    entetes_codes: list = field(default_factory=list)  # colonnes supplémentaires de l'export (codes)
    codes: list = field(default_factory=list)

    @property
    def definition(self):
        """Comment le tableau est calculé, en une phrase (reporting/definitions.py, mêmes mots que la doc)."""
        return definition_du_tableau(self.nom)

    def ajouter(self, ligne, *, niveau=0, lien=None, codes=None):
        self.lignes.append(ligne)
        self.niveaux.append(niveau)
        self.liens.append(lien)
        self.codes.append(codes or [])

    @staticmethod
    def _afficher(valeur, fmt):
        if fmt == "texte":
            return "" if valeur is None else str(valeur)
        if isinstance(valeur, str) and fmt != "euros":
            return valeur
        if fmt == "euros":
            return euros(valeur, 0)
        if fmt == "evolution":
            return evolution_affichee(valeur)
        if fmt == "pourcent":
            return pourcent(valeur)
        return nombre(valeur)

    def rangees(self):
        """Lignes formatées pour l'affichage : [(cellules, niveau, lien)]."""
        return [
            ([(self._afficher(v, f), f != "texte") for v, f in zip(ligne, self.formats, strict=True)], niveau, lien)
            for ligne, niveau, lien in zip(self.lignes, self.niveaux, self.liens, strict=True)
        ]

    def rangee_total(self):
        if self.total is None:
            return None
        return [(self._afficher(v, f), f != "texte") for v, f in zip(self.total, self.formats, strict=True)]

    def pour_export(self):
        def brut(v, fmt):
            return Decimal(v) if fmt == "euros" and v is not None else v

        vides = [""] * len(self.entetes_codes)
        lignes = [
            (codes or vides) + [brut(v, f) for v, f in zip(ligne, self.formats, strict=True)]
            for ligne, codes in zip(self.lignes, self.codes, strict=True)
        ]
        if self.total is not None:
            lignes.append(vides + [brut(v, f) for v, f in zip(self.total, self.formats, strict=True)])
        return self.entetes_codes + self.entetes, lignes


def _evo(n, n1):
    return evolution(n, n1)


def _comparaison(annee, lignes_nnm1, titre, nom, *, premiere="", lien=None, total=True, fmt="nombre"):
    """Tableau « libellé, N, N-1, évolution » ; lignes_nnm1 : [(libellé, n, n1, lien?)]."""
    tableau = Tableau(nom, titre, [premiere, str(annee), str(annee - 1), "Évolution"], ["texte", fmt, fmt, "evolution"])
    somme, somme1 = 0, 0
    for libelle, n, n1, *reste in lignes_nnm1:
        tableau.ajouter([libelle, n, n1, _evo(n, n1)], lien=reste[0] if reste else None)
        somme, somme1 = somme + n, somme1 + n1
    if total:
        tableau.total = ["Total", somme, somme1, _evo(somme, somme1)]
    return tableau


NON_RENSEIGNE = "non_renseigne"
LIBELLES_ENTREPRISES = {
    "contactees": "Entreprises contactées",
    "offres": "Offres d'emploi reçues",
    "postes": "Postes offerts",
    "mises_en_relation": "Mises en relation",
    "recrutements": "Recrutements",
}
CLES_ACTIONS = [
    ("actions", "Actions"),
    ("participants", "Participants"),
    ("jeunes", "Dont jeunes suivis"),
    ("entreprises", "Entreprises"),
    ("entretiens", "Entretiens"),
    ("seconds_entretiens", "Seconds entretiens"),
    ("embauches", "Embauches"),
]
LIBELLES_SITUATIONS_PENDANT = {
    "total": "Situations commencées pendant le dispositif",
    "emploi": "Dont emploi",
    "formation": "Dont formation",
    "immersion": "Dont immersion",
}
LIBELLES_PROFIL = {
    "f": "Femmes",
    "m": "Hommes",
    "niveau_v_ou_moins": "Niveau 3 (CAP, BEP) ou infra",
    "sans_permis": "Sans permis de conduire",
    "rqth": "Reconnaissance travailleur handicapé (RQTH)",
    "qpv": "Habitant un quartier prioritaire (QPV)",
    "hebergement_precaire": "Hébergement précaire",
}


def _lire(donnees, chemin):
    """donnees[c1][c2]… ou None si une clé manque (instantané calculé avant l'ajout de ces indicateurs)."""
    for cle in chemin:
        if not isinstance(donnees, dict) or cle not in donnees:
            return None
        donnees = donnees[cle]
    return donnees


def _comparer(annee, lignes_nnm1, titre, nom, *, premiere="", total=False):
    """Comme `_comparaison`, mais N-1 peut manquer (None : « — ») ; total = somme quand demandé."""
    tableau = Tableau(
        nom, titre, [premiere, str(annee), str(annee - 1), "Évolution"], ["texte", "nombre", "nombre", "evolution"]
    )
    for libelle, n, n1 in lignes_nnm1:
        tableau.ajouter([libelle, n, n1, _evo(n, n1)])
    if total:
        somme = sum(n for _l, n, _n1 in lignes_nnm1)
        precedentes = [n1 for _l, _n, n1 in lignes_nnm1]
        somme1 = None if None in precedentes else sum(precedentes)
        tableau.total = ["Total", somme, somme1, _evo(somme, somme1)]
    return tableau


def _sections_naf():
    return [(s.value, s.label) for s in SectionNaf] + [(NON_RENSEIGNE, "Non renseigné")]


def _codes_ordonnes(libelles, *blocs):
    """Codes de la liste configurable dans son ordre, puis ceux des instantanés qui n'y sont plus (triés)."""
    presents = {code for bloc in blocs for code in bloc}
    return list(libelles) + sorted(presents - set(libelles))


def _abrege(libelle, longueur=26):
    """Libellé d'une barre de graphique : la marge gauche des barres en tient environ 26 caractères."""
    return libelle if len(libelle) <= longueur else libelle[: longueur - 1].rstrip() + "…"


def libelle_type_action(type_):
    """« Recrutement (job dating, …) » → « Recrutement » : libellé court des tableaux."""
    return TypeAction(type_).label.split(" (")[0]


def _cohorte_complete(bloc):
    """Bloc de cohorte avec toutes les clés du contrat (0 par défaut)."""
    bloc = bloc or {}
    return {
        "beneficiaires": bloc.get("beneficiaires", 0),
        "entrees": bloc.get("entrees", 0),
        "sorties": bloc.get("sorties", 0),
        "sorties_par_motif": {m: (bloc.get("sorties_par_motif") or {}).get(m, 0) for m in MotifSortie.values},
        "sorties_emploi_formation": bloc.get("sorties_emploi_formation", 0),
        "situations_pendant": {
            k: (bloc.get("situations_pendant") or {}).get(k, 0) for k in LIBELLES_SITUATIONS_PENDANT
        },
        "profil": {k: (bloc.get("profil") or {}).get(k, 0) for k in LIBELLES_PROFIL},
    }


class Indicateurs:
    """Les chiffres de l'année N et N-1 d'un périmètre, prêts à afficher."""

    def __init__(self, snapshot, snapshot_precedent, noms_territoires=None):
        self.snapshot, self.snapshot_precedent = snapshot, snapshot_precedent
        self.d, self.d1 = snapshot.donnees, snapshot_precedent.donnees
        self.details, self.details1 = snapshot.details, snapshot_precedent.details
        self.annee = self.d["annee"]
        self.antenne_code = snapshot.perimetre
        self.libelles = libelles_buckets(self.annee)
        self.noms = noms_territoires or {}

    @property
    def version(self):
        """Clé des fragments de gabarit en cache (tableaux du tableau de bord) : les deux instantanés et leur date de
        calcul (un recalcul met à jour l'instantané en place), les noms des territoires affichés et les libellés
        des listes configurables (thèmes d'ateliers, programmes de formation)."""
        noms = hashlib.sha256(repr((sorted(self.noms.items()), self.referentiels)).encode()).hexdigest()[:16]
        return (
            f"{self.snapshot.pk}.{self.snapshot.calcule_le.timestamp()}"
            f"-{self.snapshot_precedent.pk}.{self.snapshot_precedent.calcule_le.timestamp()}-{noms}"
        )

    def lien(self, **params):
        base = {"annee": self.annee}
        if self.antenne_code:
            base["antenne"] = self.antenne_code
        base.update({k: v for k, v in params.items() if v})
        return base

    # --- Chiffres clés ---
    def chiffres_cles(self):
        ja = self.d["jeunes_accompagnes"]
        faj = sum(self.d["aides"][f]["aides"] for f in FONDS_FAJ)
        faj1 = sum(self.d1["aides"][f]["aides"] for f in FONDS_FAJ)
        montant_aides = self.montant_total_aides(self.d)
        montant_aides1 = self.montant_total_aides(self.d1)
        chiffres = [
            ("Jeunes accompagnés", ja["total"], ja["total_n_1"], "nombre", self.lien(indicateur="accompagnes")),
            (
                "Dont primo-accueillis",
                ja["primo_accueillis"],
                ja["primo_accueillis_n_1"],
                "nombre",
                self.lien(indicateur="primo"),
            ),
            (
                "Entrées en formation",
                self.d["entrees_formation"]["total"],
                self.d1["entrees_formation"]["total"],
                "nombre",
                None,
            ),
            (
                "Entrées en emploi",
                self.d["entrees_emploi"]["total"],
                self.d1["entrees_emploi"]["total"],
                "nombre",
                None,
            ),
            ("Immersions", sum(self.d["immersions"].values()), sum(self.d1["immersions"].values()), "nombre", None),
            ("Aides FAJ accordées", faj, faj1, "nombre", None),
            ("Aides attribuées (tous fonds)", montant_aides, montant_aides1, "euros", None),
        ]
        return [
            {"libelle": lib, "valeur": n, "precedente": n1, "evolution": _evo(n, n1), "format": fmt, "lien": lien}
            for lib, n, n1, fmt, lien in chiffres
        ]

    @staticmethod
    def montant_total_aides(donnees):
        return sum((Decimal(a["montant"]) for a in donnees["aides"].values()), Decimal(0))

    # --- Jeunes accompagnés ---
    def ventilation(self, cle, bloc=None, bloc1=None, *, antenne=None):
        bloc = bloc or self.d["jeunes_accompagnes"]
        bloc1 = bloc1 or self.d1["jeunes_accompagnes"]
        libelles = self.libelles[cle]
        lignes = []
        for case, libelle in libelles.items():  # ordre des libellés : jsonb ne garde pas l'ordre des clés
            n = bloc[cle][case]
            if cle == "par_annee_premier_accueil":
                libelle = {
                    "n": "L'année même",
                    "n_1": "L'année précédente",
                    "n_2": "Il y a deux ans",
                    "n_3_et_avant": "Il y a trois ans ou plus",
                }[case]
            lignes.append((libelle, n, bloc1[cle][case], self.lien(ventilation=cle, case=case, antenne=antenne)))
        return _comparaison(self.annee, lignes, LIBELLES_VENTILATIONS[cle], cle, premiere=LIBELLES_VENTILATIONS[cle])

    def graphique(self, cle, bloc=None, bloc1=None, *, largeur=520):
        bloc = bloc or self.d["jeunes_accompagnes"]
        bloc1 = bloc1 or self.d1["jeunes_accompagnes"]
        libelles = self.libelles[cle]
        donnees = [(libelle, bloc[cle][case]) for case, libelle in libelles.items()]
        if cle == "par_sexe":
            return charts.repartition(f"Répartition par sexe en {self.annee}", donnees, largeur=largeur)
        return charts.barres(
            f"{LIBELLES_VENTILATIONS[cle]} des jeunes accompagnés, {self.annee} et {self.annee - 1}",
            donnees,
            precedentes=[bloc1[cle][case] for case in libelles],
            annee=self.annee,
            largeur=largeur,
        )

    # --- Territoires ---
    def territoires(self):
        tableau = Tableau(
            "territoires",
            "Jeunes accompagnés et primo-accueillis par antenne et par secteur",
            [
                "Antenne / secteur",
                f"Accompagnés {self.annee}",
                f"Accompagnés {self.annee - 1}",
                "Évolution",
                f"Primo-accueillis {self.annee}",
                f"Primo-accueillis {self.annee - 1}",
                "Évolution",
            ],
            ["texte", "nombre", "nombre", "evolution", "nombre", "nombre", "evolution"],
            entetes_codes=["Code antenne", "Code secteur"],
        )
        for ligne in self.d["territoires"]:
            n, n1, p, p1 = ligne["accompagnes"], ligne["accompagnes_n_1"], ligne["primo"], ligne["primo_n_1"]
            valeurs = [n, n1, _evo(n, n1), p, p1, _evo(p, p1)]
            if ligne["antenne"] is None:
                tableau.total = ["Total de l'agence", *valeurs]
                continue
            code = ligne["secteur"] or ligne["antenne"]
            lien = {
                "annee": self.annee,
                "antenne": ligne["antenne"],
                "secteur": ligne["secteur"],
                "indicateur": "accompagnes",
            }
            tableau.ajouter(
                [self.noms.get(code, code), *valeurs],
                niveau=0 if ligne["secteur"] else 1,
                lien={k: v for k, v in lien.items() if v},
                codes=[ligne["antenne"], ligne["secteur"] or ""],
            )
        return tableau

    def graphique_services(self, theme):
        s, s1 = self.d["services"][theme], self.d1["services"][theme]
        codes = SERVICES[theme]
        return charts.barres(
            f"{LIBELLES_THEMES[theme]} : événements par service rendu, {self.annee} et {self.annee - 1}",
            [(Service(c).label.split("— ")[-1].capitalize(), s["par_service"][c]) for c in codes],
            precedentes=[s1["par_service"][c] for c in codes],
            annee=self.annee,
            largeur=640,
        )

    # --- Entrées ---
    def formation(self):
        f, f1 = self.d["entrees_formation"], self.d1["entrees_formation"]
        lignes = []
        for type_ in ("mobilisation", "qualifiante"):
            for financeur, libelle_financeur in (("conseil_regional", "Conseil régional"), ("autre", "Autre")):
                libelle = f"{'Mobilisation' if type_ == 'mobilisation' else 'Qualifiante'} — {libelle_financeur}"
                lignes.append((libelle, f[type_][financeur], f1[type_][financeur]))
        tableau = _comparaison(self.annee, lignes, "Entrées en formation", "formation", premiere="Type et financeur")
        tableau.total = ["Total", f["total"], f1["total"], _evo(f["total"], f1["total"])]
        return tableau

    def emploi(self):
        e, e1 = self.d["entrees_emploi"], self.d1["entrees_emploi"]
        lignes = [(TypeSituation(t).label, e["par_type"][t], e1["par_type"][t]) for t in TYPES_EMPLOI]
        tableau = _comparaison(self.annee, lignes, "Entrées en emploi", "emploi", premiere="Type de contrat")
        tableau.total = ["Total", e["total"], e1["total"], _evo(e["total"], e1["total"])]
        return tableau

    def graphique_emploi(self):
        e = self.d["entrees_emploi"]
        return charts.barres(
            f"Entrées en emploi par type de contrat en {self.annee}",
            [
                (
                    TypeSituation(t).label.replace("Contrat d'", "").replace("Contrat de ", "").capitalize(),
                    e["par_type"][t],
                )
                for t in TYPES_EMPLOI
            ],
            largeur=640,
        )

    def immersions(self):
        i, i1 = self.d["immersions"], self.d1["immersions"]
        lignes = [(TypeSituation(t).label, i[t], i1[t]) for t in i]
        return _comparaison(self.annee, lignes, "Immersions", "immersions", premiere="Type d'immersion")

    # --- Dispositifs ---
    def dispositifs(self):
        tableau = Tableau(
            "dispositifs",
            "Bénéficiaires des dispositifs",
            ["Dispositif", "Niveau", str(self.annee), str(self.annee - 1), "Évolution"],
            ["texte", "texte", "nombre", "nombre", "evolution"],
        )
        catalogue = self.details.get("catalogue", [])
        for niveau in NiveauDispositif:
            du_niveau = [d for d in catalogue if d["niveau"] == niveau]
            if not du_niveau:
                continue
            tableau.ajouter([f"Niveau {niveau.label.lower()}", "", "", "", None], niveau=2)
            for d in du_niveau:
                n, n1 = self.d["dispositifs"].get(d["code"], 0), self.d1["dispositifs"].get(d["code"], 0)
                tableau.ajouter([d["nom"], niveau.label, n, n1, _evo(n, n1)])
        return tableau

    # --- Aides ---
    def aides(self):
        tableau = Tableau(
            "aides",
            "Aides attribuées",
            [
                "Fonds",
                f"Jeunes {self.annee}",
                f"Montant {self.annee}",
                f"Jeunes {self.annee - 1}",
                f"Montant {self.annee - 1}",
                "Évolution du montant",
            ],
            ["texte", "nombre", "euros", "nombre", "euros", "evolution"],
        )
        libelles = {**dict(FondsAllocation.choices), **dict(Fonds.choices)}
        for fonds in FONDS_ALLOCATIONS + FONDS_FAJ:
            a, a1 = self.d["aides"][fonds], self.d1["aides"][fonds]
            m, m1 = Decimal(a["montant"]), Decimal(a1["montant"])
            tableau.ajouter([libelles[fonds], a["beneficiaires"], m, a1["beneficiaires"], m1, _evo(m, m1)])
        t, t1 = self.details.get("aides_total", {}), self.details1.get("aides_total", {})
        m, m1 = self.montant_total_aides(self.d), self.montant_total_aides(self.d1)
        tableau.total = [
            "Total (jeunes distincts)",
            t.get("beneficiaires", 0),
            m,
            t1.get("beneficiaires", 0),
            m1,
            _evo(m, m1),
        ]
        return tableau

    def faj_par_type(self):
        p, p1 = self.d["faj"]["par_type"], self.d1["faj"]["par_type"]
        lignes = [(TypeAide(t).label, p[t], p1[t]) for t in p]
        return _comparaison(self.annee, lignes, "Aides FAJ par type", "faj_type", premiere="Type d'aide")

    def faj_par_tranche(self):
        p, p1 = self.d["faj"]["par_tranche_montant"], self.d1["faj"]["par_tranche_montant"]
        lignes = [(LIBELLES_TRANCHES_MONTANT[t], p[t], p1[t]) for t in p]
        return _comparaison(
            self.annee, lignes, "Aides FAJ par montant accordé", "faj_tranche", premiere="Montant accordé"
        )

    def graphique_faj_type(self):
        p, p1 = self.d["faj"]["par_type"], self.d1["faj"]["par_type"]
        return charts.barres(
            f"Aides du FAJ accordées par type, {self.annee} et {self.annee - 1}",
            [(TypeAide(t).label, p[t]) for t in p],
            precedentes=[p1[t] for t in p],
            annee=self.annee,
            largeur=560,
        )

    # --- Services ---
    def services(self, theme):
        s, s1 = self.d["services"][theme], self.d1["services"][theme]
        lignes = [
            (Service(code).label.split("— ")[-1].capitalize(), s["par_service"][code], s1["par_service"][code])
            for code in SERVICES[theme]
        ]
        tableau = _comparaison(
            self.annee,
            lignes,
            f"{LIBELLES_THEMES[theme]} : services rendus",
            f"services_{theme}",
            premiere="Service (nombre d'événements)",
        )
        return tableau

    def services_jeunes(self, theme):
        n, n1 = self.d["services"][theme]["jeunes"], self.d1["services"][theme]["jeunes"]
        return {"valeur": n, "precedente": n1, "evolution": _evo(n, n1)}

    # --- Antennes et secteurs ---
    def antennes(self):
        """Une entrée par antenne (périmètre agence) ou l'antenne seule : blocs N et N-1."""
        precedentes = {a["code"]: a for a in self.details1.get("antennes", [])}
        resultat = []
        for bloc in self.details.get("antennes", []):
            bloc1 = precedentes.get(bloc["code"]) or {
                **bloc,
                **{k: dict.fromkeys(v, 0) for k, v in bloc.items() if isinstance(v, dict)},
                "total": 0,
                "primo_accueillis": 0,
            }
            secteurs = [s for s in self.details.get("secteurs", []) if s["antenne"] == bloc["code"]]
            resultat.append(
                {
                    "code": bloc["code"],
                    "nom": bloc["nom"],
                    "n": bloc,
                    "n1": bloc1,
                    "evolution": _evo(bloc["total"], bloc1["total"]),
                    "evolution_primo": _evo(bloc["primo_accueillis"], bloc1["primo_accueillis"]),
                    "secteurs": self.profil_secteurs(bloc, secteurs),
                }
            )
        return resultat

    def profil_secteurs(self, bloc_antenne, secteurs):
        """Profil des jeunes par secteur (petits effectifs masqués) ; la ligne d'antenne reste exacte."""
        age = libelles_buckets(self.annee)["par_tranche_age"]
        tableau = Tableau(
            f"profil_{bloc_antenne['code']}",
            f"Profil des jeunes accompagnés par secteur — {bloc_antenne['nom']}",
            ["Secteur", "Accompagnés", "Femmes", "Hommes", *age.values()],
            ["texte"] + ["masque"] * (3 + len(age)),
        )
        for s in secteurs:
            valeurs = [s["total"], s["par_sexe"]["f"], s["par_sexe"]["m"], *(s["par_tranche_age"][t] for t in age)]
            tableau.ajouter([s["nom"], *[masquer(v) for v in valeurs]])
        b = bloc_antenne
        tableau.total = [
            "Toute l'antenne",
            b["total"],
            b["par_sexe"]["f"],
            b["par_sexe"]["m"],
            *(b["par_tranche_age"][t] for t in age),
        ]
        return tableau

    # --- Relations entreprises, actions territoriales, ateliers, programmes, cohortes (issues 18 et 19) ---
    # Clés de ../shared/specs/entreprises-actions.md, lues telles quelles dans l'instantané. Un instantané calculé
    # avant elles ne les a pas : la méthode renvoie None et la page dit « à recalculer ». Si seul N-1 en manque,
    # les colonnes N-1 et évolution affichent « — ».

    @cached_property
    def referentiels(self):
        """Libellés des thèmes d'ateliers et des programmes de formation (listes de l'administrateur)."""
        from reporting.selectors import libelles_referentiels

        return libelles_referentiels()

    def a_les_cles(self, *chemin):
        """L'instantané N porte-t-il la clé (chemin de clés) ? Sinon : « à recalculer »."""
        return _lire(self.d, chemin) is not None

    def _n1(self, *chemin):
        return _lire(self.d1, chemin)

    def entreprises(self):
        if not self.a_les_cles("entreprises"):
            return None
        e, e1 = self.d["entreprises"], self._n1("entreprises") or {}
        lignes = [(libelle, e[cle], e1.get(cle)) for cle, libelle in LIBELLES_ENTREPRISES.items()]
        return _comparer(self.annee, lignes, "Relations entreprises", "entreprises", premiere="Indicateur")

    def entreprises_par_naf(self, *, sans_vides=False):
        """Toutes les sections (export, tableau de bord) ; `sans_vides` : sans celles à 0 en N et N-1 (rapport PDF),
        le total restant le même."""
        if not self.a_les_cles("entreprises", "par_secteur_naf"):
            return None
        p, p1 = self.d["entreprises"]["par_secteur_naf"], self._n1("entreprises", "par_secteur_naf") or {}
        lignes = [(libelle, p.get(cle, 0), p1.get(cle)) for cle, libelle in _sections_naf()]
        if sans_vides:
            lignes = [ligne for ligne in lignes if ligne[1] or ligne[2]]
        return _comparer(
            self.annee,
            lignes,
            "Entrées en emploi par secteur d'activité de l'employeur (section NAF)",
            "entreprises_naf",
            premiere="Section NAF",
            total=True,
        )

    def graphique_naf(self, *, largeur=640):
        """Barres des sections NAF qui ont au moins une entrée en emploi en N ou N-1 (les autres alourdiraient)."""
        if not self.a_les_cles("entreprises", "par_secteur_naf"):
            return None
        p, p1 = self.d["entreprises"]["par_secteur_naf"], self._n1("entreprises", "par_secteur_naf") or {}
        cases = [(cle, libelle) for cle, libelle in _sections_naf() if p.get(cle, 0) or p1.get(cle, 0)]
        if not cases:
            return None
        return charts.barres(
            f"Entrées en emploi par section NAF de l'employeur, {self.annee} et {self.annee - 1}",
            [(cle if cle != NON_RENSEIGNE else "Non renseigné", p.get(cle, 0)) for cle, _libelle in cases],
            precedentes=[p1.get(cle, 0) for cle, _libelle in cases],
            annee=self.annee,
            largeur=largeur,
        )

    def actions(self):
        """Actions territoriales de N par type ; `total` du contrat (jeunes et entreprises distincts entre types)."""
        if not self.a_les_cles("actions"):
            return None
        a = self.d["actions"]
        tableau = Tableau(
            "actions",
            f"Actions territoriales {self.annee} par type",
            ["Type d'action", *(libelle for _cle, libelle in CLES_ACTIONS)],
            ["texte"] + ["nombre"] * len(CLES_ACTIONS),
            entetes_codes=["Code"],
        )
        for type_ in TypeAction:
            bloc = a.get(type_.value, {})
            tableau.ajouter(
                [libelle_type_action(type_), *(bloc.get(cle, 0) for cle, _libelle in CLES_ACTIONS)],
                codes=[type_.value],
            )
        tableau.total = ["Total", *(a["total"][cle] for cle, _libelle in CLES_ACTIONS)]
        return tableau

    def actions_evolution(self):
        if not self.a_les_cles("actions"):
            return None
        t, t1 = self.d["actions"]["total"], self._n1("actions", "total") or {}
        lignes = [(libelle, t[cle], t1.get(cle)) for cle, libelle in CLES_ACTIONS]
        return _comparer(
            self.annee, lignes, "Actions territoriales : ensemble des types", "actions_evolution", premiere="Total"
        )

    def ateliers(self):
        """Sessions et jeunes par thème : les thèmes de la liste dans son ordre, puis un code retiré de la liste
        (montré tel quel). Pas de ligne de total des jeunes : un jeune venu à deux thèmes compterait deux fois."""
        if not self.a_les_cles("ateliers_par_theme"):
            return None
        a, a1 = self.d["ateliers_par_theme"], self._n1("ateliers_par_theme")
        libelles = self.referentiels["themes"]
        tableau = Tableau(
            "ateliers",
            "Ateliers et informations collectives par thème",
            [
                "Thème",
                f"Sessions {self.annee}",
                f"Sessions {self.annee - 1}",
                f"Jeunes {self.annee}",
                f"Jeunes {self.annee - 1}",
                "Évolution des jeunes",
            ],
            ["texte", "nombre", "nombre", "nombre", "nombre", "evolution"],
            entetes_codes=["Code"],
        )
        for code in _codes_ordonnes(libelles, a):
            b = a.get(code, {})
            s, j = b.get("sessions", 0), b.get("jeunes", 0)
            b1 = None if a1 is None else a1.get(code, {})
            s1, j1 = (None, None) if b1 is None else (b1.get("sessions", 0), b1.get("jeunes", 0))
            tableau.ajouter([libelles.get(code, code), s, s1, j, j1, _evo(j, j1)], codes=[code])
        return tableau

    def graphique_ateliers(self, *, largeur=640):
        """Jeunes par thème, N et N-1, pour les thèmes qui en ont (sinon None)."""
        if not self.a_les_cles("ateliers_par_theme"):
            return None
        a, a1 = self.d["ateliers_par_theme"], self._n1("ateliers_par_theme") or {}
        libelles = self.referentiels["themes"]
        codes = [
            c for c in _codes_ordonnes(libelles, a) if a.get(c, {}).get("jeunes", 0) or a1.get(c, {}).get("jeunes", 0)
        ]
        if not codes:
            return None
        return charts.barres(
            f"Jeunes venus aux ateliers par thème, {self.annee} et {self.annee - 1}",
            [(_abrege(libelles.get(c, c)), a.get(c, {}).get("jeunes", 0)) for c in codes],
            precedentes=[a1.get(c, {}).get("jeunes", 0) for c in codes],
            annee=self.annee,
            largeur=largeur,
            pourcentages=False,
        )

    def formation_par_programme(self):
        if not self.a_les_cles("entrees_formation", "par_programme"):
            return None
        p, p1 = self.d["entrees_formation"]["par_programme"], self._n1("entrees_formation", "par_programme")
        libelles = self.referentiels["programmes"]
        codes = [c for c in _codes_ordonnes(libelles, p) if c != NON_RENSEIGNE] + [NON_RENSEIGNE]
        lignes = [
            (
                libelles.get(c, "Non renseigné" if c == NON_RENSEIGNE else c),
                p.get(c, 0),
                None if p1 is None else p1.get(c, 0),
            )
            for c in codes
        ]
        return _comparer(
            self.annee,
            lignes,
            "Entrées en formation par programme",
            "formation_programme",
            premiere="Programme",
            total=True,
        )

    def cohortes(self):
        """Une entrée par dispositif du catalogue qui a des bénéficiaires en N (ordre du catalogue) ; None si
        l'instantané n'a pas les cohortes."""
        if not self.a_les_cles("cohortes"):
            return None
        return [
            self.cohorte(d["code"])
            for d in self.details.get("catalogue", [])
            if self.d["cohortes"].get(d["code"], {}).get("beneficiaires", 0) > 0
        ]

    def cohortes_resume(self):
        """Tableau de toutes les cohortes de N (bénéficiaires > 0) ; le nom mène aux jeunes bénéficiaires."""
        cohortes = self.cohortes()
        if cohortes is None:
            return None
        tableau = Tableau(
            "cohortes",
            f"Cohortes des dispositifs en {self.annee}",
            [
                "Dispositif",
                "Bénéficiaires",
                "Entrées",
                "Sorties",
                "Dont vers l'emploi ou la formation",
                "Situations pendant le dispositif",
            ],
            ["texte"] + ["nombre"] * 5,
            entetes_codes=["Code"],
        )
        for c in cohortes:
            b = c["bloc"]
            tableau.ajouter(
                [
                    c["nom"],
                    b["beneficiaires"],
                    b["entrees"],
                    b["sorties"],
                    b["sorties_emploi_formation"],
                    b["situations_pendant"]["total"],
                ],
                lien=c["lien"],
                codes=[c["code"]],
            )
        return tableau

    def cohorte(self, code):
        """Cohorte d'un dispositif : chiffres N / N-1, sorties par motif, profil des bénéficiaires (« < 5 »)."""
        if not self.a_les_cles("cohortes"):
            return None
        catalogue = {d["code"]: d for d in self.details.get("catalogue", [])}
        if code not in catalogue and code not in self.d["cohortes"]:
            return None
        nom = catalogue.get(code, {}).get("nom", code)
        b = _cohorte_complete(self.d["cohortes"].get(code))
        cohortes1 = self._n1("cohortes")
        b1c = None if cohortes1 is None else _cohorte_complete(cohortes1.get(code))

        def valeur1(*chemin):
            return _lire(b1c, chemin) if b1c is not None else None

        lignes = [
            ("Bénéficiaires", b["beneficiaires"], valeur1("beneficiaires")),
            ("Entrées dans l'année", b["entrees"], valeur1("entrees")),
            ("Sorties dans l'année", b["sorties"], valeur1("sorties")),
            (
                "Dont sorties vers l'emploi ou la formation",
                b["sorties_emploi_formation"],
                valeur1("sorties_emploi_formation"),
            ),
        ]
        lignes += [
            (libelle, b["situations_pendant"][cle], valeur1("situations_pendant", cle))
            for cle, libelle in LIBELLES_SITUATIONS_PENDANT.items()
        ]
        chiffres = _comparer(
            self.annee, lignes, f"{nom} : la cohorte", f"cohorte_{slugify(code)}", premiere="Indicateur"
        )
        chiffres.liens[0] = self.lien(indicateur="beneficiaires", dispositif=code)
        sorties = _comparer(
            self.annee,
            [(m.label, b["sorties_par_motif"][m.value], valeur1("sorties_par_motif", m.value)) for m in MotifSortie],
            f"{nom} : sorties par motif",
            f"cohorte_{slugify(code)}_sorties",
            premiere="Motif de sortie",
            total=False,
        )
        return {
            "code": code,
            "nom": nom,
            "bloc": b,
            "bloc_precedent": b1c,
            "lien": self.lien(indicateur="beneficiaires", dispositif=code),
            "chiffres": chiffres,
            "sorties": sorties,
            "profil": self._profil_cohorte(code, nom, b, b1c),
        }

    def _profil_cohorte(self, code, nom, b, b1):
        """Part des bénéficiaires de chaque trait ; une case de 1 à 4 jeunes (N comme N-1) s'affiche « < 5 », sa part
        aussi (elle le trahirait)."""
        tableau = Tableau(
            f"cohorte_{slugify(code)}_profil",
            f"{nom} : profil des bénéficiaires",
            [
                "Trait",
                f"Jeunes {self.annee}",
                f"Part {self.annee}",
                f"Jeunes {self.annee - 1}",
                f"Part {self.annee - 1}",
            ],
            ["texte", "masque", "pourcent", "masque", "pourcent"],
        )

        def cases(bloc, cle):
            if bloc is None:
                return [None, None]
            n, total = bloc["profil"][cle], bloc["beneficiaires"]
            if 0 < n < SEUIL_SECRET:
                return [masquer(n), masquer(n)]
            return [n, round(100 * n / total) if total else None]

        for cle, libelle in LIBELLES_PROFIL.items():
            tableau.ajouter([libelle, *cases(b, cle), *cases(b1, cle)])
        return tableau

    def tableaux_exportables(self):
        tableaux = [self.territoires()] + [self.ventilation(c) for c in LIBELLES_VENTILATIONS]
        tableaux += [
            self.formation(),
            self.emploi(),
            self.immersions(),
            self.dispositifs(),
            self.aides(),
            self.faj_par_type(),
            self.faj_par_tranche(),
        ]
        tableaux += [self.services(t) for t in SERVICES]
        tableaux += [a["secteurs"] for a in self.antennes()]
        tableaux += self.tableaux_complementaires()
        return {t.nom: t for t in tableaux}

    def tableaux_complementaires(self):
        """Tableaux des relations entreprises, actions, ateliers, programmes et cohortes présents dans l'instantané."""
        tableaux = [
            self.entreprises(),
            self.entreprises_par_naf(),
            self.actions(),
            self.actions_evolution(),
            self.ateliers(),
            self.formation_par_programme(),
            self.cohortes_resume(),
        ]
        if self.a_les_cles("cohortes"):  # chaque dispositif du catalogue : sa page exporte ses tableaux
            for d in self.details.get("catalogue", []):
                c = self.cohorte(d["code"])
                tableaux += [c["chiffres"], c["sorties"], c["profil"]]
        return [t for t in tableaux if t is not None]
