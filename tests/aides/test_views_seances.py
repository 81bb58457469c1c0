import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accompagnement.enums import TypeEvenement
from accompagnement.models import Evenement
from aides import services
from aides.enums import StatutDemande, StatutSeance, TypeDecision
from aides.models import Seance
from tests.aides.factories import (
    JeuneFactory,
    SeanceFactory,
    demande_soumise,
    seance_ouverte_avec,
    texte_pdf,
)
from tests.weker.factories import UtilisateurFactory
from weker.enums import Role
from weker.models import JournalAcces

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
    assert demande.numero in page  # proposée dans la liste des demandes à inscrire
    client.post(reverse("aides:seance_inscrire", args=[seance.pk]), {"demande": demande.pk})
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
        reverse("aides:seance_inscrire", args=[seance.pk]), {"demande": demande.pk}
    )
    assert reponse.status_code == 403
    assert client_de(membre_commission).get(reverse("aides:seance_inscrire", args=[seance.pk])).status_code == 405


def test_clore_sans_toutes_les_decisions_affiche_le_refus(client_de, secretariat_faj, seance_du_membre):
    seance, _ = seance_du_membre
    reponse = client_de(secretariat_faj).post(reverse("aides:seance_clore", args=[seance.pk]), follow=True)
    assert "n&#x27;ont pas encore de décision" in reponse.content.decode()


def test_agenda_pdf(client_de, secretariat_faj, seance_du_membre):
    seance, demande = seance_du_membre
    reponse = client_de(secretariat_faj).get(reverse("aides:seance_ordre_du_jour_pdf", args=[seance.pk]))
    texte = texte_pdf(reponse.content)
    assert f"Ordre du jour — {seance}" in texte
    assert demande.numero in texte and "QUÉRÉ Gwendal" in texte and "220,00 €" in texte


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


def test_ecran_de_seance_requetes_constantes(
    client_de, conseiller_rennes, secretariat_faj, budget_rm, django_assert_max_num_queries
):
    demandes = [demande_soumise(conseiller_rennes) for _ in range(2)]
    seance = seance_ouverte_avec(secretariat_faj, *demandes)
    client = client_de(secretariat_faj)
    url = reverse("aides:seance_detail", args=[seance.pk])
    client.get(url)
    with django_assert_max_num_queries(200) as deux:
        client.get(url)
    base = len(deux.captured_queries)
    for _ in range(3):
        services.demande_aide_inscrire(demande=demande_soumise(conseiller_rennes), seance=seance, par=secretariat_faj)
    with django_assert_max_num_queries(300) as cinq:
        client.get(url)
    # Une seule requête par demande affichée : la ligne du journal des accès (obligatoire).
    assert len(cinq.captured_queries) - base <= 3, "\n".join(q["sql"][:150] for q in cinq.captured_queries)


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
