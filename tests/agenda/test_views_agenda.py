"""Agenda (suite de l'issue 17) : mes disponibilités, planifier depuis l'agenda, journée de l'antenne, horaires des
lieux (administration et formulaire), nombre de requêtes de la semaine."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda.enums import MotifAbsence
from agenda.heures import a_paris, lundi_de
from agenda.models import AbsenceConseiller, HoraireLieu, PlageDisponibilite
from antennes.models import LieuAccueil
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory
from tests.agenda.factories import (
    AbsenceConseillerFactory,
    HoraireLieuFactory,
    PlageDisponibiliteFactory,
    RendezVousFactory,
)

pytestmark = pytest.mark.django_db

LUNDI = datetime.date(2027, 1, 4)


@pytest.fixture
def lundi_matin(time_machine):
    time_machine.move_to(a_paris(LUNDI, datetime.time(7, 0)))


# --- Mes disponibilités -------------------------------------------------------------------------------------


def test_mes_disponibilites_ajouter_et_retirer(client_de, conseiller_rennes, lundi_matin):
    client = client_de(conseiller_rennes)
    page = client.get(reverse("agenda:disponibilites"))
    assert page.status_code == 200 and "Aucune plage" in page.content.decode()
    reponse = client.post(
        reverse("agenda:plage_ajouter"),
        {"jour": "0", "debut": "09:00", "fin": "12:00", "lieu": ""},
        headers={"HX-Request": "true"},
    )
    assert "Plage ajoutée : lundi 09:00–12:00." in reponse.content.decode()
    assert "<html" not in reponse.content.decode()
    # Fin avant le début : message en français, rien n'est créé.
    reponse = client.post(reverse("agenda:plage_ajouter"), {"jour": "1", "debut": "14:00", "fin": "09:00"})
    assert "La fin de la plage doit suivre son début." in reponse.content.decode()
    assert PlageDisponibilite.objects.count() == 1
    reponse = client.post(
        reverse("agenda:absence_ajouter"),
        {
            "date_debut": "2027-01-11",
            "heure_debut": "00:00",
            "date_fin": "2027-01-15",
            "heure_fin": "23:59",
            "motif": "conge",
        },
        follow=True,
    )
    texte = reponse.content.decode()
    assert "Absence du 11/01/2027 00:00 au 16/01/2027 00:00 : notée." in texte
    assert "Du 11/01/2027 00:00 au 16/01/2027 00:00 (congé)" in texte
    absence = AbsenceConseiller.objects.get()
    reponse = client.post(
        reverse("agenda:absence_ajouter"),
        {
            "date_debut": "2027-01-12",
            "heure_debut": "bientôt",
            "date_fin": "2027-01-13",
            "heure_fin": "12:00",
            "motif": "vacances",
        },
    )
    assert reponse.status_code == 200 and "Saisissez une heure valide." in reponse.content.decode()
    assert AbsenceConseiller.objects.count() == 1
    client.post(reverse("agenda:absence_supprimer", kwargs={"pk": absence.pk}))
    client.post(reverse("agenda:plage_supprimer", kwargs={"pk": PlageDisponibilite.objects.get().pk}))
    assert not AbsenceConseiller.objects.exists() and not PlageDisponibilite.objects.exists()


def test_absence_signale_les_rendez_vous_a_reporter(client_de, conseiller_rennes, lundi_matin):
    RendezVousFactory(jeune=JeuneFactory(referent=conseiller_rennes), debut=a_paris(LUNDI, datetime.time(10)))
    reponse = client_de(conseiller_rennes).post(
        reverse("agenda:absence_ajouter"),
        {
            "date_debut": "2027-01-04",
            "heure_debut": "09:00",
            "date_fin": "2027-01-04",
            "heure_fin": "12:00",
            "motif": "formation",
        },
        headers={"HX-Request": "true"},
    )
    assert "1 rendez-vous déjà planifié pendant cette absence : reportez-les." in reponse.content.decode()


def test_disponibilites_d_un_autre_intouchables(client_de, conseiller_rennes, responsable_rennes):
    plage = PlageDisponibiliteFactory(conseiller=conseiller_rennes)
    absence = AbsenceConseillerFactory(conseiller=conseiller_rennes)
    client = client_de(responsable_rennes)
    assert client.post(reverse("agenda:plage_supprimer", kwargs={"pk": plage.pk})).status_code == 404
    assert client.post(reverse("agenda:absence_supprimer", kwargs={"pk": absence.pk})).status_code == 404
    assert client.get(reverse("agenda:plage_supprimer", kwargs={"pk": plage.pk})).status_code == 405
    assert PlageDisponibilite.objects.count() == 1 and AbsenceConseiller.objects.count() == 1


@pytest.mark.parametrize("persona", ["accueil_rennes", "direction", "administrateur", "membre_commission"])
def test_pas_de_disponibilites_pour_ces_roles(client_de, request, persona):
    client = client_de(request.getfixturevalue(persona))
    assert client.get(reverse("agenda:disponibilites")).status_code == 403
    assert client.post(reverse("agenda:plage_ajouter"), {"jour": "0"}).status_code == 403
    assert not PlageDisponibilite.objects.exists()


# --- Semaine : absences, créneaux libres, raccourcis ---------------------------------------------------------


def test_le_motif_d_absence_vu_du_conseiller_et_de_son_responsable(
    client_de, conseiller_rennes, responsable_rennes, lundi_matin
):
    AbsenceConseillerFactory(
        conseiller=conseiller_rennes,
        debut=a_paris(LUNDI, datetime.time(14)),
        fin=a_paris(LUNDI, datetime.time(17)),
        motif=MotifAbsence.MALADIE,
    )
    texte = client_de(conseiller_rennes).get(reverse("agenda:semaine")).content.decode()
    assert "Absent·e du 04/01 14:00 au 04/01 17:00" in texte and "(maladie)" in texte
    texte = client_de(responsable_rennes).get(reverse("agenda:semaine"), {"conseiller": conseiller_rennes.pk})
    assert "(maladie)" in texte.content.decode()
    texte = client_de(responsable_rennes).get(reverse("agenda:antenne"), {"date": "2027-01-04"}).content.decode()
    assert "(maladie)" in texte


def test_semaine_propose_les_creneaux_libres_et_documente_les_raccourcis(client_de, conseiller_rennes, lundi_matin):
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=0, debut=datetime.time(9), fin=datetime.time(10))
    RendezVousFactory(jeune=JeuneFactory(referent=conseiller_rennes), debut=a_paris(LUNDI, datetime.time(9)))
    texte = client_de(conseiller_rennes).get(reverse("agenda:semaine")).content.decode()
    # 09:00 est pris (45 min) ; la plage 09:00–10:00 ne laisse aucun autre créneau de 45 minutes.
    assert "?creneau=2027-01-04T" not in texte
    PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=1, debut=datetime.time(14), fin=datetime.time(15))
    texte = client_de(conseiller_rennes).get(reverse("agenda:semaine")).content.decode()
    assert f"{reverse('agenda:planifier')}?creneau=2027-01-05T14:00" in texte
    assert "?creneau=2027-01-05T14:30" not in texte  # 14:30 + 45 min dépasse la plage
    assert "← période précédente, → période suivante, t aujourd'hui" in texte
    assert 'data-raccourci="precedent"' in texte and 'aria-keyshortcuts="ArrowLeft"' in texte


def test_le_responsable_ne_planifie_pas_dans_l_agenda_d_un_autre(
    client_de, conseiller_rennes, responsable_rennes, lundi_matin
):
    texte = client_de(responsable_rennes).get(reverse("agenda:semaine"), {"conseiller": conseiller_rennes.pk})
    assert reverse("agenda:planifier") not in texte.content.decode()


def test_semaine_nombre_de_requetes_constant(client_de, conseiller_rennes, django_assert_max_num_queries):
    client = client_de(conseiller_rennes)
    lundi = lundi_de(timezone.localdate())

    def compter():
        with django_assert_max_num_queries(40) as requetes:
            assert client.get(reverse("agenda:semaine")).status_code == 200
        return len(requetes)

    jeune = JeuneFactory(referent=conseiller_rennes)
    RendezVousFactory(jeune=jeune, debut=a_paris(lundi, datetime.time(22, 0)))
    AbsenceConseillerFactory(
        conseiller=conseiller_rennes, debut=a_paris(lundi, datetime.time(1)), fin=a_paris(lundi, datetime.time(2))
    )
    peu = compter()
    for jour in range(7):
        for heure in range(8, 20, 2):
            RendezVousFactory(
                jeune=JeuneFactory(referent=conseiller_rennes),
                debut=a_paris(lundi + datetime.timedelta(days=jour), datetime.time(heure)),
            )
        AbsenceConseillerFactory(
            conseiller=conseiller_rennes,
            debut=a_paris(lundi + datetime.timedelta(days=jour), datetime.time(20)),
            fin=a_paris(lundi + datetime.timedelta(days=jour), datetime.time(21)),
        )
        PlageDisponibiliteFactory(conseiller=conseiller_rennes, jour=jour, debut=datetime.time(7), fin=datetime.time(8))
    assert compter() == peu


# --- Planifier depuis l'agenda ------------------------------------------------------------------------------


def test_planifier_depuis_un_creneau(client_de, conseiller_rennes, lundi_matin):
    jeune = JeuneFactory(nom="Kerbrat", prenom="Nolwenn", referent=conseiller_rennes)
    archive = JeuneFactory(nom="Kerbrat", prenom="Archivée", archive=True)
    client = client_de(conseiller_rennes)
    page = client.get(reverse("agenda:planifier"), {"creneau": "2027-01-05T14:00"})
    assert "Planifier un rendez-vous le mardi 05/01/2027 à 14:00" in page.content.decode()
    suggestions = client.get(
        reverse("accompagnement:recherche"),
        {"q": "kerbrat", "creneau": "2027-01-05T14:00"},
        headers={"HX-Request": "true"},
    ).content.decode()
    cible = reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk}) + "?creneau=2027-01-05T14:00#planifier"
    assert f'href="{cible}"' in suggestions
    assert reverse("agenda:rendez_vous_jeune", kwargs={"pk": archive.pk}) not in suggestions
    assert JournalAcces.objects.filter(jeune=jeune, objet="recherche d'un jeune").exists()
    # Sans JavaScript : la page de résultats garde le créneau.
    resultats = client.get(reverse("accompagnement:recherche"), {"q": "kerbrat", "creneau": "2027-01-05T14:00"})
    assert f'href="{cible}"' in resultats.content.decode()
    formulaire = client.get(cible.split("#")[0]).content.decode()
    assert 'value="2027-01-05"' in formulaire and 'value="14:00"' in formulaire


def test_planifier_creneau_illisible(client_de, conseiller_rennes):
    client = client_de(conseiller_rennes)
    reponse = client.get(reverse("agenda:planifier"), {"creneau": "mardi"}, follow=True)
    assert "Créneau illisible : choisissez un créneau libre dans l&#x27;agenda." in reponse.content.decode()
    # Un créneau forgé n'est pas recopié dans les liens de la recherche.
    suggestions = client.get(
        reverse("accompagnement:recherche"), {"q": "a", "creneau": '"><script>'}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<script>" not in suggestions and "creneau=" not in suggestions


@pytest.mark.parametrize("persona", ["accueil_rennes", "direction", "administrateur", "membre_commission"])
def test_planifier_refuse_a_ces_roles(client_de, request, persona):
    reponse = client_de(request.getfixturevalue(persona)).get(
        reverse("agenda:planifier"), {"creneau": "2027-01-05T14:00"}
    )
    assert reponse.status_code == 403


# --- Journée de l'antenne -----------------------------------------------------------------------------------


def test_journee_de_l_antenne_une_colonne_par_conseiller(
    client_de, conseiller_rennes, responsable_rennes, conseiller_broceliande, lundi_matin
):
    a = JeuneFactory(nom="Le Gall", prenom="Erwan", referent=conseiller_rennes)
    b = JeuneFactory(nom="Riou", prenom="Soizic", referent=responsable_rennes)
    c = JeuneFactory(nom="Tanguy", prenom="Loeiz", referent=conseiller_broceliande)
    RendezVousFactory(jeune=a, debut=a_paris(LUNDI, datetime.time(10)))
    RendezVousFactory(jeune=b, debut=a_paris(LUNDI, datetime.time(11)))
    RendezVousFactory(jeune=c, debut=a_paris(LUNDI, datetime.time(11)))
    RendezVousFactory(jeune=a, debut=a_paris(LUNDI + datetime.timedelta(days=1), datetime.time(11)))
    reponse = client_de(responsable_rennes).get(reverse("agenda:antenne"), {"date": "2027-01-04"})
    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert f'id="colonne-{conseiller_rennes.pk}"' in texte and f'id="colonne-{responsable_rennes.pk}"' in texte
    assert f'id="colonne-{conseiller_broceliande.pk}"' not in texte
    assert "Erwan Le Gall" in texte and "Soizic Riou" in texte and "Loeiz Tanguy" not in texte
    assert texte.count("Erwan Le Gall") == 1
    assert JournalAcces.objects.filter(jeune=a, objet="agenda de l'antenne").count() == 1
    assert JournalAcces.objects.filter(jeune=b, objet="agenda de l'antenne").count() == 1
    assert not JournalAcces.objects.filter(jeune=c).exists()
    fragment = client_de(responsable_rennes).get(
        reverse("agenda:antenne"), {"date": "2027-01-05"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.content.decode() and "mardi 5 janvier 2027" in fragment.content.decode()


@pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "direction", "administrateur"])
def test_journee_de_l_antenne_reservee_au_responsable(client_de, request, persona):
    assert client_de(request.getfixturevalue(persona)).get(reverse("agenda:antenne")).status_code == 403


def test_journee_de_l_antenne_nombre_de_requetes_constant(
    client_de, conseiller_rennes, responsable_rennes, django_assert_max_num_queries, lundi_matin
):
    client = client_de(responsable_rennes)

    def compter():
        with django_assert_max_num_queries(30) as requetes:
            client.get(reverse("agenda:antenne"), {"date": "2027-01-04"})
        return len(requetes)

    RendezVousFactory(jeune=JeuneFactory(referent=conseiller_rennes), debut=a_paris(LUNDI, datetime.time(9)))
    peu = compter()
    for heure in range(10, 18):
        RendezVousFactory(jeune=JeuneFactory(referent=conseiller_rennes), debut=a_paris(LUNDI, datetime.time(heure)))
        RendezVousFactory(jeune=JeuneFactory(referent=responsable_rennes), debut=a_paris(LUNDI, datetime.time(heure)))
    AbsenceConseillerFactory(
        conseiller=responsable_rennes, debut=a_paris(LUNDI, datetime.time(18)), fin=a_paris(LUNDI, datetime.time(19))
    )
    assert compter() == peu


# --- Horaires des lieux -------------------------------------------------------------------------------------


def test_horaires_saisis_dans_l_administration(client_de, administrateur, antenne_rennes):
    lieu = LieuAccueil.objects.filter(antenne=antenne_rennes).first()
    client = client_de(administrateur)
    url = reverse("admin:antennes_lieuaccueil_change", args=[lieu.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Horaires d&#x27;ouverture" in page.content.decode()
    donnees = {
        "nom": lieu.nom,
        "antenne": lieu.antenne_id,
        "adresse": lieu.adresse,
        "commune": lieu.commune_id or "",
        "actif": "on",
        "horaires-TOTAL_FORMS": "2",
        "horaires-INITIAL_FORMS": "0",
        "horaires-MIN_NUM_FORMS": "0",
        "horaires-MAX_NUM_FORMS": "1000",
        "horaires-0-jour": "0",
        "horaires-0-debut": "09:00",
        "horaires-0-fin": "12:30",
        "horaires-1-jour": "2",
        "horaires-1-debut": "14:00",
        "horaires-1-fin": "13:00",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "La fermeture doit suivre l&#x27;ouverture." in reponse.content.decode()
    assert not HoraireLieu.objects.exists()
    donnees["horaires-1-fin"] = "17:00"
    assert client.post(url, donnees).status_code == 302
    assert HoraireLieu.objects.filter(lieu=lieu).count() == 2


def test_horaires_lus_par_le_conseiller_sur_le_formulaire(client_de, conseiller_rennes, antenne_rennes):
    lieu = LieuAccueil.objects.filter(antenne=antenne_rennes, actif=True).first()
    HoraireLieuFactory(lieu=lieu, jour=3, debut=datetime.time(8, 30), fin=datetime.time(12))
    jeune = JeuneFactory(referent=conseiller_rennes)
    texte = client_de(conseiller_rennes).get(reverse("agenda:rendez_vous_jeune", kwargs={"pk": jeune.pk}))
    assert "Horaires d'ouverture des lieux d'accueil" in texte.content.decode()
    assert "Jeudi 08:30–12:00" in texte.content.decode()
    assert (
        client_de(conseiller_rennes).get(reverse("admin:antennes_lieuaccueil_changelist"), follow=True).status_code
        == 403
    )
