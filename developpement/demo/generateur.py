"""Génération déterministe d'un jeu de données réaliste, par lots et en écritures de masse.

Modèle de temps : les jeunes arrivent au fil de l'eau (date de premier accueil uniforme sur la fenêtre de
`annees` années civiles, jusqu'à aujourd'hui) ; leur accompagnement dure un temps tiré selon une loi exponentielle
de moyenne DUREE_MOYENNE_JOURS. Avec une telle loi, parmi les jeunes accompagnés une année, la part des
primo-accueillis vaut 1 / (1 + durée moyenne en années) : 14 mois de durée moyenne donnent ~46 %.
Des jeunes arrivés avant la fenêtre et encore suivis au début de celle-ci complètent le stock (leur ancienneté
suit la même loi, sans mémoire).

Tout est tiré d'un seul `random.Random(graine)` consommé dans un ordre fixe : même graine, même jour et même
référentiel → mêmes données. La mémoire reste bornée : on génère et on écrit `taille_lot` jeunes à la fois.
"""

import datetime as dt
import json
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from accompagnement.enums import (
    CategorieSituation,
    Financeur,
    Hebergement,
    Modalite,
    Nationalite,
    Niveau,
    Permis,
    Presence,
    Service,
    Sexe,
    SituationFamiliale,
    Transport,
    TypeEvenement,
    TypeSituation,
)
from accompagnement.models import (
    AffectationReferent,
    Evenement,
    EvenementService,
    Jeune,
    Participation,
    SessionCollective,
    Situation,
)
from accompagnement.regles import (
    AGE_MAJORITE,
    AGE_MAX,
    AGE_MAX_DEROGATION,
    AGE_MIN,
    age_au,
    anniversaire,
    cle_recherche,
    exige_derogation,
)
from agenda.enums import ModeRendezVous, StatutRendezVous
from agenda.heures import a_paris
from agenda.models import RendezVous
from aides.enums import DECISIONS_FAVORABLES, StatutDemande, TypeAide, TypeDecision, TypeEnveloppe
from aides.models import DemandeAide, Enveloppe
from aides.services import enveloppes_ouvrir_annee
from antennes.models import LieuAccueil
from comptes.models import Utilisateur
from developpement.demo import noms
from developpement.demo.ecriture import Ecrivain
from developpement.demo.entreprises import DemoEntreprises
from developpement.demo.referentiel import QUARTIERS_PRIORITAIRES, Tirage, assurer_conseillers, charger_referentiel
from dispositifs.enums import FondsAllocation, MotifSortie
from dispositifs.models import Inscription, Versement
from weker.texte import normaliser

DUREE_MOYENNE_JOURS = 430
ANCIENNETE_MAX_JOURS = 4 * 365
DEBUT_CEJ = dt.date(2022, 3, 1)

# Âge au premier accueil, de AGE_MIN à AGE_MAX (accompagnement.regles) ; quelques dérogations au-delà.
AGES = Tirage(dict(zip(range(AGE_MIN, AGE_MAX + 1), (5, 8, 13, 14, 13, 12, 10, 9, 8, 7), strict=True)))
NIVEAUX = Tirage(
    {
        Niveau.INFRA3: 22,
        Niveau.N3: 26,
        Niveau.N4: 32,
        Niveau.N5: 11,
        Niveau.N6: 6,
        Niveau.N7: 2.5,
        Niveau.N8: 0.5,
    }
)
DERNIERE_CLASSE = {
    Niveau.INFRA3: ("3e", "4e", "2nde professionnelle", "1re année de CAP"),
    Niveau.N3: ("Terminale professionnelle", "2e année de CAP", "1re professionnelle"),
    Niveau.N4: ("Terminale", "Terminale professionnelle", "1re année de BTS", "L1"),
    Niveau.N5: ("2e année de BTS", "L2", "2e année de BUT"),
    Niveau.N6: ("L3", "M1"),
    Niveau.N7: ("M2",),
    Niveau.N8: ("Doctorat",),
}
DIPLOMES = {
    Niveau.INFRA3: ("", "", "Brevet des collèges"),
    Niveau.N3: ("CAP", "BEP", "CAP cuisine", "CAP petite enfance"),
    Niveau.N4: ("Baccalauréat général", "Baccalauréat professionnel", "Baccalauréat technologique"),
    Niveau.N5: ("BTS", "DUT", "BUT"),
    Niveau.N6: ("Licence", "Licence professionnelle", "Maîtrise"),
    Niveau.N7: ("Master",),
    Niveau.N8: ("Doctorat",),
}
HEBERGEMENTS = Tirage({Hebergement.FAMILLE: 60, Hebergement.AUTONOME: 22, Hebergement.PRECAIRE: 18})
TRANSPORTS = Tirage({Transport.COMMUN: 64, Transport.MOTORISE: 20, Transport.AUTRE: 12, Transport.AUCUN: 4})
PERMIS = Tirage({Permis.NON: 52, Permis.OUI: 30, Permis.EN_COURS: 18})
SITUATIONS_FAMILIALES = Tirage(
    {SituationFamiliale.CELIBATAIRE: 86, SituationFamiliale.EN_COUPLE: 9, SituationFamiliale.PARENT_ISOLE: 5}
)
NATIONALITES = Tirage({Nationalite.FRANCAISE: 88, Nationalite.UE: 4, Nationalite.HORS_UE: 8})
MODALITES_ENTRETIEN = Tirage({Modalite.PRESENTIEL: 65, Modalite.TELEPHONE: 25, Modalite.VISIO: 10})
MODALITES_CONTACT = Tirage({Modalite.TELEPHONE: 55, Modalite.SMS: 30, Modalite.COURRIEL: 15})
SERVICES = Tirage(
    {
        Service.SANTE_INFORMATION: 14,
        Service.SANTE_ORIENTATION: 8,
        Service.SANTE_AIDE_FINANCIERE: 3,
        Service.LOGEMENT_INFORMATION: 16,
        Service.LOGEMENT_INTERMEDIATION: 6,
        Service.LOGEMENT_ORIENTATION: 8,
        Service.LOGEMENT_AIDE_FINANCIERE: 4,
        Service.MOBILITE_INFORMATION: 12,
        Service.MOBILITE_AIDE: 8,
    }
)
CATEGORIES_SITUATION = Tirage(
    {CategorieSituation.EMPLOI: 52, CategorieSituation.FORMATION: 26, CategorieSituation.IMMERSION: 22}
)
TYPES_EMPLOI = Tirage(
    {
        TypeSituation.CDI: 10,
        TypeSituation.CDD_6_MOIS_PLUS: 12,
        TypeSituation.CDD_MOINS_6_MOIS: 30,
        TypeSituation.INTERIM: 26,
        TypeSituation.APPRENTISSAGE: 12,
        TypeSituation.PROFESSIONNALISATION: 4,
        TypeSituation.CONTRAT_AIDE: 4,
        TypeSituation.CREATION_ACTIVITE: 2,
    }
)
TYPES_FORMATION = Tirage({TypeSituation.MOBILISATION: 55, TypeSituation.QUALIFIANTE: 45})
TYPES_IMMERSION = Tirage({TypeSituation.PMSMP: 80, TypeSituation.SERVICE_CIVIQUE: 20})
DUREES_SITUATION = {  # (min, max) en jours, None = pas de fin connue
    TypeSituation.CDI: None,
    TypeSituation.CDD_6_MOIS_PLUS: (180, 365),
    TypeSituation.CDD_MOINS_6_MOIS: (14, 170),
    TypeSituation.INTERIM: (5, 90),
    TypeSituation.APPRENTISSAGE: (365, 730),
    TypeSituation.PROFESSIONNALISATION: (180, 540),
    TypeSituation.CONTRAT_AIDE: (180, 365),
    TypeSituation.CREATION_ACTIVITE: None,
    TypeSituation.MOBILISATION: (20, 120),
    TypeSituation.QUALIFIANTE: (90, 300),
    TypeSituation.PMSMP: (5, 20),
    TypeSituation.SERVICE_CIVIQUE: (180, 240),
}
TYPES_AIDE = Tirage(
    {
        TypeAide.SUBSISTANCE: 40,
        TypeAide.MOBILITE: 20,
        TypeAide.RECHERCHE_EMPLOI: 7,
        TypeAide.ATTENTE_REMUNERATION: 10,
        TypeAide.FORMATION: 8,
        TypeAide.LOGEMENT: 11,
        TypeAide.SANTE: 4,
    }
)
DECISIONS = Tirage(
    {
        TypeDecision.ACCORDEE: 72,
        TypeDecision.ACCORDEE_PARTIELLEMENT: 10,
        TypeDecision.REFUSEE: 13,
        TypeDecision.AJOURNEE: 5,
    }
)
MOTIFS_SORTIE = Tirage(
    {
        MotifSortie.EMPLOI: 35,
        MotifSortie.FORMATION: 18,
        MotifSortie.ABANDON: 20,
        MotifSortie.DEMENAGEMENT: 6,
        MotifSortie.LIMITE_AGE: 4,
        MotifSortie.FIN_DE_DROITS: 12,
        MotifSortie.AUTRE: 5,
    }
)
# Dispositifs secondaires : code → probabilité pour un jeune (les principaux, CEJ/PACEA/PPAE, sont tirés à part).
DISPOSITIFS_SECONDAIRES = {
    "cep": 0.05,
    "parrainage": 0.03,
    "dernier_ecrou": 0.005,
    "caq": 0.02,
    "cars35": 0.01,
    "arve": 0.02,
    "sortir_de_la_rue": 0.008,
    "illettrisme": 0.01,
    "creation_activite": 0.01,
    "conduite_supervisee": 0.01,
    "plie": 0.02,
    "reussite_alternance": 0.015,
    "cent_chances": 0.01,
    "mixite": 0.008,
}
# Agenda : rendez-vous par référent et par semaine, semaines autour d'aujourd'hui, heures de début possibles.
RDV_PAR_SEMAINE = 6
SEMAINES_RDV = range(-2, 3)
HEURES_RDV = (9, 10, 11, 14, 15, 16)
MODES_RDV = Tirage({ModeRendezVous.PRESENTIEL: 65, ModeRendezVous.TELEPHONE: 25, ModeRendezVous.VISIO: 10})
STATUTS_RDV = Tirage(
    {
        StatutRendezVous.HONORE: 72,
        StatutRendezVous.ABSENT_NON_EXCUSE: 12,
        StatutRendezVous.ABSENT_EXCUSE: 8,
        StatutRendezVous.ANNULE_JEUNE: 5,
        StatutRendezVous.ANNULE_MISSION_LOCALE: 3,
    }
)
MOTIF_DEROGATION = (
    "Jeune orienté par le service social, situation de décrochage : dérogation accordée par la direction."
)


@dataclass
class Bilan:
    jeunes: int = 0
    evenements: int = 0
    services: int = 0
    sessions: int = 0
    participations: int = 0
    situations: int = 0
    inscriptions: int = 0
    versements: int = 0
    demandes_aide: int = 0
    affectations: int = 0
    conseillers: int = 0
    rendez_vous: int = 0
    relations_entreprises: dict = None
    duree_secondes: float = 0.0

    def lignes(self):
        return [
            ("jeunes", self.jeunes),
            ("événements", self.evenements),
            ("services rendus", self.services),
            ("sessions collectives", self.sessions),
            ("participations", self.participations),
            ("situations", self.situations),
            ("inscriptions à des dispositifs", self.inscriptions),
            ("versements d'allocations", self.versements),
            ("demandes d'aide FAJ", self.demandes_aide),
            ("affectations de référents", self.affectations),
            ("conseillers de démonstration", self.conseillers),
            ("rendez-vous de l'agenda", self.rendez_vous),
            *(self.relations_entreprises or {}).items(),
        ]


def _jours(d1, d2):
    return (d2 - d1).days


def _date_entre(rng, debut, fin):
    if fin <= debut:
        return debut
    return debut + dt.timedelta(days=rng.randint(0, (fin - debut).days))


def _moment(d, rng, decalage_heures=0):
    """Horodatage en texte UTC (accepté tel quel par SQLite comme par le COPY de PostgreSQL)."""
    return f"{d.isoformat()} {rng.randint(7, 13) + decalage_heures:02d}:{rng.choice((0, 15, 30, 45)):02d}:00"


def _mois_suivant(d):
    return dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


class Generateur:
    def __init__(self, *, jeunes, annees=3, graine=42, aujourdhui=None, taille_lot=2000, sortie=None):
        self.nb_jeunes = jeunes
        self.annees = annees
        self.graine = graine
        self.aujourdhui = aujourdhui or timezone.localdate()
        self.taille_lot = taille_lot
        self.sortie = sortie or (lambda message: None)
        self.rng = random.Random(graine)
        self.debut_fenetre = dt.date(self.aujourdhui.year - annees + 1, 1, 1)
        self.jours_fenetre = _jours(self.debut_fenetre, self.aujourdhui) + 1
        annees_fenetre = self.jours_fenetre / 365.25
        duree_annees = DUREE_MOYENNE_JOURS / 365.25
        # Part des jeunes déjà suivis au début de la fenêtre (voir la docstring du module).
        self.part_anterieurs = duree_annees / (annees_fenetre + duree_annees)
        self.bilan = Bilan()
        # Historique des décisions FAJ (modèle de l'application aides, s'il existe) : une ligne par décision.
        try:
            self.modele_decision = apps.get_model("aides", "Decision")
        except LookupError:
            self.modele_decision = None
        self.ecrivain = Ecrivain()
        self.suffixe_utc = "+00" if self.ecrivain.postgres else ""
        self.entreprises = DemoEntreprises(
            ecrivain=self.ecrivain,
            graine=graine,
            nb_jeunes=jeunes,
            debut_fenetre=self.debut_fenetre,
            aujourdhui=self.aujourdhui,
            suffixe_utc=self.suffixe_utc,
        )

    # -- agenda : quelques rendez-vous par conseiller et par semaine autour d'aujourd'hui ----------------------
    def _creer_rendez_vous(self):
        """Rendez-vous des deux semaines passées, de celle-ci et des deux suivantes : RDV_PAR_SEMAINE par
        référent et par semaine, en semaine sur des heures pleines (jamais deux à la fois), avec ses jeunes suivis.
        Passés : honorés, absents ou annulés ; à venir : planifiés."""
        rng = random.Random(self.graine * 17 + 3)
        lundi = self.aujourdhui - dt.timedelta(days=self.aujourdhui.weekday())
        maintenant = timezone.now()
        jeunes_par_referent = defaultdict(list)
        suivis = Jeune.objects.actifs().filter(referent__isnull=False)
        for jeune_id, referent_id in suivis.order_by("pk").values_list("pk", "referent_id"):
            jeunes_par_referent[referent_id].append(jeune_id)
        antennes = dict(Utilisateur.objects.filter(pk__in=list(jeunes_par_referent)).values_list("pk", "antenne_id"))
        lieux = defaultdict(list)
        for lieu_id, antenne_id in (
            LieuAccueil.objects.filter(actif=True).order_by("pk").values_list("pk", "antenne_id")
        ):
            lieux[antenne_id].append(lieu_id)
        creneaux = [(jour, heure) for jour in range(5) for heure in HEURES_RDV]
        lignes = []
        for referent_id, jeunes in sorted(jeunes_par_referent.items()):
            for semaine in SEMAINES_RDV:
                for jour, heure in sorted(rng.sample(creneaux, RDV_PAR_SEMAINE)):
                    debut = a_paris(lundi + dt.timedelta(days=7 * semaine + jour), dt.time(heure))
                    mode = MODES_RDV(rng)
                    lieu = lieux.get(antennes.get(referent_id)) if mode == ModeRendezVous.PRESENTIEL else None
                    if mode == ModeRendezVous.PRESENTIEL and not lieu:
                        mode = ModeRendezVous.TELEPHONE
                    lignes.append(
                        RendezVous(
                            jeune_id=rng.choice(jeunes),
                            conseiller_id=referent_id,
                            lieu_id=rng.choice(lieu) if lieu else None,
                            debut=debut,
                            duree_minutes=45,
                            mode=mode,
                            statut=StatutRendezVous.PLANIFIE if debut > maintenant else STATUTS_RDV(rng),
                            cree_le=debut - dt.timedelta(days=14),
                        )
                    )
        RendezVous.objects.bulk_create(lignes, batch_size=self.taille_lot)
        self.bilan.rendez_vous = len(lignes)

    # -- squelette : dates d'arrivée et de fin de suivi -------------------------------------------------------
    def _squelette(self, rng):
        if rng.random() < self.part_anterieurs:
            anciennete = min(int(rng.expovariate(1 / DUREE_MOYENNE_JOURS)), ANCIENNETE_MAX_JOURS) + 1
            arrivee = self.debut_fenetre - dt.timedelta(days=anciennete)
            fin = self.debut_fenetre + dt.timedelta(days=int(rng.expovariate(1 / DUREE_MOYENNE_JOURS)))
        else:
            arrivee = self.debut_fenetre + dt.timedelta(days=rng.randrange(self.jours_fenetre))
            fin = arrivee + dt.timedelta(days=int(rng.expovariate(1 / DUREE_MOYENNE_JOURS)))
        return arrivee, fin

    def _estimer_part_en_portefeuille(self):
        rng = random.Random(self.graine * 31 + 7)
        limite = self.aujourdhui - dt.timedelta(days=180)
        n = 4000
        return sum(1 for _ in range(n) if self._squelette(rng)[1] > limite) / n

    # -- préparation ------------------------------------------------------------------------------------------
    def preparer(self):
        self.ref = charger_referentiel()
        nb_conseillers = max(20, round(self.nb_jeunes / 750))
        assurer_conseillers(self.ref, nombre=nb_conseillers, graine=self.graine)
        self.bilan.conseillers = sum(len(v) for v in self.ref.conseillers.values())
        self.rennes_id = self.ref.antennes["RENNES"].id
        part = self._estimer_part_en_portefeuille()
        attendus = self.nb_jeunes * part * self.ref.part_antennes.get(self.rennes_id, 0.45)
        self.proba_conseiller_demo = min(1.0, 165 / attendus) if attendus else 0
        self.portefeuille_demo = 0
        self.enveloppes_decisions = {}  # (fonds, année) → id de l'enveloppe « Mission Locale »
        self._creer_sessions()
        self.entreprises.preparer()

    def _enveloppe_decisions(self, fonds, annee):
        """L'enveloppe qui reçoit les aides accordées du fonds cette année-là (budget de l'année ouvert au besoin,
        comme le fait l'application : aides.services.enveloppes_ouvrir_annee)."""
        cle = (fonds, annee)
        if cle not in self.enveloppes_decisions:
            enveloppes_ouvrir_annee(annee=annee)
            imputables = Enveloppe.objects.de(fonds, annee).imputables().order_by("pk")
            agence = imputables.filter(type=TypeEnveloppe.AGENCE).first() or imputables.first()
            if agence is None:  # structure sans enveloppe de décision (modifiée à la main) : on en ajoute une
                agence = Enveloppe.objects.create(
                    fonds=fonds, annee=annee, nom="Mission Locale", type=TypeEnveloppe.AGENCE, montant=Decimal(0)
                )
            self.enveloppes_decisions[cle] = agence.pk
        return self.enveloppes_decisions[cle]

    def _voter_budgets(self):
        """Montants votés des enveloppes de décision à la mesure des aides accordées de la démonstration (+ 15 %,
        l'année en cours extrapolée au 31 décembre ; au millier d'euros), réserve à 10 %, budget du fonds = somme de
        ses sous-enveloppes. Un montant déjà saisi plus élevé est conservé."""
        accordes = dict(
            DemandeAide.objects.filter(
                enveloppe__in=self.enveloppes_decisions.values(), decision__in=DECISIONS_FAVORABLES
            )
            .values("enveloppe")
            .annotate(s=Sum("montant_accorde"))
            .values_list("enveloppe", "s")
        )
        debut_annee = dt.date(self.aujourdhui.year, 1, 1)
        prorata = Decimal(365) / Decimal(_jours(debut_annee, self.aujourdhui) + 1)
        for (_fonds, annee), pk in sorted(self.enveloppes_decisions.items()):
            accorde = accordes.get(pk) or Decimal(0)
            if annee == self.aujourdhui.year:
                accorde *= prorata
            vote = (accorde * Decimal("1.15") / 1000).to_integral_value(rounding=ROUND_CEILING) * 1000
            enveloppe = Enveloppe.objects.get(pk=pk)
            Enveloppe.objects.filter(pk=pk, montant__lt=vote).update(montant=vote)
            if enveloppe.parent_id:
                Enveloppe.objects.filter(
                    parent_id=enveloppe.parent_id, type=TypeEnveloppe.RESERVE, montant__lt=vote / 10
                ).update(montant=vote / 10)
                total = Enveloppe.objects.filter(parent_id=enveloppe.parent_id).aggregate(s=Sum("montant"))["s"]
                Enveloppe.objects.filter(pk=enveloppe.parent_id, montant__lt=total).update(montant=total)

    def _creer_sessions(self):
        """Sessions collectives de chaque antenne : assez de places pour ~0,7 participation par jeune."""
        rng = random.Random(self.graine * 131 + 3)
        debut = self.debut_fenetre - dt.timedelta(days=365)
        fin = self.aujourdhui + dt.timedelta(days=14)
        semaines = _jours(debut, fin) // 7 + 1
        jours_actifs = self.jours_fenetre + 365
        self.sessions_par_semaine = {}  # (antenne_id, n° semaine) → [[id, date, type, places restantes, passée]]
        sessions = []
        for code, antenne in sorted(self.ref.antennes.items()):
            if antenne.est_hors_bassin:
                continue
            part = self.ref.part_antennes.get(antenne.id, 0)
            if code == "RENNES":
                part += sum(
                    self.ref.part_antennes.get(a.id, 0) for a in self.ref.antennes.values() if a.est_hors_bassin
                )
            # participations attendues par semaine pour cette antenne, ~10 présents par session
            par_semaine = 0.7 * self.nb_jeunes * part * (jours_actifs / (self.jours_fenetre + 430)) / semaines
            lieux = self.ref.lieux_accueil.get(antenne.id, [None])
            animateurs = self.ref.conseillers.get(antenne.id) or [None]
            for semaine in range(semaines):
                attendu = par_semaine / 10
                n = int(attendu) + (rng.random() < attendu - int(attendu))
                for _ in range(n):
                    date = debut + dt.timedelta(days=semaine * 7 + rng.randrange(5))
                    atelier = rng.random() < 0.7
                    type_ = TypeEvenement.ATELIER if atelier else TypeEvenement.INFORMATION_COLLECTIVE
                    theme = rng.choice(noms.THEMES_ATELIERS if atelier else noms.THEMES_INFOS_COLLECTIVES)
                    capacite = rng.choice((10, 12, 12, 15, 20))
                    cloturee = date < self.aujourdhui - dt.timedelta(days=7)
                    sessions.append(
                        {
                            "type": type_,
                            "date": date,
                            "heure_debut": f"{rng.choice((9, 10, 14)):02d}:{rng.choice((0, 30)):02d}:00",
                            "duree_minutes": rng.choice((90, 120, 180)),
                            "theme": theme,
                            "lieu_id": rng.choice(lieux),
                            "antenne_id": antenne.id,
                            "animateur_id": rng.choice(animateurs),
                            "capacite": capacite,
                            "theme_atelier_id": self.entreprises.theme_de_session(theme),
                            "emargement_cloture_le": _moment(date, rng, 3) + self.suffixe_utc if cloturee else None,
                        }
                    )
        ids = self.ecrivain.reserver_ids(SessionCollective, len(sessions))
        for id_, session in zip(ids, sessions, strict=True):
            session["id"] = id_
        self.debut_sessions = debut
        for s in sessions:
            cle = (s["antenne_id"], _jours(debut, s["date"]) // 7)
            cloturee = s["emargement_cloture_le"] is not None
            self.sessions_par_semaine.setdefault(cle, []).append(
                [s["id"], s["date"], s["type"], s["capacite"], cloturee, s["theme_atelier_id"]]
            )
        with transaction.atomic():
            self.ecrivain.inserer(SessionCollective, sessions)
        self.bilan.sessions = len(sessions)

    # -- génération d'un jeune -----------------------------------------------------------------------------------
    def _moment(self, d, rng):
        return _moment(d, rng) + self.suffixe_utc

    def _evenement(self, **valeurs):
        ligne = {
            "modalite": "",
            "duree_minutes": None,
            "lieu_id": None,
            "themes": "",
            "compte_rendu": "",
            "prochaine_etape": "",
            "prochain_rdv": None,
            "session_id": None,
            "theme_atelier_id": None,
        }
        ligne.update(valeurs)
        return ligne

    def _conseiller_de(self, antenne_id, rng):
        if antenne_id not in self.ref.conseillers:
            antenne_id = self.rennes_id
        return rng.choice(self.ref.conseillers[antenne_id])

    def _jeune(self, rng, lot, id_):
        aujourdhui = self.aujourdhui
        arrivee, fin_prevue = self._squelette(rng)
        fin = min(fin_prevue, aujourdhui)
        actif = fin_prevue > aujourdhui
        en_portefeuille = fin_prevue > aujourdhui - dt.timedelta(days=180)
        lieu = self.ref.tirage_lieu(rng)
        secteur_id = lieu.secteur_id
        qpv = False
        if secteur_id is None:
            secteur_id, code_quartier = self.ref.tirage_quartier(rng)
            qpv = code_quartier in QUARTIERS_PRIORITAIRES and rng.random() < 0.6
        else:
            qpv = lieu.antenne_code == "RENNES_METROPOLE" and rng.random() < 0.04
        femme = rng.random() < 0.49
        prenom = rng.choice(noms.PRENOMS_FEMMES if femme else noms.PRENOMS_HOMMES)
        nom = rng.choice(noms.NOMS)
        nom_usage = rng.choice(noms.NOMS) if femme and rng.random() < 0.02 else ""
        age = rng.randint(AGE_MAX + 1, AGE_MAX_DEROGATION - 1) if rng.random() < 0.004 else AGES(rng)
        naissance = anniversaire(arrivee, age) - dt.timedelta(days=rng.randrange(365))  # `age` ans révolus
        derogation = MOTIF_DEROGATION if exige_derogation(age_au(naissance, arrivee)) else ""
        niveau = NIVEAUX(rng)
        nationalite = NATIONALITES(rng)
        hebergement = HEBERGEMENTS(rng)
        transport = TRANSPORTS(rng)
        permis = PERMIS(rng)
        situation_familiale = SITUATIONS_FAMILIALES(rng)
        enfants = 0 if situation_familiale == SituationFamiliale.CELIBATAIRE else rng.choice((0, 1, 1, 2))
        if situation_familiale == SituationFamiliale.PARENT_ISOLE:
            enfants = max(1, enfants)
        age_aujourdhui = age + _jours(arrivee, aujourdhui) // 365
        rsa = (age_aujourdhui >= 25 or enfants > 0) and rng.random() < 0.3
        confirmation = _date_entre(rng, arrivee, fin).isoformat()

        # Référents : en portefeuille, le référent actuel ; sinon on garde l'affectation close.
        antenne_suivi = lieu.antenne_id if lieu.antenne_id in self.ref.conseillers else self.rennes_id
        referent = None
        if (
            en_portefeuille
            and antenne_suivi == self.rennes_id
            and lieu.antenne_code == "RENNES"
            and self.ref.conseiller_demo_id
            and self.portefeuille_demo < 150
            and rng.random() < self.proba_conseiller_demo
        ):
            referent = self.ref.conseiller_demo_id
            self.portefeuille_demo += 1
        else:
            referent = self._conseiller_de(antenne_suivi, rng)
        periodes = []  # (conseiller, début, fin ou None)
        if rng.random() < 0.15 and _jours(arrivee, fin) > 120:
            changement = _date_entre(rng, arrivee + dt.timedelta(days=60), fin - dt.timedelta(days=30))
            precedent = self._conseiller_de(antenne_suivi, rng)
            if precedent != referent:
                periodes.append((precedent, arrivee, changement - dt.timedelta(days=1)))
            else:
                changement = arrivee
        else:
            changement = arrivee
        periodes.append((referent, changement, None if en_portefeuille else fin))

        jeune = {
            "id": id_,
            "nom": nom.upper() if rng.random() < 0.1 else nom,
            "nom_usage": nom_usage,
            "prenom": prenom,
            "nom_recherche": cle_recherche(nom, nom_usage, prenom),
            "sexe": Sexe.FEMME if femme else Sexe.HOMME,
            "date_naissance": naissance,
            "nationalite": nationalite,
            "titre_sejour_numero": f"{rng.randrange(10**9, 10**10)}" if nationalite == Nationalite.HORS_UE else "",
            "titre_sejour_expiration": (
                aujourdhui + dt.timedelta(days=rng.randint(-60, 700)) if nationalite == Nationalite.HORS_UE else None
            ),
            "adresse": f"{rng.randint(1, 120)} {rng.choice(noms.TYPES_VOIE)} {rng.choice(noms.NOMS_VOIE)}",
            "commune_id": lieu.commune_id,
            "antenne_id": lieu.antenne_id,
            "secteur_id": secteur_id,
            "telephone": f"0{rng.choice((6, 7))} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}",
            "courriel": f"{normaliser(prenom).replace(' ', '')}.{normaliser(nom).replace(' ', '')}"
            f"{rng.randint(1, 99)}@example.org"
            if rng.random() < 0.85
            else "",
            "date_premier_accueil": arrivee,
            "derogation_age_motif": derogation,
            "referent_id": referent if en_portefeuille else None,
            "cree_par_id": None,
            "cree_le": self._moment(arrivee, rng),
            "niveau": niveau,
            "derniere_classe": rng.choice(DERNIERE_CLASSE[niveau]),
            "diplomes": rng.choice(DIPLOMES[niveau]),
            "hebergement": hebergement,
            "transport": transport,
            "permis": permis,
            "situation_familiale": situation_familiale,
            "enfants_a_charge": enfants,
            "ressources_mensuelles": Decimal(rng.choice((0, 0, 0, 150, 300, 450, 600, 800))),
            "rsa": rsa,
            "rqth": rng.random() < 0.04,
            "france_travail_identifiant": f"{rng.randrange(10**6, 10**7)}{chr(65 + rng.randrange(26))}"
            if rng.random() < 0.5
            else "",
            "qpv": qpv,
            "date_dernier_contact": None,
            "date_prochain_rdv": None,
            "confirmations": json.dumps(
                dict.fromkeys(
                    ("niveau", "hebergement", "transport", "permis", "situation_familiale", "ressources"), confirmation
                )
            ),
        }
        suivi = {
            "jeune": jeune,
            "arrivee": arrivee,
            "fin": fin,
            "actif": actif,
            "periodes": periodes,
            "lieu": lieu,
            "age": age,
            "niveau": niveau,
            "nationalite": nationalite,
        }
        lot.append(suivi)

    def _conseiller_a(self, periodes, date):
        for conseiller, debut, _fin in reversed(periodes):
            if date >= debut:
                return conseiller
        return periodes[0][0]

    def _details(self, rng, suivi, sortie):
        """Événements, sessions, situations, dispositifs, versements et aides d'un jeune déjà inséré."""
        jeune = suivi["jeune"]
        arrivee, fin, periodes = suivi["arrivee"], suivi["fin"], suivi["periodes"]
        aujourdhui = self.aujourdhui
        lieu = suivi["lieu"]
        antenne_sessions = lieu.antenne_id if lieu.antenne_id in self.ref.conseillers else self.rennes_id
        lieux = self.ref.lieux_accueil.get(antenne_sessions) or [None]
        lieu_accueil = rng.choice(lieux)

        for conseiller, debut, fin_periode in periodes:
            sortie["affectations"].append(
                {
                    "jeune_id": jeune["id"],
                    "referent_id": conseiller,
                    "debut": debut,
                    "fin": fin_periode,
                    "motif": "Réaffectation (départ du conseiller)" if fin_periode and len(periodes) > 1 else "",
                }
            )

        # Dispositifs : CEJ ou PACEA, PPAE, puis dispositifs secondaires.
        inscriptions = []
        tirage = rng.random()
        cej = None
        if tirage < 0.22 and fin >= DEBUT_CEJ:
            entree = _date_entre(rng, max(arrivee, DEBUT_CEJ), min(arrivee + dt.timedelta(days=60), fin))
            cej = (entree, entree + dt.timedelta(days=rng.choice((182, 273, 365))))
            inscriptions.append(("cej", entree, cej[1]))
        elif tirage < 0.52:
            entree = _date_entre(rng, arrivee, min(arrivee + dt.timedelta(days=45), fin))
            inscriptions.append(("pacea", entree, entree + dt.timedelta(days=rng.choice((365, 540, 730)))))
        if rng.random() < 0.25:
            entree = _date_entre(rng, arrivee, fin)
            inscriptions.append(("ppae", entree, None))
        for code, proba in DISPOSITIFS_SECONDAIRES.items():
            if rng.random() < proba:
                entree = _date_entre(rng, arrivee, fin)
                inscriptions.append((code, entree, entree + dt.timedelta(days=rng.choice((90, 180, 365)))))
        if suivi["nationalite"] == Nationalite.HORS_UE and rng.random() < 0.2:
            entree = _date_entre(rng, arrivee, fin)
            inscriptions.append(("bpi", entree, entree + dt.timedelta(days=365)))
        if suivi["niveau"] in (Niveau.N5, Niveau.N6, Niveau.N7, Niveau.N8) and rng.random() < 0.1:
            entree = _date_entre(rng, arrivee, fin)
            inscriptions.append(("club_jeunes_diplomes", entree, entree + dt.timedelta(days=180)))
        objets_inscriptions = {}
        for code, entree, fin_prevue in inscriptions:
            dispositif_id = self.ref.dispositifs.get(code)
            if dispositif_id is None:
                continue
            sortie_date = None
            motif = ""
            if fin_prevue and fin_prevue <= aujourdhui:
                sortie_date = min(fin_prevue, max(entree, fin)) if rng.random() < 0.6 else fin_prevue
                motif = MOTIFS_SORTIE(rng)
            elif not suivi["actif"] and rng.random() < 0.8:
                sortie_date = max(entree, fin)
                motif = MOTIFS_SORTIE(rng)
            inscription = {
                "jeune_id": jeune["id"],
                "dispositif_id": dispositif_id,
                "date_entree": entree,
                "date_fin_prevue": fin_prevue,
                "date_sortie": sortie_date,
                "motif_sortie": motif,
                "conseiller_id": self._conseiller_a(periodes, entree),
                "cree_le": self._moment(entree, rng),
            }
            objets_inscriptions[code] = inscription
            sortie["inscriptions"].append(inscription)

        # Entretiens (plus serrés pendant le CEJ) et contacts.
        evenements = []
        duree_premier = 60

        def entretien(date, premier=False):
            ev = self._evenement(
                jeune_id=jeune["id"],
                type=TypeEvenement.ENTRETIEN_INDIVIDUEL,
                date=date,
                modalite=Modalite.PRESENTIEL if premier else MODALITES_ENTRETIEN(rng),
                duree_minutes=duree_premier if premier else rng.choice((20, 30, 30, 45, 45, 60)),
                conseiller_id=self._conseiller_a(periodes, date),
                lieu_id=lieu_accueil,
                themes=", ".join(rng.sample(noms.THEMES_ENTRETIEN, 2)),
                compte_rendu="Premier accueil : présentation de la Mission Locale et diagnostic de la situation."
                if premier
                else rng.choice(noms.COMPTES_RENDUS),
                prochaine_etape="",
                cree_le=self._moment(date, rng),
            )
            evenements.append(ev)
            if rng.random() < 0.12:
                services = {SERVICES(rng) for _ in range(rng.choice((1, 1, 2)))}
                sortie["services_en_attente"].append((ev, services))
            return ev

        entretien(arrivee, premier=True)
        date = arrivee
        while True:
            intensif = cej is not None and cej[0] <= date <= cej[1]
            moyenne = 18 if intensif else 85
            date = date + dt.timedelta(days=7 + int(rng.expovariate(1 / moyenne)))
            if date > fin:
                break
            entretien(date)
        date = arrivee
        while True:
            date = date + dt.timedelta(days=5 + int(rng.expovariate(1 / 110)))
            if date > fin:
                break
            evenements.append(
                self._evenement(
                    jeune_id=jeune["id"],
                    type=TypeEvenement.CONTACT,
                    date=date,
                    modalite=MODALITES_CONTACT(rng),
                    duree_minutes=rng.choice((5, 10, 15)),
                    conseiller_id=self._conseiller_a(periodes, date),
                    themes="",
                    compte_rendu=rng.choice(("Relance pour le prochain rendez-vous.", "Envoi d'offres d'emploi.", "")),
                    cree_le=self._moment(date, rng),
                )
            )

        # Sessions collectives : 0 à 3 participations, dans la période de suivi.
        nb_sessions = 0
        tirage = rng.random()
        if tirage < 0.45:
            nb_sessions = 1 if tirage < 0.28 else (2 if tirage < 0.40 else 3)
        if cej is not None:
            nb_sessions += 1
        deja = set()
        debut_possible = max(arrivee, self.debut_sessions)
        fin_possible = min(
            fin if not suivi["actif"] else aujourdhui + dt.timedelta(days=14), aujourdhui + dt.timedelta(days=14)
        )
        for _ in range(nb_sessions):
            if fin_possible < debut_possible:
                break
            cible = _date_entre(rng, debut_possible, fin_possible)
            semaine = _jours(self.debut_sessions, cible) // 7
            session = None
            for decalage in (0, 1, -1, 2, -2, 3, -3, 4, -4):
                libres = [
                    c
                    for c in self.sessions_par_semaine.get((antenne_sessions, semaine + decalage), ())
                    if c[3] > 0 and c[0] not in deja and debut_possible <= c[1] <= fin_possible
                ]
                if libres:
                    session = rng.choice(libres)
                    break
            if session is None:
                continue
            session[3] -= 1
            deja.add(session[0])
            if session[4]:
                presence = Presence.PRESENT if rng.random() < 0.75 else rng.choice((Presence.ABSENT, Presence.EXCUSE))
            else:
                presence = Presence.INSCRIT
            sortie["participations"].append({"session_id": session[0], "jeune_id": jeune["id"], "presence": presence})
            if presence == Presence.PRESENT:
                evenements.append(
                    self._evenement(
                        jeune_id=jeune["id"],
                        type=session[2],
                        date=session[1],
                        modalite=Modalite.PRESENTIEL,
                        duree_minutes=120,
                        conseiller_id=self._conseiller_a(periodes, session[1]),
                        session_id=session[0],
                        theme_atelier_id=session[5],
                        cree_le=self._moment(session[1], rng),
                    )
                )

        # Dernier contact et prochain rendez-vous (dénormalisés sur le jeune).
        jeune["date_dernier_contact"] = max(ev["date"] for ev in evenements)
        if suivi["actif"]:
            tirage = rng.random()
            if tirage < 0.82:
                prochain = aujourdhui + dt.timedelta(days=rng.randint(1, 35))
            elif tirage < 0.95:
                prochain = max(
                    jeune["date_dernier_contact"] + dt.timedelta(days=1),
                    aujourdhui - dt.timedelta(days=rng.randint(1, 30)),
                )
                prochain = min(prochain, aujourdhui)
            else:
                prochain = None
            jeune["date_prochain_rdv"] = prochain
            dernier_entretien = max(
                (ev for ev in evenements if ev["type"] == TypeEvenement.ENTRETIEN_INDIVIDUEL), key=lambda ev: ev["date"]
            )
            if prochain:
                dernier_entretien["prochain_rdv"] = prochain
                dernier_entretien["prochaine_etape"] = "Point sur les candidatures"
        sortie["evenements"].extend(evenements)

        # Situations (emploi, formation, immersion).
        tirage = rng.random()
        nb = 0 if tirage < 0.45 else (1 if tirage < 0.78 else (2 if tirage < 0.94 else 3))
        for _ in range(nb):
            categorie = CATEGORIES_SITUATION(rng)
            if categorie == CategorieSituation.EMPLOI:
                type_ = TYPES_EMPLOI(rng)
                employeur = rng.choice(noms.EMPLOYEURS)
                intitule = rng.choice(noms.INTITULES_EMPLOI)
            elif categorie == CategorieSituation.FORMATION:
                type_ = TYPES_FORMATION(rng)
                employeur = rng.choice(noms.ORGANISMES_FORMATION)
                intitule = rng.choice(noms.INTITULES_FORMATION)
            else:
                type_ = TYPES_IMMERSION(rng)
                employeur = rng.choice(noms.EMPLOYEURS)
                intitule = "Découverte métier" if type_ == TypeSituation.PMSMP else "Mission de service civique"
            debut = _date_entre(rng, arrivee + dt.timedelta(days=14), fin)
            if debut > aujourdhui:
                continue
            duree = DUREES_SITUATION[type_]
            date_fin = debut + dt.timedelta(days=rng.randint(*duree)) if duree else None
            if date_fin and date_fin > aujourdhui:
                date_fin = None
            sortie["situations"].append(
                {
                    "jeune_id": jeune["id"],
                    "categorie": categorie,
                    "type": type_,
                    "financeur": (Financeur.CONSEIL_REGIONAL if rng.random() < 0.7 else Financeur.AUTRE)
                    if categorie == CategorieSituation.FORMATION
                    else "",
                    "date_debut": debut,
                    "date_fin": date_fin,
                    "employeur": employeur,
                    "intitule": intitule,
                    "secteur_activite": rng.choice(noms.SECTEURS_ACTIVITE),
                    "saisi_par_id": self._conseiller_a(periodes, debut),
                    **self.entreprises.complements_situation(categorie),
                }
            )

        # Allocations : CEJ mensuelle (~500 €), PACEA ponctuelle.
        if "cej" in objets_inscriptions:
            inscription = objets_inscriptions["cej"]
            fin_cej = min(inscription["date_sortie"] or inscription["date_fin_prevue"], aujourdhui)
            mineur = suivi["age"] < AGE_MAJORITE
            mois = dt.date(inscription["date_entree"].year, inscription["date_entree"].month, 1)
            while True:
                paiement = _mois_suivant(mois) + dt.timedelta(days=4)
                if mois > fin_cej or paiement > aujourdhui:
                    break
                plein = Decimal("211.00") if mineur else Decimal("545.00")
                montant = (
                    plein
                    if rng.random() < 0.75
                    else (plein * Decimal(rng.randint(40, 95)) / 100).quantize(Decimal("0.01"))
                )
                sortie["versements"].append(
                    (
                        inscription,
                        {
                            "jeune_id": jeune["id"],
                            "fonds": FondsAllocation.CEJ,
                            "date": paiement,
                            "montant": montant,
                            "periode": f"{mois:%Y-%m}",
                            "motif": "" if montant == plein else "Allocation réduite (absences non justifiées)",
                        },
                    )
                )
                mois = _mois_suivant(mois)
        if "pacea" in objets_inscriptions and rng.random() < 0.45:
            inscription = objets_inscriptions["pacea"]
            fin_pacea = min(inscription["date_sortie"] or inscription["date_fin_prevue"], aujourdhui)
            dates = sorted({_date_entre(rng, inscription["date_entree"], fin_pacea) for _ in range(rng.randint(1, 3))})
            for paiement in dates:
                sortie["versements"].append(
                    (
                        inscription,
                        {
                            "jeune_id": jeune["id"],
                            "fonds": FondsAllocation.PACEA,
                            "date": paiement,
                            "montant": Decimal(rng.choice((100, 150, 200, 250, 300, 400, 500))),
                            "periode": f"{paiement:%Y-%m}",
                            "motif": "Allocation PACEA",
                        },
                    )
                )

        # Demandes FAJ : fonds selon la commune (Rennes Métropole → faj_rm, reste du bassin → faj_cd35).
        if lieu.fonds_faj and rng.random() < 0.14:
            for _ in range(1 if rng.random() < 0.8 else 2):
                demande_le = _date_entre(rng, arrivee, fin)
                urgence = rng.random() < 0.15
                if urgence:
                    montant = Decimal(rng.choice((30, 40, 50, 60, 75)))
                else:
                    montant = Decimal(rng.choice((50, 80, 100, 120, 150, 150, 200, 200, 250, 300, 350, 400)))
                decision, date_decision, accorde, motif, statut = "", None, None, "", StatutDemande.SOUMISE
                if urgence or demande_le < aujourdhui - dt.timedelta(days=21):
                    decision = TypeDecision.ACCORDEE if urgence else DECISIONS(rng)
                    delai = rng.randint(0, 2) if urgence else rng.randint(7, 28)
                    date_decision = min(demande_le + dt.timedelta(days=delai), aujourdhui)
                    if decision == TypeDecision.ACCORDEE:
                        accorde = montant
                        statut = (
                            StatutDemande.PAYEE
                            if date_decision < aujourdhui - dt.timedelta(days=10)
                            else StatutDemande.NOTIFIEE
                        )
                    elif decision == TypeDecision.ACCORDEE_PARTIELLEMENT:
                        accorde = max(
                            Decimal(10), (montant * Decimal(rng.choice((50, 60, 75))) / 100).quantize(Decimal("1"))
                        )
                        motif = "Accord partiel : prise en charge d'une partie des frais."
                        statut = (
                            StatutDemande.PAYEE
                            if date_decision < aujourdhui - dt.timedelta(days=10)
                            else StatutDemande.NOTIFIEE
                        )
                    elif decision == TypeDecision.REFUSEE:
                        motif = "Ressources supérieures au plafond du règlement intérieur."
                        statut = StatutDemande.NOTIFIEE
                    else:
                        motif = "Pièces justificatives manquantes : dossier à représenter."
                        statut = StatutDemande.DECIDEE
                elif rng.random() < 0.5:
                    statut = StatutDemande.INSCRITE
                enveloppe_id = None
                if decision in DECISIONS_FAVORABLES:
                    enveloppe_id = self._enveloppe_decisions(lieu.fonds_faj, date_decision.year)
                sortie["demandes"].append(
                    {
                        "jeune_id": jeune["id"],
                        "fonds": lieu.fonds_faj,
                        "enveloppe_id": enveloppe_id,
                        "type": TYPES_AIDE(rng),
                        "urgence": urgence,
                        "statut": statut,
                        "date_demande": demande_le,
                        "montant_demande": montant,
                        "motivation": "Demande instruite avec le jeune : budget détaillé joint.",
                        "conseiller_id": self._conseiller_a(periodes, demande_le),
                        "decision": decision,
                        "date_decision": date_decision,
                        "montant_accorde": accorde,
                        "motif_decision": motif,
                        "cree_le": self._moment(demande_le, rng),
                    }
                )

    # -- écriture par lots -------------------------------------------------------------------------------------
    def _ecrire_lot(self, taille):
        rng = self.rng
        ecrivain = self.ecrivain
        lot = []
        sortie = {
            k: []
            for k in (
                "affectations",
                "inscriptions",
                "evenements",
                "services_en_attente",
                "participations",
                "situations",
                "versements",
                "demandes",
            )
        }
        for id_ in ecrivain.reserver_ids(Jeune, taille):
            self._jeune(rng, lot, id_)
            self._details(rng, lot[-1], sortie)
            self.entreprises.noter_jeune(id_, lot[-1]["jeune"]["date_premier_accueil"])
        for id_, ev in zip(
            ecrivain.reserver_ids(Evenement, len(sortie["evenements"])), sortie["evenements"], strict=True
        ):
            ev["id"] = id_
        ids = ecrivain.reserver_ids(Inscription, len(sortie["inscriptions"]))
        for id_, inscription in zip(ids, sortie["inscriptions"], strict=True):
            inscription["id"] = id_
        services = [
            {"evenement_id": ev["id"], "service": service}
            for ev, codes in sortie["services_en_attente"]
            for service in sorted(codes)
        ]
        versements = []
        for inscription, versement in sortie["versements"]:
            versement["inscription_id"] = inscription["id"]
            versements.append(versement)
        with transaction.atomic():
            ecrivain.inserer(Jeune, [s["jeune"] for s in lot])
            ecrivain.inserer(AffectationReferent, sortie["affectations"])
            ecrivain.inserer(Inscription, sortie["inscriptions"])
            ecrivain.inserer(Evenement, sortie["evenements"])
            ecrivain.inserer(EvenementService, services)
            ecrivain.inserer(Participation, sortie["participations"])
            ecrivain.inserer(Situation, sortie["situations"])
            ecrivain.inserer(Versement, versements)
            ids = ecrivain.reserver_ids(DemandeAide, len(sortie["demandes"]))
            for id_, demande in zip(ids, sortie["demandes"], strict=True):
                demande["id"] = id_
            ecrivain.inserer(DemandeAide, sortie["demandes"])
            if self.modele_decision is not None:
                decisions = [
                    {
                        "demande_id": d["id"],
                        "type": d["decision"],
                        "montant_accorde": d["montant_accorde"],
                        "motif": d["motif_decision"],
                        "date": d["date_decision"],
                        "urgence": d["urgence"],
                        "enveloppe_id": d["enveloppe_id"],
                        "decide_par_id": None,
                        "enregistree_le": f"{d['date_decision'].isoformat()} 16:00:00{self.suffixe_utc}",
                    }
                    for d in sortie["demandes"]
                    if d["decision"]
                ]
                ecrivain.inserer(self.modele_decision, decisions)
        b = self.bilan
        b.jeunes += len(lot)
        b.evenements += len(sortie["evenements"])
        b.services += len(services)
        b.participations += len(sortie["participations"])
        b.situations += len(sortie["situations"])
        b.inscriptions += len(sortie["inscriptions"])
        b.versements += len(versements)
        b.demandes_aide += len(sortie["demandes"])
        b.affectations += len(sortie["affectations"])

    def executer(self):
        debut = time.perf_counter()
        self.preparer()
        restant = self.nb_jeunes
        while restant > 0:
            taille = min(self.taille_lot, restant)
            self._ecrire_lot(taille)
            restant -= taille
            ecoule = time.perf_counter() - debut
            self.sortie(f"  {self.bilan.jeunes:>9} jeunes, {self.bilan.evenements:>10} événements — {ecoule:6.1f} s")
        self.entreprises.apres_jeunes()
        self.bilan.relations_entreprises = self.entreprises.bilan
        with transaction.atomic():
            enveloppes_ouvrir_annee(annee=self.aujourdhui.year)  # même sans aide accordée cette année
            self._voter_budgets()
            self._creer_rendez_vous()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.bilan.duree_secondes = time.perf_counter() - debut
        return self.bilan


def generer(*, jeunes, annees=3, graine=42, aujourdhui=None, taille_lot=2000, sortie=None):
    """Génère le jeu de démonstration et renvoie le bilan (nombre de lignes par table, durée)."""
    return Generateur(
        jeunes=jeunes, annees=annees, graine=graine, aujourdhui=aujourdhui, taille_lot=taille_lot, sortie=sortie
    ).executer()
