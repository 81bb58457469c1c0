import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dispositifs import services
from dispositifs.dates import ajouter_mois
from dispositifs.enums import MotifSortie, SituationFiscale, TypeOrienteur
from dispositifs.models import Inscription
from tests.dispositifs.factories import InscriptionFactory, JeuneFactory, dispositif

pytestmark = pytest.mark.django_db

D = datetime.date


def creer(jeune, code, date_entree, par=None, **kwargs):
    if code == "cej":
        kwargs.setdefault("foyer_imposable", SituationFiscale.NON_IMPOSABLE)
    if code == "cars35":
        kwargs.setdefault("orienteur_type", TypeOrienteur.CDAS)
        kwargs.setdefault("orienteur_nom", "CDAS de Rennes Centre")
    return services.inscription_creer(
        jeune=jeune, dispositif=dispositif(code), date_entree=date_entree, par=par, **kwargs
    )


def message(exc_info):
    return " ".join(exc_info.value.messages)


@pytest.mark.parametrize(
    ("mois", "attendu"),
    [
        ((D(2025, 1, 15), 12), D(2026, 1, 15)),
        ((D(2024, 1, 31), 1), D(2024, 2, 29)),
        ((D(2025, 8, 31), 6), D(2026, 2, 28)),
        ((D(2025, 6, 1), -12), D(2024, 6, 1)),
    ],
)
def test_ajouter_mois(mois, attendu):
    assert ajouter_mois(*mois) == attendu


class TestAge:
    def test_cej_jusqu_a_la_veille_des_26_ans(self, conseiller_rennes):
        jeune = JeuneFactory(date_naissance=D(2000, 3, 15))
        inscription = creer(jeune, "cej", D(2026, 3, 14), conseiller_rennes)
        assert inscription.date_fin_prevue == D(2027, 3, 13)

    def test_cej_refuse_le_jour_des_26_ans(self):
        jeune = JeuneFactory(prenom="Inès", date_naissance=D(2000, 3, 15))
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "cej", D(2026, 3, 15))
        assert message(exc) == (
            "Inès aura 26 ans le 15/03/2026 : le dispositif « Contrat d'engagement jeune » est réservé aux jeunes "
            "de 25 ans au plus (29 ans avec une RQTH)."
        )
        assert not Inscription.objects.exists()

    def test_cej_avec_rqth_jusqu_a_29_ans(self):
        jeune = JeuneFactory(date_naissance=D(1996, 3, 15), rqth=True)
        assert creer(jeune, "cej", D(2026, 3, 14)).pk

    def test_cej_avec_rqth_refuse_a_30_ans(self):
        jeune = JeuneFactory(prenom="Léo", date_naissance=D(1996, 3, 15), rqth=True)
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "cej", D(2026, 3, 15))
        assert "Léo aura 30 ans le 15/03/2026" in message(exc)
        assert "29 ans au plus avec une RQTH" in message(exc)

    def test_cej_refuse_la_veille_des_16_ans(self):
        jeune = JeuneFactory(prenom="Tom", date_naissance=D(2010, 3, 15))
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "cej", D(2026, 3, 14))
        assert message(exc) == (
            "Tom aura 15 ans le 14/03/2026 : le dispositif « Contrat d'engagement jeune » est ouvert "
            "à partir de 16 ans."
        )

    def test_cej_accepte_le_jour_des_16_ans(self):
        jeune = JeuneFactory(date_naissance=D(2010, 3, 15))
        assert creer(jeune, "cej", D(2026, 3, 15)).pk

    def test_pacea_sans_derogation_rqth(self):
        jeune = JeuneFactory(date_naissance=D(2000, 3, 15), rqth=True)
        with pytest.raises(ValidationError, match="25 ans au plus"):
            creer(jeune, "pacea", D(2026, 3, 15))


class TestPublicEtOuverture:
    def test_cars35_reserve_au_rsa(self):
        jeune = JeuneFactory(prenom="Yanis", rsa=False)
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "cars35", D(2025, 6, 1))
        assert message(exc) == (
            "Le dispositif « CARS 35 » est réservé aux bénéficiaires du RSA : le dossier de Yanis n'indique pas le RSA."
        )

    def test_cars35_moins_de_26_ans(self):
        jeune = JeuneFactory(rsa=True, date_naissance=D(1999, 6, 1))
        with pytest.raises(ValidationError, match="26 ans le 01/06/2025"):
            creer(jeune, "cars35", D(2025, 6, 1))
        assert creer(jeune, "cars35", D(2025, 5, 31)).pk

    def test_cars35_orientation_requise(self):
        jeune = JeuneFactory(rsa=True)
        with pytest.raises(ValidationError, match="CCAS ou d'un CDAS"):
            creer(jeune, "cars35", D(2025, 6, 1), orienteur_type="", orienteur_nom="")
        with pytest.raises(ValidationError, match="CCAS ou d'un CDAS"):
            creer(jeune, "cars35", D(2025, 6, 1), orienteur_type=TypeOrienteur.CCAS, orienteur_nom="  ")
        inscription = creer(
            jeune, "cars35", D(2025, 6, 1), orienteur_type=TypeOrienteur.CCAS, orienteur_nom="CCAS de Bruz"
        )
        assert (inscription.orienteur_type, inscription.orienteur_nom) == ("ccas", "CCAS de Bruz")
        assert inscription.date_fin_prevue == D(2025, 11, 30)

    def test_plusieurs_refus_expliques_ensemble(self):
        jeune = JeuneFactory(rsa=False, date_naissance=D(1990, 1, 1))
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "cars35", D(2025, 6, 1), orienteur_type="", orienteur_nom="")
        assert len(exc.value.messages) == 3

    def test_garantie_jeunes_fermee_depuis_le_1er_mars_2022(self):
        jeune = JeuneFactory(date_naissance=D(2000, 1, 1))
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "garantie_jeunes", D(2022, 3, 1))
        assert message(exc) == (
            "Le dispositif « Garantie jeunes » est fermé aux nouvelles entrées depuis le 01/03/2022."
        )
        # L'historique antérieur à la fermeture reste enregistrable.
        assert creer(jeune, "garantie_jeunes", D(2022, 2, 28)).date_fin_prevue is None

    def test_dispositif_ferme_sans_date(self):
        arve = dispositif("arve")
        arve.ouvert_aux_entrees = False
        arve.save()
        with pytest.raises(ValidationError, match="« Accompagnement renforcé vers l'emploi » est fermé aux nouvelles"):
            creer(JeuneFactory(), "arve", D(2025, 6, 1))

    def test_autres_dispositifs_sans_regle(self):
        inscription = creer(JeuneFactory(date_naissance=D(1980, 1, 1)), "arve", D(2025, 6, 1))
        assert inscription.date_fin_prevue is None and inscription.duree_mois is None

    def test_cej_exige_la_situation_fiscale(self):
        with pytest.raises(ValidationError) as exc:
            creer(JeuneFactory(), "cej", D(2025, 6, 1), foyer_imposable="")
        assert exc.value.message_dict == {
            "foyer_imposable": ["Indiquez la situation fiscale du foyer : elle fixe le montant de l'allocation."]
        }


class TestIncompatibilites:
    def test_cej_refuse_pendant_un_pacea(self, conseiller_rennes):
        jeune = JeuneFactory(prenom="Sarah")
        pacea = creer(jeune, "pacea", D(2025, 1, 10))
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "cej", D(2025, 6, 1))
        assert message(exc) == (
            "Sarah est inscrit·e en « PACEA » depuis le 10/01/2025, incompatible avec « Contrat d'engagement jeune » "
            "en même temps : enregistrez d'abord la sortie."
        )
        services.inscription_sortir(
            inscription=pacea, date_sortie=D(2025, 5, 31), motif_sortie=MotifSortie.AUTRE, par=conseiller_rennes
        )
        assert creer(jeune, "cej", D(2025, 6, 1)).pk

    def test_pacea_refuse_pendant_un_cej(self):
        jeune = JeuneFactory()
        creer(jeune, "cej", D(2025, 1, 10))
        with pytest.raises(ValidationError, match="en « Contrat d'engagement jeune » depuis le 10/01/2025"):
            creer(jeune, "pacea", D(2025, 6, 1))

    def test_cumul_possible_avec_un_dispositif_compatible(self):
        jeune = JeuneFactory(rsa=True)
        creer(jeune, "cej", D(2025, 1, 10))
        assert creer(jeune, "plie", D(2025, 2, 1)).pk

    def test_une_seule_inscription_ouverte_par_dispositif(self):
        jeune = JeuneFactory(prenom="Noé")
        creer(jeune, "plie", D(2025, 1, 10))
        with pytest.raises(ValidationError) as exc:
            creer(jeune, "plie", D(2025, 2, 1))
        assert message(exc) == "Noé a déjà une inscription en cours dans « PLIE »."

    def test_contrainte_en_base(self):
        jeune = JeuneFactory()
        InscriptionFactory(jeune=jeune, dispositif=dispositif("plie"), date_entree=D(2025, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            InscriptionFactory(jeune=jeune, dispositif=dispositif("plie"), date_entree=D(2025, 2, 1))


class TestRenouvellement:
    def test_cej_12_mois_prolonge_a_18_puis_refuse(self, conseiller_rennes):
        inscription = creer(JeuneFactory(), "cej", D(2025, 1, 15))
        assert (inscription.duree_mois, inscription.date_fin_prevue) == (12, D(2026, 1, 14))
        inscription = services.inscription_renouveler(inscription=inscription, par=conseiller_rennes)
        assert (inscription.duree_mois, inscription.nombre_renouvellements) == (18, 1)
        assert inscription.date_fin_prevue == D(2026, 7, 14)
        assert inscription.limite_renouvellement_atteinte
        with pytest.raises(ValidationError) as exc:
            services.inscription_renouveler(inscription=inscription, par=conseiller_rennes)
        assert message(exc) == (
            "« Contrat d'engagement jeune » dure 18 mois au plus : 18 mois sont déjà accordés, "
            "il reste 0 mois possibles."
        )

    def test_cej_prolongations_courtes_jusqu_a_18_mois(self, conseiller_rennes):
        inscription = creer(JeuneFactory(), "cej", D(2025, 1, 15))
        inscription = services.inscription_renouveler(inscription=inscription, par=conseiller_rennes, duree_mois=4)
        assert not inscription.limite_renouvellement_atteinte
        with pytest.raises(ValidationError, match="il reste 2 mois possibles"):
            services.inscription_renouveler(inscription=inscription, par=conseiller_rennes, duree_mois=3)
        inscription = services.inscription_renouveler(inscription=inscription, par=conseiller_rennes, duree_mois=2)
        assert (inscription.duree_mois, inscription.date_fin_prevue) == (18, D(2026, 7, 14))

    def test_cars35_renouvelable_une_seule_fois(self, conseiller_rennes):
        inscription = creer(JeuneFactory(rsa=True), "cars35", D(2025, 3, 1))
        assert inscription.date_fin_prevue == D(2025, 8, 31)
        inscription = services.inscription_renouveler(inscription=inscription, par=conseiller_rennes)
        assert (inscription.nombre_renouvellements, inscription.date_fin_prevue) == (1, D(2026, 2, 28))
        with pytest.raises(ValidationError) as exc:
            services.inscription_renouveler(inscription=inscription, par=conseiller_rennes)
        assert message(exc) == (
            "« CARS 35 » est renouvelable 1 fois au plus : cette inscription a déjà été renouvelée 1 fois."
        )
        inscription.refresh_from_db()
        assert inscription.nombre_renouvellements == 1

    def test_non_renouvelable(self, conseiller_rennes):
        inscription = creer(JeuneFactory(), "pacea", D(2025, 3, 1))
        with pytest.raises(ValidationError, match="« PACEA » ne prévoit pas de renouvellement."):
            services.inscription_renouveler(inscription=inscription, par=conseiller_rennes)

    def test_inscription_close(self, conseiller_rennes):
        inscription = creer(JeuneFactory(rsa=True), "cars35", D(2025, 3, 1))
        services.inscription_sortir(
            inscription=inscription, date_sortie=D(2025, 4, 1), motif_sortie=MotifSortie.EMPLOI, par=conseiller_rennes
        )
        with pytest.raises(ValidationError, match="close depuis le 01/04/2025"):
            services.inscription_renouveler(inscription=inscription, par=conseiller_rennes)


class TestSortie:
    def test_sortie_le_jour_de_l_entree_et_historique(self, conseiller_rennes):
        inscription = creer(JeuneFactory(), "plie", D(2025, 3, 1), conseiller_rennes)
        services.inscription_sortir(
            inscription=inscription, date_sortie=D(2025, 3, 1), motif_sortie=MotifSortie.EMPLOI, par=conseiller_rennes
        )
        inscription.refresh_from_db()
        assert (inscription.date_sortie, inscription.motif_sortie) == (D(2025, 3, 1), "emploi")
        versions = list(inscription.history.order_by("history_date"))
        assert [v.history_type for v in versions] == ["+", "~"]
        assert versions[-1].history_user == conseiller_rennes
        assert versions[0].date_sortie is None

    def test_sortie_avant_l_entree_refusee(self, conseiller_rennes):
        inscription = creer(JeuneFactory(), "plie", D(2025, 3, 1))
        with pytest.raises(ValidationError) as exc:
            services.inscription_sortir(
                inscription=inscription, date_sortie=D(2025, 2, 28), motif_sortie=MotifSortie.EMPLOI, par=None
            )
        assert exc.value.message_dict == {
            "date_sortie": ["La date de sortie ne peut pas précéder la date d'entrée (01/03/2025)."]
        }

    def test_motif_hors_liste_refuse(self):
        inscription = creer(JeuneFactory(), "plie", D(2025, 3, 1))
        with pytest.raises(ValidationError, match="motif de sortie de la liste"):
            services.inscription_sortir(
                inscription=inscription, date_sortie=D(2025, 4, 1), motif_sortie="vacances", par=None
            )

    def test_sortie_future_refusee(self):
        inscription = creer(JeuneFactory(), "plie", D(2025, 3, 1))
        with pytest.raises(ValidationError, match="dans le futur"):
            services.inscription_sortir(
                inscription=inscription,
                date_sortie=datetime.date.today() + datetime.timedelta(days=1),
                motif_sortie=MotifSortie.AUTRE,
                par=None,
            )

    def test_double_sortie_refusee(self):
        inscription = creer(JeuneFactory(), "plie", D(2025, 3, 1))
        services.inscription_sortir(inscription=inscription, date_sortie=D(2025, 4, 1), motif_sortie="autre", par=None)
        with pytest.raises(ValidationError, match="close depuis le 01/04/2025"):
            services.inscription_sortir(
                inscription=inscription, date_sortie=D(2025, 5, 1), motif_sortie="autre", par=None
            )


class TestPhases:
    def test_phases_successives(self, conseiller_rennes):
        inscription = creer(JeuneFactory(), "pacea", D(2025, 1, 10))
        assert inscription.date_fin_prevue == D(2027, 1, 9)
        p1 = services.phase_ajouter(
            inscription=inscription, date_debut=D(2025, 1, 10), par=conseiller_rennes, objectifs="Projet"
        )
        p2 = services.phase_ajouter(inscription=inscription, date_debut=D(2025, 4, 1), par=conseiller_rennes)
        p1.refresh_from_db()
        assert (p1.numero, p1.date_fin, p2.numero, p2.date_fin) == (1, D(2025, 3, 31), 2, None)
        with pytest.raises(ValidationError, match="La phase 2 court jusqu'au 01/04/2025"):
            services.phase_ajouter(inscription=inscription, date_debut=D(2025, 4, 1), par=conseiller_rennes)
        phase = services.phase_evaluer(phase=p2, evaluation="Objectifs atteints", date_fin=D(2025, 6, 30), par=None)
        assert (phase.date_fin, phase.evaluation) == (D(2025, 6, 30), "Objectifs atteints")
        with pytest.raises(ValidationError, match="court jusqu'au 30/06/2025"):
            services.phase_ajouter(inscription=inscription, date_debut=D(2025, 6, 30), par=conseiller_rennes)
        assert services.phase_ajouter(inscription=inscription, date_debut=D(2025, 7, 1), par=None).numero == 3

    def test_phase_dans_les_24_mois(self):
        inscription = creer(JeuneFactory(), "pacea", D(2025, 1, 10))
        with pytest.raises(ValidationError, match="avant l'entrée"):
            services.phase_ajouter(inscription=inscription, date_debut=D(2025, 1, 9), par=None)
        with pytest.raises(ValidationError, match=r"après la fin prévue du parcours \(09/01/2027\)"):
            services.phase_ajouter(inscription=inscription, date_debut=D(2027, 1, 10), par=None)
        assert services.phase_ajouter(inscription=inscription, date_debut=D(2027, 1, 9), par=None).pk

    def test_dispositif_sans_phases(self):
        inscription = creer(JeuneFactory(), "cej", D(2025, 1, 10))
        with pytest.raises(ValidationError, match="n'est pas organisé en phases"):
            services.phase_ajouter(inscription=inscription, date_debut=D(2025, 2, 1), par=None)

    def test_evaluation_obligatoire(self):
        inscription = creer(JeuneFactory(), "pacea", D(2025, 1, 10))
        phase = services.phase_ajouter(inscription=inscription, date_debut=D(2025, 1, 10), par=None)
        with pytest.raises(ValidationError, match="Rédigez l'évaluation"):
            services.phase_evaluer(phase=phase, evaluation=" ", date_fin=D(2025, 3, 1), par=None)

    def test_sortie_clot_la_phase_en_cours(self):
        inscription = creer(JeuneFactory(), "pacea", D(2025, 1, 10))
        phase = services.phase_ajouter(inscription=inscription, date_debut=D(2025, 1, 10), par=None)
        services.inscription_sortir(inscription=inscription, date_sortie=D(2025, 5, 2), motif_sortie="emploi", par=None)
        phase.refresh_from_db()
        assert phase.date_fin == D(2025, 5, 2)


class TestPlie:
    def test_entree_en_emploi_fixe_la_fin_du_suivi(self):
        inscription = creer(JeuneFactory(), "plie", D(2025, 1, 10))
        inscription = services.inscription_enregistrer_emploi(
            inscription=inscription, date_entree_emploi=D(2025, 3, 31), par=None
        )
        assert inscription.date_fin_prevue == D(2025, 9, 30)
        assert inscription.fin_suivi_emploi == D(2025, 9, 30)

    def test_emploi_avant_l_entree_refuse(self):
        inscription = creer(JeuneFactory(), "plie", D(2025, 1, 10))
        with pytest.raises(ValidationError, match="ne peut pas précéder l'entrée"):
            services.inscription_enregistrer_emploi(inscription=inscription, date_entree_emploi=D(2025, 1, 9), par=None)

    def test_dispositif_sans_suivi_apres_emploi(self):
        inscription = creer(JeuneFactory(), "cej", D(2025, 1, 10))
        with pytest.raises(ValidationError, match="ne prévoit pas de suivi"):
            services.inscription_enregistrer_emploi(inscription=inscription, date_entree_emploi=D(2025, 2, 1), par=None)
