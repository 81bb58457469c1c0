"""Description des fichiers du format d'échange (../shared/specs/echange.md, et pour les entreprises, offres, mises en
relation, actions territoriales et participations ../shared/specs/entreprises-actions.md) et règles par ligne.

Chaque `Fichier` sait analyser une ligne (`analyser`) : convertir les cellules, vérifier les règles qui ne
portent que sur la ligne, et renvoyer les valeurs prêtes à écrire (identifiants résolus). Les règles entre
lignes (unicité dans le fichier) sont appliquées par la validation, à partir de `cle_unicite`.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from accompagnement.enums import (
    TYPES_PAR_CATEGORIE,
    CategorieSituation,
    Financeur,
    Hebergement,
    Modalite,
    Niveau,
    Permis,
    Service,
    Sexe,
    Transport,
    TypeEvenement,
    TypeSituation,
)
from accompagnement.regles import age_au, erreur_age_reprise, telephone_valide, valider_nom_personne
from actions_territoriales.enums import PUBLICS, TypeAction
from aides.enums import DECISIONS_FAVORABLES, Fonds, TypeAide, TypeDecision
from dispositifs.enums import FondsAllocation, MotifSortie
from entreprises.enums import TYPES_CONTRAT_OFFRE, ResultatMiseEnRelation, StatutOffre, TrancheEffectif
from entreprises.regles import SECTIONS_NAF, normaliser_naf, normaliser_siret, section_naf, siret_valide
from reprise.lecture import (
    ErreurValeur,
    lire_booleen,
    lire_code,
    lire_date,
    lire_montant,
    lire_periode,
    lire_texte,
)


def _codes(choix):
    return tuple(c.value for c in choix)


def decrit(format_, valeurs=()):
    """Attache à un lecteur la description de ce qu'il accepte, montrée sur la page du format d'échange
    (`reprise:format_echange`) : `format_` en une phrase, `valeurs` = [(code, libellé)] pour les codes."""

    def decorer(lecteur):
        lecteur.format = format_
        lecteur.valeurs = tuple(valeurs)
        return lecteur

    return decorer


def code(choix):
    codes = _codes(choix)
    return decrit("code (majuscules ou minuscules)", [(c.value, c.label) for c in choix])(
        lambda valeur, ref: lire_code(valeur, codes)
    )


def texte(longueur):
    return decrit(f"texte, {longueur} caractères au plus")(lambda valeur, ref: lire_texte(valeur, longueur))


@decrit("date AAAA-MM-JJ ou JJ/MM/AAAA")
def date(valeur, ref):
    return lire_date(valeur)


@decrit("montant en euros supérieur à 0, virgule ou point décimal, 2 décimales au plus (1234,50)")
def montant(valeur, ref):
    return lire_montant(valeur)


@decrit("1 (oui) ou 0 (non)")
def booleen(valeur, ref):
    return lire_booleen(valeur)


@decrit("mois AAAA-MM (2024-03)")
def periode(valeur, ref):
    return lire_periode(valeur)


@decrit("adresse courriel valide, 254 caractères au plus")
def courriel(valeur, ref):
    lire_texte(valeur, 254)
    try:
        validate_email(valeur)
    except ValidationError:
        raise ErreurValeur(f"adresse courriel invalide « {valeur} »") from None
    return valeur


@decrit("nom ou prénom, 100 caractères au plus, commençant par une lettre")
def nom_personne(valeur, ref):
    valeur = lire_texte(valeur, 100)
    try:
        valider_nom_personne(valeur)
    except ValidationError:
        raise ErreurValeur("un nom ou un prénom commence par une lettre (pas par =, +, -, @, un chiffre)") from None
    return valeur


@decrit("numéro de téléphone : 10 chiffres, ou + suivi de 11 à 15 chiffres")
def telephone(valeur, ref):
    lire_texte(valeur, 30)
    if not telephone_valide(valeur):
        raise ErreurValeur(f"numéro de téléphone invalide « {valeur} » (10 chiffres, ou + et 11 à 15 chiffres)")
    return valeur


@decrit("identifiant de connexion d'un compte weker")
def utilisateur(valeur, ref):
    pk = ref.utilisateur(valeur)
    if pk is None:
        raise ErreurValeur(f"utilisateur inconnu « {valeur} » (identifiant de connexion attendu)")
    return pk


@decrit("code INSEE d'une commune actuelle, 5 caractères (35238 pour Rennes)")
def commune(valeur, ref):
    code_insee = valeur.upper()
    if len(code_insee) != 5:
        raise ErreurValeur(f"code INSEE invalide « {valeur} » (5 caractères, par exemple 35238)")
    if code_insee not in ref.communes:
        raise ErreurValeur(f"commune inconnue « {valeur} » (code INSEE d'une commune actuelle attendu)")
    return code_insee


@decrit("code d'un secteur (liste des secteurs de l'administration) ; vide : secteur par défaut de la commune")
def secteur(valeur, ref):
    trouve = ref.secteurs.get(valeur.upper())
    if trouve is None:
        raise ErreurValeur(f"secteur inconnu « {valeur} »")
    return trouve  # (pk, antenne_id)


@decrit("identifiant d'un jeune de jeunes.csv ou d'un jeune déjà repris")
def identifiant_jeune(valeur, ref):
    lire_texte(valeur, 64)
    if not ref.jeune_connu(valeur):
        raise ErreurValeur(f"jeune inconnu « {valeur} » (ni dans jeunes.csv ni déjà en base)")
    return valeur


@decrit("code d'un dispositif du catalogue (voir ci-dessous)")
def dispositif(valeur, ref):
    trouve = ref.dispositifs.get(valeur.lower())
    if trouve is None:
        codes = ", ".join(sorted(ref.dispositifs)) or "aucun dispositif au catalogue"
        raise ErreurValeur(f"dispositif inconnu « {valeur} » (codes du catalogue : {codes})")
    return trouve  # (pk, ferme_depuis)


@decrit("codes séparés par | (sante_information|logement_orientation)", [(c.value, c.label) for c in Service])
def services(valeur, ref):
    codes = _codes(Service)
    choisis = []
    for morceau in valeur.split("|"):
        morceau = morceau.strip().lower()
        if not morceau:
            continue
        if morceau not in codes:
            raise ErreurValeur(f"service inconnu « {morceau} » (valeurs possibles : {', '.join(codes)})")
        if morceau not in choisis:
            choisis.append(morceau)
    return tuple(sorted(choisis))


@decrit("nombre entier, 0 ou plus")
def entier(valeur, ref):
    if not re.fullmatch(r"\d{1,9}", valeur.strip()):
        raise ErreurValeur(f"nombre entier invalide « {valeur} » (0 ou plus, sans décimale)")
    return int(valeur)


@decrit("nombre entier, 1 ou plus")
def entier_positif(valeur, ref):
    nombre = entier(valeur, ref)
    if nombre < 1:
        raise ErreurValeur("le nombre doit être au moins 1")
    return nombre


@decrit("SIRET : 14 chiffres, clé de contrôle juste (espaces tolérés)")
def siret(valeur, ref):
    numero = normaliser_siret(valeur)
    if not siret_valide(numero):
        raise ErreurValeur(f"SIRET invalide « {valeur} » (14 chiffres et une clé de contrôle juste)")
    return numero


def _entreprise_connue(valeur, ref):
    numero = normaliser_siret(valeur)
    if not ref.entreprise_connue(numero):
        raise ErreurValeur(f"entreprise inconnue « {valeur} » (SIRET ni dans entreprises.csv ni déjà en base)")
    return numero


@decrit("SIRET d'une entreprise de entreprises.csv ou déjà en base")
def siret_entreprise(valeur, ref):
    return _entreprise_connue(valeur, ref)


@decrit("SIRET d'entreprises de entreprises.csv ou déjà en base, séparés par | (siret1|siret2)")
def sirets_entreprises(valeur, ref):
    numeros = []
    for morceau in valeur.split("|"):
        if morceau.strip() and (numero := _entreprise_connue(morceau.strip(), ref)) not in numeros:
            numeros.append(numero)
    return tuple(sorted(numeros))


@decrit("code NAF rév. 2 (56.10A) ; sa section (lettre A à U) en est déduite")
def naf(valeur, ref):
    code_naf = normaliser_naf(valeur)
    if not code_naf or not section_naf(code_naf):
        raise ErreurValeur(f"code NAF invalide « {valeur} » (attendu par exemple 56.10A)")
    return code_naf


@decrit("lettre de la section NAF rév. 2, de A à U", [(s, f"Section {s}") for s in SECTIONS_NAF])
def lettre_naf(valeur, ref):
    lettre = valeur.strip().upper()
    if lettre not in SECTIONS_NAF:
        raise ErreurValeur(f"section NAF inconnue « {valeur} » (une lettre de A à U)")
    return lettre


@decrit("code ROME : une lettre et quatre chiffres (G1602)")
def code_rome(valeur, ref):
    if not re.fullmatch(r"[A-Za-z]\d{4}", valeur):
        raise ErreurValeur(f"code ROME invalide « {valeur} » (une lettre et quatre chiffres, par exemple G1602)")
    return valeur.upper()


def _codes_liste(choix):
    codes = tuple(c for c, _libelle in choix)
    return decrit("code (majuscules ou minuscules)", choix)(lambda valeur, ref: lire_code(valeur, codes))


type_contrat = _codes_liste(TYPES_CONTRAT_OFFRE)


@decrit("code d'un thème d'atelier de la liste configurable (voir ci-dessous)")
def theme_atelier(valeur, ref):
    trouve = ref.themes.get(valeur.lower())
    if trouve is None:
        raise ErreurValeur(f"thème inconnu « {valeur} » (codes de la liste : {', '.join(ref.themes)})")
    return trouve


@decrit("code d'un programme de formation de la liste configurable (voir ci-dessous)")
def programme_formation(valeur, ref):
    trouve = ref.programmes.get(valeur.lower())
    if trouve is None:
        raise ErreurValeur(f"programme inconnu « {valeur} » (codes de la liste : {', '.join(ref.programmes)})")
    return trouve


@decrit("référence d'une offre de offres.csv ou déjà en base, de la même entreprise")
def reference_offre(valeur, ref):
    lire_texte(valeur, 50)
    if ref.offre(valeur) is None:
        raise ErreurValeur(f"offre inconnue « {valeur} » (ni dans offres.csv ni déjà en base)")
    return valeur


@decrit("référence d'une action de actions.csv ou déjà en base")
def reference_action(valeur, ref):
    lire_texte(valeur, 50)
    if not ref.action_connue(valeur):
        raise ErreurValeur(f"action inconnue « {valeur} » (ni dans actions.csv ni déjà en base)")
    return valeur


@dataclass(frozen=True)
class Colonne:
    nom: str
    lecteur: object
    obligatoire: bool = False

    @property
    def format(self):
        return self.lecteur.format

    @property
    def valeurs(self):
        return self.lecteur.valeurs


@dataclass
class Fichier:
    nom: str
    colonnes: tuple
    libelle_cle: str = ""
    colonne_cle: str = "reference"  # colonne signalée quand une clé texte est en double
    _index: dict = field(init=False, repr=False)

    def __post_init__(self):
        self._index = {c.nom: c for c in self.colonnes}

    @property
    def noms_colonnes(self):
        return tuple(self._index)

    @property
    def obligatoires(self):
        return tuple(c.nom for c in self.colonnes if c.obligatoire)

    def analyser(self, cellules, ref, signaler):
        """Valeurs converties `{colonne: valeur ou None}` ; chaque refus est passé à `signaler(colonne, message)`."""
        valeurs, refusees = {}, set()
        for nom, brut in cellules.items():
            colonne = self._index[nom]
            if brut == "":
                if colonne.obligatoire:
                    signaler(nom, "valeur obligatoire manquante")
                valeurs[nom] = None
                continue
            try:
                valeurs[nom] = colonne.lecteur(brut, ref)
            except ErreurValeur as exc:
                signaler(nom, str(exc))
                valeurs[nom] = None
                refusees.add(nom)
        self.verifier(valeurs, ref, signaler, refusees)
        return valeurs

    def verifier(self, valeurs, ref, signaler, refusees):
        """Règles entre colonnes d'une même ligne (surchargées par fichier)."""

    def cle_unicite(self, valeurs):
        """Clé naturelle de la ligne (None si incomplète) : deux lignes d'un fichier ne peuvent l'avoir en commun."""
        return None

    def noter(self, valeurs, ref):
        """Retient ce que les fichiers suivants peuvent citer (identifiants, SIRET, références), même quand la
        ligne a d'autres erreurs (une seule erreur par cause)."""


class FichierJeunes(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        commune_code, secteur_trouve = v.get("commune_insee"), v.get("secteur")
        if commune_code and secteur_trouve:
            antenne_commune = ref.communes[commune_code][0]
            if secteur_trouve[1] != antenne_commune:
                signaler(
                    "secteur",
                    f"le secteur n'appartient pas à l'antenne de la commune {commune_code} "
                    f"({ref.antennes.get(antenne_commune, '?')})",
                )
        accueil, naissance = v.get("date_premier_accueil"), v.get("date_naissance")
        if accueil:
            if accueil > timezone.localdate():
                signaler("date_premier_accueil", "date dans le futur")
            elif naissance:
                erreur = erreur_age_reprise(age_au(naissance, accueil))
                if erreur:
                    signaler("date_premier_accueil", erreur)

    def cle_unicite(self, v):
        return v.get("identifiant")

    def noter(self, v, ref):
        if v.get("identifiant"):
            ref.identifiants_fichier.add(v["identifiant"])


TYPES_SESSION = (TypeEvenement.ATELIER, TypeEvenement.INFORMATION_COLLECTIVE)


class FichierEvenements(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        if v.get("type") and v["type"] not in TYPES_SESSION:
            for colonne in ("session", "theme"):
                if v.get(colonne):
                    signaler(colonne, "ne s'indique que pour un atelier ou une information collective")

    def cle_unicite(self, v):
        if v.get("identifiant_jeune") and v.get("date") and v.get("type"):
            return (v["identifiant_jeune"], v["date"], v["type"], v.get("conseiller"))
        return None


class FichierSituations(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        categorie, type_ = v.get("categorie"), v.get("type")
        if categorie and type_:
            possibles = [t.value for t in TYPES_PAR_CATEGORIE[CategorieSituation(categorie)]]
            if type_ not in possibles:
                signaler(
                    "type",
                    f"le type « {type_} » ne correspond pas à la catégorie « {categorie} » "
                    f"(types possibles : {', '.join(possibles)})",
                )
        if categorie == CategorieSituation.FORMATION and not v.get("financeur") and "financeur" not in refusees:
            signaler("financeur", "financeur obligatoire pour une formation")
        if categorie and categorie != CategorieSituation.FORMATION and v.get("financeur"):
            signaler("financeur", "le financeur ne s'indique que pour une formation")
        debut, fin = v.get("date_debut"), v.get("date_fin")
        if debut and fin and fin < debut:
            signaler("date_fin", "la date de fin précède la date de début")
        if categorie and categorie != CategorieSituation.FORMATION and v.get("programme"):
            signaler("programme", "le programme ne s'indique que pour une formation")
        if v.get("siret") and v.get("secteur_naf"):
            section = ref.section_entreprise(v["siret"])
            if section and section != v["secteur_naf"]:
                signaler(
                    "secteur_naf",
                    f"la section « {v['secteur_naf']} » ne correspond pas à celle de l'entreprise ({section}) : "
                    "laissez la colonne vide, elle est déduite du SIRET",
                )

    def cle_unicite(self, v):
        cle = (v.get("identifiant_jeune"), v.get("categorie"), v.get("type"), v.get("date_debut"))
        return cle if all(cle) else None


class FichierDispositifs(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        entree, sortie = v.get("date_entree"), v.get("date_sortie")
        if entree and sortie and sortie < entree:
            signaler("date_sortie", "la date de sortie précède la date d'entrée")
        trouve = v.get("dispositif")
        if trouve and entree and trouve[1] and entree >= trouve[1]:
            signaler("date_entree", f"le dispositif est fermé aux entrées depuis le {trouve[1]:%d/%m/%Y}")

    def cle_unicite(self, v):
        if v.get("identifiant_jeune") and v.get("dispositif") and v.get("date_entree"):
            return (v["identifiant_jeune"], v["dispositif"][0], v["date_entree"])
        return None


class FichierAides(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        decision = v.get("decision")
        demande, date_decision = v.get("date_demande"), v.get("date_decision")
        if decision and not date_decision and "date_decision" not in refusees:
            signaler("date_decision", "date de décision obligatoire quand la décision est indiquée")
        if not decision and date_decision and "decision" not in refusees:
            signaler("date_decision", "date de décision sans décision")
        if demande and date_decision and date_decision < demande:
            signaler("date_decision", "la décision précède la demande")
        accorde, demande_montant = v.get("montant_accorde"), v.get("montant_demande")
        if decision in DECISIONS_FAVORABLES and not accorde and "montant_accorde" not in refusees:
            signaler("montant_accorde", "montant accordé obligatoire pour une aide accordée")
        if accorde and decision not in DECISIONS_FAVORABLES and "decision" not in refusees:
            signaler("montant_accorde", "montant accordé sans décision favorable (accordee ou accordee_partiellement)")
        if accorde and demande_montant and accorde > demande_montant:
            signaler("montant_accorde", "le montant accordé dépasse le montant demandé")

    def cle_unicite(self, v):
        return v.get("reference")


class FichierVersements(Fichier):
    def cle_unicite(self, v):
        if v.get("identifiant_jeune") and v.get("fonds") and v.get("date"):
            return (v["identifiant_jeune"], v["fonds"], v["date"], v.get("periode") or "")
        return None


COLONNES_CONTACT = ("contact_nom", "contact_telephone", "contact_courriel")


class FichierEntreprises(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        if not v.get("contact_nom") and "contact_nom" not in refusees:
            for colonne in ("contact_telephone", "contact_courriel"):
                if v.get(colonne):
                    signaler("contact_nom", f"nom du contact obligatoire avec {colonne}")
                    break

    def cle_unicite(self, v):
        return v.get("siret")

    def noter(self, v, ref):
        if v.get("siret"):
            ref.sirets_fichier[v["siret"]] = section_naf(v["naf"]) if v.get("naf") else ""


class FichierOffres(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        reception, cloture = v.get("date_reception"), v.get("date_cloture")
        if reception and cloture and cloture < reception:
            signaler("date_cloture", "la date de clôture précède la date de réception")

    def cle_unicite(self, v):
        return v.get("reference")

    def noter(self, v, ref):
        if v.get("reference"):
            ref.offres_fichier[v["reference"]] = v.get("siret") or ""


class FichierMisesEnRelation(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        if v.get("reference_offre") and v.get("siret"):
            siret_offre = ref.offre(v["reference_offre"])
            if siret_offre and siret_offre != v["siret"]:
                signaler("reference_offre", f"cette offre est celle d'une autre entreprise (SIRET {siret_offre})")

    def cle_unicite(self, v):
        if v.get("identifiant_jeune") and v.get("siret") and v.get("date"):
            return (v["identifiant_jeune"], v["siret"], v.get("reference_offre") or "", v["date"])
        return None


class FichierActions(Fichier):
    def verifier(self, v, ref, signaler, refusees):
        femmes = v.get("participants_femmes")
        if femmes:
            comptes = sum(v.get(champ) or 0 for champ, _libelle in PUBLICS)
            if femmes > comptes:
                signaler("participants_femmes", f"plus de femmes ({femmes}) que de participants comptés ({comptes})")

    def cle_unicite(self, v):
        return v.get("reference")

    def noter(self, v, ref):
        if v.get("reference"):
            ref.actions_fichier.add(v["reference"])


class FichierParticipations(Fichier):
    def cle_unicite(self, v):
        if v.get("reference_action") and v.get("identifiant_jeune"):
            return (v["reference_action"], v["identifiant_jeune"])
        return None


def _jeune():
    return Colonne("identifiant_jeune", identifiant_jeune, obligatoire=True)


JEUNES = FichierJeunes(
    "jeunes.csv",
    (
        Colonne("identifiant", texte(64), obligatoire=True),
        Colonne("nom", nom_personne, obligatoire=True),
        Colonne("prenom", nom_personne, obligatoire=True),
        Colonne("sexe", code(Sexe), obligatoire=True),
        Colonne("date_naissance", date, obligatoire=True),
        Colonne("commune_insee", commune, obligatoire=True),
        Colonne("secteur", secteur),
        Colonne("date_premier_accueil", date, obligatoire=True),
        Colonne("niveau", code(Niveau)),
        Colonne("hebergement", code(Hebergement)),
        Colonne("transport", code(Transport)),
        Colonne("permis", code(Permis)),
        Colonne("telephone", telephone),
        Colonne("courriel", courriel),
        Colonne("rsa", booleen),
        Colonne("qpv", booleen),
        Colonne("rqth", booleen),
        Colonne("conseiller", utilisateur),
    ),
    libelle_cle="identifiant déjà présent",
    colonne_cle="identifiant",
)

EVENEMENTS = FichierEvenements(
    "evenements.csv",
    (
        _jeune(),
        Colonne("date", date, obligatoire=True),
        Colonne("type", code(TypeEvenement), obligatoire=True),
        Colonne("modalite", code(Modalite)),
        Colonne("services", services),
        Colonne("conseiller", utilisateur),
        Colonne("session", texte(50)),
        Colonne("theme", theme_atelier),
    ),
    libelle_cle="même jeune, date, type et conseiller",
)

SITUATIONS = FichierSituations(
    "situations.csv",
    (
        _jeune(),
        Colonne("categorie", code(CategorieSituation), obligatoire=True),
        Colonne("type", code(TypeSituation), obligatoire=True),
        Colonne("financeur", code(Financeur)),
        Colonne("date_debut", date, obligatoire=True),
        Colonne("date_fin", date),
        Colonne("secteur_activite", texte(150)),
        Colonne("programme", programme_formation),
        Colonne("siret", siret_entreprise),
        Colonne("secteur_naf", lettre_naf),
    ),
    libelle_cle="même jeune, catégorie, type et date de début",
)

DISPOSITIFS = FichierDispositifs(
    "dispositifs.csv",
    (
        _jeune(),
        Colonne("dispositif", dispositif, obligatoire=True),
        Colonne("date_entree", date, obligatoire=True),
        Colonne("date_sortie", date),
        Colonne("motif_sortie", code(MotifSortie)),
    ),
    libelle_cle="même jeune, dispositif et date d'entrée",
)

AIDES = FichierAides(
    "aides.csv",
    (
        _jeune(),
        Colonne("reference", texte(64), obligatoire=True),
        Colonne("fonds", code(Fonds), obligatoire=True),
        Colonne("type", code(TypeAide), obligatoire=True),
        Colonne("urgence", booleen),
        Colonne("date_demande", date, obligatoire=True),
        Colonne("montant_demande", montant, obligatoire=True),
        Colonne("decision", code(TypeDecision)),
        Colonne("date_decision", date),
        Colonne("montant_accorde", montant),
    ),
    libelle_cle="référence déjà présente",
)

VERSEMENTS = FichierVersements(
    "versements.csv",
    (
        _jeune(),
        Colonne("fonds", code(FondsAllocation), obligatoire=True),
        Colonne("date", date, obligatoire=True),
        Colonne("montant", montant, obligatoire=True),
        Colonne("periode", periode),
    ),
    libelle_cle="même jeune, allocation, date et période",
)

ENTREPRISES = FichierEntreprises(
    "entreprises.csv",
    (
        Colonne("siret", siret, obligatoire=True),
        Colonne("raison_sociale", texte(200), obligatoire=True),
        Colonne("naf", naf),
        Colonne("tranche_effectif", code(TrancheEffectif)),
        Colonne("commune_insee", commune, obligatoire=True),
        Colonne("contact_nom", nom_personne),
        Colonne("contact_telephone", telephone),
        Colonne("contact_courriel", courriel),
    ),
    libelle_cle="SIRET déjà présent",
    colonne_cle="siret",
)

OFFRES = FichierOffres(
    "offres.csv",
    (
        Colonne("reference", texte(50), obligatoire=True),
        Colonne("siret", siret_entreprise, obligatoire=True),
        Colonne("intitule", texte(200), obligatoire=True),
        Colonne("code_rome", code_rome),
        Colonne("type_contrat", type_contrat, obligatoire=True),
        Colonne("nombre_postes", entier_positif, obligatoire=True),
        Colonne("date_reception", date, obligatoire=True),
        Colonne("date_cloture", date),
        Colonne("statut", code(StatutOffre), obligatoire=True),
    ),
    libelle_cle="référence déjà présente",
)

MISES_EN_RELATION = FichierMisesEnRelation(
    "mises_en_relation.csv",
    (
        _jeune(),
        Colonne("siret", siret_entreprise, obligatoire=True),
        Colonne("reference_offre", reference_offre),
        Colonne("date", date, obligatoire=True),
        Colonne("resultat", code(ResultatMiseEnRelation), obligatoire=True),
    ),
    libelle_cle="même jeune, entreprise, offre et date",
)

ACTIONS = FichierActions(
    "actions.csv",
    (
        Colonne("reference", texte(50), obligatoire=True),
        Colonne("intitule", texte(200), obligatoire=True),
        Colonne("type", code(TypeAction), obligatoire=True),
        Colonne("date", date, obligatoire=True),
        Colonne("commune_insee", commune, obligatoire=True),
        *(Colonne(champ, entier) for champ, _libelle in PUBLICS),
        Colonne("participants_femmes", entier),
        Colonne("entretiens", entier),
        Colonne("seconds_entretiens", entier),
        Colonne("embauches", entier),
        Colonne("entreprises", sirets_entreprises),
    ),
    libelle_cle="référence déjà présente",
)

PARTICIPATIONS_ACTIONS = FichierParticipations(
    "participations_actions.csv",
    (
        Colonne("reference_action", reference_action, obligatoire=True),
        _jeune(),
    ),
    libelle_cle="même action et même jeune",
)

# Ordre d'import : celui des contrats, sauf entreprises.csv, lu et écrit avant situations.csv qui peut citer ses
# SIRET (entreprises.csv ne dépend d'aucun autre fichier : l'avancer ne change pas le résultat).
FICHIERS = (
    JEUNES,
    EVENEMENTS,
    ENTREPRISES,
    SITUATIONS,
    DISPOSITIFS,
    AIDES,
    VERSEMENTS,
    OFFRES,
    MISES_EN_RELATION,
    ACTIONS,
    PARTICIPATIONS_ACTIONS,
)
NOMS_FICHIERS = tuple(f.nom for f in FICHIERS)
