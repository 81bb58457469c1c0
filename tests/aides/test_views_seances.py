import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from accompagnement.enums import TypeEvenement
from accompagnement.models import Evenement
from aides import services
from aides.enums import StatutDemande, StatutSeance, TypeDecision
from aides.forms import DecisionForm
from aides.models import Seance
from comptes.enums import Role
from securite.models import JournalAcces
from tests.aides.factories import (
    MONTFORT,
    EnveloppeFactory,
    JeuneFactory,
    SeanceFactory,
    commune,
    demande_accordee_notifiee,
    demande_soumise,
    seance_ouverte_avec,
    texte_pdf,
)
from tests.weker.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seance_du_membre(conseiller_rennes, secretariat_faj, membre_commission, budget_rm):
    """Séance ouverte où siège le membre, avec une demande au dossier bien rempli."""
    jeune = JeuneFactory(
        nom="Quéré",
        prenom="Gwendal",
        adresse="7 rue Secrète",
        telephone="0611223344",
        courriel="gwendal@example.org",
        date_naissance=datetime.date(2004, 2, 29),
    )
    Evenement.objects.create(
        jeune=jeune,
        type=TypeEvenement.ENTRETIEN_INDIVIDUEL,
        date=timezone.localdate(),
        compte_rendu="COMPTE-RENDU-CONFIDENTIEL difficultés familiales",
    )
    demande = demande_soumise(conseiller_rennes, jeune=jeune, montant="220.00")
    services.piece_jointe_ajouter(
        demande=demande, par=conseiller_rennes, fichier=SimpleUploadedFile("devis.pdf", b"%PDF-1.4\n")
    )
    seance = seance_ouverte_avec(secretariat_faj, demande, membres=[membre_commission])
    return seance, demande


# --- Liste -------------------------------------------------------------------------------------------------------


def test_liste_des_seances_pour_le_secretariat(client_de, secretariat_faj):
    SeanceFactory(lieu="Salle Vilaine")
    SeanceFactory(lieu="Salle Ille", statut=StatutSeance.CLOSE)
    contenu = client_de(secretariat_faj).get(reverse("aides:seance_liste")).content.decode()
    assert "Salle Vilaine" in contenu and "Salle Ille" in contenu and "Nouvelle séance" in contenu


def test_le_membre_ne_voit_que_ses_seances_non_closes(client_de, membre_commission):
    sienne = SeanceFactory(lieu="Salle Vilaine")
    sienne.membres.add(membre_commission)
    close = SeanceFactory(lieu="Salle Ille", statut=StatutSeance.CLOSE)
    close.membres.add(membre_commission)
    SeanceFactory(lieu="Salle Rance")
    contenu = client_de(membre_commission).get(reverse("aides:seance_liste")).content.decode()
    assert "Salle Vilaine" in contenu
    assert "Salle Ille" not in contenu and "Salle Rance" not in contenu
    assert "Nouvelle séance" not in contenu


@pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "responsable_rennes"])
def test_liste_refusee_aux_autres_roles(client_de, persona, request):
    assert client_de(request.getfixturevalue(persona)).get(reverse("aides:seance_liste")).status_code == 403


def test_liste_mauvaise_methode(client_de, secretariat_faj):
    assert client_de(secretariat_faj).post(reverse("aides:seance_liste")).status_code == 405


def test_liste_des_seances_requetes_constantes(client_de, secretariat_faj, django_assert_max_num_queries):
    client = client_de(secretariat_faj)
    for _ in range(2):
        SeanceFactory()
    client.get(reverse("aides:seance_liste"))
    with django_assert_max_num_queries(30) as deux:
        client.get(reverse("aides:seance_liste"))
    for _ in range(18):
        SeanceFactory()
    with django_assert_max_num_queries(len(deux.captured_queries)):
        client.get(reverse("aides:seance_liste"))


# --- Création -----------------------------------------------------------------------------------------------------


def test_le_secretariat_cree_une_seance(client_de, secretariat_faj, membre_commission):
    reponse = client_de(secretariat_faj).post(
        reverse("aides:seance_creer"),
        {
            "fonds": "faj_cd35",
            "date": "2026-12-03",
            "heure": "14:00",
            "lieu": "Agence départementale de Montfort",
            "presidence": "M. Guérin, conseiller départemental",
            "membres": [membre_commission.pk],
        },
    )
    seance = Seance.objects.get()
    assert reponse.status_code == 302
    assert seance.fonds == "faj_cd35" and list(seance.membres.all()) == [membre_commission]
    assert seance.cree_par == secretariat_faj and seance.statut == StatutSeance.PREPAREE


def test_creation_refusee_au_membre_et_mauvaise_methode(client_de, membre_commission, secretariat_faj):
    assert client_de(membre_commission).get(reverse("aides:seance_creer")).status_code == 403
    assert client_de(secretariat_faj).delete(reverse("aides:seance_creer")).status_code == 405


# --- Ordre du jour --------------------------------------------------------------------------------------------------


def test_construire_l_ordre_du_jour_et_ouvrir(client_de, conseiller_rennes, secretariat_faj):
    seance = SeanceFactory()
    demande = demande_soumise(conseiller_rennes, jeune=JeuneFactory(nom="Rolland"))
    client = client_de(secretariat_faj)
    page = client.get(reverse("aides:seance_detail", args=[seance.pk])).content.decode()
    url_inscrire = reverse("aides:seance_inscrire", args=[seance.pk])
    assert f'href="{url_inscrire}">Ajouter des demandes à l\'ordre du jour</a>' in page
    assert demande.numero not in page
    fragment = client.get(url_inscrire, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="demandes-a-inscrire">') and demande.numero in fragment
    seule = client.get(url_inscrire).content.decode()  # sans JavaScript : page complète
    assert "<h1" in seule and demande.numero in seule and "Retour à la séance" in seule
    client.post(reverse("aides:seance_inscrire", args=[seance.pk]), {"demandes": [demande.pk]})
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.INSCRITE
    reponse = client.post(reverse("aides:seance_ouvrir", args=[seance.pk]), follow=True)
    assert "Séance ouverte" in reponse.content.decode()
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.OUVERTE


def test_inscription_refusee_au_membre(client_de, conseiller_rennes, membre_commission):
    seance = SeanceFactory()
    seance.membres.add(membre_commission)
    demande = demande_soumise(conseiller_rennes)
    reponse = client_de(membre_commission).post(
        reverse("aides:seance_inscrire", args=[seance.pk]), {"demandes": [demande.pk]}
    )
    assert reponse.status_code == 403
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE
    assert client_de(membre_commission).get(reverse("aides:seance_inscrire", args=[seance.pk])).status_code == 403
    assert client_de(membre_commission).put(reverse("aides:seance_inscrire", args=[seance.pk])).status_code == 405


def test_clore_sans_toutes_les_decisions_affiche_le_refus(client_de, secretariat_faj, seance_du_membre):
    seance, _ = seance_du_membre
    reponse = client_de(secretariat_faj).post(reverse("aides:seance_clore", args=[seance.pk]), follow=True)
    assert "n&#x27;ont pas encore de décision" in reponse.content.decode()


def test_agenda_pdf(client_de, secretariat_faj, seance_du_membre):
    seance, demande = seance_du_membre
    reponse = client_de(secretariat_faj).get(reverse("aides:seance_ordre_du_jour_pdf", args=[seance.pk]))
    texte = texte_pdf(reponse.content)
    assert f"Ordre du jour — {seance}" in texte
    assert demande.numero in texte and "QUÉRÉ Gwendal," in texte and "220,00 €" in texte  # nom suivi de la virgule
    assert " , " not in texte


# --- Écran de séance : membre de commission -----------------------------------------------------------------------


def test_le_membre_voit_uniquement_les_champs_utiles_a_la_decision(client_de, membre_commission, seance_du_membre):
    seance, demande = seance_du_membre
    reponse = client_de(membre_commission).get(reverse("aides:seance_detail", args=[seance.pk]))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    # Ce qui sert à décider
    assert demande.numero in contenu
    assert "G. Q." in contenu  # initiales
    assert "220,00" in contenu and "Rupture de ressources" in contenu
    assert "Total des ressources" in contenu and "Reste à vivre" in contenu
    assert "devis.pdf" in contenu
    # Rien d'autre du dossier
    for interdit in (
        "QUÉRÉ",
        "Quéré",
        "Gwendal",
        "29/02/2004",
        "7 rue Secrète",
        "0611223344",
        "gwendal@example.org",
        "COMPTE-RENDU-CONFIDENTIEL",
        reverse("aides:demande_detail", args=[demande.pk]),
    ):
        assert interdit not in contenu, interdit
    # Le contexte du gabarit ne contient que des fiches (pas d'objet demande ni jeune)
    for contexte in reponse.context:
        assert "demande" not in contexte and "jeune" not in contexte
    assert JournalAcces.objects.filter(utilisateur=membre_commission, jeune=demande.jeune).exists()


def test_le_membre_ne_devine_pas_les_autres_demandes(client_de, conseiller_rennes, membre_commission, seance_du_membre):
    seance, demande = seance_du_membre
    autre_seance = SeanceFactory()
    autre = demande_soumise(conseiller_rennes)
    services.demande_aide_inscrire(
        demande=autre, seance=autre_seance, par=UtilisateurFactory(role=Role.SECRETARIAT_FAJ)
    )
    client = client_de(membre_commission)
    assert client.get(reverse("aides:demande_detail", args=[demande.pk])).status_code == 404
    assert client.get(reverse("aides:demande_detail", args=[autre.pk])).status_code == 404
    assert client.get(reverse("aides:seance_detail", args=[autre_seance.pk])).status_code == 404
    assert client.get(reverse("aides:demande_courrier", args=[demande.pk])).status_code == 404
    point_autre = autre_seance.points.get()
    reponse = client.post(
        reverse("aides:point_decider", args=[autre_seance.pk, point_autre.pk]),
        {f"p{point_autre.pk}-decision": "refusee"},
    )
    assert reponse.status_code == 404


def test_le_membre_telecharge_les_pieces_de_la_demande_jusqu_a_la_cloture(
    client_de, membre_commission, secretariat_faj, seance_du_membre
):
    seance, demande = seance_du_membre
    piece = demande.pieces.get()
    client = client_de(membre_commission)
    assert client.get(reverse("aides:piece_telecharger", args=[piece.pk])).status_code == 200
    point = seance.points.get()
    services.demande_aide_decider(demande=demande, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    services.seance_clore(seance=seance, par=secretariat_faj)
    assert point.seance.pk == seance.pk
    assert client.get(reverse("aides:piece_telecharger", args=[piece.pk])).status_code == 404
    assert client.get(reverse("aides:seance_detail", args=[seance.pk])).status_code == 404


def test_le_membre_decide_en_htmx(client_de, membre_commission, seance_du_membre, budget_rm):
    seance, demande = seance_du_membre
    point = seance.points.get()
    reponse = client_de(membre_commission).post(
        reverse("aides:point_decider", args=[seance.pk, point.pk]),
        {
            f"p{point.pk}-decision": "accordee_partiellement",
            f"p{point.pk}-montant_accorde": "150,00",
            f"p{point.pk}-motif": "Prise en charge partielle, le reste par le CCAS.",
        },
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "<html" not in contenu and "<h1" not in contenu
    assert f'id="point-{point.pk}"' in contenu and "Décision enregistrée." in contenu
    assert "Accordée partiellement" in contenu and "150,00" in contenu
    # Les enveloppes sont remplacées hors bande : 10 000 − 150 = 9 850
    assert 'id="enveloppes-seance"' in contenu and 'hx-swap-oob="true"' in contenu
    assert "9\u202f850,00" in contenu
    assert "QUÉRÉ" not in contenu
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.DECIDEE and demande.montant_accorde == Decimal("150.00")
    assert demande.decisions.get().decide_par == membre_commission


def test_decision_htmx_refusee_affiche_l_erreur_dans_le_fragment(client_de, secretariat_faj, seance_du_membre):
    seance, demande = seance_du_membre
    point = seance.points.get()
    reponse = client_de(secretariat_faj).post(
        reverse("aides:point_decider", args=[seance.pk, point.pk]),
        {f"p{point.pk}-decision": "accordee_partiellement", f"p{point.pk}-montant_accorde": "300"},
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    assert "ne peut pas dépasser le montant demandé (220,00" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.INSCRITE


def test_decision_sans_htmx_redirige(client_de, secretariat_faj, seance_du_membre):
    seance, _ = seance_du_membre
    point = seance.points.get()
    reponse = client_de(secretariat_faj).post(
        reverse("aides:point_decider", args=[seance.pk, point.pk]),
        {f"p{point.pk}-decision": "refusee", f"p{point.pk}-motif": "Ressources suffisantes."},
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("aides:seance_detail", args=[seance.pk])


def test_decision_refusee_au_conseiller_et_mauvaise_methode(
    client_de, conseiller_rennes, secretariat_faj, seance_du_membre
):
    seance, _ = seance_du_membre
    point = seance.points.get()
    url = reverse("aides:point_decider", args=[seance.pk, point.pk])
    assert client_de(conseiller_rennes).post(url, {f"p{point.pk}-decision": "refusee"}).status_code == 404
    assert client_de(secretariat_faj).get(url).status_code == 405


def test_decision_impossible_avant_l_ouverture(client_de, conseiller_rennes, membre_commission):
    seance = SeanceFactory()
    seance.membres.add(membre_commission)
    demande = demande_soumise(conseiller_rennes)
    point = services.demande_aide_inscrire(demande=demande, seance=seance, par=conseiller_rennes)
    client = client_de(membre_commission)
    page = client.get(reverse("aides:seance_detail", args=[seance.pk])).content.decode()
    assert "pas encore ouverte" in page and "Enregistrer la décision" not in page
    reponse = client.post(
        reverse("aides:point_decider", args=[seance.pk, point.pk]), {f"p{point.pk}-decision": "refusee"}
    )
    assert reponse.status_code == 403


# --- Après la séance --------------------------------------------------------------------------------------------------


def test_proces_verbal_et_courriers_apres_cloture(client_de, conseiller_rennes, secretariat_faj, budget_rm):
    accordee = demande_soumise(
        conseiller_rennes, jeune=JeuneFactory(nom="Le Guen", prenom="Anaïs", sexe="f"), montant="180"
    )
    refusee = demande_soumise(
        conseiller_rennes, jeune=JeuneFactory(nom="Prigent", prenom="Loïc", sexe="m"), montant="400"
    )
    seance = seance_ouverte_avec(secretariat_faj, accordee, refusee)
    client = client_de(secretariat_faj)
    assert client.get(reverse("aides:seance_proces_verbal_pdf", args=[seance.pk])).status_code == 302
    services.demande_aide_decider(demande=accordee, seance=seance, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    services.demande_aide_decider(
        demande=refusee,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.REFUSEE,
        motif="Déjà aidé en juin.",
    )
    client.post(reverse("aides:seance_clore", args=[seance.pk]))
    pv = texte_pdf(client.get(reverse("aides:seance_proces_verbal_pdf", args=[seance.pk])).content)
    assert f"Procès-verbal de la {seance}" in pv
    assert "LE GUEN" in pv and "PRIGENT" in pv and "Anaïs" in pv
    assert "2 demande(s) examinée(s) : 1 accordée(s) pour 180,00 €, 1 refusée(s), 0 ajournée(s)" in pv
    assert "Déjà aidé en" in pv and "Refusée" in pv
    courriers = texte_pdf(client.get(reverse("aides:seance_courriers_pdf", args=[seance.pk])).content)
    assert "Madame Anaïs LE GUEN" in courriers and "Monsieur Loïc PRIGENT" in courriers
    assert "180,00 € vous est accordée" in courriers and "n'a pas pu recevoir une suite favorable" in courriers
    assert courriers.count("recours gracieux") == 2
    impressions = JournalAcces.objects.filter(objet__startswith="Courrier de notification", action="impression")
    assert sorted(impressions.values_list("jeune_id", "objet")) == sorted(
        (d.jeune_id, f"Courrier de notification de la demande {d.numero}") for d in (accordee, refusee)
    )
    reponse = client.post(reverse("aides:seance_notifier", args=[seance.pk]), follow=True)
    assert "2 décision(s) notifiée(s)" in reponse.content.decode()
    accordee.refresh_from_db()
    assert accordee.statut == StatutDemande.NOTIFIEE


def test_documents_de_seance_refuses_au_conseiller(client_de, conseiller_rennes, seance_du_membre):
    seance, _ = seance_du_membre
    client = client_de(conseiller_rennes)
    assert client.get(reverse("aides:seance_ordre_du_jour_pdf", args=[seance.pk])).status_code == 404
    assert client.get(reverse("aides:seance_proces_verbal_pdf", args=[seance.pk])).status_code == 404
    assert client.post(reverse("aides:seance_courriers_pdf", args=[seance.pk])).status_code == 405


def _inscrire_demande_au_dossier_complet(conseiller, secretariat, seance, budget):
    """Une demande qui passe par toutes les branches de la fiche : pièce jointe, aide accordée au même jeune dans
    l'année, décision déjà prise dans la séance (formulaire pré-rempli, enveloppe choisie)."""
    jeune = JeuneFactory()
    demande_accordee_notifiee(conseiller, secretariat, montant="80.00", jeune=jeune)
    demande = demande_soumise(conseiller, jeune=jeune, montant="200.00")
    services.piece_jointe_ajouter(
        demande=demande, par=conseiller, fichier=SimpleUploadedFile("devis.pdf", b"%PDF-1.4\n")
    )
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat)
    if seance.est_preparee:
        seance = services.seance_ouvrir(seance=seance, par=secretariat)
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat,
        decision=TypeDecision.ACCORDEE_PARTIELLEMENT,
        montant_accorde=Decimal("150.00"),
        motif="Ajusté au besoin.",
        enveloppe=budget["ccas"],
    )
    demande_soumise(conseiller)  # une demande de plus dans la liste « Inscrire une demande soumise »
    return seance


@pytest.mark.parametrize("persona", ["secretariat_faj", "membre_commission"])
def test_ecran_de_seance_requetes_constantes(
    client_de, conseiller_rennes, secretariat_faj, membre_commission, budget_rm, persona, request
):
    """Même nombre de requêtes SQL avec 2 et avec 10 demandes à l'ordre du jour (séance ouverte : fiches,
    formulaires de décision, liste des demandes à inscrire, journal des accès)."""
    seance = SeanceFactory()
    seance.membres.add(membre_commission)
    for _ in range(2):
        seance = _inscrire_demande_au_dossier_complet(conseiller_rennes, secretariat_faj, seance, budget_rm)
    client = client_de(request.getfixturevalue(persona))
    url = reverse("aides:seance_detail", args=[seance.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as deux:
        page = client.get(url).content.decode()
    assert page.count("<article") == 2 and page.count("devis.pdf") == 2 and page.count("80,00") >= 2
    for _ in range(8):
        _inscrire_demande_au_dossier_complet(conseiller_rennes, secretariat_faj, seance, budget_rm)
    with CaptureQueriesContext(connection) as dix:
        page = client.get(url).content.decode()
    assert page.count("<article") == 10
    assert len(dix.captured_queries) == len(deux.captured_queries), "\n".join(
        q["sql"][:150] for q in dix.captured_queries
    )


def test_ecran_de_seance_journalise_chaque_demande_en_une_requete(
    client_de, conseiller_rennes, secretariat_faj, budget_rm
):
    demandes = [demande_soumise(conseiller_rennes) for _ in range(3)]
    seance = seance_ouverte_avec(secretariat_faj, *demandes)
    client = client_de(secretariat_faj)
    with CaptureQueriesContext(connection) as requetes:
        client.get(reverse("aides:seance_detail", args=[seance.pk]))
    ecritures = [q["sql"] for q in requetes.captured_queries if 'INSERT INTO "weker_journalacces"' in q["sql"]]
    assert len(ecritures) == 1
    lignes = JournalAcces.objects.order_by("jeune_id")
    assert [(ligne.jeune_id, ligne.objet) for ligne in lignes] == sorted(
        (d.jeune_id, f"Demande FAJ {d.numero} ({seance})") for d in demandes
    )
    assert {(ligne.utilisateur_id, ligne.identifiant, ligne.role, ligne.action) for ligne in lignes} == {
        (secretariat_faj.pk, "fanny", Role.SECRETARIAT_FAJ, "consultation")
    }


def test_ecran_de_seance_sans_journal_rien_n_est_servi(client_de, secretariat_faj, seance_du_membre, monkeypatch):
    seance, _ = seance_du_membre

    def refuser(*args, **kwargs):
        raise DatabaseError("disque plein")

    monkeypatch.setattr("securite.portail.journaliser_acces_en_lot", refuser)  # écriture du journal impossible
    with pytest.raises(DatabaseError):
        client_de(secretariat_faj).get(reverse("aides:seance_detail", args=[seance.pk]))


def _formulaire_comme_django(point, seance, data=None):
    return DecisionForm(data, prefix=f"p{point.pk}", fonds=seance.fonds, annee=timezone.localdate().year)


def test_formulaire_de_decision_identique_aux_widgets_de_django(
    client_de, secretariat_faj, seance_du_membre, budget_rm
):
    """Le formulaire écrit par le gabarit (sans les widgets) produit les mêmes contrôles que DecisionForm."""
    seance, demande = seance_du_membre
    point = seance.points.get()
    services.demande_aide_decider(
        demande=demande,
        seance=seance,
        par=secretariat_faj,
        decision=TypeDecision.ACCORDEE_PARTIELLEMENT,
        montant_accorde=Decimal("150.00"),
        motif="Ajusté <au> besoin.",
        enveloppe=budget_rm["ccas"],
    )
    page = client_de(secretariat_faj).get(reverse("aides:seance_detail", args=[seance.pk])).content.decode()
    form = _formulaire_comme_django(point, seance)
    form.initial = {"decision": "accordee_partiellement", "montant_accorde": Decimal("150.00")}
    form.initial |= {"motif": "Ajusté <au> besoin.", "enveloppe": budget_rm["ccas"].pk}
    for nom in form.fields:
        assertInHTML(str(form[nom]), page)
    assert 'value="150,00"' in page and "Ajusté &lt;au&gt; besoin." in page and "Corriger la décision" in page
    assert f'<option value="{budget_rm["ccas"].pk}" selected>CCAS de Rennes</option>' in page


def test_formulaire_de_decision_reaffiche_la_saisie_et_les_erreurs_comme_django(
    client_de, secretariat_faj, seance_du_membre, budget_rm
):
    seance, _ = seance_du_membre
    point = seance.points.get()
    saisie = {
        f"p{point.pk}-decision": "accordee_partiellement",
        f"p{point.pk}-montant_accorde": "douze",
        f"p{point.pk}-motif": "Motif saisi",
        f"p{point.pk}-enveloppe": str(budget_rm["ccas"].pk),
        f"p{point.pk}-reallouer_depuis_reserve": "on",
    }
    reponse = client_de(secretariat_faj).post(
        reverse("aides:point_decider", args=[seance.pk, point.pk]), saisie, headers={"HX-Request": "true"}
    )
    contenu = reponse.content.decode()
    form = _formulaire_comme_django(point, seance, data=saisie)
    assert not form.is_valid()
    for nom in form.fields:
        assertInHTML(str(form[nom]), contenu)
    assert 'aria-invalid="true"' in contenu and f'id="id_p{point.pk}-montant_accorde_error"' in contenu
    assertInHTML('<div class="invalid-feedback d-block">Saisissez un nombre.</div>', contenu)


def test_le_membre_telecharge_l_ordre_du_jour_avec_les_seules_initiales(client_de, membre_commission, seance_du_membre):
    seance, demande = seance_du_membre
    texte = texte_pdf(
        client_de(membre_commission).get(reverse("aides:seance_ordre_du_jour_pdf", args=[seance.pk])).content
    )
    assert demande.numero in texte and "G. Q." in texte
    assert "QUÉRÉ" not in texte and "Gwendal" not in texte


def test_modifier_la_seance(client_de, secretariat_faj, membre_commission):
    seance = SeanceFactory()
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_modifier", args=[seance.pk])
    reponse = client.post(
        url,
        {
            "date": seance.date.isoformat(),
            "heure": "",
            "lieu": "Salle Rance",
            "presidence": "M. Hervé",
            "membres": [membre_commission.pk],
        },
    )
    assert reponse.status_code == 302
    seance.refresh_from_db()
    assert seance.lieu == "Salle Rance" and list(seance.membres.all()) == [membre_commission]
    assert client_de(membre_commission).get(url).status_code == 403
    assert client.delete(url).status_code == 405


def test_retirer_une_demande_de_l_ordre_du_jour(client_de, conseiller_rennes, secretariat_faj, membre_commission):
    seance = SeanceFactory()
    demande = demande_soumise(conseiller_rennes)
    point = services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    url = reverse("aides:seance_retirer", args=[seance.pk, point.pk])
    assert client_de(secretariat_faj).get(url).status_code == 405
    reponse = client_de(secretariat_faj).post(url, follow=True)
    assert "retirée de l&#x27;ordre du jour" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE


def test_la_fiche_de_commission_ne_contient_que_les_champs_autorises(seance_du_membre):
    from aides import selectors

    seance, demande = seance_du_membre
    [point] = selectors.points_de_seance(seance)
    fiche = selectors.fiche_commission(point)
    assert set(fiche) == {
        "ordre",
        "point_id",
        "numero",
        "initiales",
        "age",
        "commune",
        "situation_familiale",
        "enfants_a_charge",
        "hebergement",
        "type",
        "urgence",
        "date_demande",
        "montant_demande",
        "motivation",
        "ressources",
        "charges",
        "total_ressources",
        "total_charges",
        "reste_a_vivre",
        "aides_anterieures",
        "conseiller_presentant",
        "pieces",
        "decision",
        "statut",
    }
    # Aucune valeur n'est un objet du modèle (pas de chemin vers le dossier depuis le gabarit).
    from django.db.models import Model

    assert not any(isinstance(v, Model) for v in fiche.values())
    assert fiche["initiales"] == "G. Q." and fiche["montant_demande"] == Decimal("220.00")
    complet = selectors.fiche_commission(point, complet=True)
    assert complet["nom_complet"] == "QUÉRÉ Gwendal" and complet["demande_id"] == demande.pk


def test_lignes_du_budget_echappees_et_au_format_francais():
    from django.template.loader import render_to_string

    html = render_to_string(
        "aides/includes/budget.html",
        {
            "ressources": [("Loyer <charges comprises>", Decimal("1234.5")), ("Transport", Decimal("0"))],
            "charges": [],
            "total_ressources": Decimal("1234.5"),
            "total_charges": Decimal("0"),
            "reste_a_vivre": Decimal("1234.5"),
        },
    )
    assert (
        '<tr><td>Loyer &lt;charges comprises&gt;</td><td class="text-end">1\u202f234,50\u00a0€</td></tr>'
        '<tr><td>Transport</td><td class="text-end">0,00\u00a0€</td></tr>'
    ) in html


def test_ecran_de_seance_echappe_le_nom_du_jeune_et_les_listes(
    client_de, conseiller_rennes, secretariat_faj, budget_rm
):
    piege = "<img src=x onerror=alert(1)>"
    demande = demande_soumise(conseiller_rennes, jeune=JeuneFactory(nom=piege, prenom=piege))
    seance = seance_ouverte_avec(secretariat_faj, demande)
    EnveloppeFactory(fonds=seance.fonds, annee=seance.date.year, nom=piege)
    page = client_de(secretariat_faj).get(reverse("aides:seance_detail", args=[seance.pk])).content.decode()
    assert piege not in page and piege.upper() not in page
    assert "&lt;IMG SRC=X ONERROR=ALERT(1)&gt;" in page  # nom (en capitales) de la fiche
    assert ">&lt;img src=x onerror=alert(1)&gt;</option>" in page  # enveloppe dans la liste déroulante


# --- Ordre du jour par blocs (aides:seance_points) ---------------------------------------------------------------


@pytest.fixture
def seance_de_25(conseiller_rennes, secretariat_faj, membre_commission, budget_rm):
    demandes = [demande_soumise(conseiller_rennes) for _ in range(25)]
    return seance_ouverte_avec(secretariat_faj, *demandes, membres=[membre_commission]), demandes


def _numeros(page):
    return re.findall(r"Point \d+ — (\S+) —", page)


def test_ecran_de_seance_rend_le_premier_bloc_et_charge_la_suite(client_de, secretariat_faj, seance_de_25):
    seance, demandes = seance_de_25
    page = client_de(secretariat_faj).get(reverse("aides:seance_detail", args=[seance.pk])).content.decode()
    assert "Ordre du jour (25 demandes)" in page
    assert _numeros(page) == [d.numero for d in demandes[:10]]
    bloc = reverse("aides:seance_points", args=[seance.pk])
    assert f'hx-get="{bloc}?debut=10" hx-trigger="load" hx-swap="outerHTML"' in " ".join(page.split())
    repli = reverse("aides:seance_detail", args=[seance.pk]) + "?jusqu_a=20#point-rang-11"
    assert f'href="{repli}">Afficher les points 11 à 20 (sur 25)</a>' in page
    assert JournalAcces.objects.count() == 10


def test_blocs_suivants_jusqu_a_la_fin(client_de, secretariat_faj, seance_de_25):
    seance, demandes = seance_de_25
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_points", args=[seance.pk])
    deuxieme = client.get(url, {"debut": 10}, headers={"HX-Request": "true"}).content.decode()
    assert _numeros(deuxieme) == [d.numero for d in demandes[10:20]]
    assert f"{url}?debut=20" in deuxieme and "Afficher les points 21 à 25 (sur 25)" in deuxieme
    assert 'id="point-rang-11"' in deuxieme and "Enregistrer la décision" in deuxieme
    dernier = client.get(url, {"debut": 20}).content.decode()
    assert _numeros(dernier) == [d.numero for d in demandes[20:]]
    assert "hx-trigger" not in dernier and "<html" not in dernier
    # Seules les demandes montrées sont journalisées.
    assert sorted(JournalAcces.objects.values_list("jeune_id", flat=True)) == sorted(d.jeune_id for d in demandes[10:])


def test_sans_javascript_jusqu_a_rend_plus_de_points(client_de, secretariat_faj, seance_de_25):
    seance, demandes = seance_de_25
    url = reverse("aides:seance_detail", args=[seance.pk])
    page = client_de(secretariat_faj).get(url, {"jusqu_a": 20}).content.decode()
    assert _numeros(page) == [d.numero for d in demandes[:20]]
    assert 'id="point-rang-11"' in page and "Afficher les points 21 à 25 (sur 25)" in page
    tout = client_de(secretariat_faj).get(url, {"jusqu_a": 30}).content.decode()
    assert _numeros(tout) == [d.numero for d in demandes]
    assert reverse("aides:seance_points", args=[seance.pk]) + "?debut=" not in tout  # plus rien à charger


@pytest.mark.parametrize("valeur", ["abc", "-5", "", "1e3", "99999999999999999999999999"])
def test_jusqu_a_illisible_ou_demesure_ne_casse_pas_la_page(client_de, secretariat_faj, seance_de_25, valeur):
    seance, _ = seance_de_25
    reponse = client_de(secretariat_faj).get(reverse("aides:seance_detail", args=[seance.pk]), {"jusqu_a": valeur})
    assert reponse.status_code == 200
    attendu = 25 if valeur.startswith("9999") else 10
    assert len(_numeros(reponse.content.decode())) == attendu


@pytest.mark.parametrize("debut", ["abc", "-1", "2.5"])
def test_bloc_debut_illisible_400(client_de, secretariat_faj, seance_de_25, debut):
    seance, _ = seance_de_25
    reponse = client_de(secretariat_faj).get(reverse("aides:seance_points", args=[seance.pk]), {"debut": debut})
    assert reponse.status_code == 400 and "debut" in reponse.content.decode()
    assert not JournalAcces.objects.exists()


@pytest.mark.parametrize("debut", ["25", "400", "99999999999999999999999999"])
def test_bloc_au_dela_de_la_fin_est_vide(client_de, secretariat_faj, seance_de_25, debut):
    seance, _ = seance_de_25
    reponse = client_de(secretariat_faj).get(reverse("aides:seance_points", args=[seance.pk]), {"debut": debut})
    assert reponse.status_code == 200 and reponse.content.decode().strip() == ""
    assert not JournalAcces.objects.exists()


def test_bloc_pour_un_membre_fiches_minimales_et_seances_ou_il_siege(
    client_de, conseiller_rennes, secretariat_faj, membre_commission, seance_de_25
):
    seance, demandes = seance_de_25
    client = client_de(membre_commission)
    page = client.get(reverse("aides:seance_points", args=[seance.pk]), {"debut": 10}).content.decode()
    assert _numeros(page) == [d.numero for d in demandes[10:20]]
    jeune = demandes[12].jeune
    assert jeune.nom not in page and f"{jeune.prenom[0]}. {jeune.nom[0]}." in page
    autre = seance_ouverte_avec(secretariat_faj, demande_soumise(conseiller_rennes))
    assert client.get(reverse("aides:seance_points", args=[autre.pk]), {"debut": 0}).status_code == 404


@pytest.mark.parametrize("persona", ["secretariat_faj", "membre_commission"])
def test_page_et_bloc_en_requetes_constantes(
    client_de, conseiller_rennes, secretariat_faj, membre_commission, budget_rm, persona, request
):
    """Même nombre de requêtes SQL avec 2 et 25 demandes, pour la page comme pour un bloc."""
    demandes = [demande_soumise(conseiller_rennes) for _ in range(2)]
    seance = seance_ouverte_avec(secretariat_faj, *demandes, membres=[membre_commission])
    client = client_de(request.getfixturevalue(persona))
    page, bloc = reverse("aides:seance_detail", args=[seance.pk]), reverse("aides:seance_points", args=[seance.pk])
    client.get(page)

    def compter(url, debut=None):
        with CaptureQueriesContext(connection) as capture:
            reponse = client.get(url, {} if debut is None else {"debut": debut})
        return len(capture.captured_queries), reponse.content.decode()

    sql_page_2, contenu = compter(page)
    sql_bloc_2, contenu_bloc = compter(bloc, 0)
    assert contenu.count("<article") == 2 and contenu_bloc.count("<article") == 2
    for _ in range(23):
        services.demande_aide_inscrire(demande=demande_soumise(conseiller_rennes), seance=seance, par=secretariat_faj)
    sql_page_25, contenu = compter(page)
    sql_bloc_25, contenu_bloc = compter(bloc, 10)
    assert contenu.count("<article") == 10 and contenu_bloc.count("<article") == 10
    assert (sql_page_25, sql_bloc_25) == (sql_page_2, sql_bloc_2)


def test_decision_sans_enveloppe_montre_le_lien_vers_le_budget(client_de, conseiller_rennes, secretariat_faj):
    """Sans budget ouvert, le refus dit ce qui manque et mène à la page où le corriger (lien cliquable)."""
    demande = demande_soumise(conseiller_rennes)
    seance = seance_ouverte_avec(secretariat_faj, demande)
    point = seance.points.get()
    client = client_de(secretariat_faj)
    url = reverse("aides:point_decider", args=[seance.pk, point.pk])
    annee = timezone.localdate().year
    lien = f'<a href="{reverse("aides:enveloppe_liste")}?annee={annee}">Budget FAJ {annee}</a>'
    reponse = client.post(url, {f"p{point.pk}-decision": "accordee"}, headers={"HX-Request": "true"})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Aucune enveloppe du FAJ Rennes Métropole n&#x27;est ouverte pour" not in contenu  # pas échappé deux fois
    assert f"« Ouvrir le budget » de la page {lien})" in contenu
    reponse = client.post(url, {f"p{point.pk}-decision": "accordee"}, follow=True)  # sans JavaScript : message
    assert f"« Ouvrir le budget » de la page {lien})" in reponse.content.decode()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.INSCRITE


def test_seance_future_ni_ouverte_ni_close_par_l_ecran(client_de, conseiller_rennes, secretariat_faj):
    demande = demande_soumise(conseiller_rennes)
    seance = SeanceFactory(date=timezone.localdate() + datetime.timedelta(days=7))
    services.demande_aide_inscrire(demande=demande, seance=seance, par=secretariat_faj)
    reponse = client_de(secretariat_faj).post(reverse("aides:seance_ouvrir", args=[seance.pk]), follow=True)
    assert (
        f"La séance se tient le {seance.date:%d/%m/%Y} : impossible d&#x27;ouvrir la séance avant cette date"
        in reponse.content.decode()
    )
    seance.refresh_from_db()
    assert seance.est_preparee


# --- Inscription de plusieurs demandes à la fois ----------------------------------------------------------------------


@pytest.fixture
def demandes_a_inscrire(conseiller_rennes, conseiller_broceliande):
    """Trois demandes soumises du FAJ RM (dont une urgente), une du CD35, un brouillon."""
    return {
        "rolland": demande_soumise(conseiller_rennes, jeune=JeuneFactory(nom="Rolland", prenom="Awen")),
        "le_goff": demande_soumise(
            conseiller_rennes, jeune=JeuneFactory(nom="Le Goff", prenom="Maël"), type="mobilite", montant="300.00"
        ),
        "tanguy": demande_soumise(conseiller_rennes, jeune=JeuneFactory(nom="Tanguy", prenom="Nolwenn")),
        "cd35": demande_soumise(conseiller_broceliande, jeune=JeuneFactory(nom="Pennec", commune=commune(MONTFORT))),
        "brouillon": services.demande_aide_creer(
            jeune=JeuneFactory(nom="Brouillon"), par=conseiller_rennes, type="subsistance", montant_demande=Decimal(50)
        ),
    }


def test_inscrire_plusieurs_demandes_filtrees_et_cochees(client_de, secretariat_faj, demandes_a_inscrire):
    seance = SeanceFactory()
    d = demandes_a_inscrire
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_inscrire", args=[seance.pk])
    JournalAcces.objects.all().delete()
    page = client.get(url).content.decode()
    for cle in ("rolland", "le_goff", "tanguy"):
        assert re.search(rf'name="demandes"\s+value="{d[cle].pk}"', page), cle
    assert d["cd35"].numero not in page and d["brouillon"].numero not in page  # autre fonds, pas soumise
    assert "3 demandes à inscrire" in page
    # Une ligne de journal par jeune montré, rien de plus.
    assert sorted(JournalAcces.objects.values_list("jeune_id", flat=True)) == sorted(
        d[c].jeune_id for c in ("rolland", "le_goff", "tanguy")
    )
    # Filtre (htmx : le tableau seul) : type d'aide.
    fragment = client.get(url, {"type": "mobilite"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="demandes-a-inscrire">')
    assert d["le_goff"].numero in fragment and d["rolland"].numero not in fragment
    assert client.get(url, {"q": "rolland"}).context["demandes"] == [d["rolland"]]
    assert client.get(url, {"q": d["tanguy"].numero}).context["demandes"] == [d["tanguy"]]
    assert client.get(url, {"depuis": "date illisible"}).status_code == 200  # filtre illisible : ignoré
    reponse = client.post(url, {"demandes": [d["tanguy"].pk, d["rolland"].pk]}, follow=True)
    contenu = reponse.content.decode()
    assert f"2 demandes inscrites en points 1 à 2 : {d['rolland'].numero}, {d['tanguy'].numero}." in contenu
    assert list(seance.points.order_by("ordre").values_list("demande_id", flat=True)) == [
        d["rolland"].pk,
        d["tanguy"].pk,
    ]
    # Les demandes inscrites ne sont plus proposées.
    page = client.get(url).content.decode()
    assert d["rolland"].numero not in page and d["le_goff"].numero in page


def test_inscription_en_lot_refusee_ne_change_rien(client_de, secretariat_faj, demandes_a_inscrire):
    seance = SeanceFactory()
    d = demandes_a_inscrire
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_inscrire", args=[seance.pk])
    reponse = client.post(url, {"filtres": "type=mobilite"})
    assert reponse.status_code == 302 and reponse["Location"] == f"{url}?type=mobilite"
    assert "Cochez au moins une demande à inscrire." in client.get(reponse["Location"]).content.decode()
    reponse = client.post(url, {"demandes": [d["rolland"].pk, d["cd35"].pk]}, follow=True)
    assert "Une demande cochée ne peut plus être inscrite à cette séance" in reponse.content.decode()
    reponse = client.post(url, {"demandes": ["abc"]}, follow=True)
    assert "Demande inconnue : « abc »." in reponse.content.decode()
    assert not seance.points.exists()
    d["rolland"].refresh_from_db()
    assert d["rolland"].statut == StatutDemande.SOUMISE


def test_inscription_en_lot_tout_ou_rien(conseiller_rennes, secretariat_faj, demandes_a_inscrire):
    seance = SeanceFactory()
    d = demandes_a_inscrire
    services.demande_aide_inscrire(demande=d["tanguy"], seance=SeanceFactory(), par=secretariat_faj)
    d["tanguy"].refresh_from_db()
    with pytest.raises(ValidationError) as erreur:
        services.demandes_aide_inscrire(demandes=[d["rolland"], d["tanguy"]], seance=seance, par=secretariat_faj)
    assert erreur.value.messages == [
        f"Demande {d['tanguy'].numero} : Transition impossible : une demande « Inscrite à une séance » ne peut pas "
        "passer à « Inscrite à une séance ». Aucune demande n'a été inscrite."
    ]
    d["rolland"].refresh_from_db()
    assert d["rolland"].statut == StatutDemande.SOUMISE and not seance.points.exists()


@pytest.mark.parametrize("persona", ["conseiller_rennes", "direction", "membre_commission", "responsable_rennes"])
def test_inscription_en_lot_refusee_hors_secretariat(client_de, persona, request, demandes_a_inscrire):
    seance = SeanceFactory()
    seance.membres.add(request.getfixturevalue("membre_commission"))
    client = client_de(request.getfixturevalue(persona))
    url = reverse("aides:seance_inscrire", args=[seance.pk])
    JournalAcces.objects.all().delete()
    attendu = {"membre_commission": 403, "direction": 403}.get(persona, 404)
    assert client.get(url).status_code == attendu
    assert client.post(url, {"demandes": [demandes_a_inscrire["rolland"].pk]}).status_code == attendu
    assert not seance.points.exists() and not JournalAcces.objects.exists()


def test_inscription_sur_une_seance_close_redirige(client_de, secretariat_faj, demandes_a_inscrire):
    seance = SeanceFactory(statut=StatutSeance.CLOSE)
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_inscrire", args=[seance.pk])
    assert client.get(url)["Location"] == reverse("aides:seance_detail", args=[seance.pk])
    reponse = client.post(url, {"demandes": [demandes_a_inscrire["rolland"].pk]}, follow=True)
    assert "Cette séance est close" in reponse.content.decode() and not seance.points.exists()


def test_liste_a_inscrire_requetes_constantes(
    client_de, conseiller_rennes, secretariat_faj, django_assert_max_num_queries
):
    seance = SeanceFactory()
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_inscrire", args=[seance.pk])
    demande_soumise(conseiller_rennes)
    client.get(url)
    with django_assert_max_num_queries(40) as avant:
        client.get(url)
    for _ in range(4):
        demande_soumise(conseiller_rennes)
    with django_assert_max_num_queries(len(avant.captured_queries)):
        assert len(client.get(url).context["demandes"]) == 5
