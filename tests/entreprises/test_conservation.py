"""Contacts d'entreprise : anonymisés par la tâche de nuit de conservation trois ans après leur dernière
modification, le jour anniversaire compris, historique compris."""

import datetime
import zoneinfo

import pytest

from conservation.services import conservation_appliquer, contacts_entreprise_anonymiser
from entreprises import services
from entreprises.models import ContactEntreprise
from tests.entreprises.factories import ContactEntrepriseFactory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
J = datetime.date


def contact_modifie_le(moment):
    contact = ContactEntrepriseFactory()
    services.contact_modifier(contact=contact, fonction="Gérante")
    ContactEntreprise.objects.filter(pk=contact.pk).update(modifie_le=moment)
    return contact


def test_anonymise_le_jour_anniversaire_pas_la_veille():
    contact = contact_modifie_le(datetime.datetime(2023, 12, 3, 23, 30, tzinfo=PARIS))
    assert contacts_entreprise_anonymiser(aujourd_hui=J(2026, 12, 2)) == 0
    contact.refresh_from_db()
    assert contact.anonymise_le is None and contact.nom == "Martine Kervella"

    assert contacts_entreprise_anonymiser(aujourd_hui=J(2026, 12, 3)) == 1
    contact.refresh_from_db()
    assert (contact.nom, contact.fonction, contact.telephone, contact.courriel) == ("ANONYME", "", "", "")
    assert contact.anonymise_le is not None
    assert {(h.nom, h.telephone, h.courriel) for h in contact.history.all()} == {("ANONYME", "", "")}
    assert contacts_entreprise_anonymiser(aujourd_hui=J(2026, 12, 3)) == 0  # idempotent


def test_contact_recent_garde():
    contact = contact_modifie_le(datetime.datetime(2024, 6, 1, tzinfo=PARIS))
    conservation_appliquer(aujourd_hui=J(2026, 12, 3))
    contact.refresh_from_db()
    assert contact.nom == "Martine Kervella"


def test_historique_d_un_contact_supprime_depuis_trois_ans():
    contact = ContactEntrepriseFactory(nom="Supprimée Depuis")
    pk = contact.pk
    services.contact_supprimer(contact=contact)
    Historique = ContactEntreprise.history.model
    Historique.objects.filter(id=pk).update(history_date=datetime.datetime(2023, 1, 1, tzinfo=PARIS))
    contacts_entreprise_anonymiser(aujourd_hui=J(2026, 1, 1))
    assert set(Historique.objects.filter(id=pk).values_list("nom", "telephone")) == {("ANONYME", "")}


def test_tache_de_nuit_et_simulation():
    contact_modifie_le(datetime.datetime(2020, 1, 1, tzinfo=PARIS))
    simulation = conservation_appliquer(aujourd_hui=J(2026, 12, 3), simulation=True)
    assert simulation.contacts_entreprise_anonymises == 1
    assert not ContactEntreprise.objects.filter(nom="ANONYME").exists()
    rapport = conservation_appliquer(aujourd_hui=J(2026, 12, 3))
    assert rapport.contacts_entreprise_anonymises == 1
    assert "  contacts d'entreprise qui sont anonymisés : 1" in rapport.lignes()
    assert ContactEntreprise.objects.get().nom == "ANONYME"
