import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accompagnement.enums import Nationalite
from aides import services
from aides.enums import Fonds, ModePaiement, StatutDemande, StatutSeance, TypeAide, TypeDecision, TypeEnveloppe
from aides.models import ZERO, Decision, DemandeAide, Enveloppe, EtapeDemande, ParametreFAJ, Reallocation, Seance
from tests.accompagnement.factories import aujourd_hui
from tests.aides.factories import (
    MONTFORT,
    PARIS,
    RENNES,
    SAINT_MALO,
    EnveloppeFactory,
    JeuneFactory,
    SeanceFactory,
    budget_rennes_metropole,
    commune,
    demande_accordee_notifiee,
    demande_soumise,
    ne_il_y_a,
    seance_ouverte_avec,
)

pytestmark = pytest.mark.django_db


def creer(par, jeune=None, montant="150.00", **kwargs):
    return services.demande_aide_creer(
        jeune=jeune or JeuneFactory(),
        par=par,
        type=TypeAide.MOBILITE,
        montant_demande=Decimal(montant),
        motivation="Achat d'un vélo pour se rendre en formation.",
        **kwargs,
    )


def message(erreur):
    return " ".join(erreur.value.messages)


# --- Fonds et éligibilité ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "fonds"),
    [(RENNES, Fonds.FAJ_RM), ("35051", Fonds.FAJ_RM), (MONTFORT, Fonds.FAJ_CD35), (SAINT_MALO, Fonds.FAJ_CD35)],
)
def test_le_fonds_est_propose_selon_la_commune(code, fonds):
    assert services.fonds_pour_commune(commune(code)) == fonds


def test_un_jeune_hors_du_departement_est_refuse(conseiller_rennes):
    jeune = JeuneFactory(code_commune=PARIS)
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller_rennes, jeune=jeune)
    assert "hors d'Ille-et-Vilaine" in message(erreur)


def test_la_demande_prend_le_fonds_de_la_commune_et_refuse_un_autre_fonds(conseiller_rennes):
    jeune = JeuneFactory(code_commune=MONTFORT)
    assert creer(conseiller_rennes, jeune=jeune).fonds == Fonds.FAJ_CD35
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller_rennes, jeune=jeune, fonds=Fonds.FAJ_RM)
    assert "relève du FAJ du Département" in message(erreur)


@pytest.mark.parametrize(
    ("naissance", "admis"),
    [
        (ne_il_y_a(18), True),  # 18 ans le jour même
        (ne_il_y_a(26, jours=-1), True),  # 25 ans, 26 demain
        (ne_il_y_a(26), False),  # 26 ans aujourd'hui
        (ne_il_y_a(18, jours=-1), False),  # 17 ans, sans dérogation
        (ne_il_y_a(15, jours=10), False),
    ],
)
def test_age_de_18_a_25_ans(conseiller_rennes, naissance, admis):
    jeune = JeuneFactory(date_naissance=naissance)
    if admis:
        assert creer(conseiller_rennes, jeune=jeune).statut == StatutDemande.BROUILLON
    else:
        with pytest.raises(ValidationError):
            creer(conseiller_rennes, jeune=jeune)


def test_16_17_ans_avec_une_derogation_enregistree(conseiller_rennes):
    jeune = JeuneFactory(date_naissance=ne_il_y_a(17, jours=5))
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller_rennes, jeune=jeune)
    assert "dérogation motivée" in message(erreur)
    demande = creer(conseiller_rennes, jeune=jeune, derogation_age_motif="Jeune en rupture familiale, sans ressources.")
    assert demande.derogation_age_par == conseiller_rennes
    assert demande.derogation_age_motif.startswith("Jeune en rupture")


def test_un_jeune_de_15_ans_est_refuse_meme_avec_derogation(conseiller_rennes):
    jeune = JeuneFactory(date_naissance=ne_il_y_a(15, jours=5))
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller_rennes, jeune=jeune, derogation_age_motif="Motif")
    assert "pas ouvert avant 16 ans" in message(erreur)


def test_titre_de_sejour_valide_a_la_date_de_la_demande(conseiller_rennes):
    aujourd_hui = timezone.localdate()
    sans_titre = JeuneFactory(nationalite=Nationalite.HORS_UE)
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller_rennes, jeune=sans_titre)
    assert "titre de séjour" in message(erreur)
    expire = JeuneFactory(
        nationalite=Nationalite.HORS_UE,
        titre_sejour_numero="3501234567",
        titre_sejour_expiration=aujourd_hui - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as erreur:
        creer(conseiller_rennes, jeune=expire)
    assert "a expiré le" in message(erreur)
    valide = JeuneFactory(
        nationalite=Nationalite.HORS_UE, titre_sejour_numero="3501234567", titre_sejour_expiration=aujourd_hui
    )
    assert creer(conseiller_rennes, jeune=valide).pk


# --- Circuit -------------------------------------------------------------------------------------------------


def test_chaque_etape_est_tracee_avec_qui_et_quand(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    services.seance_clore(seance=seance, par=secretariat_faj)
    services.demande_aide_notifier(demande=demande, par=secretariat_faj)
    services.demande_aide_payer(
        demande=demande,
        par=secretariat_faj,
        mode=ModePaiement.VIREMENT,
        date=timezone.localdate(),
        reference="MANDAT-1",
        montant=Decimal("150.00"),
    )
    etapes = list(EtapeDemande.objects.filter(demande=demande).values_list("de_statut", "vers_statut", "par"))
    assert etapes == [
        ("", "brouillon", conseiller_rennes.pk),
        ("brouillon", "soumise", conseiller_rennes.pk),
        ("soumise", "inscrite", secretariat_faj.pk),
        ("inscrite", "decidee", secretariat_faj.pk),
        ("decidee", "notifiee", secretariat_faj.pk),
        ("notifiee", "payee", secretariat_faj.pk),
    ]
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.PAYEE
    assert demande.montant_accorde == Decimal("150.00")
    assert demande.date_decision == timezone.localdate()


def test_transitions_invalides_refusees_avec_un_message_clair(conseiller_rennes, secretariat_faj):
    demande = creer(conseiller_rennes)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_notifier(demande=demande, par=secretariat_faj)
    assert message(erreur) == "Transition impossible : une demande « Brouillon » ne peut pas passer à « Notifiée »."
    services.demande_aide_soumettre(demande=demande, par=conseiller_rennes)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_soumettre(demande=demande, par=conseiller_rennes)
    assert "« Soumise » ne peut pas passer à « Soumise »" in message(erreur)
    with pytest.raises(ValidationError):
        services.demande_aide_payer(
            demande=demande,
            par=secretariat_faj,
            mode=ModePaiement.CHEQUE,
            date=timezone.localdate(),
            reference="X",
            montant=Decimal("10"),
        )


def test_soumettre_exige_une_motivation(conseiller_rennes):
    demande = services.demande_aide_creer(
        jeune=JeuneFactory(), par=conseiller_rennes, type=TypeAide.SANTE, montant_demande=Decimal("80")
    )
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_soumettre(demande=demande, par=conseiller_rennes)
    assert "motivation" in message(erreur)


def test_une_demande_ne_peut_etre_inscrite_qu_a_une_seance_de_son_fonds(conseiller_rennes, secretariat_faj):
    demande = demande_soumise(conseiller_rennes)
    seance_cd35 = SeanceFactory(fonds=Fonds.FAJ_CD35)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_inscrire(demande=demande, seance=seance_cd35, par=secretariat_faj)
    assert "relève du FAJ Rennes Métropole" in message(erreur)


def test_l_ordre_du_jour_suit_l_ordre_d_inscription_et_le_conseiller_presente(conseiller_rennes, secretariat_faj):
    seance = SeanceFactory()
    premiere, seconde = demande_soumise(conseiller_rennes), demande_soumise(conseiller_rennes)
    p1 = services.demande_aide_inscrire(demande=premiere, seance=seance, par=secretariat_faj)
    p2 = services.demande_aide_inscrire(demande=seconde, seance=seance, par=secretariat_faj)
    assert (p1.ordre, p2.ordre) == (1, 2)
    assert p1.conseiller_presentant == conseiller_rennes


def test_decider_exige_une_seance_ouverte(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes)
    seance = SeanceFactory()
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(
            demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE
        )
    assert "séance ouverte" in message(erreur)


def test_montant_accorde_jamais_superieur_au_demande(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="200.00")
    seance = seance_ouverte_avec(secretariat_faj, demande)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(
            demande=demande,
            seance=seance,
            par=secretariat_faj,
            decision=TypeDecision.ACCORDEE_PARTIELLEMENT,
            montant_accorde=Decimal("200.01"),
            motif="x",
        )
    assert "ne peut pas dépasser le montant demandé (200,00" in message(erreur)


def test_accord_partiel_et_refus_exigent_un_motif(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="200.00")
    seance = seance_ouverte_avec(secretariat_faj, demande)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(
            demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.REFUSEE
        )
    assert "Motivez la décision" in message(erreur)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(
            demande=demande,
            seance=seance,
            par=secretariat_faj,
            decision=TypeDecision.ACCORDEE,
            montant_accorde=Decimal("120"),
        )
    assert "Accordée partiellement" in message(erreur)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.ACCORDEE_PARTIELLEMENT,
        montant_accorde=Decimal("120"),
        motif="Le reste est couvert par l'aide du CCAS.",
    )
    demande.refresh_from_db()
    assert (demande.decision, demande.montant_accorde) == (TypeDecision.ACCORDEE_PARTIELLEMENT, Decimal("120.00"))
    assert demande.enveloppe == budget_rm["agence"]


def test_une_demande_ajournee_retourne_vers_une_seance_ulterieure(
    conseiller_rennes, secretariat_faj, budget_rm, time_machine
):
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.AJOURNEE,
        motif="Devis du garage manquant.",
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE
    assert demande.decision == TypeDecision.AJOURNEE
    services.seance_clore(seance=seance, par=secretariat_faj)
    with pytest.raises(ValidationError):
        services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    veille = SeanceFactory(date=seance.date - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_inscrire(demande=demande, seance=veille, par=secretariat_faj)
    assert "séance ultérieure" in message(erreur)
    suivante = SeanceFactory(date=seance.date + datetime.timedelta(days=14))
    services.demande_aide_inscrire(demande=demande, seance=suivante, par=secretariat_faj)
    time_machine.move_to(datetime.datetime.combine(suivante.date, datetime.time(14)))  # le jour de la séance
    services.seance_ouvrir(seance=suivante, par=secretariat_faj)
    services.demande_aide_decider(demande=demande, seance=suivante, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.DECIDEE
    assert list(Decision.objects.filter(demande=demande).order_by("id").values_list("type", "seance")) == [
        (TypeDecision.AJOURNEE, seance.pk),
        (TypeDecision.ACCORDEE, suivante.pk),
    ]


def test_une_decision_peut_etre_corrigee_pendant_la_seance(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="300.00")
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.ACCORDEE_PARTIELLEMENT,
        montant_accorde=Decimal("100"),
        motif="Plafond annuel de l'aide mobilité.",
    )
    demande.refresh_from_db()
    assert demande.montant_accorde == Decimal("100.00")
    assert Enveloppe.objects.avec_montants().get(pk=budget_rm["agence"].pk).accorde == Decimal("100.00")
    services.seance_clore(seance=seance, par=secretariat_faj)
    with pytest.raises(ValidationError):
        services.demande_aide_decider(
            demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.REFUSEE, motif="x"
        )


def test_clore_exige_une_decision_pour_chaque_demande(conseiller_rennes, secretariat_faj, budget_rm):
    a, b = demande_soumise(conseiller_rennes), demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, a, b)
    services.demande_aide_decider(demande=a, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    with pytest.raises(ValidationError) as erreur:
        services.seance_clore(seance=seance, par=secretariat_faj)
    assert "1 demande(s)" in message(erreur)


def test_notifier_attend_la_cloture_de_la_seance(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_notifier(demande=demande, par=secretariat_faj)
    assert "une fois la séance close" in message(erreur)


def test_retirer_de_l_ordre_du_jour_remet_la_demande_soumise(conseiller_rennes, secretariat_faj):
    demande = demande_soumise(conseiller_rennes)
    seance = SeanceFactory()
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    services.demande_aide_desinscrire(demande=demande, seance=seance, par=secretariat_faj)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE
    assert not seance.points.exists()


# --- Urgence ---------------------------------------------------------------------------------------------------


def test_aide_d_urgence_de_60_euros_decidee_immediatement(conseiller_rennes, responsable_rennes, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="60.00")
    decision = services.demande_aide_decider_urgence(
        demande=demande, par=responsable_rennes, decision=TypeDecision.ACCORDEE
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.DECIDEE
    assert demande.urgence is True
    assert demande.montant_accorde == Decimal("60.00")
    assert decision.urgence and decision.seance is None and decision.decide_par == responsable_rennes
    services.demande_aide_notifier(demande=demande, par=responsable_rennes)


def test_aide_d_urgence_de_90_euros_refusee_sur_ce_circuit(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="90.00")
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider_urgence(demande=demande, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    assert message(erreur) == (
        "L'aide d'urgence est plafonnée à 75,00\u00a0€ : cette demande de 90,00\u00a0€ doit passer en commission."
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE


def test_le_plafond_d_urgence_est_parametrable(conseiller_rennes, direction, budget_rm):
    parametre = ParametreFAJ.courant()
    assert parametre.plafond_urgence == Decimal("75.00")
    parametre.plafond_urgence = Decimal("100.00")
    parametre.save()
    demande = demande_soumise(conseiller_rennes, montant="90.00")
    services.demande_aide_decider_urgence(demande=demande, par=direction, decision=TypeDecision.ACCORDEE)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.DECIDEE


def test_un_conseiller_ne_decide_pas_une_aide_d_urgence(conseiller_rennes, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="50.00")
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider_urgence(demande=demande, par=conseiller_rennes, decision=TypeDecision.ACCORDEE)
    assert "Seuls le secrétariat FAJ" in message(erreur)


def test_une_demande_inscrite_ne_passe_plus_par_l_urgence(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="50.00")
    services.demande_aide_inscrire(demande=demande, seance=SeanceFactory(), par=secretariat_faj)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider_urgence(demande=demande, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    assert "« Inscrite à une séance »" in message(erreur)


# --- Enveloppes --------------------------------------------------------------------------------------------------


def test_une_decision_qui_depasse_l_enveloppe_est_refusee(conseiller_rennes, secretariat_faj):
    from tests.aides.factories import budget_rennes_metropole

    budget = budget_rennes_metropole(agence="200.00", reserve="500.00")
    a, b = demande_soumise(conseiller_rennes, montant="150.00"), demande_soumise(conseiller_rennes, montant="100.00")
    seance = seance_ouverte_avec(secretariat_faj, a, b)
    services.demande_aide_decider(demande=a, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(demande=b, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    assert "il reste 50,00\u00a0€ pour 100,00\u00a0€ accordés (manque 50,00\u00a0€)" in message(erreur)
    assert not Reallocation.objects.exists()
    # Avec une réallocation explicite depuis la réserve : le complément exact est tracé.
    services.demande_aide_decider(
        demande=b,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.ACCORDEE,
        reallouer_depuis_reserve=True,
    )
    reallocation = Reallocation.objects.get()
    assert (reallocation.source, reallocation.destination) == (budget["reserve"], budget["agence"])
    assert reallocation.montant == Decimal("50.00")
    assert reallocation.demande == b and reallocation.par == secretariat_faj
    assert services.montant_disponible(budget["reserve"]) == Decimal("450.00")


def test_la_reserve_ne_peut_pas_donner_plus_qu_elle_n_a(conseiller_rennes, secretariat_faj):
    from tests.aides.factories import budget_rennes_metropole

    budget = budget_rennes_metropole(agence="100.00", reserve="20.00")
    demande = demande_soumise(conseiller_rennes, montant="150.00")
    seance = seance_ouverte_avec(secretariat_faj, demande)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(
            demande=demande,
            seance=seance,
            par=secretariat_faj,
            decision=TypeDecision.ACCORDEE,
            reallouer_depuis_reserve=True,
        )
    assert "ne dispose plus que de 20,00" in message(erreur)
    assert services.montant_disponible(budget["reserve"]) == Decimal("20.00")


def test_sans_enveloppe_aucune_aide_ne_peut_etre_accordee(conseiller_rennes, secretariat_faj):
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(
            demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE
        )
    annee = aujourd_hui().year
    assert message(erreur) == (
        f"Aucune enveloppe du FAJ Rennes Métropole n'est ouverte pour {annee} : ouvrez le budget {annee} (bouton "
        f'« Ouvrir le budget » de la page <a href="/aides/enveloppes/?annee={annee}">Budget FAJ {annee}</a>), '
        "saisissez le montant voté de l'enveloppe « Mission Locale », puis décidez."
    )
    # Un refus ne consomme rien : il reste possible sans enveloppe.
    services.demande_aide_decider(
        demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.REFUSEE, motif="Hors critères."
    )


def test_imputation_sur_l_enveloppe_ccas_choisie(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.ACCORDEE,
        enveloppe=budget_rm["ccas"],
    )
    demande.refresh_from_db()
    assert demande.enveloppe == budget_rm["ccas"]
    with pytest.raises(ValidationError):
        autre = demande_soumise(conseiller_rennes)
        services.demande_aide_inscrire(demande=autre, seance=seance, par=secretariat_faj)
        services.demande_aide_decider(
            demande=autre,
            seance=seance,
            par=secretariat_faj,
            decision=TypeDecision.ACCORDEE,
            enveloppe=budget_rm["reserve"],
        )


def test_reallocation_manuelle(secretariat_faj, budget_rm):
    services.reallocation_enregistrer(
        source=budget_rm["reserve"],
        destination=budget_rm["ccas"],
        montant=Decimal("500.00"),
        motif="Forte demande au CCAS en novembre",
        par=secretariat_faj,
    )
    assert services.montant_disponible(budget_rm["ccas"]) == Decimal("5500.00")
    assert services.montant_disponible(budget_rm["reserve"]) == Decimal("1500.00")
    with pytest.raises(ValidationError):
        services.reallocation_enregistrer(
            source=budget_rm["agence"],
            destination=budget_rm["ccas"],
            montant=Decimal("1"),
            motif="x",
            par=secretariat_faj,
        )


# --- Paiements -------------------------------------------------------------------------------------------------------


def test_paiements_partiels_jamais_au_dessus_de_l_accorde(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_accordee_notifiee(conseiller_rennes, secretariat_faj, montant="300.00", accorde="250.00")
    payer = {"par": secretariat_faj, "date": timezone.localdate()}
    services.demande_aide_payer(
        demande=demande,
        mode=ModePaiement.TIERS,
        reference="BC-12",
        montant=Decimal("100.00"),
        beneficiaire="Garage Dupont",
        **payer,
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.NOTIFIEE
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_payer(
            demande=demande, mode=ModePaiement.VIREMENT, reference="M-2", montant=Decimal("150.01"), **payer
        )
    assert "reste à payer 150,00" in message(erreur)
    services.demande_aide_payer(
        demande=demande, mode=ModePaiement.VIREMENT, reference="M-2", montant=Decimal("150.00"), **payer
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.PAYEE
    assert services.montant_paye(demande) == Decimal("250.00")


def test_un_paiement_a_un_tiers_nomme_le_tiers(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_accordee_notifiee(conseiller_rennes, secretariat_faj)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_payer(
            demande=demande,
            par=secretariat_faj,
            date=timezone.localdate(),
            mode=ModePaiement.TIERS,
            reference="BC-1",
            montant=Decimal("10"),
        )
    assert "Indiquez le tiers" in message(erreur)


def test_une_demande_refusee_ne_se_paie_pas(conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    services.demande_aide_decider(
        demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.REFUSEE, motif="Hors critères."
    )
    services.seance_clore(seance=seance, par=secretariat_faj)
    services.demande_aide_notifier(demande=demande, par=secretariat_faj)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_payer(
            demande=demande,
            par=secretariat_faj,
            date=timezone.localdate(),
            mode=ModePaiement.CHEQUE,
            reference="C-1",
            montant=Decimal("10"),
        )
    assert "seule une aide accordée et notifiée" in message(erreur)


# --- Pièces justificatives ----------------------------------------------------------------------

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_piece_pdf_stockee_sous_un_nom_aleatoire(conseiller_rennes, settings):
    demande = creer(conseiller_rennes)
    piece = services.piece_jointe_ajouter(
        demande=demande,
        par=conseiller_rennes,
        fichier=SimpleUploadedFile("devis garage Dupont.pdf", PDF, content_type="application/pdf"),
    )
    assert piece.type_mime == "application/pdf"
    assert piece.nom_original == "devis garage Dupont.pdf"
    assert "Dupont" not in piece.fichier.name and piece.fichier.name.endswith(".pdf")
    assert (settings.MEDIA_ROOT / piece.fichier.name).read_bytes() == PDF


def test_le_type_est_verifie_au_contenu_et_non_a_l_extension(conseiller_rennes):
    demande = creer(conseiller_rennes)
    with pytest.raises(ValidationError) as erreur:
        services.piece_jointe_ajouter(
            demande=demande,
            par=conseiller_rennes,
            fichier=SimpleUploadedFile("facture.pdf", b"MZ\x90\x00 executable", content_type="application/pdf"),
        )
    assert "Seuls les fichiers PDF, JPEG et PNG" in message(erreur)
    # Un PNG nommé .jpg est accepté comme PNG, stocké en .png
    piece = services.piece_jointe_ajouter(
        demande=demande, par=conseiller_rennes, fichier=SimpleUploadedFile("photo.jpg", PNG, content_type="image/jpeg")
    )
    assert piece.type_mime == "image/png" and piece.fichier.name.endswith(".png")


def test_piece_de_plus_de_10_mo_refusee(conseiller_rennes):
    demande = creer(conseiller_rennes)
    gros = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as erreur:
        services.piece_jointe_ajouter(demande=demande, par=conseiller_rennes, fichier=gros)
    assert "10 Mo au plus" in message(erreur)


# --- Budget de l'année : ouverture, montant voté, imputation ----------------------------------------------------


def test_un_budget_de_fonds_seul_ne_finance_pas_d_aide_et_le_message_dit_quoi_ajouter(
    conseiller_rennes, secretariat_faj
):
    annee = aujourd_hui().year
    EnveloppeFactory(nom="FAJ RM", type=TypeEnveloppe.FONDS, montant=Decimal("20000.00"))
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision="accordee")
    assert message(erreur) == (
        f"Le FAJ Rennes Métropole n'a pour {annee} aucune enveloppe qui reçoive des décisions : « FAJ RM » (budget "
        "du fonds (regroupe les sous-enveloppes)) ne financent pas d'aide directement (un budget de fonds se découpe "
        "en sous-enveloppes, une réserve abonde les autres). Ajoutez une enveloppe de type « Enveloppe de la Mission "
        f'Locale » dans la page <a href="/aides/enveloppes/?annee={annee}">Budget FAJ {annee}</a>.'
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.INSCRITE and not Decision.objects.exists()


def test_ouvrir_le_budget_de_l_annee_puis_saisir_le_montant_vote_rend_l_aide_imputable(
    conseiller_rennes, secretariat_faj
):
    annee = aujourd_hui().year
    creees = services.enveloppes_ouvrir_annee(annee=annee)
    assert sorted((e.fonds, e.nom, e.type, e.montant, e.parent.nom if e.parent else None) for e in creees) == [
        ("faj_cd35", "FAJ du Département d'Ille-et-Vilaine", "fonds", ZERO, None),
        ("faj_cd35", "Mission Locale", "agence", ZERO, "FAJ du Département d'Ille-et-Vilaine"),
        ("faj_cd35", "Réserve", "reserve", ZERO, "FAJ du Département d'Ille-et-Vilaine"),
        ("faj_rm", "FAJ Rennes Métropole", "fonds", ZERO, None),
        ("faj_rm", "Mission Locale", "agence", ZERO, "FAJ Rennes Métropole"),
        ("faj_rm", "Réserve", "reserve", ZERO, "FAJ Rennes Métropole"),
    ]
    assert services.enveloppes_ouvrir_annee(annee=annee) == []  # idempotent
    assert Enveloppe.objects.count() == 6
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision="accordee")
    assert message(erreur) == (
        f"L'enveloppe « Mission Locale » (FAJ Rennes Métropole {annee}) n'a pas encore de montant voté : saisissez-le "
        f'dans la page <a href="/aides/enveloppes/?annee={annee}">Budget FAJ {annee}</a>, puis décidez.'
    )
    agence = Enveloppe.objects.get(fonds="faj_rm", annee=annee, nom="Mission Locale")
    services.enveloppe_modifier(enveloppe=agence, par=secretariat_faj, montant=Decimal("5000.00"))
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision="accordee")
    demande.refresh_from_db()
    assert (demande.enveloppe, demande.montant_accorde) == (agence, Decimal("150.00"))
    with pytest.raises(ValidationError) as erreur:
        services.enveloppe_modifier(enveloppe=agence, par=secretariat_faj, montant=Decimal("100.00"))
    assert erreur.value.message_dict["montant"] == [
        "« Mission Locale » a déjà 150,00\xa0€ d'aides accordées : le montant voté ne peut pas descendre sous "
        "150,00\xa0€."
    ]
    agence.refresh_from_db()
    assert agence.montant == Decimal("5000.00")


def test_la_nouvelle_annee_reprend_la_structure_de_la_precedente_a_zero(secretariat_faj):
    annee = aujourd_hui().year
    budget_rennes_metropole(annee=annee)
    creees = services.enveloppes_ouvrir_annee(annee=annee + 1, par=secretariat_faj)
    rm = {e.nom: e for e in creees if e.fonds == "faj_rm"}
    assert set(rm) == {"FAJ Rennes Métropole", "Mission Locale", "CCAS de Rennes", "Réserve"}
    assert {e.montant for e in rm.values()} == {ZERO}
    assert rm["CCAS de Rennes"].parent == rm["FAJ Rennes Métropole"] and rm["CCAS de Rennes"].annee == annee + 1
    # Le CD35 n'avait rien l'année précédente : structure par défaut.
    assert sorted(e.nom for e in creees if e.fonds == "faj_cd35") == [
        "FAJ du Département d'Ille-et-Vilaine",
        "Mission Locale",
        "Réserve",
    ]


def test_commande_et_tache_d_ouverture_du_budget_idempotentes():
    from io import StringIO

    from django.core.management import call_command

    from aides.tasks import ouvrir_budget_annee

    sortie = StringIO()
    call_command("ouvrir_budget_faj", stdout=sortie)
    annee = aujourd_hui().year
    assert f"Budget FAJ {annee} ouvert : FAJ Rennes Métropole (FAJ Rennes Métropole), Mission Locale" in (
        sortie.getvalue()
    )
    assert ouvrir_budget_annee.delay().get() == 0
    call_command("ouvrir_budget_faj", stdout=sortie)
    assert f"Budget FAJ {annee} déjà ouvert pour chaque fonds." in sortie.getvalue()
    assert Enveloppe.objects.filter(annee=annee).count() == 6


# --- Dates des séances : on ne décide pas avant que la commission se réunisse ------------------------------------


def test_une_seance_ne_s_ouvre_ne_decide_ni_ne_se_clot_avant_sa_date(
    conseiller_rennes, secretariat_faj, budget_rm, time_machine
):
    aujourdhui = aujourd_hui()
    demande = demande_soumise(conseiller_rennes)
    seance = SeanceFactory(date=aujourdhui + datetime.timedelta(days=7))
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    attendu = (
        f"La séance se tient le {seance.date:%d/%m/%Y} : impossible d'ouvrir la séance avant cette date (nous "
        f"sommes le {aujourdhui:%d/%m/%Y}). Si la séance a été avancée, corrigez d'abord sa date."
    )
    with pytest.raises(ValidationError) as erreur:
        services.seance_ouvrir(seance=seance, par=secretariat_faj)
    assert message(erreur) == attendu
    seance.refresh_from_db()
    assert seance.est_preparee
    # Une séance ouverte (données anciennes) dont la date est future : ni décision ni clôture.
    Seance.objects.filter(pk=seance.pk).update(statut=StatutSeance.OUVERTE)
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision="accordee")
    assert "impossible d'enregistrer une décision avant cette date" in message(erreur)
    with pytest.raises(ValidationError) as erreur:
        services.seance_clore(seance=seance, par=secretariat_faj)
    assert "impossible de clore la séance avant cette date" in message(erreur)
    assert not Decision.objects.exists()
    # Ouverte, elle ne peut plus être reportée à une date future.
    with pytest.raises(ValidationError) as erreur:
        services.seance_modifier(seance=seance, par=secretariat_faj, date=aujourdhui + datetime.timedelta(days=8))
    assert erreur.value.message_dict["date"] == [
        "Cette séance est ouverte : elle se tient, sa date ne peut pas être reportée à une date future."
    ]


def test_decision_datee_du_jour_de_la_seance_et_courrier_date_de_la_notification(
    conseiller_rennes, secretariat_faj, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 9, 10, 0))
    budget_rennes_metropole()
    demande = demande_soumise(conseiller_rennes)
    seance = SeanceFactory(date=datetime.date(2026, 12, 10))
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    time_machine.move_to(datetime.datetime(2026, 12, 14, 9, 0))  # saisie des décisions quatre jours après la séance
    services.seance_ouvrir(seance=seance, par=secretariat_faj)
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision="accordee")
    services.seance_clore(seance=seance, par=secretariat_faj)
    demande.refresh_from_db()
    assert demande.date_decision == datetime.date(2026, 12, 10) == Decision.objects.get().date
    time_machine.move_to(datetime.datetime(2026, 12, 15, 9, 0))
    services.demande_aide_notifier(demande=demande, par=secretariat_faj)
    time_machine.move_to(datetime.datetime(2027, 1, 20, 9, 0))  # réimpression
    from aides.views.demandes import contexte_courrier

    contexte = contexte_courrier(DemandeAide.objects.get(pk=demande.pk))
    assert contexte["date_courrier"] == datetime.date(2026, 12, 15)
    assert contexte["seance"].date == datetime.date(2026, 12, 10)


def test_decision_de_fin_d_annee_imputee_sur_le_budget_de_l_annee_de_la_seance(
    conseiller_rennes, secretariat_faj, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 29, 10, 0))
    budgets = {annee: budget_rennes_metropole(annee=annee) for annee in (2026, 2027)}
    demande = demande_soumise(conseiller_rennes)
    seance = SeanceFactory(date=datetime.date(2026, 12, 30))
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, 0))
    services.seance_ouvrir(seance=seance, par=secretariat_faj)
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision="accordee")
    demande.refresh_from_db()
    assert demande.enveloppe == budgets[2026]["agence"]


def test_une_demande_ne_s_inscrit_pas_a_une_seance_qui_la_precede(conseiller_rennes, secretariat_faj):
    demande = demande_soumise(conseiller_rennes)
    veille = SeanceFactory(date=aujourd_hui() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as erreur:
        services.demande_aide_inscrire(demande=demande, seance=veille, par=secretariat_faj)
    assert message(erreur) == (
        f"La demande {demande.numero} date du {aujourd_hui():%d/%m/%Y} : elle ne peut pas être examinée par la séance "
        f"du {veille.date:%d/%m/%Y}, qui la précède."
    )
