"""Un nom hostile partout : chaque écran, fragment htmx, PDF et export l'affiche comme du texte, jamais comme du HTML.

Le jeune s'appelle `<img src=x onerror=alert(1)>` (nom et prénom), comme son représentant légal, l'employeur et
l'intitulé de sa situation, le thème de sa session collective, la motivation de sa demande FAJ et le motif du refus.

- HTML (pages et fragments htmx) : la forme échappée `&lt;img src=x onerror=alert(1)&gt;` est présente (le nom
  est bien affiché), la balise brute jamais, et rien n'est échappé deux fois (`&amp;lt;`) ;
- PDF : le texte extrait (pdftotext) contient la chaîne littérale : WeasyPrint l'a dessinée, pas interprétée ;
- CSV et XLSX : la chaîne est la valeur d'une cellule (l'injection de formules est un autre sujet).

Chaque surface ne construit que ce qu'elle affiche (`Monde`, propriétés calculées à la demande).
"""

import csv
import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal
from functools import cached_property

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agenda import services as agenda_services
from aides import services as aides_services
from aides.enums import TypeAide, TypeDecision
from dispositifs import services as dispositifs_services
from tests.accompagnement.factories import (
    EvenementFactory,
    JeuneFactory,
    ParticipationFactory,
    RepresentantLegalFactory,
    SessionCollectiveFactory,
    SituationFactory,
)
from tests.agenda.factories import RendezVousFactory
from tests.aides.factories import SeanceFactory, budget_rennes_metropole
from tests.dispositifs.factories import InscriptionFactory, dispositif
from tests.htmx import HTMX

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"
ECHAPPE = "&lt;img src=x onerror=alert(1)&gt;"
BALISE_BRUTE = re.compile(r"<img\s+src=x\s+onerror", re.IGNORECASE)
AUJOURD_HUI = timezone.localdate()


class Monde:
    """Les données d'un test, créées à la première lecture."""

    def __init__(self, request):
        self.request = request

    def persona(self, nom):
        return self.request.getfixturevalue(nom)

    @cached_property
    def conseiller(self):
        return self.persona("conseiller_rennes")

    @cached_property
    def secretariat(self):
        return self.persona("secretariat_faj")

    @cached_property
    def jeune(self):
        jeune = JeuneFactory(nom="Avant", prenom=HOSTILE, referent=self.conseiller)
        jeune.nom = HOSTILE  # une modification : l'historique montre l'ancienne et la nouvelle valeur
        jeune.save()
        SituationFactory(jeune=jeune, employeur=HOSTILE, intitule=HOSTILE)
        EvenementFactory(
            jeune=jeune,
            conseiller=self.conseiller,
            date=AUJOURD_HUI - datetime.timedelta(days=3),
            themes=HOSTILE,
            compte_rendu=HOSTILE,
            prochaine_etape=HOSTILE,
        )
        return jeune

    @cached_property
    def rendez_vous(self):
        """Un rendez-vous du jour (motif hostile) : agenda, journée de l'antenne, rendez-vous du dossier."""
        return RendezVousFactory(jeune=self.jeune, debut=timezone.now() - datetime.timedelta(minutes=1), motif=HOSTILE)

    @cached_property
    def rendez_vous_a_venir(self):
        """Un rendez-vous de demain, au lieu d'accueil hostile : sa lettre de convocation."""
        from antennes.models import LieuAccueil

        lieu = LieuAccueil.objects.create(nom=HOSTILE, adresse=HOSTILE, antenne=self.conseiller.antenne)
        return RendezVousFactory(
            jeune=self.jeune, debut=timezone.now() + datetime.timedelta(days=1), lieu=lieu, mode="presentiel"
        )

    @cached_property
    def rendez_vous_honore(self):
        rdv = RendezVousFactory(jeune=self.jeune, debut=timezone.now() - datetime.timedelta(minutes=1))
        return agenda_services.rendez_vous_honorer(rendez_vous=rdv, par=self.conseiller)

    @cached_property
    def employeur(self):
        """Une entreprise, une offre, une mise en relation et une immersion du jeune, toutes hostiles."""
        from tests.entreprises.factories_jeunes import (
            EntrepriseFactory,
            ImmersionFactory,
            MiseEnRelationFactory,
            OffreFactory,
        )

        offre = OffreFactory(entreprise=EntrepriseFactory(raison_sociale=HOSTILE), intitule=HOSTILE)
        mise = MiseEnRelationFactory(jeune=self.jeune, entreprise=offre.entreprise, offre=offre)
        immersion = ImmersionFactory(
            jeune=self.jeune, entreprise=offre.entreprise, metier=HOSTILE, activites=HOSTILE, tuteur_nom=HOSTILE
        )
        return {"offre": offre, "mise": mise, "immersion": immersion}

    @cached_property
    def mineur(self):
        mineur = JeuneFactory(nom=HOSTILE, prenom=HOSTILE, mineur=True, referent=self.conseiller)
        mineur.representants_legaux.all().delete()
        RepresentantLegalFactory(jeune=mineur, nom=HOSTILE, prenom=HOSTILE, lien=HOSTILE)
        return mineur

    @cached_property
    def session(self):
        session = SessionCollectiveFactory(theme=HOSTILE, animateur=self.conseiller)
        ParticipationFactory(session=session, jeune=self.jeune)
        return session

    @cached_property
    def journal_long(self):
        """Plus d'une page de journal (25 entrées) : la page 2 existe, et elle est hostile."""
        for jours in range(30):
            EvenementFactory(
                jeune=self.jeune,
                date=AUJOURD_HUI - datetime.timedelta(days=10 + jours),
                themes=HOSTILE,
                session=None if jours else self.session,
            )
        return self.jeune

    @cached_property
    def inscription(self):
        return InscriptionFactory(jeune=self.jeune, dispositif=dispositif("cej"))

    @cached_property
    def alerte(self):
        InscriptionFactory(jeune=self.jeune, dispositif=dispositif("cars35"), date_entree=datetime.date(2025, 8, 1))
        dispositifs_services.alertes_calculer(aujourd_hui=datetime.date(2025, 9, 1))
        return self.jeune

    @cached_property
    def budget(self):
        self.persona("settings").MEDIA_ROOT = self.persona("tmp_path") / "media"
        return budget_rennes_metropole()

    def demande(self, jeune):
        self.budget  # noqa: B018
        demande = aides_services.demande_aide_creer(
            jeune=jeune,
            par=self.conseiller,
            type=TypeAide.SUBSISTANCE,
            montant_demande=Decimal("150.00"),
            motivation=HOSTILE,
        )
        return aides_services.demande_aide_soumettre(demande=demande, par=self.conseiller)

    @cached_property
    def demande_soumise(self):
        return self.demande(self.jeune)

    @cached_property
    def seance_ouverte(self):
        seance = SeanceFactory()
        seance.membres.set([self.persona("membre_commission")])
        aides_services.demande_aide_inscrire(demande=self.demande_soumise, seance=seance, par=self.secretariat)
        return aides_services.seance_ouvrir(seance=seance, par=self.secretariat)

    @cached_property
    def point(self):
        return self.seance_ouverte.points.get()

    @cached_property
    def seance_vide(self):
        """Séance ouverte sans point, et une demande soumise à inscrire : la liste d'inscription la propose."""
        self.demande_soumise  # noqa: B018
        return SeanceFactory()

    @cached_property
    def demande_refusee(self):
        """Autre jeune hostile : demande refusée en séance (motif hostile), séance close, décision notifiée."""
        jeune = JeuneFactory(nom=HOSTILE, prenom=HOSTILE, referent=self.conseiller)
        demande = self.demande(jeune)
        seance = SeanceFactory()
        aides_services.demande_aide_inscrire(demande=demande, seance=seance, par=self.secretariat)
        aides_services.seance_ouvrir(seance=seance, par=self.secretariat)
        aides_services.demande_aide_decider(
            demande=demande, seance=seance, par=self.secretariat, decision=TypeDecision.REFUSEE, motif=HOSTILE
        )
        aides_services.seance_clore(seance=seance, par=self.secretariat)
        aides_services.demande_aide_notifier(demande=demande, par=self.secretariat)
        demande.refresh_from_db()
        demande.seance_close = seance
        return demande

    @cached_property
    def action(self):
        """Action territoriale hostile (intitulé, lieu, partenaires, entreprise) où le jeune hostile est inscrit."""
        from actions_territoriales.models import ActionTerritoriale, ParticipationAction
        from entreprises.models import Entreprise

        action = ActionTerritoriale.objects.create(
            reference="A-2026-0001",
            intitule=HOSTILE,
            type="recrutement",
            date=AUJOURD_HUI,
            commune=self.jeune.commune,
            antenne=self.jeune.antenne,
            lieu=HOSTILE,
            partenaires=HOSTILE,
        )
        action.entreprises.add(
            Entreprise.objects.create(siret="73282932000074", raison_sociale=HOSTILE, commune=self.jeune.commune)
        )
        ParticipationAction.objects.create(action=action, jeune=self.jeune)
        return action

    @cached_property
    def entreprise(self):
        """Entreprise, enseigne, contact et offre hostiles ; le jeune hostile y est proposé et embauché."""
        from antennes.models import Commune
        from entreprises.models import ContactEntreprise, MiseEnRelation, Offre
        from entreprises.services import entreprise_creer

        entreprise = entreprise_creer(
            siret="55221123000131",
            raison_sociale=HOSTILE,
            enseigne=HOSTILE,
            adresse=HOSTILE,
            commune=Commune.objects.get(pk="35238"),
        )
        ContactEntreprise.objects.create(entreprise=entreprise, nom=HOSTILE, fonction=HOSTILE)
        offre = Offre.objects.create(
            reference="OFF-HOSTILE", entreprise=entreprise, intitule=HOSTILE, type_contrat="cdi",
            date_reception=AUJOURD_HUI, description=HOSTILE,
        )  # fmt: skip
        MiseEnRelation.objects.create(jeune=self.jeune, entreprise=entreprise, offre=offre, date=AUJOURD_HUI)
        SituationFactory(jeune=self.jeune, entreprise=entreprise, categorie="emploi", type="cdi", intitule=HOSTILE)
        return entreprise

    @cached_property
    def offre(self):
        return self.entreprise.offres.get()

    @cached_property
    def journal_des_acces(self):
        """Une ligne du journal des accès sur le jeune (sa consultation par le conseiller)."""
        client = Client()  # pas celui du test, connecté sous un autre persona
        client.force_login(self.conseiller)
        assert client.get(reverse("accompagnement:jeune_detail", args=[self.jeune.pk])).status_code == 200
        return self.jeune


def _get(persona, nom, *args, htmx=False, donnees=None, avant=None, **params):
    """Requête de `persona` sur l'URL `nom` ; `args` et `params` : valeurs ou fonctions du monde ; `avant` : donnée du
    monde à créer avant la requête (ce que la liste doit montrer) ; `donnees` : corps d'un POST."""

    def appel(monde, client_de):
        if avant:
            getattr(monde, avant)
        valeurs = [a(monde) if callable(a) else a for a in args]
        client = client_de(monde.persona(persona))
        url = reverse(nom, args=valeurs)
        entetes = HTMX if htmx else {}
        if donnees is not None:
            return client.post(url, donnees(monde), headers=entetes)
        return client.get(url, {k: v(monde) if callable(v) else v for k, v in params.items()}, headers=entetes)

    return appel


def jeune(m):
    return m.jeune.pk


def saisie_rapide(depuis):
    def donnees(m):
        return {
            "type": "entretien_individuel",
            "modalite": "telephone",
            "date": AUJOURD_HUI.isoformat(),
            "compte_rendu": HOSTILE,
            "depuis": depuis,
        }

    return donnees


def decision_refus(m):
    prefixe = f"p{m.point.pk}"
    return {f"{prefixe}-decision": TypeDecision.REFUSEE, f"{prefixe}-motif": HOSTILE}


C, R, D, S = "conseiller_rennes", "responsable_rennes", "direction", "secretariat_faj"

PAGES = {
    # Tableaux
    "liste des jeunes": _get(C, "accompagnement:jeune_liste", avant="jeune"),
    "portefeuille": _get(C, "accompagnement:portefeuille", avant="jeune"),
    "alertes": _get(C, "dispositifs:alertes", avant="alerte"),
    "bénéficiaires d'un dispositif": _get(C, "dispositifs:beneficiaires", "cej", avant="inscription"),
    "demandes FAJ": _get(C, "aides:demande_liste", avant="demande_soumise"),
    "séance (ordre du jour)": _get(S, "aides:seance_detail", lambda m: m.seance_ouverte.pk),
    "pilotage : jeunes derrière un chiffre": _get(D, "reporting:jeunes", avant="jeune", annee=AUJOURD_HUI.year),
    "pilotage : bénéficiaires d'un dispositif": _get(
        D, "reporting:jeunes", avant="inscription", annee=AUJOURD_HUI.year, indicateur="beneficiaires", dispositif="cej"
    ),
    "journal des accès": _get(D, "securite:journal", jeune=lambda m: m.journal_des_acces.pk),
    "entreprises": _get(C, "entreprises:entreprise_liste", avant="entreprise"),
    "entreprises (filtre htmx)": _get(C, "entreprises:entreprise_liste", htmx=True, q="img", avant="entreprise"),
    "offres": _get(C, "entreprises:offre_liste", avant="entreprise"),
    # Pages
    "dossier": _get(C, "accompagnement:jeune_detail", jeune),
    "fiche d'une entreprise": _get(C, "entreprises:entreprise_detail", lambda m: m.entreprise.pk),
    "offre": _get(C, "entreprises:offre_detail", lambda m: m.offre.pk),
    "modification d'une entreprise": _get(
        "entreprises_rennes", "entreprises:entreprise_modifier", lambda m: m.entreprise.pk
    ),
    "modification d'une offre": _get("entreprises_rennes", "entreprises:offre_modifier", lambda m: m.offre.pk),
    "dossier (employeurs et immersions)": _get(C, "accompagnement:jeune_detail", jeune, avant="employeur"),
    "offre : jeunes proposés": _get(C, "entreprises:offre_proposer", lambda m: m.employeur["offre"].pk),
    "résultat d'une mise en relation": _get(
        C, "entreprises:mise_en_relation_resultat", lambda m: m.employeur["mise"].pk
    ),
    "renouvellement d'une immersion": _get(
        C, "entreprises:immersion_renouveler", lambda m: m.employeur["immersion"].pk
    ),
    "dossier d'un mineur (représentant légal)": _get(C, "accompagnement:jeune_detail", lambda m: m.mineur.pk),
    "sessions collectives": _get(C, "accompagnement:session_liste", avant="session"),
    "session collective": _get(C, "accompagnement:session_detail", lambda m: m.session.pk),
    "demande FAJ": _get(C, "aides:demande_detail", lambda m: m.demande_soumise.pk),
    "demande FAJ refusée": _get(C, "aides:demande_detail", lambda m: m.demande_refusee.pk),
    "historique du dossier": _get(D, "conservation:historique_jeune", jeune),
    "agenda (semaine)": _get(C, "agenda:semaine", avant="rendez_vous"),
    "agenda (jour)": _get(C, "agenda:jour", avant="rendez_vous"),
    "journée de l'antenne": _get(R, "agenda:antenne", avant="rendez_vous"),
    "rendez-vous du dossier": _get(C, "agenda:rendez_vous_jeune", lambda m: m.rendez_vous.jeune_id),
    "reporter un rendez-vous": _get(C, "agenda:rendez_vous_reporter", lambda m: m.rendez_vous.pk),
    "entretien d'un rendez-vous honoré": _get(C, "agenda:rendez_vous_entretien", lambda m: m.rendez_vous_honore.pk),
    "droits du jeune": _get(D, "conservation:droits", jeune),
    # Fragments htmx
    "journal : entrées plus anciennes": _get(
        C, "accompagnement:jeune_journal", lambda m: m.journal_long.pk, htmx=True, page=2
    ),
    "journal : première page": _get(C, "accompagnement:jeune_journal", jeune, htmx=True),
    "saisie rapide depuis le dossier": _get(
        C, "accompagnement:evenement_rapide", jeune, htmx=True, donnees=saisie_rapide("dossier")
    ),
    "saisie rapide depuis le portefeuille": _get(
        C, "accompagnement:evenement_rapide", jeune, htmx=True, donnees=saisie_rapide("portefeuille")
    ),
    "séance : bloc de points": _get(S, "aides:seance_points", lambda m: m.seance_ouverte.pk, htmx=True, debut=0),
    "séance : décision enregistrée": _get(
        S,
        "aides:point_decider",
        lambda m: m.seance_ouverte.pk,
        lambda m: m.point.pk,
        htmx=True,
        donnees=decision_refus,
    ),
    "séance : formulaire d'inscription": _get(S, "aides:seance_inscrire", lambda m: m.seance_vide.pk, htmx=True),
    "historique (fragment)": _get(D, "conservation:historique_jeune", jeune, htmx=True),
    "liste des jeunes (fragment)": _get(C, "accompagnement:jeune_liste", htmx=True, avant="jeune"),
    "portefeuille (fragment)": _get(C, "accompagnement:portefeuille", htmx=True, avant="jeune"),
    "alertes (fragment)": _get(C, "dispositifs:alertes", htmx=True, avant="alerte"),
    "bénéficiaires (fragment)": _get(C, "dispositifs:beneficiaires", "cej", htmx=True, avant="inscription"),
    "demandes FAJ (fragment)": _get(C, "aides:demande_liste", htmx=True, avant="demande_soumise"),
    "journal des accès (fragment)": _get(D, "securite:journal", htmx=True, jeune=lambda m: m.journal_des_acces.pk),
    "agenda (fragment)": _get(C, "agenda:semaine", htmx=True, avant="rendez_vous"),
    "journée de l'antenne (fragment)": _get(R, "agenda:antenne", htmx=True, avant="rendez_vous"),
    "choix du jeune d'un rendez-vous (fragment)": _get(
        C, "accompagnement:recherche", htmx=True, avant="jeune", q="img", creneau="2030-01-07T10:00"
    ),
    # Actions territoriales
    "actions territoriales": _get(C, "actions_territoriales:liste", avant="action"),
    "actions territoriales (fragment)": _get(C, "actions_territoriales:liste", htmx=True, avant="action"),
    "action territoriale (jeunes inscrits)": _get(C, "actions_territoriales:detail", lambda m: m.action.pk),
    "action territoriale : formulaire": _get(D, "actions_territoriales:modifier", lambda m: m.action.pk),
    "action territoriale : entreprises proposées": _get(
        D, "actions_territoriales:entreprises_suggestions", htmx=True, entreprise="onerror", avant="action"
    ),
    "action territoriale : tablette de comptage": _get(C, "actions_territoriales:comptage", lambda m: m.action.pk),
    "actions territoriales du dossier (fragment)": _get(
        C, "actions_territoriales:actions_du_jeune", jeune, htmx=True, avant="action"
    ),
    "actions territoriales du dossier (page)": _get(C, "actions_territoriales:actions_du_jeune", jeune),
}

PDF = {
    "feuille d'émargement": _get(C, "accompagnement:session_feuille_pdf", lambda m: m.session.pk),
    "courrier FAJ": _get(C, "aides:demande_courrier", lambda m: m.demande_refusee.pk),
    "ordre du jour de séance": _get(S, "aides:seance_ordre_du_jour_pdf", lambda m: m.seance_ouverte.pk),
    "procès-verbal de séance": _get(S, "aides:seance_proces_verbal_pdf", lambda m: m.demande_refusee.seance_close.pk),
    "courriers de séance": _get(S, "aides:seance_courriers_pdf", lambda m: m.demande_refusee.seance_close.pk),
    "droit d'accès": _get(D, "conservation:droit_acces_pdf", jeune),
    "lettre de convocation": _get(C, "agenda:rendez_vous_convocation_pdf", lambda m: m.rendez_vous_a_venir.pk),
    "convention d'immersion": _get(C, "entreprises:immersion_convention_pdf", lambda m: m.employeur["immersion"].pk),
}

EXPORTS = {
    "offres (csv)": _get(C, "entreprises:offre_liste", export="csv", avant="entreprise"),
    "offres (xlsx)": _get(C, "entreprises:offre_liste", export="xlsx", avant="entreprise"),
    "jeunes (csv)": _get(R, "accompagnement:jeune_liste", export="csv", avant="jeune"),
    "jeunes (xlsx)": _get(R, "accompagnement:jeune_liste", export="xlsx", avant="jeune"),
    "bénéficiaires (csv)": _get(C, "dispositifs:beneficiaires_export", "cej", format="csv", avant="inscription"),
    "bénéficiaires (xlsx)": _get(C, "dispositifs:beneficiaires_export", "cej", format="xlsx", avant="inscription"),
}


@pytest.fixture
def monde(request):
    return Monde(request)


def assert_echappe(contenu):
    brute = BALISE_BRUTE.search(contenu)
    assert brute is None, f"nom hostile affiché brut : …{contenu[max(0, brute.start() - 300) : brute.end() + 100]}…"
    assert "&amp;lt;" not in contenu, "nom échappé deux fois (l'utilisateur lit « &lt;img »)"
    assert ECHAPPE.lower() in contenu.lower(), "le nom hostile n'est pas affiché : la surface ne teste rien"


@pytest.mark.parametrize("surface", PAGES)
def test_pages_et_fragments(surface, monde, client_de):
    reponse = PAGES[surface](monde, client_de)
    assert reponse.status_code == 200, reponse.get("Location")
    assert reponse["Content-Type"].startswith("text/html")
    assert_echappe(reponse.content.decode())


def texte_pdf(contenu):
    """Texte du PDF dans l'ordre où il est dessiné (`pdftotext -raw`) : une cellule de tableau reste d'un seul
    tenant, même répartie sur plusieurs lignes ; espaces normalisés."""
    assert contenu.startswith(b"%PDF-")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) absent : scripts/deps-systeme.sh l'installe")
    resultat = subprocess.run(["pdftotext", "-raw", "-", "-"], input=contenu, capture_output=True, check=True)
    return " ".join(resultat.stdout.decode("utf-8").split())


@pytest.mark.parametrize("surface", PDF)
def test_pdf(surface, monde, client_de):
    reponse = PDF[surface](monde, client_de)
    assert reponse.status_code == 200, reponse.get("Location")
    assert reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse.content)
    assert HOSTILE in texte, texte
    assert "&lt;" not in texte and "&amp;" not in texte, "entité HTML imprimée telle quelle"


def cellules(reponse):
    if reponse["Content-Type"].startswith("text/csv"):
        return [
            c for ligne in csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";") for c in ligne
        ]
    from openpyxl import load_workbook

    classeur = load_workbook(io.BytesIO(reponse.content), read_only=True)
    return [c for feuille in classeur.worksheets for ligne in feuille.iter_rows(values_only=True) for c in ligne]


@pytest.mark.parametrize("surface", EXPORTS)
def test_exports(surface, monde, client_de):
    reponse = EXPORTS[surface](monde, client_de)
    assert reponse.status_code == 200, reponse.get("Location")
    valeurs = cellules(reponse)
    assert HOSTILE in valeurs, valeurs
    assert not any(isinstance(v, str) and "&lt;" in v for v in valeurs), "valeur échappée en HTML dans un export"
