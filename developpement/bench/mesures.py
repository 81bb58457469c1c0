"""Mesures du banc : pages (temps serveur p50/p95, nombre de requêtes SQL), agrégation annuelle, PDF, import.

Chaque mesure résout ses dépendances à l'exécution (nom d'URL, fonction du module reporting, commande de reprise)
et se déclare « non mesurée » avec une note quand la fonctionnalité n'existe pas encore.
"""

import csv
import datetime as dt
import importlib
import math
import os
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accompagnement.models import Evenement, Jeune
from agenda.heures import a_paris, minuit
from agenda.models import RendezVous
from aides.models import DemandeAide
from comptes.enums import Role
from comptes.models import Utilisateur
from developpement.bench import sql_brut

RDV_DE_LA_SEMAINE = 40


@dataclass
class Mesure:
    nom: str
    p50_ms: float | None = None
    p95_ms: float | None = None
    requetes_sql: int | None = None
    sql_ms: float | None = None
    cpu_p50_ms: float | None = None  # temps CPU du processus Python seul (hors attente de la base et du processeur)
    echantillons: int = 0
    note: str = ""
    budget: str = ""
    plancher: bool = False  # la page plancher elle-même (accueil d'un conseiller connecté)

    @property
    def mesuree(self):
        return self.p50_ms is not None


def page_plancher(mesures):
    """La mesure de la page plancher de ce passage du banc, ou None."""
    return next((m for m in mesures if m.plancher and m.mesuree), None)


def rapport_au_plancher(mesure, mesures):
    """p95 de la page / p95 de la page plancher mesurée dans le même passage (None sans plancher)."""
    plancher = page_plancher(mesures)
    if plancher is None or not mesure.mesuree or mesure.budget != "p95" or not plancher.p95_ms:
        return None
    return mesure.p95_ms / plancher.p95_ms


def centile(valeurs, q):
    """Centile au rang le plus proche (p95 de 100 mesures = la 95e plus petite)."""
    valeurs = sorted(valeurs)
    if not valeurs:
        return None
    return valeurs[max(0, math.ceil(q / 100 * len(valeurs)) - 1)]


def _resoudre(nom_url, **kwargs):
    try:
        return reverse(nom_url, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _milliers(n):
    return f"{n:,}".replace(",", "\u202f")


def _utilisateur(username, role, antenne=None):
    user = Utilisateur.objects.filter(username=username).first()
    if user is None:
        user = Utilisateur.objects.create(username=username, role=role, antenne=antenne, first_name="Banc")
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Banc:
    def __init__(self, *, requetes=100, sortie=None):
        self.n = requetes
        self.sortie = sortie or (lambda message: None)
        self.mesures = []
        self.annee = timezone.localdate().year - 1  # dernière année complète

    def _client(self, user):
        """Client connecté ; pour les rôles soumis au second facteur, session vérifiée par un appareil TOTP."""
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        if user.role in getattr(settings, "WEKER_OTP_ROLES_OBLIGATOIRES", ()):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            appareil = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if appareil is None:
                appareil = TOTPDevice.objects.create(user=user, name="banc de mesure", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
            session.save()
        return client

    def mesurer_page(self, nom, client, url, *, htmx=False, plancher=False):
        """Temps serveur de `n` requêtes GET (après 3 requêtes d'échauffement) et nombre de requêtes SQL."""
        entetes = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        try:
            for _ in range(3):
                reponse = client.get(url, **entetes)
        except Exception as exc:  # noqa: BLE001 — une page en erreur est notée, le banc continue
            message = f"{type(exc).__name__}: {exc}"[:160]
            self.mesures.append(
                Mesure(nom, note=f"erreur serveur sur {url} ({message}) : page non mesurée", budget="p95")
            )
            self.sortie(f"  {nom:<48} erreur serveur : {message}")
            return
        if reponse.status_code != 200:
            self.mesures.append(
                Mesure(nom, note=f"réponse HTTP {reponse.status_code} pour {url} : page non mesurée", budget="p95")
            )
            return
        with CaptureQueriesContext(connection) as capture:
            client.get(url, **entetes)
        # À lire tout de suite : chaque nouvelle requête HTTP vide le journal des requêtes (signal request_started).
        requetes = list(capture.captured_queries)
        durees, cpu = [], []
        for _ in range(self.n):
            debut, debut_cpu = time.perf_counter(), time.process_time()
            client.get(url, **entetes)
            durees.append((time.perf_counter() - debut) * 1000)
            cpu.append((time.process_time() - debut_cpu) * 1000)
        mesure = Mesure(
            nom,
            p50_ms=centile(durees, 50),
            p95_ms=centile(durees, 95),
            cpu_p50_ms=centile(cpu, 50),
            requetes_sql=len(requetes),
            sql_ms=sum(float(q["time"]) for q in requetes) * 1000,
            echantillons=len(durees),
            budget="" if plancher else "p95",
            note=url,
            plancher=plancher,
        )
        self.mesures.append(mesure)
        self.sortie(f"  {nom:<48} p50 {mesure.p50_ms:7.1f} ms  p95 {mesure.p95_ms:7.1f} ms  {mesure.requetes_sql} SQL")

    def absente(self, nom, note, budget="p95"):
        self.mesures.append(Mesure(nom, note=note, budget=budget))
        self.sortie(f"  {nom:<48} non mesurée : {note}")

    # -- pages ------------------------------------------------------------------------------------------------
    def pages(self):
        conseiller = Utilisateur.objects.filter(username="conseiller").first() or (
            Utilisateur.objects.filter(role=Role.CONSEILLER, jeunes_suivis__isnull=False).first()
        )
        direction = _utilisateur("banc.direction", Role.DIRECTION)
        secretariat = _utilisateur("banc.secretariat", Role.SECRETARIAT_FAJ)

        # Le plancher : la page d'accueil d'un conseiller connecté (session, utilisateur, second facteur, navigation,
        # gabarit de base), le coût que paie toute page. Chaque page se lit en multiple de ce plancher, mesuré dans
        # le même passage sur la même machine (les temps absolus ne se comparent pas d'une machine à l'autre).
        url = _resoudre("accueil")
        if url and conseiller:
            self.mesurer_page(
                "Plancher : accueil d'un conseiller connecté", self._client(conseiller), url, plancher=True
            )
        else:
            self.absente("Plancher : accueil d'un conseiller connecté", "vue accueil ou conseiller absents", budget="")

        # Dossier à l'historique le plus long parmi ceux de l'antenne du conseiller (son périmètre : un dossier
        # d'une autre antenne demanderait d'abord un motif).
        evenements = (
            Evenement.objects.filter(jeune__antenne_id=conseiller.antenne_id) if conseiller else Evenement.objects
        )
        plus_long = evenements.values("jeune_id").annotate(n=Count("id")).order_by("-n", "jeune_id").first()
        url = _resoudre("accompagnement:jeune_detail", pk=plus_long["jeune_id"]) if plus_long else None
        nom = f"Dossier jeune ({plus_long['n'] if plus_long else 0} événements)"
        if url:
            self.mesurer_page(nom, self._client(conseiller), url)
        else:
            self.absente(nom, "vue accompagnement:jeune_detail absente")

        nb = Jeune.objects.filter(referent=conseiller).count() if conseiller else 0
        url = _resoudre("accompagnement:portefeuille")
        nom = f"Portefeuille d'un conseiller ({nb} jeunes)"
        if url and conseiller:
            self.mesurer_page(nom, self._client(conseiller), url)
        else:
            self.absente(nom, "vue accompagnement:portefeuille absente")

        url = _resoudre("accompagnement:jeune_liste")
        nom = "Liste des jeunes (recherche « le go » + filtres)"
        if url and conseiller:
            antenne = conseiller.antenne_id or ""
            self.mesurer_page(nom, self._client(conseiller), f"{url}?q=le+go&antenne={antenne}&niveau=4")
        else:
            self.absente(nom, "vue accompagnement:jeune_liste absente")

        url = _resoudre("accompagnement:recherche")
        nom = "Recherche de l'en-tête (« le go », suggestions)"
        if url and conseiller:
            self.mesurer_page(nom, self._client(conseiller), f"{url}?q=le+go", htmx=True)
        else:
            self.absente(nom, "vue accompagnement:recherche absente")

        seance = self._seance_de_40()
        nom = "Séance FAJ (40 demandes)"
        if seance is False:
            self.absente(nom, "moins de 40 demandes FAJ sans décision dans ce jeu de données (augmenter --jeunes)")
        elif seance is None:
            self.absente(nom, "modèle aides.Seance ou vue aides:seance_detail absent")
        else:
            url = _resoudre("aides:seance_detail", pk=seance.pk)
            if url:
                self.mesurer_page(nom, self._client(secretariat), url)
            else:
                self.absente(nom, "vue aides:seance_detail absente")

        url = _resoudre("reporting:tableau_de_bord")
        nom = "Tableau de bord (direction)"
        if url:
            self.mesurer_page(nom, self._client(direction), url)
        else:
            self.absente(nom, "vue reporting:tableau_de_bord absente")

        url = _resoudre("agenda:semaine")
        nom = f"Agenda d'un conseiller (semaine de {RDV_DE_LA_SEMAINE} rendez-vous)"
        if url and conseiller:
            self._semaine_de_40(conseiller)
            self.mesurer_page(nom, self._client(conseiller), url)
        else:
            self.absente(nom, "vue agenda:semaine absente ou aucun conseiller")

    # -- relations entreprises ------------------------------------------------------------------------------
    def pages_entreprises(self, *, entreprises=20_000):
        """Registre de `entreprises` établissements (créés une fois, réutilisés) avec une offre chacun ; une
        entreprise « grande » : 200 offres, 20 contacts, 100 mises en relation de jeunes de l'antenne du
        conseiller. Mesure sa fiche, la recherche du registre et la liste des offres filtrée."""
        from entreprises.models import Offre

        conseiller = Utilisateur.objects.filter(username="conseiller").first() or (
            Utilisateur.objects.filter(role=Role.CONSEILLER, jeunes_suivis__isnull=False).first()
        )
        if conseiller is None:
            self.absente("Fiche entreprise", "aucun conseiller dans ce jeu de données")
            return
        grande = self._registre(entreprises, conseiller)
        nom = f"Fiche entreprise ({grande.offres.count()} offres, {_milliers(entreprises)} entreprises)"
        self.mesurer_page(nom, self._client(conseiller), _resoudre("entreprises:entreprise_detail", pk=grande.pk))
        client = self._client(conseiller)
        url = _resoudre("entreprises:entreprise_liste")
        self.mesurer_page("Registre des entreprises (recherche « boul »)", client, f"{url}?q=boul")
        url = _resoudre("entreprises:offre_liste")
        self.mesurer_page(
            f"Liste des offres ({_milliers(Offre.objects.count())}, filtre statut)",
            client,
            f"{url}?statut=ouverte&type_contrat=cdi",
        )

    def _registre(self, nombre, conseiller):
        from antennes.models import Commune
        from entreprises.models import ContactEntreprise, Entreprise, MiseEnRelation, Offre
        from entreprises.regles import cle_recherche_entreprise, siret_valide

        grande = Entreprise.objects.filter(raison_sociale="Banc Grande Entreprise").first()
        if grande is not None and Entreprise.objects.count() >= nombre:
            return grande
        communes = list(Commune.objects.exclude(antenne=None).values_list("pk", flat=True)[:150]) or list(
            Commune.objects.values_list("pk", flat=True)[:150]
        )
        mots = ("Boulangerie", "Garage", "Crêperie", "Transports", "Menuiserie", "Supermarché", "Hôtel", "Atelier")
        types = ("cdi", "cdd_moins_6_mois", "interim", "alternance")
        existants = set(Entreprise.objects.values_list("siret", flat=True))
        lots, n, base = [], Entreprise.objects.count(), 10**12
        while n < nombre:
            base += 1
            prefixe = f"{base:013d}"
            siret = next(prefixe + str(c) for c in range(10) if siret_valide(prefixe + str(c)))
            if siret in existants:
                continue
            raison = f"{mots[n % len(mots)]} Banc {n}"
            lots.append(
                Entreprise(
                    siret=siret,
                    raison_sociale=raison,
                    naf="56.10A",
                    section_naf="I",
                    commune_id=communes[n % len(communes)],
                    nom_recherche=cle_recherche_entreprise(raison, ""),
                )
            )
            n += 1
        with transaction.atomic():
            creees = Entreprise.objects.bulk_create(lots, batch_size=2000)
            aujourd_hui = timezone.localdate()
            Offre.objects.bulk_create(
                [
                    Offre(
                        reference=f"BANC-{e.siret}", entreprise=e, intitule="Poste", type_contrat=types[i % 4],
                        date_reception=aujourd_hui - dt.timedelta(days=i % 700),
                        statut="ouverte" if i % 3 else "pourvue",
                    )
                    for i, e in enumerate(creees)
                ],
                batch_size=2000,
            )  # fmt: skip
            if grande is None:
                prefixe = f"{base + 1:013d}"
                grande = Entreprise.objects.create(
                    siret=next(prefixe + str(c) for c in range(10) if siret_valide(prefixe + str(c))),
                    raison_sociale="Banc Grande Entreprise",
                    commune_id=communes[0],
                    nom_recherche="banc grande entreprise",
                )
                Offre.objects.bulk_create(
                    Offre(reference=f"BANC-G-{i}", entreprise=grande, intitule="Poste", type_contrat="cdi",
                          date_reception=aujourd_hui - dt.timedelta(days=i))
                    for i in range(200)
                )  # fmt: skip
                ContactEntreprise.objects.bulk_create(
                    ContactEntreprise(entreprise=grande, nom=f"Contact {i}") for i in range(20)
                )
                jeunes = Jeune.objects.actifs().filter(antenne_id=conseiller.antenne_id)
                MiseEnRelation.objects.bulk_create(
                    MiseEnRelation(jeune_id=pk, entreprise=grande, date=aujourd_hui - dt.timedelta(days=i))
                    for i, pk in enumerate(jeunes.values_list("pk", flat=True)[:100])
                )
        return grande

    def _semaine_de_40(self, conseiller):
        """La semaine en cours du conseiller portée à RDV_DE_LA_SEMAINE rendez-vous (ceux du jeu de données, puis
        des rendez-vous du banc avec ses jeunes, sur les quarts d'heure libres de 8 h à 19 h ; réutilisés)."""
        lundi = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
        debut, fin = minuit(lundi), minuit(lundi + dt.timedelta(days=7))
        semaine = RendezVous.objects.filter(conseiller=conseiller, debut__gte=debut, debut__lt=fin)
        manque = RDV_DE_LA_SEMAINE - semaine.count()
        jeunes = list(
            Jeune.objects.actifs().filter(referent=conseiller).values_list("pk", flat=True)[:RDV_DE_LA_SEMAINE]
        )
        if manque <= 0 or not jeunes:
            return
        pris = {r.debut for r in semaine}
        libres = (
            a_paris(lundi + dt.timedelta(days=jour), dt.time(heure, minute))
            for jour in range(5)
            for heure in range(8, 19)
            for minute in (0, 15, 30, 45)
        )
        nouveaux = []
        for moment in libres:
            if len(nouveaux) == manque:
                break
            if all(abs((moment - p).total_seconds()) >= 45 * 60 for p in pris):
                pris.add(moment)
                nouveaux.append(
                    RendezVous(
                        jeune_id=jeunes[len(nouveaux) % len(jeunes)],
                        conseiller=conseiller,
                        debut=moment,
                        duree_minutes=45,
                        mode="telephone",
                        motif="Banc de mesure",
                    )
                )
        RendezVous.objects.bulk_create(nouveaux)

    def _seance_de_40(self):
        """Une séance de commission préparée avec 40 demandes à l'ordre du jour (créée une fois, réutilisée)."""
        try:
            Seance = apps.get_model("aides", "Seance")
            Point = apps.get_model("aides", "PointOrdreDuJour")
        except LookupError:
            return None
        lieu = "Banc de mesure"
        seance = Seance.objects.filter(lieu=lieu).first()
        if seance is not None and Point.objects.filter(seance=seance).count() == 40:
            return seance
        demandes = list(
            DemandeAide.objects.filter(fonds="faj_rm", decision="", urgence=False)
            .exclude(points__isnull=False)
            .order_by("-date_demande", "id")[:40]
        )
        if len(demandes) < 40:
            return False  # jeu trop petit : moins de 40 demandes FAJ Rennes Métropole sans décision
        with transaction.atomic():
            seance = Seance.objects.create(
                fonds="faj_rm", date=timezone.localdate(), lieu=lieu, presidence="Présidence (banc de mesure)"
            )
            Point.objects.bulk_create(
                Point(seance=seance, demande=d, ordre=i, conseiller_presentant_id=d.conseiller_id)
                for i, d in enumerate(demandes, start=1)
            )
            DemandeAide.objects.filter(pk__in=[d.pk for d in demandes]).update(statut="inscrite")
        return seance

    # -- agrégation annuelle, PDF, import ---------------------------------------------------------------------
    def _chronometrer(self, fonction, repetitions):
        durees, self._cpu = [], []
        for _ in range(repetitions):
            debut, debut_cpu = time.perf_counter(), time.process_time()
            fonction()
            durees.append((time.perf_counter() - debut) * 1000)
            self._cpu.append((time.process_time() - debut_cpu) * 1000)
        return durees

    def agregation(self, repetitions=3):
        annee = self.annee
        durees = self._chronometrer(lambda: sql_brut.agreger(annee), repetitions)
        plancher = Mesure(
            f"Plancher SQL brut (indicateurs {annee} et {annee - 1})",
            p50_ms=statistics.median(durees),
            p95_ms=max(durees),
            cpu_p50_ms=statistics.median(self._cpu),
            echantillons=repetitions,
            note="6 requêtes GROUP BY par année, écrites à la main",
        )
        self.mesures.append(plancher)
        self.sortie(f"  {plancher.nom:<48} médiane {plancher.p50_ms:9.1f} ms")
        nom = f"Indicateurs annuels {annee} (calcul de l'application)"
        fonction = None
        for module, attribut in (
            ("reporting.indicateurs", "calculer_indicateurs"),
            ("reporting.indicateurs", "calculer"),
            ("reporting.services", "indicateurs_calculer"),
        ):
            try:
                fonction = getattr(importlib.import_module(module), attribut)
                break
            except (ImportError, AttributeError):
                continue
        if fonction is None:
            self.absente(nom, "aucune fonction de calcul des indicateurs dans reporting", budget="2× plancher")
            return
        durees = self._chronometrer(lambda: fonction(annee), repetitions)
        mesure = Mesure(
            nom,
            p50_ms=statistics.median(durees),
            p95_ms=max(durees),
            cpu_p50_ms=statistics.median(self._cpu),
            echantillons=repetitions,
            budget="2× plancher",
            note=f"{fonction.__module__}.{fonction.__name__} ; {statistics.median(durees) / plancher.p50_ms:.1f}× "
            "le plancher",
        )
        with CaptureQueriesContext(connection) as capture:
            fonction(annee)
        mesure.requetes_sql = len(capture.captured_queries)
        mesure.sql_ms = sum(float(q["time"]) for q in capture.captured_queries) * 1000
        self.mesures.append(mesure)
        self.sortie(f"  {nom:<48} médiane {mesure.p50_ms:9.1f} ms ({mesure.note})")

    def pdf(self, repetitions=1):
        nom = f"Rapport d'activité PDF {self.annee}"
        try:
            produire = importlib.import_module("reporting.rapport").produire_rapport_pdf
        except (ImportError, AttributeError):
            self.absente(nom, "reporting.rapport.produire_rapport_pdf absent", budget="< 10 s")
            return
        durees = self._chronometrer(lambda: produire(self.annee), repetitions)
        mesure = Mesure(
            nom,
            p50_ms=statistics.median(durees),
            p95_ms=max(durees),
            cpu_p50_ms=statistics.median(self._cpu),
            echantillons=repetitions,
            budget="< 10 s",
            note="calcul N et N-1 + graphiques + WeasyPrint",
        )
        self.mesures.append(mesure)
        self.sortie(f"  {nom:<48} médiane {mesure.p50_ms / 1000:9.2f} s")

    def import_reprise(self, jeunes=5000, evenements_par_jeune=10):
        nom = f"Import de reprise ({jeunes} jeunes, {jeunes * evenements_par_jeune} événements)"
        if "importer_reprise" not in get_commands():
            self.absente(nom, "commande importer_reprise absente", budget="")
            return
        prefixe = f"BANC{int(time.time())}-"
        # L'import s'exécute dans une transaction annulée à la fin : le jeu de données mesuré n'est pas modifié
        # (et l'on ne paie pas la suppression, avec son historique, de ce qui a été importé).
        with tempfile.TemporaryDirectory() as dossier, transaction.atomic():
            ecrire_fichiers_reprise(Path(dossier), prefixe, jeunes, evenements_par_jeune)
            debut = time.perf_counter()
            try:
                call_command("importer_reprise", dossier, stdout=StringIO(), stderr=StringIO())
            except BaseException as exc:  # noqa: BLE001 — SystemExit compris : on veut la note, pas l'arrêt du banc
                transaction.set_rollback(True)
                self.absente(nom, f"échec de l'import : {exc!r}", budget="")
                return
            duree = time.perf_counter() - debut
            importes = Jeune.objects.filter(identifiant_externe__startswith=prefixe).count()
            transaction.set_rollback(True)
        lignes = jeunes * (1 + evenements_par_jeune)
        mesure = Mesure(
            nom,
            p50_ms=duree * 1000,
            p95_ms=duree * 1000,
            echantillons=1,
            note=f"{lignes / duree:,.0f} lignes/s ; {importes} jeunes importés (transaction annulée ensuite)".replace(
                ",", " "
            ),
        )
        self.mesures.append(mesure)
        self.sortie(f"  {nom:<48} {duree:9.1f} s ({mesure.note})")

    def rappels_veille(self, rendez_vous=5000):
        """Le job des rappels de la veille (`agenda.messages.programmer_rappels`, appelé directement) pour
        `rendez_vous` rendez-vous planifiés demain, de jeunes qui acceptent SMS et courriel : créés dans une
        transaction annulée à la fin (le jeu de données mesuré n'est pas modifié, aucun envoi n'est publié)."""
        nom = f"Rappels de la veille ({rendez_vous} rendez-vous)"
        try:
            programmer_rappels = importlib.import_module("agenda.messages").programmer_rappels
            Consentement = apps.get_model("messagerie", "Consentement")
            Message = apps.get_model("messagerie", "Message")
        except (ImportError, AttributeError, LookupError):
            self.absente(nom, "agenda.messages.programmer_rappels absent", budget="")
            return
        jeunes = list(
            Jeune.objects.actifs()
            .filter(referent__isnull=False)
            .exclude(telephone="")
            .values_list("pk", "referent_id")[:rendez_vous]
        )
        if not jeunes:
            self.absente(nom, "aucun jeune actif avec un référent et un téléphone", budget="")
            return
        demain = timezone.localdate() + dt.timedelta(days=1)
        with transaction.atomic():
            maintenant = timezone.now()
            Consentement.objects.filter(jeune_id__in=[j for j, _ in jeunes]).delete()
            Consentement.objects.bulk_create(
                Consentement(jeune_id=jeune, canal=canal, accepte=True, le=maintenant)
                for jeune, _ in jeunes
                for canal in ("sms", "courriel")
            )
            RendezVous.objects.bulk_create(
                (
                    RendezVous(
                        jeune_id=jeunes[i % len(jeunes)][0],
                        conseiller_id=jeunes[i % len(jeunes)][1],
                        debut=a_paris(demain, dt.time(8 + (i // 60) % 11, i % 60)),
                        duree_minutes=30,
                        mode="telephone",
                        motif="Banc de mesure",
                    )
                    for i in range(rendez_vous)
                ),
                batch_size=1000,
            )
            avant = Message.objects.count()
            debut, debut_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as capture:
                programmes = programmer_rappels(demain)
            duree, cpu = time.perf_counter() - debut, time.process_time() - debut_cpu
            crees = Message.objects.count() - avant
            transaction.set_rollback(True)
        mesure = Mesure(
            nom,
            p50_ms=duree * 1000,
            p95_ms=duree * 1000,
            cpu_p50_ms=cpu * 1000,
            requetes_sql=len(capture.captured_queries),
            echantillons=1,
            note=f"{rendez_vous / duree:,.0f} rendez-vous/s ; ".replace(",", " ")
            + f"{programmes} messages programmés ({crees} lignes, SMS et courriel ; transaction annulée ensuite)",
        )
        self.mesures.append(mesure)
        self.sortie(f"  {nom:<48} {duree:9.1f} s ({mesure.note})")


def ecrire_fichiers_reprise(dossier, prefixe, jeunes, evenements_par_jeune):
    """Fichiers au format d'échange (../shared/specs/echange.md) : jeunes.csv et evenements.csv."""
    aujourdhui = timezone.localdate()
    with open(dossier / "jeunes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(
            [
                "identifiant",
                "nom",
                "prenom",
                "sexe",
                "date_naissance",
                "commune_insee",
                "secteur",
                "date_premier_accueil",
            ]
        )
        for i in range(jeunes):
            accueil = aujourdhui - dt.timedelta(days=30 + i % 900)
            naissance = accueil - dt.timedelta(days=365 * (16 + i % 9) + i % 300)
            commune = ("35238", "35051", "35047", "35024")[i % 4]
            secteur = "RENNES_CENTRE" if commune == "35238" else ""
            w.writerow(
                [f"{prefixe}{i}", f"Banc{i % 97}", f"Jeune{i}", "fm"[i % 2], naissance.isoformat(), commune, secteur]
                + [accueil.isoformat()]
            )
    with open(dossier / "evenements.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["identifiant_jeune", "date", "type", "modalite"])
        for i in range(jeunes):
            accueil = aujourdhui - dt.timedelta(days=30 + i % 900)
            for k in range(evenements_par_jeune):
                date = min(aujourdhui, accueil + dt.timedelta(days=k * 3))
                w.writerow([f"{prefixe}{i}", date.isoformat(), "contact" if k % 3 == 2 else "entretien_individuel", ""])


def machine():
    memoire = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            memoire = f"{kib / 1024 / 1024:.0f} Gio"
    except (OSError, ValueError, IndexError):
        pass
    version_bd = connection.vendor
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version_bd = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            version_bd = f"SQLite {cursor.fetchone()[0]}"
    processeur = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for ligne in f:
                if ligne.startswith("model name"):
                    processeur = ligne.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "coeurs": os.cpu_count(),
        "processeur": processeur,
        "memoire": memoire,
        "base": version_bd,
        "python": platform.python_version(),
        "systeme": f"{platform.system()} {platform.release()}",
        "charge": " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "",
    }
