"""Agrégation annuelle écrite à la main en SQL : le « plancher » auquel on compare le calcul des indicateurs.

Mêmes définitions que ../shared/specs/indicateurs.md (jeunes accompagnés en N par territoire, sexe, tranche d'âge,
niveau, année de premier accueil, hébergement, transport, permis ; entrées en situation ; bénéficiaires de
dispositifs ; aides attribuées ; services), pour N et N-1, en une requête par bloc.

Écrit à la main exprès : c'est la référence du banc, pas un chemin de l'application. Les définitions de
l'application (jeune accompagné : `accompagnement.models.filtre_accompagne_en` ; tranches d'âge :
`accompagnement.regles.TRANCHES_AGE` ; le reste : `reporting.definitions`) y sont réécrites en SQL, y compris les
types d'accompagnement ci-dessous ; tests/bench/test_bench.py vérifie sur un petit jeu que les deux donnent les mêmes
chiffres. Toute définition changée dans l'application doit l'être aussi ici.
"""

import datetime as dt

from django.db import connection

TYPES_ACCOMPAGNEMENT = ("entretien_individuel", "atelier", "information_collective")


def _age_sql(fin):
    if connection.vendor == "postgresql":
        return f"date_part('year', age(DATE '{fin.isoformat()}', j.date_naissance))"
    # Âge révolu au 31 décembre = différence des années (une division par 365,25 se tromperait d'un an à
    # l'anniversaire, selon les années bissextiles).
    return f"({fin.year} - CAST(strftime('%%Y', j.date_naissance) AS INTEGER))"  # % doublé : requête à paramètres


def requetes(annee):
    debut, fin = dt.date(annee, 1, 1), dt.date(annee, 12, 31)
    types = ", ".join(f"'{t}'" for t in TYPES_ACCOMPAGNEMENT)
    age = _age_sql(fin)
    accompagnes = f"""
        WITH acc AS (
            SELECT DISTINCT e.jeune_id FROM accompagnement_evenement e
            WHERE e.type IN ({types}) AND e.date BETWEEN %(debut)s AND %(fin)s
        )
        SELECT j.antenne_id, j.secteur_id, j.sexe,
               CASE WHEN {age} < 18 THEN 'moins_18' WHEN {age} <= 21 THEN '18_21'
                    WHEN {age} <= 25 THEN '22_25' ELSE '26_plus' END AS tranche,
               CASE WHEN j.niveau = 'infra3' THEN 'infra_v' WHEN j.niveau = '3' THEN 'v' WHEN j.niveau = '4' THEN 'iv'
                    WHEN j.niveau IN ('5', '6', '7', '8') THEN 'iii_et_plus' ELSE 'non_renseigne' END AS niveau,
               CASE WHEN j.date_premier_accueil >= %(debut)s THEN 'n'
                    WHEN j.date_premier_accueil >= %(debut_1)s THEN 'n_1'
                    WHEN j.date_premier_accueil >= %(debut_2)s THEN 'n_2' ELSE 'n_3_et_avant' END AS anciennete,
               j.hebergement, j.transport, j.permis, COUNT(*)
        FROM acc JOIN accompagnement_jeune j ON j.id = acc.jeune_id
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
    """
    situations = """
        SELECT categorie, type, financeur, COUNT(*) FROM accompagnement_situation
        WHERE date_debut BETWEEN %(debut)s AND %(fin)s GROUP BY 1, 2, 3
    """
    dispositifs = """
        SELECT dispositif_id, COUNT(DISTINCT jeune_id) FROM dispositifs_inscription
        WHERE date_entree <= %(fin)s AND (date_sortie IS NULL OR date_sortie >= %(debut)s) GROUP BY 1
    """
    allocations = """
        SELECT fonds, COUNT(DISTINCT jeune_id), SUM(montant) FROM dispositifs_versement
        WHERE date BETWEEN %(debut)s AND %(fin)s GROUP BY 1
    """
    faj = """
        SELECT fonds, type, CASE WHEN montant_accorde <= 75 THEN '1_75' WHEN montant_accorde <= 150 THEN '76_150'
               WHEN montant_accorde <= 300 THEN '151_300' WHEN montant_accorde <= 1000 THEN '301_1000'
               ELSE 'plus_1000' END, COUNT(*), COUNT(DISTINCT jeune_id), SUM(montant_accorde)
        FROM aides_demandeaide
        WHERE decision IN ('accordee', 'accordee_partiellement') AND date_decision BETWEEN %(debut)s AND %(fin)s
        GROUP BY 1, 2, 3
    """
    services = f"""
        SELECT s.service, COUNT(*), COUNT(DISTINCT e.jeune_id)
        FROM accompagnement_evenementservice s JOIN accompagnement_evenement e ON e.id = s.evenement_id
        WHERE e.date BETWEEN %(debut)s AND %(fin)s AND e.type IN ({types})
        GROUP BY 1
    """
    parametres = {
        "debut": debut,
        "fin": fin,
        "debut_1": dt.date(annee - 1, 1, 1),
        "debut_2": dt.date(annee - 2, 1, 1),
    }
    return [(sql, parametres) for sql in (accompagnes, situations, dispositifs, allocations, faj, services)]


def agreger(annee):
    """Exécute le plancher SQL pour N et N-1 ; renvoie le nombre de jeunes accompagnés en N (contrôle)."""
    total = 0
    with connection.cursor() as cursor:
        for a in (annee, annee - 1):
            for i, (sql, parametres) in enumerate(requetes(a)):
                cursor.execute(sql, parametres)
                lignes = cursor.fetchall()
                if i == 0 and a == annee:
                    total = sum(ligne[-1] for ligne in lignes)
    return total
