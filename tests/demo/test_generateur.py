"""Jeu de démonstration : déterminisme, distributions, dates, règles territoriales, --si-vide."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Max, Min, Q
from django.utils import timezone

from accompagnement.models import AffectationReferent, Evenement, Jeune, Participation, SessionCollective, Situation
from aides.models import Decision, DemandeAide
from antennes.models import Commune
from developpement.demo.generateur import generer
from developpement.demo.referentiel import CATALOGUE, SIREN_RENNES_METROPOLE
from dispositifs.models import Dispositif, Inscription, Versement
from weker.texte import normaliser

pytestmark = pytest.mark.django_db

TOLERANCE = 0.07


def empreinte():
    """Le contenu généré, sans les clés primaires (qui dépendent de l'état des séquences)."""
    jeunes = list(
        Jeune.objects.order_by("nom_recherche", "date_naissance", "date_premier_accueil", "telephone").values_list(
            "nom",
            "prenom",
            "date_naissance",
            "commune_id",
            "secteur__code",
            "referent__username",
            "date_premier_accueil",
            "niveau",
            "date_dernier_contact",
            "date_prochain_rdv",
        )
    )
    evenements = sorted(
        Counter(Evenement.objects.values_list("jeune__nom_recherche", "jeune__date_naissance", "type", "date"))
    )
    demandes = sorted(DemandeAide.objects.values_list("jeune__telephone", "fonds", "montant_demande", "decision"))
    versements = sorted(Versement.objects.values_list("jeune__telephone", "fonds", "date", "montant"))
    return jeunes, evenements, demandes, versements


def tout_effacer():
    DemandeAide.objects.all().delete()
    Jeune.objects.all().delete()
    SessionCollective.objects.all().delete()


def test_meme_graine_memes_donnees_et_autre_graine_autres_donnees():
    generer(jeunes=150, graine=7)
    premiere = empreinte()
    assert len(premiere[0]) == 150
    tout_effacer()
    generer(jeunes=150, graine=7)
    assert empreinte() == premiere
    tout_effacer()
    generer(jeunes=150, graine=8)
    assert empreinte()[0] != premiere[0]


def test_distributions_proches_de_celles_de_l_agence():
    aujourdhui = timezone.localdate()
    bilan = generer(jeunes=800, graine=42)
    n = Jeune.objects.count()
    assert n == bilan.jeunes == 800

    def part(**filtre):
        return Jeune.objects.filter(**filtre).count() / n

    assert part(sexe="f") == pytest.approx(0.49, abs=TOLERANCE)
    assert part(niveau__in=["4", "5", "6", "7", "8"]) == pytest.approx(0.52, abs=TOLERANCE)
    assert part(hebergement="precaire") == pytest.approx(0.18, abs=TOLERANCE)
    assert part(permis="non") == pytest.approx(0.52, abs=TOLERANCE)
    assert part(transport="commun") == pytest.approx(0.64, abs=TOLERANCE)
    assert part(antenne__code="RENNES") == pytest.approx(0.45, abs=TOLERANCE)
    assert 0 < part(antenne__code="HORS_BE") < 0.08

    accompagnes = Jeune.objects.accompagnes_en(aujourdhui.year)
    primo = accompagnes.filter(date_premier_accueil__year=aujourdhui.year).count() / accompagnes.count()
    assert primo == pytest.approx(0.46, abs=TOLERANCE)
    # Environ la moitié des jeunes créés sont accompagnés une année donnée (8 000 sur ~16 000 à l'échelle réelle).
    assert 0.4 < accompagnes.count() / n < 0.6

    ages = [j.age_au(j.date_premier_accueil) for j in Jeune.objects.only("date_naissance", "date_premier_accueil")]
    dans_la_tranche = sum(16 <= a <= 25 for a in ages) / n
    assert dans_la_tranche > 0.98
    hors_tranche = [
        j for j in Jeune.objects.filter(derogation_age_motif="") if not 16 <= j.age_au(j.date_premier_accueil) <= 25
    ]
    assert hors_tranche == []

    # Événements, sessions, situations, dispositifs, allocations et aides en proportion.
    assert 7 <= bilan.evenements / n <= 14
    assert Evenement.objects.filter(type="contact").exists()
    assert (
        Participation.objects.filter(presence="present").count()
        == Evenement.objects.filter(session__isnull=False).count()
    )
    assert Situation.objects.filter(categorie="formation", financeur="").count() == 0
    assert Inscription.objects.filter(dispositif__code="cej").exists()
    cej = Versement.objects.filter(fonds="allocation_cej")
    assert cej.count() > 0
    assert 400 < sum(v.montant for v in cej) / cej.count() <= 545
    demandes = DemandeAide.objects.exclude(decision="")
    montants = [d.montant_demande for d in demandes]
    assert sum(50 <= m <= 400 for m in montants) / len(montants) > 0.8
    assert all(d.montant_demande <= 75 for d in DemandeAide.objects.filter(urgence=True))
    # Chaque demande décidée a sa ligne dans l'historique des décisions, avec le même montant.
    for demande in DemandeAide.objects.exclude(decision="").prefetch_related("decisions"):
        (decision,) = demande.decisions.all()
        assert (decision.type, decision.montant_accorde, decision.date) == (
            demande.decision,
            demande.montant_accorde,
            demande.date_decision,
        )
    assert not Decision.objects.filter(demande__decision="").exists()


def test_aucune_date_dans_le_futur():
    aujourdhui = timezone.localdate()
    generer(jeunes=300, graine=3)
    assert not Jeune.objects.filter(
        Q(date_premier_accueil__gt=aujourdhui)
        | Q(date_dernier_contact__gt=aujourdhui)
        | Q(date_naissance__gt=aujourdhui)
    ).exists()
    assert not Evenement.objects.filter(date__gt=aujourdhui).exists()
    assert not Situation.objects.filter(Q(date_debut__gt=aujourdhui) | Q(date_fin__gt=aujourdhui)).exists()
    assert not Inscription.objects.filter(Q(date_entree__gt=aujourdhui) | Q(date_sortie__gt=aujourdhui)).exists()
    assert not Versement.objects.filter(date__gt=aujourdhui).exists()
    assert not DemandeAide.objects.filter(Q(date_demande__gt=aujourdhui) | Q(date_decision__gt=aujourdhui)).exists()
    assert not AffectationReferent.objects.filter(debut__gt=aujourdhui).exists()
    # Seules les sessions à venir (inscriptions ouvertes) sont datées dans le futur, sans présence ni événement.
    futures = SessionCollective.objects.filter(date__gt=aujourdhui)
    assert not Participation.objects.filter(session__in=futures).exclude(presence="inscrit").exists()
    # Le prochain rendez-vous n'est jamais antérieur au dernier contact.
    assert not Jeune.objects.filter(date_prochain_rdv__lt=F("date_dernier_contact")).exists()


def test_territoire_valide_pour_chaque_jeune():
    generer(jeunes=400, graine=11)
    for jeune in Jeune.objects.select_related("commune", "secteur", "antenne"):
        assert jeune.antenne_id == jeune.commune.antenne_id
        assert jeune.secteur is not None
        assert jeune.secteur.antenne_id == jeune.antenne_id
        if jeune.commune_id == "35238":
            assert jeune.secteur.code.startswith("RENNES_")
        else:
            assert jeune.secteur_id == jeune.commune.secteur_defaut_id
        assert jeune.nom_recherche == normaliser(f"{jeune.nom} {jeune.nom_usage} {jeune.prenom}")
    # Fonds FAJ selon la commune : Rennes Métropole → faj_rm, reste du bassin → faj_cd35.
    rm = set(Commune.objects.filter(epci__siren=SIREN_RENNES_METROPOLE).values_list("code_insee", flat=True))
    for commune_id, fonds in DemandeAide.objects.values_list("jeune__commune_id", "fonds"):
        assert fonds == ("faj_rm" if commune_id in rm else "faj_cd35")


def test_referents_et_portefeuille_du_compte_conseiller():
    call_command("creer_comptes_demo", stdout=StringIO())
    generer(jeunes=1500, graine=5)
    portefeuille = Jeune.objects.filter(referent__username="conseiller")
    assert 120 <= portefeuille.count() <= 150
    assert set(portefeuille.values_list("antenne__code", flat=True)) == {"RENNES"}
    # Chaque jeune a exactement une affectation en cours s'il a un référent, et le référent est de son antenne
    # (les jeunes hors bassin sont suivis à Rennes).
    en_cours = dict(AffectationReferent.objects.filter(fin__isnull=True).values_list("jeune_id", "referent_id"))
    for jeune_id, referent_id, antenne, antenne_referent in Jeune.objects.filter(referent__isnull=False).values_list(
        "id", "referent_id", "antenne__code", "referent__antenne__code"
    ):
        assert en_cours[jeune_id] == referent_id
        assert antenne_referent == (antenne if antenne != "HORS_BE" else "RENNES")
    sans_referent = Jeune.objects.filter(referent__isnull=True)
    assert sans_referent.exists()
    assert not AffectationReferent.objects.filter(jeune__in=sans_referent, fin__isnull=True).exists()
    assert not Jeune.objects.filter(affectations__isnull=True).exists()


def test_catalogue_cree_si_absent_sans_toucher_aux_existants():
    Dispositif.objects.update_or_create(code="cej", defaults={"nom": "CEJ (nom local)", "niveau": "national"})
    generer(jeunes=50, graine=1)
    assert Dispositif.objects.get(code="cej").nom == "CEJ (nom local)"
    assert set(CATALOGUE) <= set(Dispositif.objects.values_list("code", flat=True))


def test_commande_si_vide_idempotente():
    sortie = StringIO()
    call_command("generer_demo", "--jeunes", "60", "--graine", "2", "--si-vide", stdout=sortie)
    assert Jeune.objects.count() == 60
    assert "Jeu de démonstration créé en" in sortie.getvalue()
    sortie = StringIO()
    call_command("generer_demo", "--jeunes", "60", "--si-vide", stdout=sortie)
    assert Jeune.objects.count() == 60
    assert "Des jeunes existent déjà" in sortie.getvalue()


def test_commande_refuse_les_parametres_invalides():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="entiers positifs"):
        call_command("generer_demo", "--jeunes", "0", stdout=StringIO())


def test_dates_de_suivi_coherentes_avec_les_evenements():
    generer(jeunes=200, graine=9)
    dernier = dict(Evenement.objects.values("jeune_id").annotate(d=Max("date")).values_list("jeune_id", "d"))
    for jeune_id, date_dernier_contact in Jeune.objects.values_list("id", "date_dernier_contact"):
        assert date_dernier_contact == dernier[jeune_id]
    premier = dict(Evenement.objects.values("jeune_id").annotate(d=Min("date")).values_list("jeune_id", "d"))
    for jeune_id, accueil in Jeune.objects.values_list("id", "date_premier_accueil"):
        assert premier[jeune_id] == accueil


def test_ages_et_telephones_suivent_les_regles_du_premier_accueil():
    """Le jeu de démonstration passerait les contrôles du premier accueil (accompagnement.regles)."""
    from accompagnement.regles import exige_derogation, telephone_valide, verifier_age_premier_accueil

    generer(jeunes=500, graine=5)
    derogations = 0
    for jeune in Jeune.objects.all():
        age = verifier_age_premier_accueil(
            date_naissance=jeune.date_naissance,
            date_premier_accueil=jeune.date_premier_accueil,
            derogation_age_motif=jeune.derogation_age_motif,
        )
        assert bool(jeune.derogation_age_motif) is exige_derogation(age)
        derogations += exige_derogation(age)
        assert telephone_valide(jeune.telephone)
    assert Jeune.objects.count() == 500 and derogations < 15


def test_aides_accordees_imputees_sur_le_budget_de_leur_annee():
    """Le FAJ marche sur la démonstration : chaque année a son budget, chaque aide accordée est imputée sur
    l'enveloppe Mission Locale de son fonds et de l'année de sa décision, sans dépasser le montant voté ; la page du
    budget compte donc les mêmes aides que le tableau de bord."""
    from aides.enums import DECISIONS_FAVORABLES
    from aides.models import Enveloppe
    from aides.selectors import aides_accordees_par_fonds
    from reporting.indicateurs import calculer_indicateurs

    generer(jeunes=300, graine=3)
    accordees = DemandeAide.objects.filter(decision__in=DECISIONS_FAVORABLES).select_related("enveloppe")
    assert accordees.count() > 5
    for demande in accordees:
        assert demande.enveloppe is not None, demande
        assert (demande.enveloppe.fonds, demande.enveloppe.annee) == (demande.fonds, demande.date_decision.year)
        assert demande.enveloppe.nom == "Mission Locale"
    assert set(Decision.objects.exclude(type__in=["refusee", "ajournee"]).values_list("enveloppe_id", flat=True)) == {
        d.enveloppe_id for d in accordees
    }
    annee = timezone.localdate().year
    assert Enveloppe.objects.filter(annee=annee, fonds="faj_rm", nom="Mission Locale").exists()
    assert Enveloppe.objects.filter(annee=annee, fonds="faj_cd35", nom="Mission Locale").exists()
    for enveloppe in Enveloppe.objects.avec_montants().exclude(type="reserve"):
        assert enveloppe.disponible >= 0 and (enveloppe.montant > 0 or enveloppe.accorde == 0), enveloppe
    indicateurs = calculer_indicateurs(annee)["aides"]
    for resume in aides_accordees_par_fonds(annee):
        assert resume.aides == indicateurs[resume.fonds]["aides"] and resume.hors_enveloppe == 0


def test_installation_la_page_des_alertes_et_le_portefeuille_concordent(client):
    """Issue 16 : juste après `make run` (generer_demo --si-vide), sans clic sur « Recalculer maintenant », chaque
    conseiller voit sur la page des alertes (« mes jeunes ») autant d'alertes que de badges dans son portefeuille."""
    import re

    from django.urls import reverse

    from comptes.enums import Role
    from comptes.models import Utilisateur

    call_command("generer_demo", "--jeunes", "60", "--graine", "3", "--si-vide", stdout=StringIO())
    referents = Utilisateur.objects.filter(
        role=Role.CONSEILLER, pk__in=Jeune.objects.actifs().values("referent")
    ).order_by("pk")
    total = 0
    for referent in referents:
        client.force_login(referent)
        page = client.get(reverse("dispositifs:alertes"), {"mes_jeunes": "on", "antenne": ""}).content.decode()
        compte = int(re.search(r"(\d+) alerte\(s\)", page).group(1))
        portefeuille = client.get(reverse("accompagnement:portefeuille")).content.decode()
        assert compte == portefeuille.count('class="badge text-bg-warning"'), referent
        total += compte
    assert total > 0  # le jeu de démonstration a des jeunes à relancer : la comparaison porte sur quelque chose


def test_relations_entreprises_et_actions_pour_que_le_tableau_de_bord_ne_soit_pas_vide():
    from entreprises.models import Entreprise, MiseEnRelation, Offre
    from reporting.indicateurs import calculer_indicateurs

    generer(jeunes=300, graine=5)
    generer(jeunes=20, graine=5)  # relancer sur une base qui a déjà des entreprises : aucun conflit de SIRET

    annee = timezone.localdate().year - 1
    d = calculer_indicateurs(annee)
    assert d["entreprises"]["contactees"] > 0
    assert d["entreprises"]["offres"] > 0 and d["entreprises"]["postes"] >= d["entreprises"]["offres"]
    assert d["entreprises"]["mises_en_relation"] > 0
    assert sum(v for k, v in d["entreprises"]["par_secteur_naf"].items() if k != "non_renseigne") > 0
    assert d["actions"]["total"]["actions"] > 0 and d["actions"]["total"]["jeunes"] > 0
    assert sum(t["sessions"] for t in d["ateliers_par_theme"].values()) > 0
    assert sum(v for k, v in d["entrees_formation"]["par_programme"].items() if k != "non_renseigne") > 0
    assert Entreprise.objects.count() == 20 + 20
    assert not Offre.objects.filter(date_reception__gt=timezone.localdate()).exists()
    assert not MiseEnRelation.objects.filter(date__gt=timezone.localdate()).exists()
    # Présences aux sessions : le thème de la session
    assert (
        not Evenement.objects.filter(session__isnull=False).exclude(theme_atelier=F("session__theme_atelier")).exists()
    )
