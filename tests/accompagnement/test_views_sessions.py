import datetime

import pytest
from django.urls import reverse

from accompagnement.models import Evenement, Participation, SessionCollective
from antennes.models import Antenne, LieuAccueil
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory, ParticipationFactory, SessionCollectiveFactory, aujourd_hui

pytestmark = pytest.mark.django_db

URL_LISTE = reverse("accompagnement:session_liste")


def test_liste_des_sessions_de_l_antenne(client_de, conseiller_rennes):
    SessionCollectiveFactory(theme="CV et lettre")
    SessionCollectiveFactory(theme="Mobilité", antenne=Antenne.objects.get(code="BROCELIANDE"))
    ParticipationFactory(session=SessionCollective.objects.get(theme="CV et lettre"))
    contenu = client_de(conseiller_rennes).get(URL_LISTE).content.decode()
    assert "CV et lettre" in contenu and "1 / 12" in contenu and "Mobilité" not in contenu


@pytest.mark.parametrize("persona", ["membre_commission", "secretariat_faj"])
def test_sessions_interdites(client_de, persona, request):
    assert client_de(request.getfixturevalue(persona)).get(URL_LISTE).status_code == 403


def test_sessions_mauvaise_methode(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).post(URL_LISTE).status_code == 405


def test_creer_une_session(client_de, conseiller_rennes, antenne_rennes, antenne_broceliande):
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:session_creer")
    donnees = {
        "type": "atelier",
        "theme": "Simulation d'entretien",
        "date": "2026-12-03",
        "heure_debut": "14:00",
        "duree_minutes": "90",
        "antenne": antenne_broceliande.pk,
        "capacite": "8",
    }
    reponse = client.post(url, donnees)
    assert "que pour votre antenne" in reponse.content.decode()
    reponse = client.post(url, {**donnees, "antenne": antenne_rennes.pk})
    session = SessionCollective.objects.get()
    assert reponse.status_code == 302 and session.animateur == conseiller_rennes and session.capacite == 8


def test_inscrire_en_cherchant_puis_capacite(client_de, conseiller_rennes):
    session = SessionCollectiveFactory(capacite=1)
    jeune = JeuneFactory(nom="Kerboul", prenom="Anaïs")
    autre = JeuneFactory(nom="Kerboul", prenom="Yann")
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:session_detail", kwargs={"pk": session.pk})
    reponse = client.get(url, {"q": "kerboul anais"}, headers={"HX-Request": "true"})
    contenu = reponse.content.decode()
    assert contenu.startswith('<div id="candidats">') and "Anaïs" in contenu and "Yann" not in contenu
    url_inscrire = reverse("accompagnement:session_inscrire", kwargs={"pk": session.pk})
    client.post(url_inscrire, {"jeunes": [jeune.pk]})
    reponse = client.post(url_inscrire, {"jeunes": [autre.pk]}, follow=True)
    assert "Capacité dépassée : il reste 0 place(s) sur 1" in reponse.content.decode()
    assert list(Participation.objects.values_list("jeune_id", flat=True)) == [jeune.pk]


def test_gestion_refusee_a_une_autre_antenne(client_de, conseiller_broceliande):
    session = SessionCollectiveFactory()
    url = reverse("accompagnement:session_inscrire", kwargs={"pk": session.pk})
    assert client_de(conseiller_broceliande).post(url, {"jeunes": [JeuneFactory().pk]}).status_code == 403
    detail = client_de(conseiller_broceliande).get(reverse("accompagnement:session_detail", kwargs={"pk": session.pk}))
    assert detail.status_code == 200 and "Inscrire des jeunes" not in detail.content.decode()


def test_emargement_d_une_session_passee(client_de, conseiller_rennes):
    session = SessionCollectiveFactory(passee=True)
    present = ParticipationFactory(session=session).jeune
    excuse = ParticipationFactory(session=session).jeune
    url = reverse("accompagnement:session_emarger", kwargs={"pk": session.pk})
    client = client_de(conseiller_rennes)
    reponse = client.post(url, {f"presence_{present.pk}": "present", f"presence_{excuse.pk}": "excuse"}, follow=True)
    assert "Émargement enregistré : 1 présent·e(s)." in reponse.content.decode()
    assert list(Evenement.objects.filter(session=session).values_list("jeune_id", flat=True)) == [present.pk]
    client.post(url, {f"presence_{present.pk}": "absent", f"presence_{excuse.pk}": "excuse"})
    assert not Evenement.objects.filter(session=session).exists()
    assert client.get(url).status_code == 405


def test_feuille_d_emargement_pdf_journalisee(client_de, conseiller_rennes):
    session = SessionCollectiveFactory()
    ParticipationFactory(session=session)
    reponse = client_de(conseiller_rennes).get(reverse("accompagnement:session_feuille_pdf", kwargs={"pk": session.pk}))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf" and reponse.content.startswith(b"%PDF")
    assert JournalAcces.objects.get().action == "impression"


URL_CREER = reverse("accompagnement:session_creer")


def _session(antenne, **autres):
    return {
        "type": "atelier",
        "theme": "Simulation d'entretien",
        "date": aujourd_hui().isoformat(),
        "heure_debut": "14:00",
        "duree_minutes": "90",
        "antenne": antenne.pk,
        "capacite": "10",
        **autres,
    }


def test_le_lieu_propose_les_lieux_d_accueil_par_antenne(client_de, conseiller_rennes, antenne_rennes):
    reponse = client_de(conseiller_rennes).get(URL_CREER)
    assert reponse.status_code == 200
    choix = reponse.context["form"]["lieu"].field.choices
    groupes = dict(choix[1:])
    lieu_rennes = LieuAccueil.objects.get(antenne=antenne_rennes)
    assert groupes["Antenne Rennes"] == [(lieu_rennes.pk, "Locaux de l'antenne Rennes")]
    assert len(groupes) == 5
    contenu = reponse.content.decode()
    assert '<optgroup label="Antenne Brocéliande">' in contenu
    assert f'<option value="{lieu_rennes.pk}">Locaux de l&#x27;antenne Rennes</option>' in contenu


def test_creer_une_session_dans_un_lieu_de_son_antenne(client_de, conseiller_rennes, antenne_rennes):
    client = client_de(conseiller_rennes)
    lieu_rennes = LieuAccueil.objects.get(antenne=antenne_rennes)
    lieu_broceliande = LieuAccueil.objects.get(antenne__code="BROCELIANDE")
    reponse = client.post(URL_CREER, _session(antenne_rennes, lieu=lieu_broceliande.pk))
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["lieu"] == [
        "« Locaux de l'antenne Brocéliande » dépend d'une autre antenne (Antenne Brocéliande) : choisissez un lieu "
        "de la session (Antenne Rennes)."
    ]
    assert not SessionCollective.objects.exists()
    reponse = client.post(URL_CREER, _session(antenne_rennes, lieu=lieu_rennes.pk))
    session = SessionCollective.objects.get()
    assert reponse.status_code == 302 and session.lieu == lieu_rennes
    assert "Locaux de l&#x27;antenne Rennes" in client.get(reponse.url).content.decode()


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("capacite", "0", "La capacité doit être d'au moins une place."),
        ("capacite", "-3", "La capacité doit être d'au moins une place."),
        (
            "date",
            (aujourd_hui() - datetime.timedelta(days=1)).isoformat(),
            f"Le {aujourd_hui() - datetime.timedelta(days=1):%d/%m/%Y} est passé : une session se programme à "
            f"partir d'aujourd'hui ({aujourd_hui():%d/%m/%Y}).",
        ),
    ],
)
def test_session_passee_ou_sans_place_refusee(client_de, conseiller_rennes, antenne_rennes, champ, valeur, message):
    reponse = client_de(conseiller_rennes).post(URL_CREER, _session(antenne_rennes, **{champ: valeur}))
    assert reponse.status_code == 200
    assert message in reponse.context["form"].errors[champ]
    assert message.replace("'", "&#x27;") in reponse.content.decode()
    assert not SessionCollective.objects.exists()


@pytest.mark.parametrize("persona", ["membre_commission", "secretariat_faj", "administrateur"])
def test_creation_de_session_refusee(client_de, persona, request, antenne_rennes):
    client = client_de(request.getfixturevalue(persona))
    assert client.get(URL_CREER).status_code == 403
    assert client.post(URL_CREER, _session(antenne_rennes)).status_code == 403
    assert not SessionCollective.objects.exists()


def test_session_d_une_autre_antenne_refusee(client_de, conseiller_broceliande, antenne_rennes):
    reponse = client_de(conseiller_broceliande).post(URL_CREER, _session(antenne_rennes))
    assert reponse.context["form"].errors["antenne"] == [
        "Vous ne pouvez organiser des sessions que pour votre antenne."
    ]
    assert not SessionCollective.objects.exists()
