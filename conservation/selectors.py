"""Lectures de la conservation : historique des modifications d'un dossier, données d'un jeune (droit d'accès)."""

import datetime
import decimal
import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Q

from accompagnement.models import Evenement, Jeune, Situation
from aides.models import DemandeAide
from dispositifs.models import Inscription, Versement
from securite.models import JournalAcces

# Modèles dont l'historique se lit sur le dossier : (modèle, champ vers le jeune dans l'historique, libellé).
MODELES_HISTORISES = (
    (Jeune, "id", "Dossier"),
    (Evenement, "jeune_id", "Événement"),
    (Situation, "jeune_id", "Situation"),
    (Inscription, "jeune_id", "Inscription"),
    (Versement, "jeune_id", "Versement"),
    (DemandeAide, "jeune_id", "Demande d'aide"),
)
CHAMPS_TECHNIQUES = {"id", "cree_le", "confirmations", "nom_recherche"}
TYPES = {"+": "Création", "~": "Modification", "-": "Suppression"}


@dataclass
class Changement:
    champ: str
    avant: str
    apres: str


@dataclass
class EntreeHistorique:
    le: datetime.datetime
    par: object
    objet: str
    type: str
    changements: list = field(default_factory=list)
    motif: str = ""


def _affichage(champ, valeur, libelles_fk):
    if valeur is None or valeur == "":
        return "—"
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(champ, models.ForeignKey):
        return libelles_fk.get((champ.related_model, valeur), f"n° {valeur}")
    if isinstance(champ, models.BooleanField):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.datetime):
        return valeur.strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, decimal.Decimal):
        return f"{valeur:.2f} €".replace(".", ",")
    return str(valeur)


def historique_jeune(jeune):
    """Toutes les modifications du dossier et des objets qui lui sont liés, les plus récentes d'abord.

    Un nombre fixe de requêtes : une par modèle historisé, plus une par modèle référencé (libellés des clés
    étrangères résolus en lot)."""
    lignes_par_modele = []
    cles_fk = {}
    for modele, champ_jeune, libelle in MODELES_HISTORISES:
        lignes = list(
            modele.history.filter(**{champ_jeune: jeune.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        champs = (
            {
                f.name: modele._meta.get_field(f.name)
                for f in lignes[0].tracked_fields
                if f.editable and f.name not in CHAMPS_TECHNIQUES
            }
            if lignes
            else {}
        )
        lignes_par_modele.append((modele, libelle, lignes, champs))
        for ligne in lignes:
            for champ in champs.values():
                if isinstance(champ, models.ForeignKey):
                    valeur = getattr(ligne, champ.attname)
                    if valeur is not None:
                        cles_fk.setdefault(champ.related_model, set()).add(valeur)
    libelles_fk = {}
    for modele, ids in cles_fk.items():
        for pk, objet in modele._default_manager.in_bulk(list(ids)).items():
            libelles_fk[(modele, pk)] = str(objet)

    entrees = []
    for modele, libelle, lignes, champs in lignes_par_modele:
        precedentes = {}
        for ligne in lignes:
            precedente = precedentes.get(ligne.id)
            changements = []
            if ligne.history_type == "~" and precedente is not None:
                delta = ligne.diff_against(precedente, included_fields=list(champs))
                for change in delta.changes:
                    champ = champs[change.field]
                    changements.append(
                        Changement(
                            champ=str(champ.verbose_name),
                            avant=_affichage(champ, change.old, libelles_fk),
                            apres=_affichage(champ, change.new, libelles_fk),
                        )
                    )
                if not changements:
                    precedentes[ligne.id] = ligne
                    continue
            precedentes[ligne.id] = ligne
            objet = libelle if modele is Jeune else f"{libelle} n° {ligne.id}"
            entrees.append(
                EntreeHistorique(
                    le=ligne.history_date,
                    par=ligne.history_user,
                    objet=objet,
                    type=TYPES.get(ligne.history_type, ligne.history_type),
                    changements=changements,
                    motif=ligne.history_change_reason or "",
                )
            )
    entrees.sort(key=lambda e: e.le, reverse=True)
    return entrees


# Tenus à part : le jeune lui-même (identité) et le journal des accès (traité à part par chaque usage).
TENUS_A_PART = {Jeune, JournalAcces}


@functools.cache
def modeles_lies():
    """[(modèle, [clés étrangères vers Jeune ou vers un autre modèle lié])] : tous les modèles qui mènent au jeune,
    directement ou par une chaîne de clés étrangères (pièce jointe → demande d'aide → jeune), chacun après ceux vers
    lesquels il pointe. Sans le jeune, le journal des accès ni les tables d'historique (traitées avec leur modèle).

    Partagé par le droit d'accès (`donnees_jeune`) et l'effacement (conservation.services) : ce que l'un montre,
    l'autre l'efface."""
    candidats = [m for m in apps.get_models() if m not in TENUS_A_PART and not m.__name__.startswith("Historical")]

    def cles(modele, vers):
        return [c for c in modele._meta.concrete_fields if c.many_to_one and c.related_model in vers]

    lies = {Jeune}
    while ajoutes := {m for m in candidats if m not in lies and cles(m, lies)}:
        lies |= ajoutes
    ordre, places = [], {Jeune}  # ordre : tuple (gardé en cache, calculé une fois par processus)
    while len(places) < len(lies):
        restants = sorted(lies - places, key=lambda m: m._meta.label)
        prets = [m for m in restants if all(c.related_model in places | {m} for c in cles(m, lies))]
        for modele in prets or restants[:1]:  # un cycle entre deux modèles liés : on le rompt
            ordre.append((modele, cles(modele, lies)))
            places.add(modele)
    return tuple(ordre)


def _valeurs(objet, exclus=()):
    """Dictionnaire sérialisable en JSON des champs concrets d'un objet (clés étrangères en libellé lisible)."""
    valeurs = {}
    for champ in objet._meta.concrete_fields:
        if champ.name in exclus:
            continue
        valeur = getattr(objet, champ.attname)
        if isinstance(champ, models.ForeignKey):
            cible = getattr(objet, champ.name) if valeur is not None else None
            valeur = str(cible) if cible is not None else None
        elif isinstance(champ, models.FileField):
            valeur = valeur.name if valeur else ""
        elif champ.choices and valeur not in (None, ""):
            valeur = str(dict(champ.flatchoices).get(valeur, valeur))
        if isinstance(valeur, datetime.datetime | datetime.date):
            valeur = valeur.isoformat()
        elif isinstance(valeur, decimal.Decimal):
            valeur = f"{valeur:.2f}"
        valeurs[str(champ.verbose_name)] = valeur
    return valeurs


def _documents(jeune):
    """Liste des documents (fichiers) rattachés au jeune, directement ou via un objet lié (pièces jointes FAJ…),
    quels que soient les modèles des applications présentes."""
    documents = []
    for modele in apps.get_models():
        champs_fichier = [f for f in modele._meta.concrete_fields if isinstance(f, models.FileField)]
        if not champs_fichier or modele.__name__.startswith("Historical"):
            continue
        chemin = _chemin_vers_jeune(modele)
        if chemin is None:
            continue
        for objet in modele._default_manager.filter(**{chemin: jeune}):
            for champ in champs_fichier:
                fichier = getattr(objet, champ.name)
                if fichier:
                    documents.append(
                        {
                            "type": str(modele._meta.verbose_name),
                            "objet": str(objet),
                            "fichier": fichier.name.rsplit("/", 1)[-1],
                        }
                    )
    return documents


def _chemin_vers_jeune(modele, profondeur=2):
    for champ in modele._meta.concrete_fields:
        if isinstance(champ, models.ForeignKey):
            if champ.related_model is Jeune:
                return champ.name
            if profondeur > 1 and champ.related_model is not modele:
                suite = _chemin_vers_jeune(champ.related_model, profondeur - 1)
                if suite:
                    return f"{champ.name}__{suite}"
    return None


def donnees_jeune(jeune):
    """Tout ce que weker détient sur un jeune (droit d'accès et portabilité) : dossier, objets liés de toutes les
    applications à toute profondeur (pièces jointes d'une demande, phases d'une inscription, lignes de paiement…),
    documents, historique des modifications et journal des accès au dossier."""
    sections = [{"titre": "Dossier", "elements": [_valeurs(jeune, exclus={"nom_recherche"})]}]
    identifiants = {Jeune: [jeune.pk]}
    for modele, cles in modeles_lies():
        filtre = Q()
        for cle in cles:
            filtre |= Q(**{f"{cle.attname}__in": identifiants.get(cle.related_model, [])})
        objets = list(modele._default_manager.filter(filtre).order_by("pk"))
        identifiants[modele] = [objet.pk for objet in objets]
        exclus = {cle.name for cle in cles if cle.related_model is Jeune}
        if objets:
            sections.append(
                {
                    "titre": str(modele._meta.verbose_name_plural).capitalize(),
                    "elements": [_valeurs(objet, exclus=exclus) for objet in objets],
                }
            )
    historique = [
        {
            "le": entree.le.isoformat(),
            "par": str(entree.par) if entree.par else "",
            "objet": entree.objet,
            "type": entree.type,
            "changements": [{"champ": c.champ, "avant": c.avant, "apres": c.apres} for c in entree.changements],
        }
        for entree in historique_jeune(jeune)
    ]
    acces = [
        {
            "le": ligne.le.isoformat(),
            "par": ligne.identifiant,
            "role": ligne.role,
            "action": ligne.get_action_display(),
            "objet": ligne.objet,
        }
        for ligne in JournalAcces.objects.filter(jeune=jeune).order_by("-le")
    ]
    return {"sections": sections, "documents": _documents(jeune), "historique": historique, "acces": acces}
