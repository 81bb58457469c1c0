"""Banc de mesure : construit le jeu de données à l'échelle voulue puis mesure pages, indicateurs, PDF, import.

À lancer sur PostgreSQL (`make bench` utilise postgres://postgres@127.0.0.1:5432/weker_bench si DATABASE_URL
n'est pas défini, et crée la base au besoin). Voir docs/performance.md.
"""

import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from accompagnement.models import Evenement, Jeune, Participation, SessionCollective, Situation
from aides.models import DemandeAide
from antennes.models import Commune
from developpement.bench.charge import mesurer_saturation
from developpement.bench.mesures import Banc, machine
from developpement.bench.rapport import (
    JEUNES_ECHELLE_NATIONALE,
    facteur_plancher,
    page_complete,
    page_markdown,
    tableau_texte,
)
from developpement.demo.generateur import generer
from dispositifs.models import Inscription, Versement


def creer_base_si_absente():
    """Crée la base PostgreSQL visée par DATABASE_URL si elle n'existe pas encore."""
    try:
        connection.ensure_connection()
        return False
    except OperationalError as exc:
        if connection.vendor != "postgresql" or "does not exist" not in str(exc):
            raise
    import psycopg
    from psycopg import sql

    parametres = connection.get_connection_params()
    nom = parametres.pop("dbname")
    parametres.pop("cursor_factory", None)
    parametres.pop("context", None)
    with psycopg.connect(dbname="postgres", autocommit=True, **parametres) as maintenance:
        maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    connection.close()
    return True


# Ce qui domine chaque page, établi par profilage (cProfile, temps propre de chaque gabarit, requêtes capturées)
# et décrit dans docs/performance.md. Clé : début du nom de la mesure (le plus long qui convient l'emporte).
CE_QUI_DOMINE = {
    "Plancher : accueil": "session lue (réécrite au plus une fois par minute), utilisateur et son antenne, second "
    "facteur, navigation et gabarit de base : le coût que paie toute page, aucune donnée de jeune",
    "Dossier": "une vingtaine de requêtes en nombre fixe (identité, inscriptions, référents, situations, documents, "
    "alertes, 25 entrées du journal et leur compte, blocs employeurs et actions) et la validation de la ligne du "
    "journal des accès (COMMIT), puis le rendu : journal, sections et formulaires de saisie rapide, de réaffectation, "
    "de document et d'inscription à une action",
    "Portefeuille": "la page de 50 jeunes (avec secteur et dispositifs en cours) et ses lignes écrites par un "
    "gabarit Jinja2, le formulaire de filtres, l'écriture groupée du journal des accès",
    "Liste des jeunes": "la recherche indexée (GIN plein texte pour les fragments de 1 ou 2 lettres, trigrammes "
    "sinon) et le comptage des résultats, qui croissent avec le nombre de jeunes dont le nom commence par ces "
    "lettres ; 50 lignes écrites par un gabarit Jinja2 et les listes déroulantes (référents en cache)",
    "Recherche de l'en-tête": "la même recherche indexée, limitée aux premières suggestions (une de plus pour "
    "savoir s'il y en a d'autres : aucun comptage) et l'écriture groupée du journal des accès",
    "Séance": "les fiches et formulaires de décision des points affichés, la situation des enveloppes (sommes par "
    "l'index de l'enveloppe : croissent avec les décisions de l'année du fonds) et l'écriture groupée du journal "
    "des accès",
    "Tableau": "la lecture de l'instantané d'indicateurs, une vingtaine de tableaux (~1 000 cellules, rendues "
    "depuis le cache de fragment tant que l'instantané ne change pas) et les graphiques SVG",
    "Agenda": "les rendez-vous de la semaine et leurs jeunes (une requête), l'écriture groupée du journal des "
    "accès, les sessions animées, les absences et le calcul des créneaux libres (plages, rendez-vous, absences : "
    "trois requêtes, quel que soit le nombre de rendez-vous)",
    "Fiche entreprise": "les sections de la fiche (offres, contacts, mises en relation, immersions, actions, "
    "embauches : les premières lignes et le total de chacune, deux requêtes par section) et leur rendu",
    "Registre": "la recherche sur le nom normalisé (index trigramme), le comptage et 50 lignes écrites par un "
    "gabarit Jinja2 ; en-têtes triables et pagination de django-tables2",
    "Liste des offres": "le filtre (statut, contrat), le comptage et 50 lignes écrites par un gabarit Jinja2 ; "
    "en-têtes triables et pagination de django-tables2",
}
SOCLE = "Chaque page paie aussi le socle mesuré par la page plancher."


def _ce_qui_domine(nom):
    cles = [cle for cle in CE_QUI_DOMINE if nom.startswith(cle)]
    return CE_QUI_DOMINE[max(cles, key=len)] if cles else "non établi (pas encore profilée)"


def explications(mesures):
    textes = []
    for m in mesures:
        if not m.mesuree:
            continue
        if m.plancher:
            textes.append((m.nom, f"{m.requetes_sql} requêtes SQL ; {_ce_qui_domine(m.nom)}."))
        elif m.budget == "p95" and m.sql_ms is not None:
            part = m.sql_ms / m.p50_ms if m.p50_ms else 0
            textes.append(
                (
                    m.nom,
                    f"{m.requetes_sql} requêtes SQL totalisant {m.sql_ms:.1f} ms (~{part:.0%} du p50), "
                    f"{m.cpu_p50_ms:.1f} ms de processeur Python (p50). Domine : {_ce_qui_domine(m.nom)}. {SOCLE}",
                )
            )
        elif m.nom.startswith("Plancher SQL"):
            textes.append(
                (
                    m.nom,
                    "parcours des événements de l'année (index (date, type), ou parcours séquentiel quand l'année "
                    "en représente une grande part) puis jointure et regroupement sur les jeunes : le coût croît "
                    "avec le nombre d'événements de l'année, pas avec l'historique.",
                )
            )
        elif m.nom.startswith("Indicateurs"):
            textes.append(
                (
                    m.nom,
                    f"{m.requetes_sql} requêtes ({m.sql_ms:.0f} ms de SQL) ; l'écart au plancher vient des "
                    "requêtes supplémentaires (une par ventilation) et de la mise en forme Python du résultat.",
                )
            )
        elif m.nom.startswith("Rapport"):
            textes.append(
                (
                    m.nom,
                    "deux calculs d'indicateurs (N et N-1), la génération des graphiques SVG puis la mise en page "
                    "WeasyPrint ; voir docs/performance.md pour la répartition mesurée.",
                )
            )
        elif m.nom.startswith("Import"):
            textes.append(
                (
                    m.nom,
                    "lecture et validation ligne à ligne en Python (dates, codes, références aux jeunes), puis "
                    "écritures par lots ; la validation Python domine.",
                )
            )
    return textes


def _saturation(o, ecrire):
    """Le débit à saturation avec les réglages de gunicorn de la ligne de commande."""
    return mesurer_saturation(
        duree=o["saturation"],
        clients=o["clients"],
        workers=o["gunicorn_workers"],
        classe=o["gunicorn_classe"],
        threads=o["gunicorn_fils"],
        sortie=ecrire,
    )


class Command(BaseCommand):
    help = "Mesure les performances sur PostgreSQL à l'échelle choisie et écrit docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--jeunes", type=int, default=100_000, help="taille du jeu de données (défaut 100 000)")
        parser.add_argument("--requetes", type=int, default=100, help="requêtes mesurées par page (défaut 100)")
        parser.add_argument("--graine", type=int, default=42)
        parser.add_argument("--sortie", default="docs/benchmarks.md", help="page Markdown écrite (vide : aucune)")
        parser.add_argument(
            "--entreprises", type=int, default=20_000, help="taille du registre des entreprises (défaut 20 000)"
        )
        parser.add_argument("--import-jeunes", type=int, default=5000, help="taille de l'import de reprise mesuré")
        parser.add_argument(
            "--rappels", type=int, default=5000, help="rendez-vous du job des rappels de la veille mesuré (0 : aucun)"
        )
        parser.add_argument(
            "--saturation", type=int, default=20, metavar="SECONDES",
            help="débit à saturation : gunicorn + clients locust sans pause, SECONDES par phase (0 : pas de mesure)",
        )  # fmt: skip
        parser.add_argument("--clients", type=int, default=8, help="clients simultanés de la mesure à saturation")
        parser.add_argument("--gunicorn-workers", type=int, default=2, help="workers gunicorn (défaut : 2)")
        parser.add_argument(
            "--gunicorn-classe", default="sync", choices=["sync", "gthread"], help="classe de worker gunicorn"
        )
        parser.add_argument("--gunicorn-fils", type=int, default=4, help="fils par worker (classe gthread)")
        parser.add_argument(
            "--saturation-seule",
            action="store_true",
            help="ne mesure que le débit à saturation (comparer des réglages de gunicorn), sans écrire la page",
        )
        parser.add_argument(
            "--permettre-sqlite", action="store_true", help="autorise SQLite (tests du banc uniquement)"
        )

    def handle(self, *args, **o):
        if connection.vendor != "postgresql" and not o["permettre_sqlite"]:
            raise CommandError(
                "Le banc se mesure sur PostgreSQL : définissez DATABASE_URL "
                "(make bench utilise postgres://postgres@127.0.0.1:5432/weker_bench)."
            )
        if o["requetes"] < 1 or o["jeunes"] < 1:
            raise CommandError("--jeunes et --requetes doivent être des entiers positifs.")
        ecrire = self.stdout.write
        # Mesurer comme en production : sans DEBUG, Django ne journalise pas chaque requête SQL en mémoire et les
        # gabarits ne gardent pas les informations de débogage (réglages de développement par défaut sinon).
        settings.DEBUG = False
        if creer_base_si_absente():
            ecrire(f"Base {settings.DATABASES['default']['NAME']} créée.")
        call_command("migrate", "--noinput", verbosity=0)
        if not Commune.objects.exists():
            ecrire("Chargement du référentiel territorial…")
            call_command("charger_territoires", verbosity=0)
        call_command("creer_comptes_demo", stdout=StringIO())

        existants = Jeune.objects.count()
        generation = ""
        if existants < 0.95 * o["jeunes"]:
            manque = o["jeunes"] - existants
            ecrire(f"Génération de {manque} jeunes (déjà présents : {existants})…")
            bilan = generer(
                jeunes=manque,
                graine=o["graine"] + existants,
                taille_lot=5000,
                sortie=ecrire if o["verbosity"] >= 2 else None,
            )
            debit = f"{bilan.evenements / bilan.duree_secondes:,.0f}".replace(",", " ")
            generation = (
                f"Jeu généré pour cette mesure en {bilan.duree_secondes:.0f} s ({debit} événements/s, "
                "écritures COPY par lots de 5 000 jeunes)."
            )
            ecrire(generation)
        else:
            ecrire(f"Jeu de données déjà présent : {existants} jeunes.")

        if connection.vendor == "postgresql" and not connection.in_atomic_block:  # (tests : dans une transaction)
            # En production l'autovacuum tient à jour statistiques et carte de visibilité (parcours d'index seuls) ;
            # il peut être coupé sur une machine de test, et un jeu tout juste chargé par COPY n'a ni l'une ni l'autre.
            debut_vacuum = time.perf_counter()
            with connection.cursor() as curseur:
                curseur.execute("VACUUM (ANALYZE)")
            ecrire(f"VACUUM (ANALYZE) de la base en {time.perf_counter() - debut_vacuum:.0f} s.")
        if o["saturation_seule"]:
            if connection.vendor != "postgresql" or not o["saturation"]:
                raise CommandError("--saturation-seule demande PostgreSQL et une durée --saturation positive.")
            ecrire("\n" + _saturation(o, ecrire).texte())
            return
        banc = Banc(requetes=o["requetes"], sortie=ecrire)
        debut = time.perf_counter()
        ecrire("Pages :")
        banc.pages()
        if o["entreprises"]:
            banc.pages_entreprises(entreprises=o["entreprises"])
        ecrire("Indicateurs, PDF, import, rappels :")
        banc.agregation()
        banc.pdf()
        if o["import_jeunes"]:
            banc.import_reprise(jeunes=o["import_jeunes"])
        if o["rappels"]:
            banc.rappels_veille(rendez_vous=o["rappels"])
        saturation = None
        if o["saturation"] and connection.vendor == "postgresql":
            saturation = _saturation(o, ecrire)
        elif o["saturation"]:
            ecrire("Saturation non mesurée : elle demande PostgreSQL (gunicorn et le banc partagent la base).")
        ecrire(f"Mesures terminées en {time.perf_counter() - debut:.0f} s.\n")
        ecrire(tableau_texte(banc.mesures, facteur_plancher(Jeune.objects.count())))
        if saturation is not None:
            ecrire("\n" + saturation.texte())

        if o["sortie"]:
            volumes = [
                ("jeunes", Jeune.objects.count()),
                ("événements", Evenement.objects.count()),
                ("sessions collectives", SessionCollective.objects.count()),
                ("participations", Participation.objects.count()),
                ("situations", Situation.objects.count()),
                ("inscriptions à des dispositifs", Inscription.objects.count()),
                ("versements d'allocations", Versement.objects.count()),
                ("demandes d'aide FAJ", DemandeAide.objects.count()),
            ]
            page = page_markdown(
                mesures=banc.mesures,
                machine=machine(),
                volumes=volumes,
                generation=generation,
                explications=explications(banc.mesures),
                charge_locust=saturation.markdown() if saturation else None,
            )
            chemin = Path(o["sortie"])
            chemin.parent.mkdir(parents=True, exist_ok=True)
            ancienne = chemin.read_text(encoding="utf-8") if chemin.exists() else ""
            nationale = Jeune.objects.count() >= JEUNES_ECHELLE_NATIONALE
            chemin.write_text(page_complete(ancienne, page, nationale=nationale), encoding="utf-8")
            ecrire(self.style.SUCCESS(f"\nRésultats écrits dans {chemin}."))
