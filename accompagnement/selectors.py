"""Lectures de l'accompagnement qui traversent plusieurs modèles (dossier, listes, portefeuille, doublons)."""

import datetime
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from accompagnement.models import AffectationReferent, DocumentJeune, Evenement, Jeune, Participation, Situation
from securite.perimetre import filtre_base_active
from weker.texte import normaliser

# Inscriptions aux dispositifs par la relation inverse du jeune (l'application dispositifs est au-dessus de celle-ci).
Inscription = Jeune._meta.get_field("inscriptions").related_model

MOIS_SANS_CONTACT = 3


def il_y_a_mois(date, mois):
    """Même jour `mois` mois plus tôt (ramené au dernier jour du mois si besoin)."""
    annee, m = divmod(date.year * 12 + (date.month - 1) - mois, 12)
    m += 1
    for jour in (date.day, 30, 29, 28):
        try:
            return datetime.date(annee, m, jour)
        except ValueError:
            continue
    raise ValueError(date)


def limite_sans_contact(aujourd_hui=None):
    return il_y_a_mois(aujourd_hui or timezone.localdate(), MOIS_SANS_CONTACT)


# --- Doublons et recherche ----------------------------------------------------------------------------------


def _similaires(a, b):
    return SequenceMatcher(None, a, b).ratio() >= 0.75


def doublons_probables(*, nom, prenom, date_naissance=None, exclure=None):
    """Dossiers actifs probablement identiques : même nom et prénom normalisés, ou même date de naissance et nom
    proche (faute de frappe, nom d'usage, nom et prénom inversés)."""
    nom_n, prenom_n = normaliser(nom), normaliser(prenom)
    if not nom_n or not prenom_n:
        return []
    critere = Q(nom_recherche__contains=nom_n, nom_recherche__endswith=" " + prenom_n)
    if date_naissance is not None:
        critere |= Q(date_naissance=date_naissance)
    candidats = Jeune.objects.actifs().filter(critere).select_related("antenne", "referent")
    if exclure is not None:
        candidats = candidats.exclude(pk=exclure.pk)
    saisi = f"{nom_n} {prenom_n}"
    doublons = []
    for jeune in candidats[:200]:
        noms = {normaliser(jeune.nom), normaliser(jeune.nom_usage)} - {""}
        p = normaliser(jeune.prenom)
        meme_nom = nom_n in noms and p == prenom_n
        if meme_nom or (
            jeune.date_naissance == date_naissance
            and any(
                _similaires(saisi, f"{n} {p}") or _similaires(saisi, f"{p} {n}") or n == nom_n or p == prenom_n
                for n in noms
            )
        ):
            doublons.append(jeune)
    return doublons


def recherche_jeunes(*, texte="", date_naissance=None):
    """Recherche du premier accueil (sans accents ni casse) dans la base active."""
    qs = Jeune.objects.actifs()
    if texte:
        qs = qs.recherche(texte)
    if date_naissance is not None:
        qs = qs.filter(date_naissance=date_naissance)
    return qs.select_related("antenne", "secteur", "referent").order_by("nom", "prenom")[:50]


# --- Listes -------------------------------------------------------------------------------------------------


def prefetch_inscriptions_en_cours():
    return Prefetch(
        "inscriptions",
        queryset=Inscription.objects.en_cours().select_related("dispositif"),
        to_attr="inscriptions_en_cours",
    )


# Colonnes lues par les listes (tableaux de accompagnement/tables.py, alertes de suivi) : pas les quarante colonnes
# du dossier. Un export qui a besoin du reste repart de qs.defer(None).
CHAMPS_LISTE = (
    "nom",
    "nom_usage",
    "prenom",
    "date_naissance",
    "niveau",
    "date_premier_accueil",
    "date_dernier_contact",
    "date_prochain_rdv",
    "antenne__nom",
    "secteur__nom",
    "referent__username",
    "referent__first_name",
    "referent__last_name",
)


def jeunes_avec_donnees_de_liste(qs):
    """Ajoute ce qu'affichent les listes, en un nombre constant de requêtes."""
    return (
        qs.select_related("antenne", "secteur", "referent")
        .only(*CHAMPS_LISTE)
        .prefetch_related(prefetch_inscriptions_en_cours())
    )


# Les alertes (sans contact, rendez-vous dépassé, celles des dispositifs) sont des lignes `dispositifs.Alerte`,
# recalculées à chaque écriture du suivi (voir docs/dispositifs.md, « Alertes ») : la page des alertes, les badges
# du portefeuille et l'en-tête du dossier lisent les mêmes lignes.
Alerte = Jeune._meta.get_field("alertes").related_model


def filtre_avec_alerte():
    return Exists(Alerte.objects.filter(jeune=OuterRef("pk")))


def alertes_du_jeune(jeune):
    return list(Alerte.objects.filter(jeune=jeune).order_by("echeance", "type"))


# Mises en relation avec des employeurs, par la relation inverse (l'application entreprises est au-dessus).
MiseEnRelation = Jeune._meta.get_field("mises_en_relation").related_model


def nombre_mises_en_relation_en_cours():
    """Sous-requête : mises en relation en cours du jeune (une colonne de plus, pas une requête par ligne)."""
    return Coalesce(
        Subquery(
            MiseEnRelation.objects.en_cours()
            .filter(jeune=OuterRef("pk"))
            .order_by()
            .values("jeune")
            .annotate(nombre=Count("pk"))
            .values("nombre")[:1]
        ),
        0,
    )


def portefeuille(user):
    return (
        jeunes_avec_donnees_de_liste(Jeune.objects.actifs().du_referent(user))
        .annotate(mises_en_relation_en_cours=nombre_mises_en_relation_en_cours())
        .prefetch_related(Prefetch("alertes", queryset=Alerte.objects.order_by("echeance", "type")))
    )


# --- Dossier ------------------------------------------------------------------------------------------------


@dataclass
class EntreeJournal:
    date: datetime.date
    genre: str  # « evenement » ou « situation »
    objet: object


def evenements_du_jeune(jeune):
    return (
        Evenement.objects.filter(jeune=jeune)
        .select_related("conseiller", "lieu", "session")
        .prefetch_related("services")
        .order_by("-date", "-cree_le")
    )


JOURNAL_PAR_PAGE = 25
JOURNAL_PAGE_MAX = 400  # au-delà, la page demandée est ramenée à celle-ci (10 000 entrées)


@dataclass
class PageJournal:
    entrees: list
    page: int
    plus_anciennes: int  # entrées plus anciennes que celles affichées

    @property
    def page_suivante(self):
        return self.page + 1 if self.plus_anciennes else None


def journal_du_jeune(jeune, situations=None, *, page=1, depuis_le_debut=True):
    """Chronologie des événements et des situations, la plus récente d'abord, par pages de JOURNAL_PAR_PAGE.

    `depuis_le_debut` : les pages 1 à `page` (le dossier) ; sinon la seule page `page` (la suite, chargée par htmx).
    Quatre requêtes au plus quel que soit l'historique : une page de dossier ne grossit pas avec les années de suivi.
    """
    page = min(max(page, 1), JOURNAL_PAGE_MAX)
    if situations is None:
        situations = list(Situation.objects.filter(jeune=jeune).select_related("programme"))
    fin = page * JOURNAL_PAR_PAGE
    evenements = evenements_du_jeune(jeune)
    entrees = [EntreeJournal(e.date, "evenement", e) for e in evenements[:fin]]
    entrees += [EntreeJournal(s.date_debut, "situation", s) for s in situations]
    entrees.sort(key=lambda e: e.date, reverse=True)
    total = evenements.count() + len(situations)
    debut = 0 if depuis_le_debut else fin - JOURNAL_PAR_PAGE
    return PageJournal(entrees[debut:fin], page, max(0, total - fin))


def dossier_du_jeune(jeune):
    """Ce qu'affiche le dossier, en un nombre fixe de requêtes quel que soit le nombre de lignes."""
    return {
        "inscriptions_en_cours": list(
            Inscription.objects.en_cours().filter(jeune=jeune).select_related("dispositif").order_by("date_entree")
        ),
        "affectations": list(
            AffectationReferent.objects.filter(jeune=jeune).select_related("referent", "par").order_by("-debut", "-pk")
        ),
        "representants": list(jeune.representants_legaux.all()) if jeune.est_mineur else [],
        "situations": list(Situation.objects.filter(jeune=jeune).select_related("programme")),
        "documents": documents_du_jeune(jeune),
        "alertes_suivi": alertes_du_jeune(jeune),
    }


# Blocs du dossier fournis par les applications au-dessus de celle-ci (qui ne les importe pas) : chacune déclare,
# dans son AppConfig.ready(), un gabarit et la fonction qui lit ses données (requêtes en nombre fixe).
_BLOCS_DU_DOSSIER = []


def bloc_du_dossier_declarer(gabarit, fonction):
    """`gabarit` est inclus dans la colonne de droite du dossier avec `bloc` = `fonction(jeune)` (un dict)."""
    if (gabarit, fonction) not in _BLOCS_DU_DOSSIER:
        _BLOCS_DU_DOSSIER.append((gabarit, fonction))


def blocs_du_dossier(jeune):
    return [{"gabarit": gabarit, "donnees": fonction(jeune)} for gabarit, fonction in _BLOCS_DU_DOSSIER]


def documents_du_jeune(jeune):
    return list(DocumentJeune.objects.filter(jeune=jeune).select_related("ajoute_par"))


SYNTHESE_ENTRETIENS = 10  # derniers entretiens et contacts repris dans la synthèse imprimable


def synthese_du_jeune(jeune):
    """Ce qu'imprime la synthèse du dossier : dispositifs en cours, situations, derniers entretiens, documents
    (leur type et leur date, jamais leur contenu ni leur nom de fichier), en un nombre fixe de requêtes."""
    return {
        "inscriptions_en_cours": list(
            Inscription.objects.en_cours().filter(jeune=jeune).select_related("dispositif").order_by("date_entree")
        ),
        "situations": list(Situation.objects.filter(jeune=jeune).select_related("programme")),
        "evenements": list(evenements_du_jeune(jeune)[:SYNTHESE_ENTRETIENS]),
        "documents": list(DocumentJeune.objects.filter(jeune=jeune).only("jeune_id", "type", "date", "ajoute_le")),
    }


def precharger_bloc_dispositifs(jeune):
    """Inscriptions (avec leur dispositif) du jeune, pour le bloc « Dispositifs » du dossier."""
    prefetch_related_objects(
        [jeune], Prefetch("inscriptions", queryset=Inscription.objects.select_related("dispositif"))
    )


def sessions_avec_inscrits(qs):
    return qs.select_related("antenne", "lieu", "animateur").annotate(
        nombre_inscrits=Count("participations", distinct=True),
        nombre_presents=Count("participations", filter=Q(participations__presence="present"), distinct=True),
    )


def participations_de_session(session):
    return (
        Participation.objects.filter(session=session)
        .filter(filtre_base_active("jeune__"))  # un jeune sorti de la base active n'est plus nommé
        .select_related("jeune", "jeune__antenne")
        .order_by("jeune__nom", "jeune__prenom")
    )
