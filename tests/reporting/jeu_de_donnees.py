"""Jeu de données réaliste (volumes de l'agence) créé en masse, pour regarder le rapport et mesurer le calcul.

creer_jeu(nb_jeunes=8000, annee=2025)  # crée jeunes, événements, situations, inscriptions, aides
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from accompagnement.models import Evenement, EvenementService, Jeune, Situation
from aides.models import DemandeAide
from antennes.models import Antenne, Commune, Secteur
from dispositifs.models import Dispositif, Inscription, Versement

DISPOSITIFS = [
    ("cej", "Contrat d'engagement jeune", "national"),
    ("pacea", "PACEA", "national"),
    ("garantie_jeunes", "Garantie jeunes", "national"),
    ("parrainage", "Parrainage", "national"),
    ("pass_region", "Pass Région Bretagne", "regional"),
    ("prepa_avenir", "Prépa Avenir", "regional"),
    ("plan_35", "Accompagnement renforcé du Département", "departemental"),
    ("rsa_jeunes", "Accompagnement des jeunes allocataires du RSA", "departemental"),
    ("exploratoire", "L'Exploratoire", "local"),
    ("boost_emploi", "Boost emploi Rennes", "local"),
]
POIDS_ANTENNES = {
    "RENNES": 40,
    "RENNES_METROPOLE": 25,
    "BROCELIANDE": 12,
    "NORD_EST": 12,
    "VALLONS_DE_VILAINE": 9,
    "HORS_BE": 2,
}


def _jour(annee, alea):
    return date(annee, 1, 1) + timedelta(days=alea.randrange(365))


def creer_jeu(nb_jeunes=8000, annee=2025, graine=1):
    alea = random.Random(graine)
    for code, nom, niveau in DISPOSITIFS:
        Dispositif.objects.get_or_create(code=code, defaults={"nom": nom, "niveau": niveau})
    dispositifs = list(Dispositif.objects.all())
    antennes = list(Antenne.objects.all())
    poids = [POIDS_ANTENNES.get(a.code, 5) for a in antennes]
    secteurs = {a.pk: list(Secteur.objects.filter(antenne=a)) for a in antennes}
    communes = {a.pk: Commune.objects.filter(antenne=a).first() for a in antennes}
    jeunes = []
    for i in range(nb_jeunes):
        antenne = alea.choices(antennes, poids)[0]
        premier = _jour(alea.choice([annee, annee, annee - 1, annee - 1, annee - 2, annee - 3, annee - 5]), alea)
        jeunes.append(
            Jeune(
                nom=f"JEUNE{i}",
                prenom=alea.choice(["Léa", "Tom", "Inès", "Hugo", "Manon", "Yanis"]),
                nom_recherche=f"jeune{i}",
                sexe=alea.choice("fm"),
                date_naissance=date(
                    annee - alea.choice([16, 17, 18, 19, 20, 21, 21, 22, 23, 24, 25, 26]),
                    alea.randint(1, 12),
                    alea.randint(1, 28),
                ),
                antenne=antenne,
                secteur=alea.choice(secteurs[antenne.pk]) if secteurs[antenne.pk] else None,
                commune=communes[antenne.pk],
                date_premier_accueil=premier,
                niveau=alea.choice(["infra3", "3", "3", "4", "4", "4", "5", "6", ""]),
                hebergement=alea.choice(["famille", "famille", "famille", "autonome", "precaire", ""]),
                transport=alea.choice(["commun", "commun", "motorise", "autre", "aucun", ""]),
                permis=alea.choice(["oui", "en_cours", "non", "non", ""]),
            )
        )
    jeunes = Jeune.objects.bulk_create(jeunes, batch_size=2000)
    evenements, situations, inscriptions, versements, demandes = [], [], [], [], []
    for jeune in jeunes:
        for an in (annee - 1, annee):
            if alea.random() < 0.85:
                for _ in range(alea.randint(1, 5)):
                    evenements.append(
                        Evenement(
                            jeune=jeune,
                            date=_jour(an, alea),
                            type=alea.choice(
                                [
                                    "entretien_individuel",
                                    "entretien_individuel",
                                    "atelier",
                                    "information_collective",
                                    "contact",
                                ]
                            ),
                        )
                    )
            if alea.random() < 0.25:
                categorie = alea.choice(["emploi", "emploi", "formation", "immersion"])
                type_ = {
                    "emploi": alea.choice(
                        ["cdi", "cdd_6_mois_plus", "cdd_moins_6_mois", "interim", "apprentissage", "contrat_aide"]
                    ),
                    "formation": alea.choice(["mobilisation", "qualifiante"]),
                    "immersion": alea.choice(["pmsmp", "pmsmp", "service_civique"]),
                }[categorie]
                situations.append(
                    Situation(
                        jeune=jeune,
                        categorie=categorie,
                        type=type_,
                        date_debut=_jour(an, alea),
                        financeur=alea.choice(["conseil_regional", "autre"]) if categorie == "formation" else "",
                    )
                )
            if alea.random() < 0.3:
                d = alea.choice(dispositifs)
                entree = _jour(an, alea)
                inscriptions.append(
                    Inscription(
                        jeune=jeune,
                        dispositif=d,
                        date_entree=entree,
                        date_sortie=entree + timedelta(days=alea.randint(30, 400)),
                    )
                )
            if alea.random() < 0.12:
                for mois in range(alea.randint(1, 4)):
                    versements.append(
                        Versement(
                            jeune=jeune,
                            fonds=alea.choice(
                                ["allocation_cej", "allocation_cej", "allocation_pacea", "allocation_garantie_jeunes"]
                            ),
                            date=_jour(an, alea),
                            montant=Decimal(alea.choice([150, 300, 528])),
                            periode=f"{an}-{mois}",
                        )
                    )
            if alea.random() < 0.08:
                montant = Decimal(alea.choice([30, 50, 75, 76, 120, 150, 200, 300, 450, 800, 1200]))
                accordee = alea.random() < 0.85
                demandes.append(
                    DemandeAide(
                        jeune=jeune,
                        fonds=alea.choice(["faj_rm", "faj_cd35"]),
                        type=alea.choice(
                            [
                                "subsistance",
                                "subsistance",
                                "mobilite",
                                "formation",
                                "logement",
                                "sante",
                                "recherche_emploi",
                                "attente_remuneration",
                            ]
                        ),
                        statut="decidee",
                        date_demande=date(an, 1, 1),
                        montant_demande=montant,
                        decision="accordee" if accordee else "refusee",
                        date_decision=_jour(an, alea),
                        montant_accorde=montant if accordee else None,
                    )
                )
    evenements = Evenement.objects.bulk_create(evenements, batch_size=5000)
    services = []
    codes = [
        "sante_information",
        "sante_orientation",
        "sante_aide_financiere",
        "logement_information",
        "logement_intermediation",
        "logement_orientation",
        "logement_aide_financiere",
        "mobilite_information",
        "mobilite_aide",
    ]
    for ev in evenements:
        if alea.random() < 0.1:
            services.append(EvenementService(evenement=ev, service=alea.choice(codes)))
    EvenementService.objects.bulk_create(services, batch_size=5000, ignore_conflicts=True)
    Situation.objects.bulk_create(situations, batch_size=5000)
    Inscription.objects.bulk_create(inscriptions, batch_size=5000, ignore_conflicts=True)
    Versement.objects.bulk_create(versements, batch_size=5000, ignore_conflicts=True)
    DemandeAide.objects.bulk_create(demandes, batch_size=5000)
    return len(jeunes)
