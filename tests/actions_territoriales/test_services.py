import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from actions_territoriales import services
from actions_territoriales.enums import TypeAction
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from antennes.models import Commune
from tests.accompagnement.factories import JeuneFactory
from tests.actions_territoriales.factories import ActionFactory
from tests.entreprises.factories_jeunes import EntrepriseFactory

pytestmark = pytest.mark.django_db

JUIN = datetime.date(2026, 6, 12)


def donnees(**autres):
    return {
        "intitule": "Job dating de la restauration",
        "type": TypeAction.RECRUTEMENT,
        "date": JUIN,
        "commune": Commune.objects.get(pk="35238"),
        **autres,
    }


class TestReference:
    def test_premiere_puis_suivante_par_annee(self, conseiller_rennes):
        premiere = services.action_creer(par=conseiller_rennes, **donnees())
        seconde = services.action_creer(par=conseiller_rennes, **donnees())
        autre_annee = services.action_creer(par=conseiller_rennes, **donnees(date=datetime.date(2027, 1, 4)))
        assert (premiere.reference, seconde.reference, autre_annee.reference) == (
            "A-2026-0001",
            "A-2026-0002",
            "A-2027-0001",
        )

    def test_references_reprises_sans_la_forme_attendue_ignorees(self, conseiller_rennes):
        for reference in ("A-2026-0041", "A-2026-XL", "RA-2026-0900", "A-2026-0041-bis"):
            ActionFactory(reference=reference)
        assert services.reference_suivante(2026) == "A-2026-0042"

    def test_au_dela_de_9999(self):
        ActionFactory(reference="A-2026-9999")
        assert services.reference_suivante(2026) == "A-2026-10000"
        ActionFactory(reference="A-2026-10000")
        assert services.reference_suivante(2026) == "A-2026-10001"

    def test_reference_prise_entre_le_calcul_et_l_ecriture(self, conseiller_rennes, monkeypatch):
        """Deux créations simultanées : la seconde prend le numéro suivant au lieu d'échouer."""
        ActionFactory(reference="A-2026-0001")
        calculs = iter(["A-2026-0001", "A-2026-0002"])
        monkeypatch.setattr(services, "reference_suivante", lambda annee: next(calculs))
        action = services.action_creer(par=conseiller_rennes, **donnees())
        assert action.reference == "A-2026-0002"
        assert ActionTerritoriale.objects.count() == 2

    def test_reference_donnee_par_la_reprise(self, conseiller_rennes):
        action = services.action_creer(par=conseiller_rennes, reference="RE-2018-17", **donnees())
        assert action.reference == "RE-2018-17"
        with pytest.raises(ValidationError, match="Référence existe déjà"):
            services.action_creer(par=conseiller_rennes, reference="RE-2018-17", **donnees())


class TestCreerModifier:
    def test_creer_avec_entreprises_et_historique(self, conseiller_rennes):
        entreprises = [EntrepriseFactory(raison_sociale="Crêperie Sainte-Anne"), EntrepriseFactory()]
        action = services.action_creer(
            par=conseiller_rennes, entreprises=entreprises, **donnees(public_tout_public=12, participants_femmes=5)
        )
        assert action.organisateur == conseiller_rennes
        assert set(action.entreprises.all()) == set(entreprises)
        version = action.history.get()
        assert version.history_type == "+"
        assert "Crêperie Sainte-Anne" in version.history_change_reason

    def test_champ_inconnu_refuse(self, conseiller_rennes):
        with pytest.raises(ValueError, match="reference"):
            services.action_modifier(action=ActionFactory(), par=conseiller_rennes, reference="X")

    @pytest.mark.parametrize(
        ("effectifs", "message"),
        [
            ({"public_scolaires": 3, "participants_femmes": 4}, "Les femmes comptées ne peuvent pas dépasser"),
            ({"participants_femmes": 1}, "Les femmes comptées ne peuvent pas dépasser"),
            ({"date_fin": JUIN - datetime.timedelta(days=1)}, "Le dernier jour ne peut pas précéder le premier"),
        ],
    )
    def test_effectifs_incoherents_refuses_rien_n_est_ecrit(self, conseiller_rennes, effectifs, message):
        with pytest.raises(ValidationError, match=message):
            services.action_creer(par=conseiller_rennes, **donnees(**effectifs))
        assert not ActionTerritoriale.objects.exists()

    def test_limites_atteintes_acceptees(self, conseiller_rennes):
        action = services.action_creer(
            par=conseiller_rennes,
            **donnees(
                public_scolaires=3,
                public_salaries=1,
                participants_femmes=4,
                entretiens=2,
                seconds_entretiens=2,
                date_fin=JUIN,
            ),
        )
        assert action.participants_comptes == 4

    def test_modifier_entreprises_ecrit_le_motif(self, conseiller_rennes):
        action = ActionFactory()
        entreprise = EntrepriseFactory(raison_sociale="Garage de la Vilaine")
        services.action_modifier(action=action, par=conseiller_rennes, entreprises=[entreprise], embauches=2)
        action.refresh_from_db()
        assert action.embauches == 2
        assert list(action.entreprises.all()) == [entreprise]
        derniere = action.history.latest("history_date")
        assert derniere.history_change_reason == "Entreprises participantes : Garage de la Vilaine"
        services.action_modifier(action=action, par=conseiller_rennes, entreprises=[entreprise], lieu="Salle B")
        assert action.history.latest("history_date").history_change_reason is None  # entreprises inchangées

    def test_modifier_refuse_laisse_la_base_intacte(self, conseiller_rennes):
        action = ActionFactory(public_tout_public=5, participants_femmes=2)
        with pytest.raises(ValidationError):
            services.action_modifier(action=action, par=conseiller_rennes, public_tout_public=1)
        action.refresh_from_db()
        assert action.public_tout_public == 5


class TestCompter:
    def test_plus_et_moins(self):
        action = ActionFactory()
        for _ in range(3):
            services.action_compter(action=action, compteur="public_scolaires", ajout=True)
        services.action_compter(action=action, compteur="public_scolaires", ajout=False)
        services.action_compter(action=action, compteur="participants_femmes", ajout=True)
        action.refresh_from_db()
        assert (action.public_scolaires, action.participants_femmes) == (2, 1)

    def test_moins_a_zero_refuse(self):
        action = ActionFactory()
        with pytest.raises(ValidationError, match="déjà à 0"):
            services.action_compter(action=action, compteur="public_etudiants", ajout=False)
        with pytest.raises(ValidationError, match="déjà à 0"):
            services.action_compter(action=action, compteur="participants_femmes", ajout=False)
        action.refresh_from_db()
        assert action.public_etudiants == 0 and action.participants_femmes == 0

    def test_plus_de_femmes_que_de_participants_refuse(self):
        action = ActionFactory(public_salaries=1, participants_femmes=1)
        with pytest.raises(ValidationError, match="déjà des femmes"):
            services.action_compter(action=action, compteur="participants_femmes", ajout=True)
        with pytest.raises(ValidationError, match="retirez d'abord une femme"):
            services.action_compter(action=action, compteur="public_salaries", ajout=False)
        action.refresh_from_db()
        assert (action.public_salaries, action.participants_femmes) == (1, 1)

    def test_compteur_inconnu_refuse(self):
        with pytest.raises(ValidationError, match="Compteur inconnu"):
            services.action_compter(action=ActionFactory(), compteur="embauches", ajout=True)

    def test_renvoie_les_valeurs_relues(self):
        action = ActionFactory()
        ActionTerritoriale.objects.filter(pk=action.pk).update(public_tout_public=10)  # une autre tablette
        relue = services.action_compter(action=action, compteur="public_tout_public", ajout=True)
        assert relue.public_tout_public == 11


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deux_tablettes_en_meme_temps_ne_perdent_aucun_passage():
    """Deux tablettes (deux connexions) cliquent 40 fois chacune au même moment, sur le même compteur et sur les
    femmes : aucun passage perdu."""
    action = ActionFactory()
    depart = threading.Barrier(2)
    erreurs = []

    def tablette():
        try:
            depart.wait()
            for _ in range(40):
                services.action_compter(action=action, compteur="public_tout_public", ajout=True)
                services.action_compter(action=action, compteur="participants_femmes", ajout=True)
        except Exception as erreur:  # noqa: BLE001 (remontée au fil principal)
            erreurs.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=tablette) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert not erreurs
    action.refresh_from_db()
    assert (action.public_tout_public, action.participants_femmes) == (80, 80)


class TestInscrire:
    def test_inscrire_ignore_les_deja_inscrits(self, conseiller_rennes):
        action = ActionFactory()
        jeunes = JeuneFactory.create_batch(2)
        assert services.action_inscrire_jeunes(action=action, jeunes=jeunes, par=conseiller_rennes) == 2
        assert services.action_inscrire_jeunes(action=action, jeunes=jeunes, par=conseiller_rennes) == 0
        assert ParticipationAction.objects.filter(action=action, inscrit_par=conseiller_rennes).count() == 2

    def test_jeune_hors_base_active_refuse(self, conseiller_rennes):
        action = ActionFactory()
        with pytest.raises(ValidationError, match="sorti de la base active"):
            services.action_inscrire_jeunes(
                action=action, jeunes=[JeuneFactory(), JeuneFactory(archive=True)], par=conseiller_rennes
            )
        assert not action.participations.exists()

    def test_desinscrire(self, conseiller_rennes):
        action = ActionFactory()
        jeune = JeuneFactory()
        services.action_inscrire_jeunes(action=action, jeunes=[jeune], par=conseiller_rennes)
        assert services.action_desinscrire_jeune(action=action, jeune=jeune, par=conseiller_rennes)
        assert not services.action_desinscrire_jeune(action=action, jeune=jeune, par=conseiller_rennes)
