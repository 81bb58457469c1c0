"""Catalogue par défaut des dispositifs (codes et niveaux du format d'échange) et montants réglementaires.

Utilisé par la migration de données et la commande `charger_dispositifs` : les fonctions reçoivent les classes de
modèles (historiques dans une migration) et ne créent que ce qui manque, sans écraser les modifications faites par
les administrateurs.
"""

from datetime import date
from decimal import Decimal

NATIONAL, REGIONAL, DEPARTEMENTAL, LOCAL = "national", "regional", "departemental", "local"

# (code, nom, niveau, règles)
DISPOSITIFS = [
    ("cep", "Conseil en évolution professionnelle", NATIONAL, {}),
    (
        "pacea",
        "PACEA",
        NATIONAL,
        {
            "financeur": "État",
            "description": "Parcours contractualisé d'accompagnement vers l'emploi et l'autonomie, organisé en "
            "phases, 24 mois au plus ; allocation ponctuelle dans la limite de 6 mois de RSA sur 12 mois glissants.",
            "age_min": 16,
            "age_max": 25,
            "duree_mois": 24,
            "duree_max_totale_mois": 24,
            "a_phases": True,
            "allocation": "ponctuelle_pacea",
            "plafond_allocation_mois_rsa": 6,
        },
    ),
    ("ppae", "PPAE — cotraitance France Travail", NATIONAL, {"financeur": "France Travail"}),
    (
        "garantie_jeunes",
        "Garantie jeunes",
        NATIONAL,
        {
            "financeur": "État",
            "description": "Remplacée par le contrat d'engagement jeune : historique uniquement.",
            "ouvert_aux_entrees": False,
            "ferme_depuis": date(2022, 3, 1),
        },
    ),
    (
        "cej",
        "Contrat d'engagement jeune",
        NATIONAL,
        {
            "financeur": "État",
            "description": "12 mois, prolongeable jusqu'à 18 mois ; allocation mensuelle selon l'âge et la "
            "situation fiscale du foyer. Incompatible avec un PACEA en cours.",
            "age_min": 16,
            "age_max": 25,
            "age_max_rqth": 29,
            "duree_mois": 12,
            "duree_renouvellement_mois": 6,
            "duree_max_totale_mois": 18,
            "delai_alerte_sans_evenement_jours": 30,
            "allocation": "mensuelle_cej",
        },
    ),
    ("parrainage", "Parrainage", NATIONAL, {}),
    ("dernier_ecrou", "Jeunes sous main de justice — Dernier écrou", NATIONAL, {}),
    ("caq", "Contrat d'accès à la qualification", REGIONAL, {"financeur": "Région Bretagne"}),
    (
        "cars35",
        "CARS 35",
        DEPARTEMENTAL,
        {
            "financeur": "Département d'Ille-et-Vilaine",
            "description": "Jeunes de moins de 26 ans bénéficiaires du RSA, orientés par leur référent RSA "
            "(CCAS ou CDAS) ; 6 mois renouvelables une fois ; un entretien tous les 15 jours.",
            "age_max": 25,
            "public_rsa_requis": True,
            "orientation_requise": True,
            "duree_mois": 6,
            "renouvellements_max": 1,
            "duree_renouvellement_mois": 6,
            "duree_max_totale_mois": 12,
            "frequence_contact_jours": 15,
        },
    ),
    ("arve", "Accompagnement renforcé vers l'emploi", LOCAL, {}),
    ("sortir_de_la_rue", "Sortir de la rue", LOCAL, {}),
    ("bpi", "Bénéficiaires de la protection internationale", LOCAL, {}),
    ("illettrisme", "Illettrisme", LOCAL, {}),
    ("creation_activite", "Accompagnement à la création d'activité", LOCAL, {}),
    ("conduite_supervisee", "Conduite supervisée", LOCAL, {}),
    (
        "plie",
        "PLIE",
        LOCAL,
        {
            "financeur": "Rennes Métropole, cofinancement FSE",
            "description": "Sans limite de durée ; après une entrée en emploi, le suivi continue 6 mois.",
            "suivi_apres_emploi_mois": 6,
        },
    ),
    ("reussite_alternance", "Réussite alternance", LOCAL, {}),
    ("cent_chances", "100 chances – 100 emplois", LOCAL, {}),
    ("club_jeunes_diplomes", "Club des jeunes diplômés", LOCAL, {}),
    ("mixite", "Mixité des métiers", LOCAL, {}),
]

INCOMPATIBILITES = [("cej", "pacea")]

# (code, date d'effet, montant, source) — revalorisations au 1er avril.
PARAMETRES = [
    ("cej_majeur_non_imposable", date(2024, 4, 1), Decimal("545.48"), "Revalorisation au 1er avril 2024"),
    ("cej_majeur_imposable_t1", date(2024, 4, 1), Decimal("327.29"), "Revalorisation au 1er avril 2024"),
    ("cej_mineur", date(2024, 4, 1), Decimal("218.19"), "Revalorisation au 1er avril 2024"),
    ("cej_majeur_non_imposable", date(2025, 4, 1), Decimal("561.68"), "Revalorisation au 1er avril 2025"),
    ("cej_majeur_imposable_t1", date(2025, 4, 1), Decimal("337.00"), "Revalorisation au 1er avril 2025"),
    ("cej_mineur", date(2025, 4, 1), Decimal("224.68"), "Revalorisation au 1er avril 2025"),
    ("rsa_personne_seule", date(2024, 4, 1), Decimal("635.71"), "Revalorisation au 1er avril 2024"),
    ("rsa_personne_seule", date(2025, 4, 1), Decimal("646.52"), "Revalorisation au 1er avril 2025"),
]


def charger(Dispositif, ParametreMontant):
    """Crée les dispositifs et montants manquants. Retourne (dispositifs créés, montants créés)."""
    crees = 0
    for ordre, (code, nom, niveau, regles) in enumerate(DISPOSITIFS, start=1):
        _, cree = Dispositif.objects.get_or_create(
            code=code, defaults={"nom": nom, "niveau": niveau, "ordre": ordre * 10, **regles}
        )
        crees += cree
    for code_a, code_b in INCOMPATIBILITES:
        a, b = Dispositif.objects.get(code=code_a), Dispositif.objects.get(code=code_b)
        a.incompatibilites.add(b)
        b.incompatibilites.add(a)  # la relation n'est pas symétrique automatiquement dans une migration
    montants = 0
    for code, date_effet, montant, commentaire in PARAMETRES:
        _, cree = ParametreMontant.objects.get_or_create(
            code=code, date_effet=date_effet, defaults={"montant": montant, "commentaire": commentaire}
        )
        montants += cree
    return crees, montants
