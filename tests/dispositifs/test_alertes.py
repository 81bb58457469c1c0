import datetime

import pytest

from accompagnement.enums import TypeEvenement
from dispositifs import services
from dispositifs.enums import TypeAlerte
from dispositifs.models import Alerte
from dispositifs.tasks import calculer_alertes
from tests.dispositifs.factories import EvenementFactory, InscriptionFactory, JeuneFactory, dispositif

pytestmark = pytest.mark.django_db

D = datetime.date
AUJOURD_HUI = D(2025, 10, 1)


def jours(n):
    return datetime.timedelta(days=n)


def alertes(type_alerte=None):
    services.alertes_calculer(aujourd_hui=AUJOURD_HUI)
    qs = Alerte.objects.all()
    if type_alerte:
        qs = qs.filter(type=type_alerte)
    return list(qs.values_list("inscription_id", "message"))


def plie(**kwargs):
    return InscriptionFactory(dispositif=dispositif("plie"), **kwargs)


class TestFinProche:
    def test_fin_dans_30_jours_exactement(self):
        inscription = InscriptionFactory(
            dispositif=dispositif("arve"), date_entree=D(2025, 1, 1), date_fin_prevue=AUJOURD_HUI + jours(30)
        )
        assert alertes(TypeAlerte.FIN_PROCHE) == [
            (inscription.pk, "Accompagnement renforcé vers l'emploi : fin prévue le 31/10/2025 (dans 30 jours).")
        ]

    def test_fin_dans_31_jours(self):
        InscriptionFactory(
            dispositif=dispositif("arve"), date_entree=D(2025, 1, 1), date_fin_prevue=AUJOURD_HUI + jours(31)
        )
        assert alertes(TypeAlerte.FIN_PROCHE) == []

    def test_fin_depassee(self):
        inscription = InscriptionFactory(
            dispositif=dispositif("arve"), date_entree=D(2025, 1, 1), date_fin_prevue=AUJOURD_HUI - jours(1)
        )
        assert alertes(TypeAlerte.FIN_PROCHE) == [
            (
                inscription.pk,
                "Accompagnement renforcé vers l'emploi : fin prévue dépassée depuis le 30/09/2025 : renouvelez ou "
                "enregistrez la sortie.",
            )
        ]

    def test_inscription_sortie_sans_alerte(self):
        InscriptionFactory(
            dispositif=dispositif("arve"),
            date_entree=D(2025, 1, 1),
            date_fin_prevue=AUJOURD_HUI,
            date_sortie=D(2025, 9, 1),
        )
        assert alertes() == []


class TestRenouvellementLimite:
    def test_cars35_apres_son_renouvellement(self):
        inscription = InscriptionFactory(dispositif=dispositif("cars35"), date_entree=D(2025, 9, 20))
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI)
        assert alertes(TypeAlerte.RENOUVELLEMENT_LIMITE) == []
        services.inscription_renouveler(inscription=inscription, par=None)
        assert alertes(TypeAlerte.RENOUVELLEMENT_LIMITE) == [
            (
                inscription.pk,
                "CARS 35 : limite de renouvellement atteinte (1 renouvellement(s), 12 mois) ; pas de prolongation "
                "possible après le 19/09/2026.",
            )
        ]

    def test_pacea_non_renouvelable_sans_alerte(self):
        InscriptionFactory(dispositif=dispositif("pacea"), date_entree=D(2025, 9, 20))
        assert alertes(TypeAlerte.RENOUVELLEMENT_LIMITE) == []


class TestRendezVousCars35:
    def cars(self):
        return InscriptionFactory(dispositif=dispositif("cars35"), date_entree=D(2025, 8, 1))

    def test_dernier_entretien_il_y_a_15_jours(self):
        inscription = self.cars()
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(15))
        assert alertes(TypeAlerte.RDV_EN_RETARD) == []

    def test_dernier_entretien_il_y_a_16_jours(self):
        inscription = self.cars()
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(16))
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(2), type=TypeEvenement.CONTACT)
        assert alertes(TypeAlerte.RDV_EN_RETARD) == [
            (
                inscription.pk,
                "CARS 35 : entretien en retard (dernier entretien individuel le 15/09/2025) ; un entretien est prévu "
                "tous les 15 jours.",
            )
        ]

    def test_aucun_entretien_depuis_l_entree(self):
        inscription = InscriptionFactory(dispositif=dispositif("cars35"), date_entree=AUJOURD_HUI - jours(16))
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(30))  # avant l'entrée
        assert alertes(TypeAlerte.RDV_EN_RETARD) == [
            (
                inscription.pk,
                "CARS 35 : entretien en retard (aucun entretien individuel depuis l'entrée le 15/09/2025) ; un "
                "entretien est prévu tous les 15 jours.",
            )
        ]

    def test_entree_il_y_a_15_jours(self):
        InscriptionFactory(dispositif=dispositif("cars35"), date_entree=AUJOURD_HUI - jours(15))
        assert alertes(TypeAlerte.RDV_EN_RETARD) == []

    def test_un_entretien_resout_l_alerte(self):
        inscription = self.cars()
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(20))
        assert len(alertes(TypeAlerte.RDV_EN_RETARD)) == 1
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI)
        assert alertes(TypeAlerte.RDV_EN_RETARD) == []


class TestCejSansEvenement:
    def test_30_jours_sans_evenement(self):
        inscription = InscriptionFactory(dispositif=dispositif("cej"), date_entree=D(2025, 6, 1))
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(30), type=TypeEvenement.CONTACT)
        assert alertes(TypeAlerte.SANS_EVENEMENT) == []

    def test_31_jours_sans_evenement(self):
        inscription = InscriptionFactory(dispositif=dispositif("cej"), date_entree=D(2025, 6, 1))
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI - jours(31), type=TypeEvenement.ATELIER)
        EvenementFactory(jeune=inscription.jeune, date=AUJOURD_HUI + jours(3))  # à venir : ne compte pas
        assert alertes(TypeAlerte.SANS_EVENEMENT) == [
            (
                inscription.pk,
                "Contrat d'engagement jeune : plus de 30 jours sans événement (dernier événement le 31/08/2025).",
            )
        ]


class TestSuiviPlie:
    def test_suivi_echu_le_jour_des_6_mois(self):
        inscription = plie(date_entree=D(2025, 1, 1), date_entree_emploi=D(2025, 4, 1), date_fin_prevue=D(2025, 10, 1))
        assert alertes() == [
            (
                inscription.pk,
                "PLIE : le suivi de 6 mois après l'entrée en emploi du 01/04/2025 est arrivé à son terme le "
                "01/10/2025 : enregistrez la sortie.",
            )
        ]

    def test_suivi_en_cours_la_veille(self):
        plie(date_entree=D(2025, 1, 1), date_entree_emploi=D(2025, 4, 2), date_fin_prevue=D(2025, 10, 2))
        assert alertes(TypeAlerte.SUIVI_EMPLOI_ECHU) == []
        assert [t for (t,) in Alerte.objects.values_list("type")] == [TypeAlerte.FIN_PROCHE]


class TestCalcul:
    def test_idempotent_et_suppression_quand_la_cause_disparait(self):
        inscription = InscriptionFactory(dispositif=dispositif("cars35"), date_entree=D(2025, 8, 1))
        assert services.alertes_calculer(aujourd_hui=AUJOURD_HUI) == {"creees": 1, "mises_a_jour": 0, "supprimees": 0}
        assert services.alertes_calculer(aujourd_hui=AUJOURD_HUI) == {"creees": 0, "mises_a_jour": 0, "supprimees": 0}
        assert Alerte.objects.count() == 1
        services.inscription_sortir(
            inscription=inscription, date_sortie=D(2025, 9, 30), motif_sortie="emploi", par=None
        )
        assert services.alertes_calculer(aujourd_hui=AUJOURD_HUI) == {"creees": 0, "mises_a_jour": 0, "supprimees": 0}
        assert not Alerte.objects.exists()

    def test_message_mis_a_jour(self):
        InscriptionFactory(
            dispositif=dispositif("arve"), date_entree=D(2025, 1, 1), date_fin_prevue=AUJOURD_HUI + jours(10)
        )
        services.alertes_calculer(aujourd_hui=AUJOURD_HUI)
        resultat = services.alertes_calculer(aujourd_hui=AUJOURD_HUI + jours(1))
        assert resultat == {"creees": 0, "mises_a_jour": 1, "supprimees": 0}
        assert "(dans 9 jours)" in Alerte.objects.get().message

    def test_jeune_archive_ignore(self):
        InscriptionFactory(
            jeune=JeuneFactory(archive_le=D(2025, 9, 1)), dispositif=dispositif("cars35"), date_entree=D(2025, 8, 1)
        )
        assert alertes() == []

    def test_tache(self):
        InscriptionFactory(dispositif=dispositif("cars35"), date_entree=D(2020, 8, 1), date_fin_prevue=None)
        assert calculer_alertes.delay().get() == {"creees": 1, "mises_a_jour": 0, "supprimees": 0}

    def test_tache_planifiee_chaque_nuit(self, settings):
        entree = settings.CELERY_BEAT_SCHEDULE["dispositifs-alertes"]
        assert entree["task"] == calculer_alertes.name
        assert (entree["schedule"].hour, entree["schedule"].minute) == ({2}, {30})


class TestAlertesDuSuivi:
    """Alertes du suivi du jeune (sans inscription) : plus de 3 mois sans contact, rendez-vous dépassé."""

    def test_sans_contact_et_rendez_vous_depasse(self):
        aujourd_hui = D(2026, 5, 31)
        jeune = JeuneFactory(
            date_premier_accueil=D(2025, 1, 1), date_dernier_contact=D(2026, 2, 27), date_prochain_rdv=D(2026, 5, 30)
        )
        services.alertes_calculer(aujourd_hui=aujourd_hui)
        assert list(Alerte.objects.filter(jeune=jeune).values_list("type", "inscription", "message", "echeance")) == [
            (TypeAlerte.SANS_CONTACT, None, "Sans contact depuis le 27/02/2026 (plus de 3 mois).", D(2026, 5, 27)),
            (
                TypeAlerte.RDV_DEPASSE,
                None,
                "Rendez-vous du 30/05/2026 dépassé : saisissez l'entretien ou un nouveau rendez-vous.",
                D(2026, 5, 30),
            ),
        ]

    def test_trois_mois_jour_pour_jour_pas_encore_d_alerte(self):
        jeune = JeuneFactory(date_premier_accueil=D(2025, 1, 1), date_dernier_contact=D(2026, 2, 28))
        services.alertes_calculer(aujourd_hui=D(2026, 5, 31))
        assert not Alerte.objects.filter(jeune=jeune).exists()

    def test_aucun_contact_depuis_le_premier_accueil(self):
        jeune = JeuneFactory(date_premier_accueil=D(2025, 5, 2), date_dernier_contact=None, date_prochain_rdv=None)
        services.alertes_calculer(aujourd_hui=AUJOURD_HUI)
        assert list(Alerte.objects.filter(jeune=jeune).values_list("message", flat=True)) == [
            "Aucun contact enregistré depuis le premier accueil du 02/05/2025 (plus de 3 mois)."
        ]

    def test_jeune_hors_base_active_sans_alerte(self):
        jeune = JeuneFactory(date_premier_accueil=D(2025, 1, 1), date_dernier_contact=None, archive_le=D(2025, 9, 1))
        services.alertes_calculer(aujourd_hui=AUJOURD_HUI)
        assert not Alerte.objects.filter(jeune=jeune).exists()

    def test_recalcul_limite_aux_jeunes_indiques(self):
        un = JeuneFactory(date_premier_accueil=D(2025, 1, 1), date_dernier_contact=None)
        autre = JeuneFactory(date_premier_accueil=D(2025, 1, 1), date_dernier_contact=None)
        services.alertes_calculer(aujourd_hui=AUJOURD_HUI, jeunes=[un.pk])
        assert set(Alerte.objects.values_list("jeune_id", flat=True)) == {un.pk}
        services.alertes_calculer(aujourd_hui=AUJOURD_HUI, jeunes=[autre.pk])
        assert set(Alerte.objects.values_list("jeune_id", flat=True)) == {un.pk, autre.pk}
