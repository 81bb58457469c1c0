"""Services du registre : SIRET (clé de Luhn, La Poste), doublons, NAF et section, contacts, offres et leur cycle de
vie, expiration la nuit qui suit la date de clôture."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from antennes.models import Commune
from entreprises import regles, services
from entreprises.enums import StatutOffre
from entreprises.models import Entreprise, Offre
from tests.entreprises.factories import ContactEntrepriseFactory, EntrepriseFactory, OffreFactory

pytestmark = pytest.mark.django_db

J = datetime.date


@pytest.fixture
def rennes():
    return Commune.objects.get(pk="35238")


# --- Règles --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("siret", "valide"),
    [
        ("55221123000131", True),
        ("552 211 230 00131", True),  # espaces permis
        ("55221123000132", False),  # clé fausse
        ("5522112300013", False),  # 13 chiffres
        ("5522112300013A", False),
        ("35600000000010", True),  # La Poste : clé de Luhn fausse, somme des chiffres multiple de 5
        ("35600000000011", False),  # La Poste, ni Luhn ni somme multiple de 5
        ("", False),
    ],
)
def test_siret(siret, valide):
    assert regles.siret_valide(siret) is valide


def test_la_poste_seul_siren_exempte_de_la_cle():
    # somme des chiffres multiple de 5 (30), clé de Luhn fausse, mais pas le SIREN de La Poste : refusé
    assert sum(int(c) for c in "55221123000135") % 5 == 0
    assert not regles.siret_valide("55221123000135")


@pytest.mark.parametrize(
    ("saisie", "naf", "section"),
    [("5610a", "56.10A", "I"), ("56.10A", "56.10A", "I"), (" 01.11z ", "01.11Z", "A"), ("99.00Z", "99.00Z", "U")],
)
def test_naf_normalise_et_section(saisie, naf, section):
    assert regles.normaliser_naf(saisie) == naf
    assert regles.section_naf(saisie) == section


# --- Entreprises ---------------------------------------------------------------------------------------------------


def test_creer_normalise_siret_naf_section_et_cle_de_recherche(rennes):
    entreprise = services.entreprise_creer(
        siret="552 211 230 00131",
        raison_sociale="Crêperie L'Hermine",
        enseigne="Ty Breizh",
        naf="5610a",
        commune=rennes,
    )
    entreprise.refresh_from_db()
    assert entreprise.siret == "55221123000131"
    assert (entreprise.naf, entreprise.section_naf) == ("56.10A", "I")
    assert entreprise.nom_recherche == "creperie l hermine ty breizh"
    assert entreprise.siret_affiche == "552 211 230 00131"
    assert entreprise.history.count() == 1


def test_siret_faux_refuse_rien_n_est_ecrit(rennes):
    with pytest.raises(ValidationError) as erreur:
        services.entreprise_creer(siret="55221123000132", raison_sociale="X", commune=rennes)
    assert regles.MESSAGE_SIRET in erreur.value.message_dict["siret"]
    assert not Entreprise.objects.exists()


def test_la_poste_acceptee(rennes):
    assert services.entreprise_creer(siret="35600000000010", raison_sociale="La Poste", commune=rennes).pk


def test_doublon_de_siret_refuse(rennes):
    existante = EntrepriseFactory(siret="55221123000131", raison_sociale="Ker Argoat")
    with pytest.raises(ValidationError) as erreur:
        services.entreprise_creer(siret="552 211 230 00131", raison_sociale="Autre", commune=rennes)
    assert erreur.value.message_dict["siret"] == ["Le SIRET 55221123000131 est déjà au registre : Ker Argoat."]
    assert Entreprise.objects.get() == existante


def test_modifier_vers_un_siret_deja_pris_refuse():
    EntrepriseFactory(siret="55221123000131")
    autre = EntrepriseFactory()
    with pytest.raises(ValidationError):
        services.entreprise_modifier(entreprise=autre, siret="55221123000131")


def test_naf_invalide_refuse(rennes):
    with pytest.raises(ValidationError) as erreur:
        services.entreprise_creer(siret="55221123000131", raison_sociale="X", naf="00.00A", commune=rennes)
    assert "naf" in erreur.value.message_dict


def test_modifier_recalcule_section_et_recherche():
    entreprise = EntrepriseFactory(naf="56.10A", section_naf="I")
    services.entreprise_modifier(entreprise=entreprise, naf="4711b", raison_sociale="Épicerie Éloïse")
    entreprise.refresh_from_db()
    assert (entreprise.naf, entreprise.section_naf) == ("47.11B", "G")
    assert entreprise.nom_recherche == "epicerie eloise"


def test_recherche_sans_accents_ni_casse_par_nom_siret_et_commune():
    a = services.entreprise_modifier(entreprise=EntrepriseFactory(), raison_sociale="Crêperie Saint-Éloi")
    b = EntrepriseFactory(siret="55221123000131", raison_sociale="Garage", commune=Commune.objects.get(pk="35047"))
    assert list(Entreprise.objects.recherche("CREPERIE eloi")) == [a]
    assert list(Entreprise.objects.recherche("sa")) == [a]  # début d'un mot
    assert list(Entreprise.objects.recherche("552 211")) == [b]
    assert list(Entreprise.objects.recherche("55221123000131")) == [b]
    assert list(Entreprise.objects.dans_la_commune("bruz")) == [b]
    assert list(Entreprise.objects.dans_la_commune("35047")) == [b]
    assert not Entreprise.objects.recherche("inconnue").exists()


# --- Contacts ------------------------------------------------------------------------------------------------------


def test_contact_modifie_repart_le_compteur_de_conservation():
    contact = ContactEntrepriseFactory(modifie_le=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    services.contact_modifier(contact=contact, telephone="02 99 99 99 99")
    contact.refresh_from_db()
    assert contact.modifie_le.year >= 2026
    assert contact.history.count() == 2


def test_contact_courriel_invalide_refuse():
    entreprise = EntrepriseFactory()
    with pytest.raises(ValidationError):
        services.contact_ajouter(entreprise=entreprise, nom="A", courriel="pas-un-courriel")
    assert not entreprise.contacts.exists()


# --- Offres --------------------------------------------------------------------------------------------------------


def test_offre_creee_ouverte_avec_une_reference():
    offre = services.offre_creer(
        entreprise=EntrepriseFactory(),
        intitule="Cuisinier",
        type_contrat="cdi",
        date_reception=J(2026, 11, 2),
        code_rome="g1602",
    )
    assert offre.statut == StatutOffre.OUVERTE
    assert offre.reference.startswith("OFF-2026-")
    assert offre.code_rome == "G1602"


def test_offre_cloture_avant_reception_refusee():
    with pytest.raises(ValidationError) as erreur:
        services.offre_creer(
            entreprise=EntrepriseFactory(),
            intitule="X",
            type_contrat="cdi",
            date_reception=J(2026, 11, 2),
            date_cloture=J(2026, 11, 1),
        )
    assert "La date de clôture ne peut pas précéder la date de réception." in erreur.value.messages
    assert not Offre.objects.exists()


def test_reference_deja_prise_refusee():
    OffreFactory(reference="FT-123")
    with pytest.raises(ValidationError) as erreur:
        services.offre_creer(
            entreprise=EntrepriseFactory(), intitule="X", type_contrat="cdi", date_reception=J(2026, 11, 2),
            reference="FT-123",
        )  # fmt: skip
    assert "reference" in erreur.value.message_dict


@pytest.mark.parametrize("statut", [StatutOffre.POURVUE, StatutOffre.ANNULEE, StatutOffre.EXPIREE])
def test_transitions_depuis_ouverte(statut):
    offre = OffreFactory()
    services.offre_changer_statut(offre=offre, statut=statut)
    offre.refresh_from_db()
    assert offre.statut == statut


@pytest.mark.parametrize("depart", [StatutOffre.POURVUE, StatutOffre.ANNULEE, StatutOffre.EXPIREE])
@pytest.mark.parametrize("cible", [StatutOffre.POURVUE, StatutOffre.ANNULEE])
def test_transitions_refusees_depuis_un_statut_de_fin(depart, cible):
    offre = OffreFactory(statut=depart)
    with pytest.raises(ValidationError) as erreur:
        services.offre_changer_statut(offre=offre, statut=cible)
    assert "seule une offre ouverte peut être" in erreur.value.messages[0]
    offre.refresh_from_db()
    assert offre.statut == depart


def test_pourvue_deux_fois_refusee():
    offre = OffreFactory()
    services.offre_pourvoir(offre=offre)
    with pytest.raises(ValidationError, match="déjà pourvue"):
        services.offre_pourvoir(offre=offre)


def test_retour_a_ouverte_refuse():
    offre = OffreFactory(statut=StatutOffre.ANNULEE)
    with pytest.raises(ValidationError):
        services.offre_changer_statut(offre=offre, statut=StatutOffre.OUVERTE)


def test_expiration_la_nuit_qui_suit_la_date_de_cloture():
    offre = OffreFactory(date_reception=J(2026, 11, 2), date_cloture=J(2026, 11, 30))
    sans_cloture = OffreFactory(date_cloture=None)
    pourvue = OffreFactory(date_cloture=J(2026, 11, 10), statut=StatutOffre.POURVUE)

    assert services.offres_expirer(aujourd_hui=J(2026, 11, 30)) == 0  # le jour même : encore ouverte
    offre.refresh_from_db()
    assert offre.statut == StatutOffre.OUVERTE

    assert services.offres_expirer(aujourd_hui=J(2026, 12, 1)) == 1
    offre.refresh_from_db()
    assert offre.statut == StatutOffre.EXPIREE
    assert offre.history.first().history_change_reason == "Date de clôture passée (tâche de nuit)"
    assert services.offres_expirer(aujourd_hui=J(2026, 12, 1)) == 0  # idempotent
    sans_cloture.refresh_from_db()
    pourvue.refresh_from_db()
    assert (sans_cloture.statut, pourvue.statut) == (StatutOffre.OUVERTE, StatutOffre.POURVUE)


def test_tache_de_nuit_planifiee(settings):
    from entreprises.tasks import expirer_offres

    assert settings.CELERY_BEAT_SCHEDULE["entreprises-expirer-offres"]["task"] == expirer_offres.name
    OffreFactory(date_reception=J(2020, 1, 1), date_cloture=J(2020, 2, 1))
    assert expirer_offres() == {"expirees": 1}
