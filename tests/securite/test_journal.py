import datetime

import pytest
import time_machine
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from securite.models import ActionAcces, ConnexionJournal, EvenementConnexion, JournalAcces, ModificationInterdite
from securite.services import journaux_purger
from securite.tasks import purger_journaux
from tests.securite.factories import EvenementFactory, JeuneFactory
from tests.securite.outils import acces_journalise

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def ligne(utilisateur, jeune=None, **kwargs):
    return JournalAcces.objects.create(
        utilisateur=utilisateur,
        identifiant=utilisateur.username,
        role=utilisateur.role,
        jeune=jeune,
        action=kwargs.pop("action", ActionAcces.CONSULTATION),
        objet=kwargs.pop("objet", "dossier"),
        **kwargs,
    )


@pytest.fixture
def jeune(db):
    return JeuneFactory(nom="Le Bihan", prenom="Nolwenn")


@pytest.mark.django_db
def test_le_dpo_trouve_qui_a_ouvert_un_dossier_la_semaine_derniere(client, conseiller_rennes, jeune, antenne_rennes):
    from tests.weker.factories import UtilisateurFactory

    dpo = UtilisateurFactory(username="dpo", role="conseiller", est_dpo=True, antenne=antenne_rennes)
    autre = JeuneFactory(nom="Autre")
    with time_machine.travel(datetime.datetime(2026, 11, 16, 10, 30, tzinfo=PARIS), tick=False):
        ligne(conseiller_rennes, jeune, objet="dossier du jeune")
        ligne(conseiller_rennes, autre, objet="dossier de l'autre")
    with time_machine.travel(datetime.datetime(2026, 10, 1, 10, 30, tzinfo=PARIS), tick=False):
        ligne(conseiller_rennes, jeune, objet="ancienne consultation")
    client.force_login(dpo)
    reponse = client.get(
        reverse("securite:journal"),
        {"jeune": jeune.pk, "du": "2026-11-15", "au": "2026-11-22", "utilisateur": conseiller_rennes.pk},
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "16/11/2026 10:30:00" in contenu and "dossier du jeune" in contenu
    assert "ancienne consultation" not in contenu and "dossier de l&#x27;autre" not in contenu
    assert "1 accès trouvé." in contenu
    assert reponse["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_journal_filtre_invalide_et_partiel_htmx(client_de, direction, jeune):
    client = client_de(direction)
    reponse = client.get(reverse("securite:journal"), {"jeune": 999999, "du": "2026-11-20", "au": "2026-11-01"})
    contenu = reponse.content.decode()
    assert "Aucun dossier ne porte ce numéro." in contenu
    assert "La fin de la période précède son début." in contenu
    partiel = client.get(reverse("securite:journal"), headers={"HX-Request": "true"})
    assert "<h1" not in partiel.content.decode() and "accès trouvé" in partiel.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["conseiller_rennes", "responsable_rennes", "administrateur", "membre_commission"])
def test_journal_refuse_aux_autres_roles(client_de, request, persona):
    assert client_de(request.getfixturevalue(persona)).get(reverse("securite:journal")).status_code == 403


@pytest.mark.django_db
def test_journal_refuse_post(client_de, direction):
    assert client_de(direction).post(reverse("securite:journal")).status_code == 405


@pytest.mark.django_db
def test_journal_nombre_de_requetes_constant(client_de, direction, conseiller_rennes):
    client = client_de(direction)
    jeunes = JeuneFactory.create_batch(2)
    for j in jeunes:
        ligne(conseiller_rennes, j)
    client.get(reverse("securite:journal"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as peu:
        client.get(reverse("securite:journal"))
    for j in JeuneFactory.create_batch(20):
        ligne(conseiller_rennes, j)
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(reverse("securite:journal"))
    assert len(beaucoup) == len(peu)


@pytest.mark.django_db
def test_journal_en_ajout_seul(conseiller_rennes, jeune):
    acces = ligne(conseiller_rennes, jeune)
    acces.objet = "falsifié"
    with pytest.raises(ModificationInterdite):
        acces.save()
    with pytest.raises(ModificationInterdite):
        acces.delete()
    assert JournalAcces.objects.get(pk=acces.pk).objet == "dossier"
    connexion = ConnexionJournal.objects.create(evenement=EvenementConnexion.ECHEC, identifiant="x")
    with pytest.raises(ModificationInterdite):
        connexion.save()


@pytest.mark.django_db
def test_administration_du_journal_en_lecture_seule(client_de, administrateur, conseiller_rennes, jeune):
    administrateur.is_staff = administrateur.is_superuser = True
    administrateur.save()
    acces = ligne(conseiller_rennes, jeune)
    client = client_de(administrateur)
    assert client.get(reverse("admin:securite_journalacces_changelist")).status_code == 200
    assert client.get(reverse("admin:securite_journalacces_add")).status_code == 403
    assert client.post(reverse("admin:securite_journalacces_delete", args=[acces.pk])).status_code == 403
    page = client.get(reverse("admin:securite_journalacces_change", args=[acces.pk]))
    assert "Enregistrer" not in page.content.decode()


@pytest.mark.django_db
def test_purge_apres_douze_mois_exactement_idempotente_par_lots(conseiller_rennes, jeune):
    maintenant = datetime.datetime(2026, 11, 22, 3, 0, tzinfo=datetime.UTC)
    with time_machine.travel(maintenant - datetime.timedelta(days=365, seconds=1), tick=False):
        vieilles = [ligne(conseiller_rennes, jeune) for _ in range(3)]
        ConnexionJournal.objects.create(evenement=EvenementConnexion.CONNEXION, identifiant="alice")
    with time_machine.travel(datetime.datetime(2025, 11, 22, 3, 0, tzinfo=datetime.UTC), tick=False):
        limite = ligne(conseiller_rennes, jeune)  # exactement 12 mois : gardée
    recente = ligne(conseiller_rennes, jeune)
    assert journaux_purger(maintenant=maintenant, taille_lot=2) == {"journalacces": 3, "connexionjournal": 1}
    assert set(JournalAcces.objects.values_list("pk", flat=True)) == {limite.pk, recente.pk}
    assert journaux_purger(maintenant=maintenant) == {"journalacces": 0, "connexionjournal": 0}
    assert not [v for v in vieilles if JournalAcces.objects.filter(pk=v.pk).exists()]


@pytest.mark.django_db
def test_purge_duree_configurable_et_tache(settings, conseiller_rennes, jeune):
    settings.WEKER_CONSERVATION = {**settings.WEKER_CONSERVATION, "JOURNAL_MOIS": 1}
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40), tick=False):
        ligne(conseiller_rennes, jeune)
    assert purger_journaux.delay().get()["journalacces"] == 1
    assert "securite-purge-journaux" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.django_db
def test_echec_ecriture_du_journal_fait_echouer_la_requete(client_de, direction, jeune, monkeypatch):
    """La vue s'exécute dans la transaction de la requête : sans ligne de journal, rien n'est servi."""
    EvenementFactory(jeune=jeune)
    client = client_de(direction)

    def refuser(*args, **kwargs):
        raise DatabaseError("disque plein")

    monkeypatch.setattr(JournalAcces.objects, "create", refuser)
    with pytest.raises(DatabaseError):
        client.get(reverse("conservation:historique_jeune", kwargs={"pk": jeune.pk}))
    sans_exception = Client(raise_request_exception=False)
    sans_exception.force_login(direction)
    reponse = sans_exception.get(reverse("conservation:historique_jeune", kwargs={"pk": jeune.pk}))
    assert reponse.status_code == 500
    assert "Le Bihan".upper() not in reponse.content.decode()


@pytest.mark.django_db
def test_outil_acces_journalise(client_de, direction, jeune):
    with acces_journalise(
        jeune=jeune, utilisateur=direction, action=ActionAcces.CONSULTATION, objet_contient="historique"
    ):
        client_de(direction).get(reverse("conservation:historique_jeune", kwargs={"pk": jeune.pk}))
    with pytest.raises(AssertionError), acces_journalise(jeune=jeune):
        pass


@pytest.mark.django_db
def test_journal_en_lot_une_ligne_par_dossier_comme_journaliser_acces(
    rf, settings, conseiller_rennes, django_assert_num_queries
):
    """L'écriture groupée garde tout ce que dit une ligne écrite seule : qui, d'où, quoi, quel jeune."""
    from securite.journal import journaliser_acces, journaliser_acces_en_lot

    settings.PROXIES_DE_CONFIANCE = ["10.0.0.1"]  # derrière un mandataire : l'adresse du client vient de l'en-tête
    requete = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    requete.user = conseiller_rennes
    jeunes = JeuneFactory.create_batch(3)
    seule = journaliser_acces(requete, objet="Demande FAJ-000001", jeune=jeunes[0])
    with django_assert_num_queries(1):
        journaliser_acces_en_lot(
            requete,
            [("Demande FAJ-000001", jeunes[0]), ("Demande FAJ-000002", jeunes[1]), ("x" * 250, None)],
            action=ActionAcces.IMPRESSION,
            motif="Séance du jour",
        )
    assert JournalAcces.objects.count() == 4
    journaliser_acces_en_lot(requete, [("page sans jeune", None)])  # aucun identifiant : un tableau de NULL
    journaliser_acces_en_lot(requete, [])  # rien à écrire
    assert JournalAcces.objects.filter(objet="page sans jeune", jeune__isnull=True).count() == 1

    def qui(ligne):
        return (ligne.utilisateur_id, ligne.identifiant, ligne.role, ligne.antenne, ligne.adresse_ip)

    lignes = list(JournalAcces.objects.exclude(pk=seule.pk).exclude(objet="page sans jeune").order_by("pk"))
    assert (
        {qui(ligne) for ligne in lignes}
        == {qui(seule)}
        == {(conseiller_rennes.pk, "alice", "conseiller", "RENNES", "203.0.113.7")}
    )
    assert [(ligne.objet, ligne.jeune_id) for ligne in lignes] == [
        ("Demande FAJ-000001", jeunes[0].pk),
        ("Demande FAJ-000002", jeunes[1].pk),
        ("x" * 200, None),
    ]
    assert {(ligne.action, ligne.motif) for ligne in lignes} == {(ActionAcces.IMPRESSION, "Séance du jour")}
    assert all(ligne.le >= seule.le for ligne in lignes)  # horodatées comme une ligne écrite seule
