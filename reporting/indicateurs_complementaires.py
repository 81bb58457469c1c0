"""Indicateurs de ../shared/specs/entreprises-actions.md : relations entreprises, actions territoriales, ateliers par
thème, cohortes des dispositifs. Appelés par `reporting.indicateurs.calculer` (un seul chemin de calcul pour le
JSON, le tableau de bord, les exports et le PDF).

Toutes les clés sont présentes, même à 0. Chaque bloc est une ou deux requêtes agrégées, indépendantes du volume
(aucune boucle Python sur les lignes de détail). Les choix d'interprétation sont écrits dans docs/indicateurs.md.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

from accompagnement.enums import CategorieSituation, Hebergement, Niveau, Permis, Sexe, TypeEvenement
from accompagnement.models import Evenement, ProgrammeFormation, Situation, ThemeAtelier
from actions_territoriales.enums import PUBLICS, TypeAction
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from dispositifs.enums import MotifSortie
from dispositifs.models import Inscription
from entreprises.enums import ResultatMiseEnRelation
from entreprises.models import Entreprise, MiseEnRelation, Offre
from entreprises.regles import SECTIONS_NAF
from reporting.definitions import bornes

NON_RENSEIGNE = "non_renseigne"
TYPES_ACTION = list(TypeAction.values)
CHAMPS_PUBLICS = [champ for champ, _libelle in PUBLICS]
CHAMPS_SOMMES_ACTIONS = ["entretiens", "seconds_entretiens", "embauches"]
CLES_ACTION = ["actions", "participants", "jeunes", "entreprises", *CHAMPS_SOMMES_ACTIONS]
MOTIFS_SORTIE = list(MotifSortie.values)
MOTIFS_EMPLOI_FORMATION = [MotifSortie.EMPLOI.value, MotifSortie.FORMATION.value]
CATEGORIES_SITUATION = list(CategorieSituation.values)
TYPES_ATELIER = [TypeEvenement.ATELIER, TypeEvenement.INFORMATION_COLLECTIVE]

# Profil des bénéficiaires d'un dispositif : clé du contrat → filtre sur le jeune.
PROFIL = {
    "f": Q(sexe=Sexe.FEMME),
    "m": Q(sexe=Sexe.HOMME),
    "niveau_v_ou_moins": Q(niveau__in=[Niveau.INFRA3, Niveau.N3]),
    "sans_permis": Q(permis=Permis.NON),
    "rqth": Q(rqth=True),
    "qpv": Q(qpv=True),
    "hebergement_precaire": Q(hebergement=Hebergement.PRECAIRE),
}


def _dans(annee, champ):
    debut, fin = bornes(annee)
    return Q(**{f"{champ}__gte": debut, f"{champ}__lte": fin})


def _prefixer(q, prefixe):
    """Q sur le jeune → même Q vu depuis un modèle qui le désigne par `prefixe` (« jeune »)."""
    enfants = [
        _prefixer(enfant, prefixe) if isinstance(enfant, Q) else (f"{prefixe}__{enfant[0]}", enfant[1])
        for enfant in q.children
    ]
    copie = Q(*enfants, _connector=q.connector, _negated=q.negated)
    return copie


# --- Listes configurables ---------------------------------------------------------------------------------------


def codes_referentiels():
    """Codes des thèmes d'ateliers et des programmes de formation (actifs ou non : un code retiré de la saisie
    garde ses chiffres passés), dans l'ordre d'affichage. Une seule requête (UNION)."""
    themes = ThemeAtelier.objects.order_by().values_list("code", "ordre", Value("t", output_field=CharField()))
    programmes = ProgrammeFormation.objects.order_by().values_list(
        "code", "ordre", Value("p", output_field=CharField())
    )
    lignes = sorted(themes.union(programmes, all=True), key=lambda ligne: (ligne[1], ligne[0]))
    return [c for c, _o, k in lignes if k == "t"], [c for c, _o, k in lignes if k == "p"]


# --- Section NAF et programme des situations (lus par reporting.indicateurs._situations) -----------------------


def expression_section_naf():
    """Section NAF d'une situation : celle de l'entreprise du registre quand elle est connue, sinon celle saisie
    sur la situation, sinon NULL (→ « non_renseigne »)."""
    return Coalesce(NullIf(F("entreprise__section_naf"), Value("")), NullIf(F("secteur_naf"), Value("")))


def par_secteur_naf_vide():
    return {**dict.fromkeys(SECTIONS_NAF, 0), NON_RENSEIGNE: 0}


def par_programme_vide(programmes):
    return {**dict.fromkeys(programmes, 0), NON_RENSEIGNE: 0}


# --- Relations entreprises ----------------------------------------------------------------------------------------


def entreprises(annee, antenne, par_secteur_naf):
    """Bloc `entreprises`. Périmètre d'une antenne : les entreprises (et leurs offres) dont la commune appartient
    à l'antenne ; les mises en relation et les recrutements par l'antenne actuelle du jeune (comme tout chiffre
    sur les jeunes) ; `par_secteur_naf` vient des situations (antenne du jeune)."""
    offres = Offre.objects.filter(_dans(annee, "date_reception"))
    mises = MiseEnRelation.objects.filter(_dans(annee, "date"))
    actions = ActionTerritoriale.entreprises.through.objects.filter(_dans(annee, "actionterritoriale__date"))
    if antenne is not None:
        offres = offres.filter(entreprise__commune__antenne=antenne)
        mises = mises.filter(jeune__antenne=antenne)

    resultat_offres = offres.order_by().aggregate(offres=Count("pk"), postes=Sum("nombre_postes"))
    resultat_mises = mises.order_by().aggregate(
        mises=Count("pk"), recrutements=Count("pk", filter=Q(resultat=ResultatMiseEnRelation.RECRUTE))
    )
    # Entreprises contactées : UNION des entreprises ayant, en N, une offre reçue, une mise en relation ou une
    # participation à une action ; le périmètre d'antenne porte sur la commune de l'entreprise.
    contactees = Entreprise.objects.filter(
        Q(Exists(Offre.objects.filter(_dans(annee, "date_reception"), entreprise=OuterRef("pk"))))
        | Q(Exists(MiseEnRelation.objects.filter(_dans(annee, "date"), entreprise=OuterRef("pk"))))
        | Q(Exists(actions.filter(entreprise=OuterRef("pk"))))
    )
    if antenne is not None:
        contactees = contactees.filter(commune__antenne=antenne)
    return {
        "contactees": contactees.count(),
        "offres": resultat_offres["offres"],
        "postes": resultat_offres["postes"] or 0,
        "mises_en_relation": resultat_mises["mises"],
        "recrutements": resultat_mises["recrutements"],
        "par_secteur_naf": par_secteur_naf,
    }


# --- Actions territoriales ----------------------------------------------------------------------------------------


def _actions_du_perimetre(annee, antenne):
    """Actions datées de N (premier jour) ; pour une antenne : celles qu'elle porte (champ `antenne`), ou à défaut
    celles dont la commune lui appartient."""
    qs = ActionTerritoriale.objects.filter(_dans(annee, "date"))
    if antenne is not None:
        qs = qs.filter(Q(antenne=antenne) | Q(antenne__isnull=True, commune__antenne=antenne))
    return qs


def actions(annee, antenne):
    """Bloc `actions` : chaque type et `total` (jeunes et entreprises distincts à travers les types). Trois
    requêtes : sommes par type, jeunes distincts (par type et tous types), entreprises distinctes (idem)."""
    qs = _actions_du_perimetre(annee, antenne)
    sommes = {
        ligne["type"]: ligne
        for ligne in qs.order_by()
        .values("type")
        .annotate(
            n=Count("pk"),
            publics=Sum(sum((F(champ) for champ in CHAMPS_PUBLICS[1:]), F(CHAMPS_PUBLICS[0]))),
            **{champ: Sum(champ) for champ in CHAMPS_SOMMES_ACTIONS},
        )
    }

    def distincts(modele, action, champ):
        return (
            modele.objects.filter(**{f"{action}__in": qs.values("pk")})
            .order_by()
            .aggregate(
                total=Count(champ, distinct=True),
                **{f"t_{t}": Count(champ, distinct=True, filter=Q(**{f"{action}__type": t})) for t in TYPES_ACTION},
            )
        )

    jeunes = distincts(ParticipationAction, "action", "jeune")
    entreprises_ = distincts(ActionTerritoriale.entreprises.through, "actionterritoriale", "entreprise")

    resultat = {}
    total = dict.fromkeys(CLES_ACTION, 0)
    for type_ in TYPES_ACTION:
        ligne = sommes.get(type_, {})
        publics = ligne.get("publics") or 0
        bloc = {
            "actions": ligne.get("n", 0),
            "participants": publics + jeunes[f"t_{type_}"],
            "jeunes": jeunes[f"t_{type_}"],
            "entreprises": entreprises_[f"t_{type_}"],
            **{champ: ligne.get(champ) or 0 for champ in CHAMPS_SOMMES_ACTIONS},
        }
        resultat[type_] = bloc
        total["actions"] += bloc["actions"]
        total["participants"] += publics
        for champ in CHAMPS_SOMMES_ACTIONS:
            total[champ] += bloc[champ]
    total["jeunes"] = jeunes["total"]
    total["participants"] += jeunes["total"]
    total["entreprises"] = entreprises_["total"]
    resultat["total"] = total
    return resultat


# --- Ateliers par thème -------------------------------------------------------------------------------------------


def ateliers_par_theme(annee, antenne, themes):
    """Ateliers et informations collectives datés de N, par thème (celui de l'événement, sinon celui de sa
    session) : sessions distinctes (la session de weker, sinon la référence reprise, sinon l'événement seul) et
    jeunes distincts. Une requête."""
    qs = (
        Evenement.objects.filter(_dans(annee, "date"), type__in=TYPES_ATELIER)
        .annotate(theme_code=Coalesce("theme_atelier__code", "session__theme_atelier__code"))
        .filter(theme_code__isnull=False)
    )
    if antenne is not None:
        qs = qs.filter(jeune__antenne=antenne)
    cle_session = Case(
        When(session__isnull=False, then=Concat(Value("s:"), Cast("session_id", CharField()))),
        When(~Q(reference_session=""), then=Concat(Value("r:"), "reference_session")),
        default=Concat(Value("e:"), Cast("pk", CharField())),
        output_field=CharField(),
    )
    resultat = {theme: {"sessions": 0, "jeunes": 0} for theme in themes}
    lignes = (
        qs.order_by()
        .annotate(cle_session=cle_session)
        .values("theme_code")
        .annotate(sessions=Count("cle_session", distinct=True), jeunes=Count("jeune", distinct=True))
    )
    for ligne in lignes:
        resultat[ligne["theme_code"]] = {"sessions": ligne["sessions"], "jeunes": ligne["jeunes"]}
    return resultat


# --- Cohortes des dispositifs -------------------------------------------------------------------------------------


def _cohorte_vide():
    return {
        "beneficiaires": 0,
        "entrees": 0,
        "sorties": 0,
        "sorties_par_motif": dict.fromkeys(MOTIFS_SORTIE, 0),
        "sorties_emploi_formation": 0,
        "situations_pendant": {"total": 0, **dict.fromkeys(CATEGORIES_SITUATION, 0)},
        "profil": dict.fromkeys(PROFIL, 0),
    }


def cohortes(annee, antenne, catalogue):
    """Bloc `cohortes`, pour chaque code du catalogue. Deux requêtes :
    1. inscriptions chevauchant N groupées par dispositif : bénéficiaires distincts (définition de
       `dispositifs` dans indicateurs.md) et leur profil, entrées et sorties datées de N, sorties par motif ;
    2. situations débutant en N à l'intérieur d'une période d'inscription du jeune [entrée, sortie] (bornes
       incluses, sortie vide = ouverte), comptées une fois par dispositif et par catégorie."""
    debut, fin = bornes(annee)
    inscriptions = Inscription.objects.chevauchant(debut, fin)
    if antenne is not None:
        inscriptions = inscriptions.filter(jeune__antenne=antenne)
    entree, sortie = _dans(annee, "date_entree"), _dans(annee, "date_sortie")
    aggregats = {
        "beneficiaires": Count("jeune", distinct=True),
        "entrees": Count("pk", filter=entree),
        "sorties": Count("pk", filter=sortie),
        "sorties_emploi_formation": Count("pk", filter=sortie & Q(motif_sortie__in=MOTIFS_EMPLOI_FORMATION)),
        **{f"motif_{m}": Count("pk", filter=sortie & Q(motif_sortie=m)) for m in MOTIFS_SORTIE},
        **{f"profil_{cle}": Count("jeune", distinct=True, filter=_prefixer(q, "jeune")) for cle, q in PROFIL.items()},
    }
    resultat = {d["code"]: _cohorte_vide() for d in catalogue}
    for ligne in inscriptions.order_by().values("dispositif__code").annotate(**aggregats):
        bloc = resultat.setdefault(ligne["dispositif__code"], _cohorte_vide())
        for cle in ("beneficiaires", "entrees", "sorties", "sorties_emploi_formation"):
            bloc[cle] = ligne[cle]
        bloc["sorties_par_motif"] = {m: ligne[f"motif_{m}"] for m in MOTIFS_SORTIE}
        bloc["profil"] = {cle: ligne[f"profil_{cle}"] for cle in PROFIL}

    # Une seule jointure situation × inscription du même jeune (conditions dans un même filter()).
    situations = Situation.objects.filter(
        Q(date_debut__gte=debut, date_debut__lte=fin, jeune__inscriptions__date_entree__lte=F("date_debut"))
        & (Q(jeune__inscriptions__date_sortie__isnull=True) | Q(jeune__inscriptions__date_sortie__gte=F("date_debut")))
    )
    if antenne is not None:
        situations = situations.filter(jeune__antenne=antenne)
    lignes = (
        situations.order_by()
        .values("jeune__inscriptions__dispositif__code", "categorie")
        .annotate(n=Count("pk", distinct=True))
    )
    for ligne in lignes:
        bloc = resultat.setdefault(ligne["jeune__inscriptions__dispositif__code"], _cohorte_vide())
        pendant = bloc["situations_pendant"]
        pendant[ligne["categorie"]] = pendant.get(ligne["categorie"], 0) + ligne["n"]
        pendant["total"] += ligne["n"]
    return resultat
