import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accompagnement.models import Evenement
from agenda.enums import StatutRendezVous
from agenda.heures import a_paris
from agenda.models import RendezVous
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory
from tests.agenda.factories import RendezVousFactory, demain_a

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeune(conseiller_rennes):
    return JeuneFactory(nom="Lefloch", prenom="Maëlys", referent=conseiller_rennes)


def test_semaine_du_changement_d_heure_aux_bonnes_heures_locales(client, conseiller_rennes, jeune, time_machine):
    time_machine.move_to(a_paris(datetime.date(2026, 3, 23), datetime.time(8, 0)))
    RendezVousFactory(jeune=jeune, debut=a_paris(datetime.date(2026, 3, 27), datetime.time(9, 30)))  # vendredi
    RendezVousFactory(jeune=jeune, debut=a_paris(datetime.date(2026, 3, 30), datetime.time(9, 30)))  # lundi suivant
    # Dimanche 29/03 à 23:30 (21:30 UTC) : encore dans la semaine du 23, qui ne dure que 167 heures.
    RendezVousFactory(jeune=jeune, debut=a_paris(datetime.date(2026, 3, 29), datetime.time(23, 30)), duree_minutes=20)
    client.force_login(conseiller_rennes)
    reponse = client.get(reverse("agenda:semaine"), {"semaine": "2026-03-25"})
    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert "semaine du 23/03/2026 au 29/03/2026" in texte
    assert "09:30–10:15" in texte and "23:30–23:50" in texte
    assert texte.count("Maëlys Lefloch") == 2  # le rendez-vous du 30/03 est dans la semaine suivante
    suivante = client.get(reverse("agenda:semaine"), {"semaine": "2026-03-30"}).content.decode()
    assert "semaine du 30/03/2026" in suivante and "09:30–10:15" in suivante


def test_semaine_d_octobre(client, conseiller_rennes, jeune, time_machine):
    time_machine.move_to(a_paris(datetime.date(2026, 10, 19), datetime.time(8, 0)))
    RendezVousFactory(jeune=jeune, debut=a_paris(datetime.date(2026, 10, 26), datetime.time(14, 0)))
    client.force_login(conseiller_rennes)
    texte = client.get(reverse("agenda:jour"), {"date": "2026-10-26"}).content.decode()
    assert "14:00–14:45" in texte and "Maëlys Lefloch" in texte


def test_semaine_journalise_chaque_jeune_montre(client, conseiller_rennes, jeune):
    autre = JeuneFactory(referent=conseiller_rennes)
    RendezVousFactory(jeune=jeune, debut=a_paris(timezone.localdate(), datetime.time(23, 0)))
    RendezVousFactory(jeune=autre, debut=a_paris(timezone.localdate(), datetime.time(22, 0)))
    client.force_login(conseiller_rennes)
    reponse = client.get(reverse("agenda:semaine"))
    assert "Maëlys Lefloch" in reponse.content.decode()
    assert JournalAcces.objects.filter(jeune=jeune, objet="agenda").count() == 1
    assert JournalAcces.objects.filter(jeune=autre, objet="agenda").count() == 1


def test_semaine_htmx_renvoie_le_fragment(client, conseiller_rennes):
    client.force_login(conseiller_rennes)
    reponse = client.get(reverse("agenda:semaine"), {"semaine": "2026-12-07"}, headers={"HX-Request": "true"})
    assert reponse.status_code == 200
    assert "semaine du 07/12/2026 au 13/12/2026" in reponse.content.decode()
    assert "<html" not in reponse.content.decode()


def test_date_illisible_message_clair(client, conseiller_rennes):
    client.force_login(conseiller_rennes)
    reponse = client.get(reverse("agenda:semaine"), {"semaine": "demain"}, follow=True)
    assert reponse.status_code == 200
    assert "illisible (format attendu AAAA-MM-JJ)" in reponse.content.decode()


def test_responsable_lit_l_agenda_de_son_antenne_seulement(
    client, conseiller_rennes, conseiller_broceliande, responsable_rennes, responsable_broceliande, jeune
):
    RendezVousFactory(jeune=jeune, debut=a_paris(timezone.localdate(), datetime.time(23, 0)))
    client.force_login(responsable_rennes)
    reponse = client.get(reverse("agenda:semaine"), {"conseiller": conseiller_rennes.pk})
    assert reponse.status_code == 200
    assert f"Agenda de {conseiller_rennes}" in reponse.content.decode()
    assert "Maëlys Lefloch" in reponse.content.decode()
    client.force_login(responsable_broceliande)
    assert client.get(reverse("agenda:semaine"), {"conseiller": conseiller_rennes.pk}).status_code == 403
    client.force_login(conseiller_broceliande)
    assert client.get(reverse("agenda:semaine"), {"conseiller": conseiller_rennes.pk}).status_code == 403


@pytest.mark.parametrize("persona", ["membre_commission", "administrateur", "direction", "accueil_rennes"])
def test_pas_d_agenda_pour_ces_roles(client, request, persona, jeune):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("agenda:semaine")).status_code == 403
    assert client.get(reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk})).status_code == 403


def test_planifier_depuis_le_dossier(client, conseiller_rennes, jeune):
    client.force_login(conseiller_rennes)
    url = reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk})
    jour = timezone.localdate() + datetime.timedelta(days=2)
    donnees = {
        "date": jour.isoformat(),
        "heure": "10:00",
        "duree_minutes": 45,
        "type": "entretien_individuel",
        "mode": "telephone",
    }
    reponse = client.post(url, donnees, follow=True)
    assert f"Rendez-vous planifié le {jour:%d/%m/%Y} à 10:00." in reponse.content.decode()
    jeune.refresh_from_db()
    assert jeune.date_prochain_rdv == jour
    # Même créneau, décalé de 30 minutes : refusé avec un message clair, rien n'est créé.
    reponse = client.post(url, {**donnees, "heure": "10:30"})
    assert reponse.status_code == 200
    assert "a déjà un rendez-vous de 10:00 à 10:45" in reponse.content.decode()
    assert RendezVous.objects.count() == 1
    # Dans le passé : refusé.
    reponse = client.post(url, {**donnees, "date": "2020-01-06"})
    assert "Ce créneau est déjà passé" in reponse.content.decode()
    assert RendezVous.objects.count() == 1


def test_autre_antenne_ne_planifie_pas(client, conseiller_broceliande, jeune):
    client.force_login(conseiller_broceliande)
    url = reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2030-01-07", "heure": "10:00"}).status_code == 403
    assert not RendezVous.objects.exists()


def test_honore_ouvre_la_saisie_preremplie_un_seul_evenement(client, conseiller_rennes, jeune, time_machine):
    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(10), duree_minutes=50)
    time_machine.move_to(rdv.debut + datetime.timedelta(minutes=45))
    client.force_login(conseiller_rennes)
    url = reverse("agenda:rendez_vous_statut", kwargs={"pk": rdv.pk})
    saisie = reverse("agenda:rendez_vous_entretien", kwargs={"pk": rdv.pk})
    assert client.post(url, {"action": "honorer"}).url == saisie
    assert client.post(url, {"action": "honorer"}).url == saisie  # double envoi : même saisie
    assert Evenement.objects.filter(jeune=jeune).count() == 1
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.HONORE
    page = client.get(saisie).content.decode()
    assert f'value="{rdv.debut:%Y-%m-%d}"' in page and 'value="50"' in page  # prérempli depuis le rendez-vous
    donnees = {
        "date": f"{rdv.debut:%Y-%m-%d}",
        "modalite": "telephone",
        "duree_minutes": 50,
        "themes": "Logement",
        "compte_rendu": "Recherche d'un foyer jeunes travailleurs.",
        "prochaine_etape": "Dossier FJT",
        "services": ["logement_information"],
    }
    reponse = client.post(saisie, donnees)
    assert reponse.url == reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) + "#journal"
    client.post(saisie, {**donnees, "compte_rendu": "Recherche d'un FJT, dossier remis."})  # double envoi
    evenement = Evenement.objects.get(jeune=jeune)
    assert evenement.compte_rendu == "Recherche d'un FJT, dossier remis."
    assert evenement.themes == "Logement" and evenement.conseiller == conseiller_rennes
    assert list(evenement.services.values_list("service", flat=True)) == ["logement_information"]
    assert evenement.history.count() == 3  # création, puis deux modifications historisées
    assert evenement.history.first().history_user == conseiller_rennes


def test_saisie_de_l_entretien_refuse_une_date_future_et_une_modalite_de_contact(
    client, conseiller_rennes, jeune, time_machine
):
    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(10))
    time_machine.move_to(rdv.debut + datetime.timedelta(minutes=45))
    client.force_login(conseiller_rennes)
    client.post(reverse("agenda:rendez_vous_statut", kwargs={"pk": rdv.pk}), {"action": "honorer"})
    saisie = reverse("agenda:rendez_vous_entretien", kwargs={"pk": rdv.pk})
    futur = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    reponse = client.post(saisie, {"date": futur, "modalite": "telephone", "compte_rendu": "Vu."})
    assert reponse.status_code == 200
    assert "La date ne peut pas être dans le futur" in reponse.content.decode()
    reponse = client.post(saisie, {"date": f"{rdv.debut:%Y-%m-%d}", "modalite": "sms", "compte_rendu": "Vu."})
    assert reponse.status_code == 200 and "Sélectionnez un choix valide" in reponse.content.decode()
    assert Evenement.objects.get(jeune=jeune).compte_rendu == ""


def test_saisie_de_l_entretien_refusee_hors_antenne_et_avant_honore(
    client, conseiller_rennes, conseiller_broceliande, jeune
):
    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(10))
    saisie = reverse("agenda:rendez_vous_entretien", kwargs={"pk": rdv.pk})
    client.force_login(conseiller_rennes)
    reponse = client.get(saisie, follow=True)
    assert "pas honoré : notez-le honoré pour saisir l&#x27;entretien" in reponse.content.decode()
    client.force_login(conseiller_broceliande)
    assert client.get(saisie).status_code == 403
    assert client.post(saisie, {"compte_rendu": "x"}).status_code == 403
    assert client.delete(saisie).status_code == 405


def test_action_inconnue_ou_refusee_message_clair(client, conseiller_rennes, jeune):
    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(10))
    client.force_login(conseiller_rennes)
    url = reverse("agenda:rendez_vous_statut", kwargs={"pk": rdv.pk})
    reponse = client.post(url, {"action": "effacer"}, follow=True)
    assert "Action inconnue" in reponse.content.decode()
    reponse = client.post(url, {"action": "absent_non_excuse"}, follow=True)
    assert "pas encore commencé" in reponse.content.decode()
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.PLANIFIE
    assert client.get(url).status_code == 405


def test_reporter_garde_le_lien(client, conseiller_rennes, jeune):
    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(10))
    client.force_login(conseiller_rennes)
    url = reverse("agenda:rendez_vous_reporter", kwargs={"pk": rdv.pk})
    assert "Prochains créneaux libres" in client.get(url).content.decode()
    jour = timezone.localdate() + datetime.timedelta(days=5)
    reponse = client.post(url, {"date": jour.isoformat(), "heure": "15:00", "motif": "Examen"}, follow=True)
    assert f"Rendez-vous reporté au {jour:%d/%m/%Y} à 15:00." in reponse.content.decode()
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.REPORTE
    assert RendezVous.objects.get(remplace=rdv).statut == StatutRendezVous.PLANIFIE
    assert f"remplace le rendez-vous du {demain_a(10):%d/%m/%Y}" in reponse.content.decode()


def test_dossier_renvoie_aux_rendez_vous(client, conseiller_rennes, jeune):
    client.force_login(conseiller_rennes)
    texte = client.get(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})).content.decode()
    assert reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk}) in texte


def test_lettre_de_convocation_pdf(client, conseiller_rennes, jeune, django_assert_max_num_queries):
    from django.utils.formats import date_format

    from messagerie.enums import Canal, StatutMessage
    from messagerie.models import Message
    from securite.models import ActionAcces
    from tests.aides.factories import texte_pdf

    jeune.adresse = "12 rue des Lices"
    jeune.save()
    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(14, 30), motif="Secret médical : ne pas imprimer")
    client.force_login(conseiller_rennes)
    page = client.get(reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk})).content.decode()
    url = reverse("agenda:rendez_vous_convocation_pdf", kwargs={"pk": rdv.pk})
    assert url in page
    with django_assert_max_num_queries(20):
        reponse = client.get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse.content)
    assert date_format(demain_a(14, 30).date(), "l j F Y") in texte
    assert "14 h 30" in texte
    assert "12 rue des Lices" in texte and "Maëlys LEFLOCH" in texte
    assert "En cas d'empêchement" in texte and "À apporter" in texte
    assert "Secret" not in texte  # le motif du rendez-vous n'est pas imprimé
    # Une ligne « impression » au journal des accès ; un courrier au journal des messages, une fois.
    assert JournalAcces.objects.filter(jeune=jeune, action=ActionAcces.IMPRESSION).count() == 1
    assert client.get(url).status_code == 200
    courrier = Message.objects.get(jeune=jeune, canal=Canal.COURRIER)
    assert courrier.statut == StatutMessage.ENVOYE
    assert courrier.objet_id == rdv.pk and courrier.modele == "convocation"
    assert JournalAcces.objects.filter(jeune=jeune, action=ActionAcces.IMPRESSION).count() == 2


def test_lettre_de_convocation_refusee(client, conseiller_rennes, conseiller_broceliande, accueil_rennes, jeune):
    from messagerie.models import Message

    rdv = RendezVousFactory(jeune=jeune, debut=demain_a(10))
    url = reverse("agenda:rendez_vous_convocation_pdf", kwargs={"pk": rdv.pk})
    for autre in (conseiller_broceliande, accueil_rennes):
        client.force_login(autre)
        assert client.get(url).status_code == 403
    client.force_login(conseiller_rennes)
    assert client.post(url).status_code == 405
    assert client.get(reverse("agenda:rendez_vous_convocation_pdf", kwargs={"pk": 999999})).status_code == 404
    # Annulé ou passé : pas de lettre, un message clair, rien n'est enregistré.
    rdv.statut = StatutRendezVous.ANNULE_JEUNE
    rdv.save()
    reponse = client.get(url, follow=True)
    assert "Seul un rendez-vous planifié à venir a une lettre de convocation." in reponse.content.decode()
    passe = RendezVousFactory(jeune=jeune, debut=timezone.now() - datetime.timedelta(hours=1))
    reponse = client.get(reverse("agenda:rendez_vous_convocation_pdf", kwargs={"pk": passe.pk}), follow=True)
    assert "Seul un rendez-vous planifié à venir" in reponse.content.decode()
    assert not Message.objects.exists()
