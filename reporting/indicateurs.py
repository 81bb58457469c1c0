"""Calcul des indicateurs annuels (../shared/specs/indicateurs.md) par agrégation en base.

Point d'entrée : `calculer_indicateurs(annee, antenne_code=None)` renvoie exactement le JSON du contrat.
`calculer(annee, antenne_code=None)` renvoie en plus les ventilations détaillées (par antenne, par secteur)
stockées dans l'instantané. Une poignée de requêtes groupées par année, quel que soit le volume : aucune boucle
Python sur les jeunes ou les événements (seulement sur les lignes agrégées renvoyées par la base).
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from accompagnement.enums import THEMES_SERVICES, CategorieSituation, Financeur, TypeSituation
from accompagnement.models import EvenementService, Jeune, Situation
from aides.enums import Fonds, TypeAide
from aides.selectors import aides_accordees_en
from antennes.models import Antenne, Secteur
from dispositifs.enums import FondsAllocation
from dispositifs.models import Dispositif, Versement
from reporting import indicateurs_complementaires as complementaires
from reporting.definitions import (
    VENTILATIONS,
    bornes,
    evenements_d_accompagnement,
    filtre_accompagne,
    filtre_primo,
    filtres_tranche_montant,
    inscriptions_beneficiaires,
)
from reporting.messages_envoyes import chiffres_messages
from reporting.rendez_vous import chiffres_rendez_vous

TYPES_EMPLOI = [
    "cdi",
    "cdd_6_mois_plus",
    "cdd_moins_6_mois",
    "interim",
    "apprentissage",
    "professionnalisation",
    "contrat_aide",
    "creation_activite",
]
TYPES_FORMATION = ["mobilisation", "qualifiante"]
FINANCEURS_FORMATION = ["conseil_regional", "autre"]
TYPES_IMMERSION = ["pmsmp", "service_civique"]
FONDS_ALLOCATIONS = ["allocation_garantie_jeunes", "allocation_cej", "allocation_pacea"]
FONDS_FAJ = ["faj_cd35", "faj_rm"]
TYPES_FAJ = ["subsistance", "mobilite", "recherche_emploi", "attente_remuneration", "formation", "logement", "sante"]
SERVICES = {theme: [s.value for s in services] for theme, services in THEMES_SERVICES.items()}

# Garde-fous : les listes du contrat doivent correspondre aux codes de l'application.
assert {t.value for t in TypeAide} == set(TYPES_FAJ)
assert {f.value for f in Fonds} == set(FONDS_FAJ)
assert {f.value for f in FondsAllocation} == set(FONDS_ALLOCATIONS)
assert {f.value for f in Financeur} == set(FINANCEURS_FORMATION)
assert {TypeSituation(t) for t in TYPES_EMPLOI + TYPES_FORMATION + TYPES_IMMERSION} == set(TypeSituation)


class AntenneInconnue(ValueError):
    pass


def montant(valeur):
    """Montant au format du contrat : chaîne à deux décimales (« 1234.50 »)."""
    return f"{(valeur or Decimal(0)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def evolution(valeur, precedente):
    """Évolution en % arrondie à l'unité ; None quand l'année précédente vaut 0."""
    if not precedente:
        return None
    taux = (Decimal(valeur) - Decimal(precedente)) * 100 / Decimal(precedente)
    return int(taux.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def antennes_ordonnees():
    """Antennes dans l'ordre fixe du rapport (réglage WEKER["ANTENNES_ORDRE"]), les autres ensuite."""
    ordre = settings.WEKER["ANTENNES_ORDRE"]
    antennes = list(Antenne.objects.all())
    return sorted(antennes, key=lambda a: (ordre.index(a.code) if a.code in ordre else len(ordre), a.ordre, a.nom))


def antenne_par_code(code):
    if not code:
        return None
    try:
        return Antenne.objects.get(code=code)
    except Antenne.DoesNotExist:
        raise AntenneInconnue(f"Antenne inconnue : {code}") from None


# --- Jeunes accompagnés ----------------------------------------------------------------------------------------


def _colonnes_ventilations(annee):
    """Alias SQL → (ventilation, case) et les agrégats correspondants."""
    colonnes, aggregats = {}, {"total": Count("pk"), "primo": Count("pk", filter=filtre_primo(annee))}
    for cle, filtres in VENTILATIONS.items():
        for case, q in filtres(annee).items():
            alias = f"v{len(colonnes)}"
            colonnes[alias] = (cle, case)
            aggregats[alias] = Count("pk", filter=q)
    return colonnes, aggregats


def _bloc_vide(annee):
    return {
        "total": 0,
        "primo_accueillis": 0,
        **{cle: dict.fromkeys(filtres(annee), 0) for cle, filtres in VENTILATIONS.items()},
    }


def _ajouter(bloc, ligne, colonnes):
    bloc["total"] += ligne["total"]
    bloc["primo_accueillis"] += ligne["primo"]
    for alias, (cle, case) in colonnes.items():
        bloc[cle][case] += ligne[alias]


def accompagnes_par_territoire(annee, antenne=None):
    """Une requête groupée par (antenne, secteur) des jeunes accompagnés en `annee`, toutes ventilations.

    Renvoie (agence, par_antenne, par_secteur) : des blocs {total, primo_accueillis, par_sexe, …}.
    """
    colonnes, aggregats = _colonnes_ventilations(annee)
    qs = Jeune.objects.filter(filtre_accompagne(annee))
    if antenne is not None:
        qs = qs.filter(antenne=antenne)
    lignes = qs.order_by().values("antenne__code", "secteur__code").annotate(**aggregats)
    agence = _bloc_vide(annee)
    par_antenne = defaultdict(lambda: _bloc_vide(annee))
    par_secteur = defaultdict(lambda: _bloc_vide(annee))
    for ligne in lignes:
        _ajouter(agence, ligne, colonnes)
        _ajouter(par_antenne[ligne["antenne__code"]], ligne, colonnes)
        if ligne["secteur__code"]:
            _ajouter(par_secteur[ligne["secteur__code"]], ligne, colonnes)
    return agence, dict(par_antenne), dict(par_secteur)


def _totaux_par_territoire(annee, antenne=None):
    """Version légère pour N-1 : total et primo-accueillis par (antenne, secteur)."""
    qs = Jeune.objects.filter(filtre_accompagne(annee))
    if antenne is not None:
        qs = qs.filter(antenne=antenne)
    lignes = (
        qs.order_by()
        .values("antenne__code", "secteur__code")
        .annotate(total=Count("pk"), primo=Count("pk", filter=filtre_primo(annee)))
    )
    agence = {"total": 0, "primo": 0}
    par_antenne = defaultdict(lambda: {"total": 0, "primo": 0})
    par_secteur = defaultdict(lambda: {"total": 0, "primo": 0})
    for ligne in lignes:
        for cible in (agence, par_antenne[ligne["antenne__code"]]) + (
            (par_secteur[ligne["secteur__code"]],) if ligne["secteur__code"] else ()
        ):
            cible["total"] += ligne["total"]
            cible["primo"] += ligne["primo"]
    return agence, par_antenne, par_secteur


def totaux_par_territoire(donnees, details):
    """Totaux et primo-accueillis par territoire tirés d'indicateurs déjà calculés (même année, même
    périmètre) : ce que `_totaux_par_territoire` relirait en base. Le rapport calcule N-1 en entier puis N
    avec ces totaux, au lieu de relire les événements de N-1 une seconde fois."""

    def bloc(b):
        return {"total": b["total"], "primo": b["primo_accueillis"]}

    return (
        bloc(donnees["jeunes_accompagnes"]),
        {a["code"]: bloc(a) for a in details["antennes"]},
        {s["code"]: bloc(s) for s in details["secteurs"]},
    )


def _ligne_territoire(antenne_code, secteur_code, n, n_1):
    return {
        "antenne": antenne_code,
        "secteur": secteur_code,
        "accompagnes": n["total"],
        "accompagnes_n_1": n_1["total"],
        "primo": n["primo"],
        "primo_n_1": n_1["primo"],
    }


def _territoires(antennes, secteurs, actuel, precedent, avec_total):
    vide = {"total": 0, "primo": 0}
    agence, par_antenne, par_secteur = actuel
    agence_1, par_antenne_1, par_secteur_1 = precedent
    lignes = []
    for antenne in antennes:
        lignes.append(
            _ligne_territoire(
                antenne.code, None, par_antenne.get(antenne.code, vide), par_antenne_1.get(antenne.code, vide)
            )
        )
        for secteur in secteurs.get(antenne.pk, []):
            n, n_1 = par_secteur.get(secteur.code, vide), par_secteur_1.get(secteur.code, vide)
            if secteur.actif or n["total"] or n_1["total"]:
                lignes.append(_ligne_territoire(antenne.code, secteur.code, n, n_1))
    if avec_total:
        lignes.append(_ligne_territoire(None, None, agence, agence_1))
    return lignes


# --- Entrées, dispositifs, aides, services ---------------------------------------------------------------------


def _situations(annee, antenne, programmes=()):
    """Situations débutant en N groupées par (catégorie, type, financeur, programme, section NAF) : entrées en
    formation (et leur programme), en emploi (et la section NAF de l'employeur, bloc `entreprises`), immersions.
    Renvoie (formation, emploi, immersions, par_secteur_naf)."""
    debut, fin = bornes(annee)
    qs = Situation.objects.filter(date_debut__gte=debut, date_debut__lte=fin)
    if antenne is not None:
        qs = qs.filter(jeune__antenne=antenne)
    formation = {
        "total": 0,
        **{t: dict.fromkeys(FINANCEURS_FORMATION, 0) for t in TYPES_FORMATION},
        "par_programme": complementaires.par_programme_vide(programmes),
    }
    emploi = {"total": 0, "par_type": dict.fromkeys(TYPES_EMPLOI, 0)}
    immersions = dict.fromkeys(TYPES_IMMERSION, 0)
    par_secteur_naf = complementaires.par_secteur_naf_vide()
    lignes = (
        qs.order_by()
        .annotate(section=complementaires.expression_section_naf())
        .values("categorie", "type", "financeur", "programme__code", "section")
        .annotate(n=Count("pk"))
    )
    for ligne in lignes:
        categorie, type_, n = ligne["categorie"], ligne["type"], ligne["n"]
        if categorie == CategorieSituation.FORMATION:
            formation["total"] += n
            programme = ligne["programme__code"]
            programme = programme if programme in formation["par_programme"] else complementaires.NON_RENSEIGNE
            formation["par_programme"][programme] += n
            if type_ in formation:
                financeur = (
                    Financeur.CONSEIL_REGIONAL.value
                    if ligne["financeur"] == Financeur.CONSEIL_REGIONAL
                    else Financeur.AUTRE.value
                )
                formation[type_][financeur] += n
        elif categorie == CategorieSituation.EMPLOI:
            emploi["total"] += n
            section = ligne["section"] if ligne["section"] in par_secteur_naf else complementaires.NON_RENSEIGNE
            par_secteur_naf[section] += n
            if type_ in emploi["par_type"]:
                emploi["par_type"][type_] += n
        elif categorie == CategorieSituation.IMMERSION and type_ in immersions:
            immersions[type_] += n
    return formation, emploi, immersions, par_secteur_naf


def catalogue_dispositifs():
    return list(Dispositif.objects.order_by("ordre", "nom").values("code", "nom", "niveau"))


def _dispositifs(annee, antenne, catalogue):
    qs = inscriptions_beneficiaires(annee)
    if antenne is not None:
        qs = qs.filter(jeune__antenne=antenne)
    resultat = {d["code"]: 0 for d in catalogue}
    for ligne in qs.order_by().values("dispositif__code").annotate(n=Count("jeune", distinct=True)):
        resultat[ligne["dispositif__code"]] = ligne["n"]
    return resultat


def _filtre_faj_accordees(annee):
    """« Aides FAJ attribuées en N » : la définition partagée avec la page du budget FAJ (aides.selectors)."""
    return aides_accordees_en(annee)


def _filtre_versements(annee):
    debut, fin = bornes(annee)
    return Versement.objects.filter(date__gte=debut, date__lte=fin)


def _aides(annee, antenne):
    versements, faj = _filtre_versements(annee), _filtre_faj_accordees(annee)
    if antenne is not None:
        versements, faj = versements.filter(jeune__antenne=antenne), faj.filter(jeune__antenne=antenne)
    aides = {fonds: {"beneficiaires": 0, "montant": "0.00"} for fonds in FONDS_ALLOCATIONS}
    aides.update({fonds: {"beneficiaires": 0, "montant": "0.00", "aides": 0} for fonds in FONDS_FAJ})
    lignes = versements.order_by().values("fonds").annotate(b=Count("jeune", distinct=True), m=Sum("montant"))
    for ligne in lignes:
        if ligne["fonds"] in aides:
            aides[ligne["fonds"]].update(beneficiaires=ligne["b"], montant=montant(ligne["m"]))
    lignes = (
        faj.order_by()
        .values("fonds")
        .annotate(b=Count("jeune", distinct=True), m=Sum("montant_accorde"), n=Count("pk"))
    )
    for ligne in lignes:
        if ligne["fonds"] in aides:
            aides[ligne["fonds"]].update(beneficiaires=ligne["b"], montant=montant(ligne["m"]), aides=ligne["n"])

    tranches = filtres_tranche_montant()
    aggregats = {f"t_{t}": Count("pk", filter=Q(type=t)) for t in TYPES_FAJ}
    aggregats.update({f"m_{i}": Count("pk", filter=q) for i, q in enumerate(tranches.values())})
    resultat = faj.order_by().aggregate(**aggregats)
    repartition = {
        "par_type": {t: resultat[f"t_{t}"] for t in TYPES_FAJ},
        "par_tranche_montant": {cle: resultat[f"m_{i}"] for i, cle in enumerate(tranches)},
    }

    # Total toutes aides : un jeune aidé par plusieurs fonds ne compte qu'une fois. UNION des jeunes aidés
    # (quelques milliers de lignes) plutôt qu'un double EXISTS évalué sur chaque jeune de la base.
    jeunes_aides = versements.order_by().values("jeune_id").union(faj.order_by().values("jeune_id"))
    total = {
        "beneficiaires": jeunes_aides.count(),
        "montant": montant(sum((Decimal(a["montant"]) for a in aides.values()), Decimal(0))),
    }
    return aides, repartition, total


def _services(annee, antenne):
    debut, fin = bornes(annee)
    # Semi-jointure (IN) plutôt qu'un EXISTS corrélé ligne à ligne : la liste des accompagnés est calculée une fois.
    qs = EvenementService.objects.filter(
        evenement__jeune_id__in=evenements_d_accompagnement(annee).values("jeune_id"),
        evenement__date__gte=debut,
        evenement__date__lte=fin,
    )
    if antenne is not None:
        qs = qs.filter(evenement__jeune__antenne=antenne)
    # Une seule lecture des services de l'année : événements par code et jeunes distincts par thème.
    aggregats = {f"s_{code}": Count("pk", filter=Q(service=code)) for codes in SERVICES.values() for code in codes}
    aggregats.update(
        {
            f"j_{theme}": Count("evenement__jeune", distinct=True, filter=Q(service__in=codes))
            for theme, codes in SERVICES.items()
        }
    )
    resultat = qs.order_by().aggregate(**aggregats)
    services = {
        theme: {"jeunes": resultat[f"j_{theme}"], "par_service": {code: resultat[f"s_{code}"] for code in codes}}
        for theme, codes in SERVICES.items()
    }
    return services


# --- Assemblage ------------------------------------------------------------------------------------------------


def calculer(annee, antenne_code=None, *, totaux_precedents=None):
    """Indicateurs de `annee` (agence ou antenne) : (donnees au format du contrat, details complémentaires).

    `totaux_precedents` : totaux de `annee - 1` sur le même périmètre s'ils sont déjà connus
    (`totaux_par_territoire`) ; sinon lus en base.
    """
    annee = int(annee)
    antenne = antenne_par_code(antenne_code)
    antennes = [antenne] if antenne is not None else antennes_ordonnees()
    secteurs = defaultdict(list)
    filtre_secteurs = {"antenne": antenne} if antenne is not None else {}
    for secteur in Secteur.objects.filter(**filtre_secteurs).order_by("ordre", "nom"):
        secteurs[secteur.antenne_id].append(secteur)

    agence, par_antenne, par_secteur = accompagnes_par_territoire(annee, antenne)
    precedent = totaux_precedents or _totaux_par_territoire(annee - 1, antenne)
    actuel = (
        {"total": agence["total"], "primo": agence["primo_accueillis"]},
        {code: {"total": b["total"], "primo": b["primo_accueillis"]} for code, b in par_antenne.items()},
        {code: {"total": b["total"], "primo": b["primo_accueillis"]} for code, b in par_secteur.items()},
    )
    themes, programmes = complementaires.codes_referentiels()
    formation, emploi, immersions, par_secteur_naf = _situations(annee, antenne, programmes)
    catalogue = catalogue_dispositifs()
    aides, faj, aides_total = _aides(annee, antenne)

    jeunes_accompagnes = {
        "total": agence["total"],
        "total_n_1": precedent[0]["total"],
        "primo_accueillis": agence["primo_accueillis"],
        "primo_accueillis_n_1": precedent[0]["primo"],
        **{cle: agence[cle] for cle in VENTILATIONS},
    }
    donnees = {
        "annee": annee,
        "jeunes_accompagnes": jeunes_accompagnes,
        "territoires": _territoires(antennes, secteurs, actuel, precedent, avec_total=antenne is None),
        "entrees_formation": formation,
        "entrees_emploi": emploi,
        "immersions": immersions,
        "dispositifs": _dispositifs(annee, antenne, catalogue),
        "aides": aides,
        "faj": faj,
        "services": _services(annee, antenne),
        # Hors contrat d'origine (issue 17) : une clé à part, les clés du contrat ne changent pas.
        "rendez_vous": chiffres_rendez_vous(annee, antenne_code),
        "entreprises": complementaires.entreprises(annee, antenne, par_secteur_naf),
        "actions": complementaires.actions(annee, antenne),
        "ateliers_par_theme": complementaires.ateliers_par_theme(annee, antenne, themes),
        "cohortes": complementaires.cohortes(annee, antenne, catalogue),
        "messages": chiffres_messages(annee, antenne_code),
    }
    vide = _bloc_vide(annee)
    details = {
        "antennes": [
            {
                "code": a.code,
                "nom": a.nom,
                **par_antenne.get(a.code, vide),
                "total_n_1": precedent[1].get(a.code, vide)["total"],
            }
            for a in antennes
        ],
        "secteurs": [
            {"antenne": a.code, "code": s.code, "nom": s.nom, **par_secteur.get(s.code, vide)}
            for a in antennes
            for s in secteurs.get(a.pk, [])
            if s.actif or s.code in par_secteur
        ],
        "catalogue": catalogue,
        "aides_total": aides_total,
    }
    return donnees, details


def calculer_indicateurs(annee, antenne_code=None):
    """Indicateurs de l'année au format exact du contrat JSON (point d'entrée des mesures de performance)."""
    return calculer(annee, antenne_code)[0]


__all__ = [
    "calculer",
    "calculer_indicateurs",
    "evenements_d_accompagnement",
    "evolution",
    "montant",
]
