import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accompagnement.models import Jeune, RepresentantLegal, Situation
from aides.models import DemandeAide
from conservation.services import conservation_appliquer, jeune_anonymiser, retenues_legales
from conservation.tasks import appliquer_conservation
from dispositifs.models import Versement
from tests.securite.factories import DispositifFactory, EvenementFactory, InscriptionFactory, JeuneFactory

J = datetime.date


def appliquer(jour, **kwargs):
    with time_machine.travel(datetime.datetime(jour.year, jour.month, jour.day, 2, 45), tick=False):
        return conservation_appliquer(**kwargs)


@pytest.fixture
def jeune(db):
    return JeuneFactory(
        nom="Le Bihan",
        prenom="Nolwenn",
        date_naissance=J(2004, 7, 14),
        date_premier_accueil=J(2022, 3, 1),
        date_dernier_contact=J(2024, 11, 22),
        titre_sejour_numero="1234567890",
        france_travail_identifiant="FT123",
        niveau="4",
        hebergement="famille",
    )


def recharger(jeune):
    return Jeune.objects.get(pk=jeune.pk)


@pytest.mark.django_db
def test_sortie_de_la_base_active_au_jour_anniversaire_des_deux_ans(jeune):
    rapport = appliquer(J(2026, 11, 21))
    assert rapport.sortis_base_active == 0 and recharger(jeune).archive_le is None
    rapport = appliquer(J(2026, 11, 22))
    assert rapport.sortis_base_active == 1
    assert recharger(jeune).archive_le == J(2026, 11, 22)
    assert not Jeune.objects.actifs().filter(pk=jeune.pk).exists()
    # idempotent : relancer ne change rien
    assert appliquer(J(2026, 11, 23)).sortis_base_active == 0
    assert recharger(jeune).archive_le == J(2026, 11, 22)


@pytest.mark.django_db
def test_date_de_reference_premier_accueil_puis_dernier_evenement(jeune):
    Jeune.objects.filter(pk=jeune.pk).update(date_dernier_contact=None)
    assert appliquer(J(2024, 2, 29)).sortis_base_active == 0
    assert appliquer(J(2024, 3, 1)).sortis_base_active == 1  # premier accueil 01/03/2022
    Jeune.objects.filter(pk=jeune.pk).update(archive_le=None)
    EvenementFactory(jeune=jeune, date=J(2025, 6, 1))  # un événement plus récent que le dernier contact dénormalisé
    assert appliquer(J(2027, 5, 31)).sortis_base_active == 0


@pytest.mark.django_db
def test_inscription_en_cours_garde_dans_la_base_active(jeune):
    InscriptionFactory(jeune=jeune, dispositif=DispositifFactory(code="PACEA"), date_entree=J(2023, 1, 1))
    assert appliquer(J(2030, 1, 1)).sortis_base_active == 0


@pytest.mark.django_db
def test_retour_dans_la_base_active_apres_un_nouveau_contact(jeune):
    appliquer(J(2026, 11, 22))
    Jeune.objects.filter(pk=jeune.pk).update(date_dernier_contact=J(2027, 1, 5))
    rapport = appliquer(J(2027, 1, 6))
    assert rapport.revenus_base_active == 1 and recharger(jeune).archive_le is None


@pytest.mark.django_db
def test_anonymisation_cinq_ans_apres_le_dernier_contact_exactement(jeune):
    EvenementFactory(jeune=jeune, date=J(2024, 11, 22), compte_rendu="Difficultés familiales.", themes="logement")
    Situation.objects.create(
        jeune=jeune, categorie="emploi", type="cdi", date_debut=J(2024, 1, 1), employeur="Boulangerie Le Goff"
    )
    Versement.objects.create(
        jeune=jeune, fonds="allocation_pacea", date=J(2024, 1, 5), montant=Decimal("300.00"), motif="retard"
    )
    demande = DemandeAide.objects.create(
        jeune=jeune, fonds="faj_rm", type="mobilite", montant_demande=Decimal("150.00"), motivation="Permis B"
    )
    RepresentantLegal.objects.create(jeune=jeune, nom="Le Bihan", prenom="Anne", lien="mère")
    jeune.telephone = "07 00 00 00 00"
    jeune.save()  # une version d'historique avec le numéro

    assert appliquer(J(2029, 11, 21)).anonymises == 0
    assert appliquer(J(2029, 11, 22), simulation=True).anonymises == 1
    assert recharger(jeune).anonymise_le is None  # la simulation n'écrit rien

    rapport = appliquer(J(2029, 11, 22))
    assert rapport.anonymises == 1
    anonyme = recharger(jeune)
    assert (anonyme.nom, anonyme.prenom, anonyme.adresse, anonyme.telephone, anonyme.courriel) == (
        "ANONYME",
        "ANONYME",
        "",
        "",
        "",
    )
    assert anonyme.date_naissance == J(2004, 1, 1)
    assert anonyme.titre_sejour_numero == "" and anonyme.france_travail_identifiant == ""
    assert (anonyme.sexe, anonyme.niveau, anonyme.hebergement, anonyme.antenne.code) == ("m", "4", "famille", "RENNES")
    assert anonyme.commune_id == jeune.commune_id and anonyme.date_premier_accueil == J(2022, 3, 1)
    assert anonyme.anonymise_le == J(2029, 11, 22) and anonyme.archive_le == J(2029, 11, 21)  # 1re exécution
    evenement = anonyme.evenements.get()
    assert evenement.compte_rendu == "" and evenement.themes == "" and evenement.date == J(2024, 11, 22)
    assert anonyme.situations.get().employeur == "" and anonyme.situations.get().type == "cdi"
    versement = anonyme.versements.get()
    assert versement.motif == "" and versement.montant == Decimal("300.00")
    demande.refresh_from_db()
    assert demande.motivation == "" and demande.montant_demande == Decimal("150.00")
    assert not RepresentantLegal.objects.filter(jeune=jeune).exists()
    # Historique purgé des valeurs personnelles
    for version in Jeune.history.filter(id=jeune.pk):
        assert version.nom == "ANONYME" and version.telephone == "" and version.date_naissance == J(2004, 1, 1)
    assert not evenement.history.exclude(compte_rendu="").exists()
    assert not DemandeAide.history.filter(jeune_id=jeune.pk).exclude(motivation="").exists()
    # Idempotent
    assert appliquer(J(2029, 11, 23)).anonymises == 0


@pytest.mark.django_db
def test_cej_garde_dix_ans_apres_la_fin_du_contrat(jeune):
    InscriptionFactory(
        jeune=jeune, dispositif=DispositifFactory(code="CEJ"), date_entree=J(2023, 1, 1), date_sortie=J(2024, 6, 30)
    )
    rapport = appliquer(J(2034, 6, 29))
    assert rapport.anonymises == 0 and rapport.retenus == 1
    assert rapport.retenues == {"Contrat d'engagement jeune": 1}
    assert recharger(jeune).anonymise_le is None
    assert appliquer(J(2034, 6, 30)).anonymises == 1


@pytest.mark.django_db
def test_dispositif_fse_garde_selon_la_duree_configuree(settings, jeune):
    settings.WEKER_CONSERVATION = {**settings.WEKER_CONSERVATION, "FSE_MOIS": 72}
    InscriptionFactory(
        jeune=jeune, dispositif=DispositifFactory(code="PLIE"), date_entree=J(2023, 1, 1), date_sortie=J(2024, 3, 31)
    )
    assert appliquer(J(2030, 3, 30)).retenus == 1
    assert appliquer(J(2030, 3, 31)).anonymises == 1


@pytest.mark.django_db
def test_financeur_fse_et_allocation_cej_sont_des_retenues(jeune):
    dispositif = DispositifFactory(code="SAS", financeur="Région et FSE+")
    InscriptionFactory(jeune=jeune, dispositif=dispositif, date_entree=J(2023, 1, 1), date_sortie=J(2023, 6, 1))
    Versement.objects.create(jeune=jeune, fonds="allocation_cej", date=J(2024, 2, 5), montant=Decimal("500.00"))
    retenues = retenues_legales(recharger(jeune), J(2030, 1, 1))
    assert {r.motif for r in retenues} == {
        "Dispositif cofinancé par le FSE (SAS)",
        "Allocation du contrat d'engagement jeune",
    }
    with pytest.raises(ValidationError, match="obligation légale"):
        jeune_anonymiser(jeune=jeune, aujourd_hui=J(2030, 1, 1))


@pytest.mark.django_db
def test_traitement_par_lots(jeune):
    autres = JeuneFactory.create_batch(4, date_dernier_contact=J(2020, 1, 1))
    rapport = appliquer(J(2026, 1, 1), taille_lot=2)
    assert rapport.anonymises == 4
    assert Jeune.objects.filter(pk__in=[a.pk for a in autres], nom="ANONYME").count() == 4


@pytest.mark.django_db
def test_commande_conservation_simulation_et_reelle(jeune):
    JeuneFactory(date_dernier_contact=J(2020, 1, 1))
    sortie = StringIO()
    call_command("conservation", "--dry-run", "--date", "2026-11-22", stdout=sortie)
    texte = sortie.getvalue()
    assert "simulation : aucune modification" in texte
    assert "jeunes qui seraient sortis de la base active : 2" in texte
    assert "jeunes qui seraient anonymisés : 1" in texte
    assert Jeune.objects.filter(nom="ANONYME").count() == 0
    sortie = StringIO()
    call_command("conservation", "--date", "2026-11-22", stdout=sortie)
    assert "jeunes qui sont anonymisés : 1" in sortie.getvalue()
    assert "lignes de journal purgées" in sortie.getvalue()
    assert Jeune.objects.filter(nom="ANONYME").count() == 1


@pytest.mark.django_db
def test_tache_planifiee(settings, jeune):
    assert settings.CELERY_BEAT_SCHEDULE["securite-conservation"]["task"] == "securite.appliquer_conservation"
    with time_machine.travel(datetime.datetime(2026, 11, 22, 3, 0), tick=False):
        assert appliquer_conservation.delay().get()["sortis_base_active"] == 1
