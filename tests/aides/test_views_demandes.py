import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from aides import services
from aides.enums import StatutDemande, TypeAide, TypeDecision
from aides.models import DemandeAide, Paiement, PieceJointe
from securite.models import JournalAcces
from tests.aides.factories import (
    PARIS,
    DemandeAideFactory,
    JeuneFactory,
    commune,
    demande_accordee_notifiee,
    demande_soumise,
    texte_pdf,
)
from tests.securite.outils import declarer_motif

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def journal(action="consultation"):
    return list(JournalAcces.objects.filter(action=action).values_list("identifiant", "objet"))


# --- Liste -------------------------------------------------------------------------------------------------------


def test_liste_par_defaut_limitee_a_l_antenne_du_conseiller(client_de, conseiller_broceliande, conseiller_rennes):
    DemandeAideFactory(jeune=JeuneFactory(nom="Rennais"))
    DemandeAideFactory(jeune=JeuneFactory(nom="Montfortais", code_commune="35188"), fonds="faj_cd35")
    client = client_de(conseiller_broceliande)
    reponse = client.get(reverse("aides:demande_liste"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "MONTFORTAIS" in contenu and "RENNAIS" not in contenu
    # « Toutes les antennes » : un conseiller reste dans son périmètre ; une ligne de journal par demande montrée.
    contenu = client.get(reverse("aides:demande_liste"), {"antenne": ""}).content.decode()
    assert "MONTFORTAIS" in contenu and "RENNAIS" not in contenu
    assert journal()[-1][0] == "bob" and journal()[-1][1].startswith("Liste des demandes FAJ : ")


def test_liste_filtres_fonds_statut_type(client_de, direction):
    DemandeAideFactory(jeune=JeuneFactory(nom="Alpha"), type=TypeAide.MOBILITE)
    DemandeAideFactory(jeune=JeuneFactory(nom="Beta"), type=TypeAide.LOGEMENT, statut=StatutDemande.SOUMISE)
    DemandeAideFactory(jeune=JeuneFactory(nom="Gamma", code_commune="35188"), fonds="faj_cd35")
    client = client_de(direction)
    url = reverse("aides:demande_liste")
    contenu = client.get(url, {"type": "mobilite"}).content.decode()
    assert "ALPHA" in contenu and "BETA" not in contenu
    contenu = client.get(url, {"statut": "soumise"}).content.decode()
    assert "BETA" in contenu and "ALPHA" not in contenu
    contenu = client.get(url, {"fonds": "faj_cd35"}).content.decode()
    assert "GAMMA" in contenu and "ALPHA" not in contenu and "1 demande(s)" in contenu


def test_liste_partiel_htmx(client_de, direction):
    DemandeAideFactory(jeune=JeuneFactory(nom="Alpha"))
    reponse = client_de(direction).get(reverse("aides:demande_liste"), headers={"HX-Request": "true"})
    contenu = reponse.content.decode()
    assert "ALPHA" in contenu and "<h1" not in contenu and "<html" not in contenu


@pytest.mark.parametrize("persona", ["accueil_rennes", "membre_commission"])
def test_liste_refusee_aux_autres_roles(client_de, persona, request):
    assert client_de(request.getfixturevalue(persona)).get(reverse("aides:demande_liste")).status_code == 403


def test_liste_mauvaise_methode(client_de, direction):
    assert client_de(direction).post(reverse("aides:demande_liste")).status_code == 405


def test_liste_nombre_de_requetes_constant(client_de, direction, django_assert_max_num_queries):
    client = client_de(direction)
    url = reverse("aides:demande_liste")
    for _ in range(2):
        DemandeAideFactory()
    client.get(url)  # chauffe (session, paramètres)
    with django_assert_max_num_queries(30) as deux:
        client.get(url)
    for _ in range(18):
        DemandeAideFactory()
    with django_assert_max_num_queries(len(deux.captured_queries)):
        reponse = client.get(url)
    assert "20 demande(s)" in reponse.content.decode()


# --- Création et modification -----------------------------------------------------------------------------------------


def donnees_demande(**kwargs):
    donnees = {
        "type": "mobilite",
        "montant_demande": "180,00",
        "date_demande": timezone.localdate().isoformat(),
        "motivation": "Réparation du scooter pour tenir le poste en horaires décalés.",
        "derogation_age_motif": "",
        "ressources_activite": "650",
        "ressources_allocations": "0",
        "ressources_famille": "0",
        "ressources_autres": "0",
        "charges_logement": "420",
        "charges_energie": "40",
        "charges_transport": "60",
        "charges_telephone": "20",
        "charges_credits": "0",
        "charges_autres": "50",
    }
    donnees.update(kwargs)
    return donnees


def test_conseiller_prepare_une_demande(client_de, conseiller_rennes):
    jeune = JeuneFactory(nom="Le Goff", prenom="Nolwenn")
    client = client_de(conseiller_rennes)
    url = reverse("aides:demande_creer", args=[jeune.pk])
    page = client.get(url).content.decode()
    assert "FAJ Rennes Métropole" in page
    reponse = client.post(url, donnees_demande())
    demande = DemandeAide.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("aides:demande_detail", args=[demande.pk])
    assert demande.fonds == "faj_rm" and demande.statut == StatutDemande.BROUILLON
    assert demande.montant_demande == Decimal("180.00")
    assert demande.reste_a_vivre == Decimal("60.00")
    assert demande.etapes.get().par == conseiller_rennes


def test_creation_refus_metier_affiche_dans_le_formulaire(client_de, conseiller_rennes):
    mineur = JeuneFactory(date_naissance=timezone.localdate() - datetime.timedelta(days=17 * 366))
    reponse = client_de(conseiller_rennes).post(reverse("aides:demande_creer", args=[mineur.pk]), donnees_demande())
    assert reponse.status_code == 200
    assert "exige une dérogation motivée" in reponse.content.decode()
    assert not DemandeAide.objects.exists()


def test_creation_hors_departement_message_clair(client_de, conseiller_rennes):
    parisien = JeuneFactory(code_commune=PARIS, referent=conseiller_rennes)  # suivi par ce conseiller
    reponse = client_de(conseiller_rennes).get(reverse("aides:demande_creer", args=[parisien.pk]))
    assert reponse.status_code == 200
    assert "hors d&#x27;Ille-et-Vilaine" in reponse.content.decode()


@pytest.mark.parametrize("persona", ["accueil_rennes", "membre_commission", "direction"])
def test_creation_refusee_aux_autres_roles(client_de, persona, request):
    jeune = JeuneFactory()
    reponse = client_de(request.getfixturevalue(persona)).get(reverse("aides:demande_creer", args=[jeune.pk]))
    assert reponse.status_code == 403


def test_creation_mauvaise_methode(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    assert client_de(conseiller_rennes).put(reverse("aides:demande_creer", args=[jeune.pk])).status_code == 405


def test_choisir_le_jeune(client_de, conseiller_rennes):
    JeuneFactory(nom="Kerguelen", prenom="Yann")
    reponse = client_de(conseiller_rennes).get(reverse("aides:demande_choisir_jeune"), {"q": "kergu"})
    assert "KERGUELEN Yann" in reponse.content.decode()
    assert client_de(conseiller_rennes).post(reverse("aides:demande_choisir_jeune")).status_code == 405


def test_modifier_un_brouillon_puis_plus_apres_soumission(client_de, conseiller_rennes):
    demande = services.demande_aide_creer(
        jeune=JeuneFactory(), par=conseiller_rennes, type=TypeAide.SANTE, montant_demande=Decimal("80")
    )
    client = client_de(conseiller_rennes)
    url = reverse("aides:demande_modifier", args=[demande.pk])
    reponse = client.post(url, donnees_demande(type="sante", montant_demande="95"))
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.montant_demande == Decimal("95.00")
    assert client.post(reverse("aides:demande_soumettre", args=[demande.pk])).status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE
    assert client.get(url).status_code == 403


def test_soumettre_refus_affiche_en_message(client_de, conseiller_rennes):
    demande = services.demande_aide_creer(
        jeune=JeuneFactory(), par=conseiller_rennes, type=TypeAide.SANTE, montant_demande=Decimal("80")
    )
    reponse = client_de(conseiller_rennes).post(reverse("aides:demande_soumettre", args=[demande.pk]), follow=True)
    assert "Rédigez la motivation" in reponse.content.decode()
    assert client_de(conseiller_rennes).get(reverse("aides:demande_soumettre", args=[demande.pk])).status_code == 405


# --- Détail ---------------------------------------------------------------------------------------------------------


def test_detail_journalise_la_consultation(client_de, conseiller_broceliande, conseiller_rennes):
    demande = demande_soumise(conseiller_rennes, jeune=JeuneFactory(nom="Morvan"))
    # Un conseiller d'une autre antenne ouvre la demande après avoir déclaré un motif.
    client = client_de(conseiller_broceliande)
    assert client.get(reverse("aides:demande_detail", args=[demande.pk])).status_code == 302
    declarer_motif(client, demande.jeune)
    reponse = client.get(reverse("aides:demande_detail", args=[demande.pk]))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "MORVAN" in contenu and "Soumise" in contenu and "150,00" in contenu
    entree = JournalAcces.objects.get(objet=f"Demande FAJ {demande.numero}")
    assert entree.utilisateur == conseiller_broceliande and entree.jeune == demande.jeune


@pytest.mark.parametrize("persona", ["accueil_rennes", "membre_commission"])
def test_detail_introuvable_pour_les_autres_roles(client_de, conseiller_rennes, persona, request):
    demande = demande_soumise(conseiller_rennes)
    reponse = client_de(request.getfixturevalue(persona)).get(reverse("aides:demande_detail", args=[demande.pk]))
    assert reponse.status_code == 404
    assert not JournalAcces.objects.filter(objet__contains=demande.numero).exists()


def test_detail_mauvaise_methode(client_de, conseiller_rennes):
    demande = demande_soumise(conseiller_rennes)
    assert client_de(conseiller_rennes).post(reverse("aides:demande_detail", args=[demande.pk])).status_code == 405


# --- Urgence -------------------------------------------------------------------------------------------------------


def test_urgence_60_euros_acceptee_90_refusee(client_de, conseiller_rennes, responsable_rennes, budget_rm):
    petite = demande_soumise(conseiller_rennes, montant="60.00")
    grosse = demande_soumise(conseiller_rennes, montant="90.00")
    client = client_de(responsable_rennes)
    reponse = client.post(reverse("aides:demande_urgence", args=[petite.pk]), {"decision": "accordee"})
    assert reponse.status_code == 302
    petite.refresh_from_db()
    assert petite.statut == StatutDemande.DECIDEE and petite.montant_accorde == Decimal("60.00")
    reponse = client.post(reverse("aides:demande_urgence", args=[grosse.pk]), {"decision": "accordee"})
    assert reponse.status_code == 200
    assert "L&#x27;aide d&#x27;urgence est plafonnée à 75,00" in reponse.content.decode()
    grosse.refresh_from_db()
    assert grosse.statut == StatutDemande.SOUMISE


def test_urgence_refusee_au_conseiller(client_de, conseiller_rennes):
    demande = demande_soumise(conseiller_rennes, montant="60.00")
    assert client_de(conseiller_rennes).get(reverse("aides:demande_urgence", args=[demande.pk])).status_code == 403


def test_urgence_mauvaise_methode(client_de, conseiller_rennes, secretariat_faj):
    demande = demande_soumise(conseiller_rennes, montant="60.00")
    assert client_de(secretariat_faj).delete(reverse("aides:demande_urgence", args=[demande.pk])).status_code == 405


# --- Pièces justificatives -------------------------------------------------------------------------------------------


def test_ajout_et_telechargement_d_une_piece(client_de, conseiller_rennes, conseiller_broceliande):
    demande = demande_soumise(conseiller_rennes)
    client = client_de(conseiller_rennes)
    fichier = SimpleUploadedFile("devis.pdf", PDF, content_type="application/pdf")
    reponse = client.post(
        reverse("aides:piece_ajouter", args=[demande.pk]), {"fichier": fichier, "description": "Devis"}
    )
    assert reponse.status_code == 302
    piece = PieceJointe.objects.get()
    autre = client_de(conseiller_broceliande)
    declarer_motif(autre, demande.jeune)
    reponse = autre.get(reverse("aides:piece_telecharger", args=[piece.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert 'filename="devis.pdf"' in reponse["Content-Disposition"]
    assert b"".join(reponse.streaming_content) == PDF
    entree = JournalAcces.objects.get(action="telechargement")
    assert (
        entree.objet == f"pièce justificative n° {piece.pk} de la demande {demande.numero}"
        and entree.jeune == demande.jeune
    )


def test_piece_au_contenu_refuse_affiche_l_erreur(client_de, conseiller_rennes):
    demande = demande_soumise(conseiller_rennes)
    faux = SimpleUploadedFile("facture.pdf", b"<html>pas un pdf</html>", content_type="application/pdf")
    reponse = client_de(conseiller_rennes).post(reverse("aides:piece_ajouter", args=[demande.pk]), {"fichier": faux})
    assert reponse.status_code == 200
    assert "Seuls les fichiers PDF, JPEG et PNG sont acceptés" in reponse.content.decode()
    assert not PieceJointe.objects.exists()


@pytest.mark.parametrize("persona", ["accueil_rennes", "membre_commission"])
def test_piece_introuvable_pour_les_autres_roles(client_de, conseiller_rennes, persona, request):
    demande = demande_soumise(conseiller_rennes)
    piece = services.piece_jointe_ajouter(
        demande=demande, par=conseiller_rennes, fichier=SimpleUploadedFile("a.pdf", PDF)
    )
    reponse = client_de(request.getfixturevalue(persona)).get(reverse("aides:piece_telecharger", args=[piece.pk]))
    assert reponse.status_code == 404
    assert not JournalAcces.objects.filter(action="telechargement").exists()


def test_piece_mauvaises_methodes(client_de, conseiller_rennes):
    demande = demande_soumise(conseiller_rennes)
    client = client_de(conseiller_rennes)
    assert client.get(reverse("aides:piece_ajouter", args=[demande.pk])).status_code == 405
    piece = services.piece_jointe_ajouter(
        demande=demande, par=conseiller_rennes, fichier=SimpleUploadedFile("a.pdf", PDF)
    )
    assert client.post(reverse("aides:piece_telecharger", args=[piece.pk])).status_code == 405


# --- Courrier, notification, paiement ---------------------------------------------------------------------------------


def test_courrier_de_notification_pdf(client_de, conseiller_rennes, secretariat_faj, budget_rm):
    jeune = JeuneFactory(nom="Tanguy", prenom="Maëlle", sexe="f", adresse="4 allée des Tilleuls")
    demande = demande_accordee_notifiee(conseiller_rennes, secretariat_faj, jeune=jeune, montant="200", accorde="150")
    reponse = client_de(conseiller_rennes).get(reverse("aides:demande_courrier", args=[demande.pk]))
    assert reponse["Content-Type"] == "application/pdf"
    texte = texte_pdf(reponse.content)
    assert "Madame Maëlle TANGUY" in texte
    assert "4 allée des Tilleuls" in texte and "35000 Rennes" in texte
    assert "150,00 € vous est accordée" in texte
    assert "Montant ajusté au besoin réel." in texte
    assert "recours gracieux auprès du président de la commission" in texte
    assert "deux mois" in texte and "Tribunal administratif de Rennes" in texte
    assert JournalAcces.objects.filter(action="impression", jeune=jeune).exists()


def test_courrier_indisponible_avant_decision(client_de, conseiller_rennes):
    demande = demande_soumise(conseiller_rennes)
    reponse = client_de(conseiller_rennes).get(reverse("aides:demande_courrier", args=[demande.pk]), follow=True)
    assert "disponible une fois la décision définitive prise" in reponse.content.decode()


def test_notifier_et_payer_depuis_le_detail(client_de, conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_soumise(conseiller_rennes, montant="60")
    services.demande_aide_decider_urgence(demande=demande, par=secretariat_faj, decision=TypeDecision.ACCORDEE)
    client = client_de(secretariat_faj)
    assert client.post(reverse("aides:demande_notifier", args=[demande.pk])).status_code == 302
    url = reverse("aides:paiement_ajouter", args=[demande.pk])
    paiement = {"mode": "bon", "date": timezone.localdate().isoformat(), "reference": "BON-77", "montant": "70"}
    reponse = client.post(url, paiement)
    assert reponse.status_code == 200 and "reste à payer 60,00" in reponse.content.decode()
    reponse = client.post(url, {**paiement, "montant": "60"})
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.PAYEE
    assert Paiement.objects.get().reference == "BON-77"


def test_notifier_et_payer_refuses_au_conseiller(client_de, conseiller_rennes, secretariat_faj, budget_rm):
    demande = demande_accordee_notifiee(conseiller_rennes, secretariat_faj)
    client = client_de(conseiller_rennes)
    assert client.post(reverse("aides:demande_notifier", args=[demande.pk])).status_code == 403
    reponse = client.post(
        reverse("aides:paiement_ajouter", args=[demande.pk]),
        {"mode": "cheque", "date": "2026-01-01", "reference": "C", "montant": "1"},
    )
    assert reponse.status_code == 403
    assert client.get(reverse("aides:paiement_ajouter", args=[demande.pk])).status_code == 405


def test_partiel_dossier_aides(client_de, conseiller_rennes, accueil_rennes, rf):
    from django.template.loader import render_to_string

    jeune = JeuneFactory()
    demande = demande_soumise(conseiller_rennes, jeune=jeune, montant="75")
    requete = rf.get("/")
    requete.user = conseiller_rennes
    html = render_to_string("aides/includes/dossier_aides.html", {"jeune": jeune}, request=requete)
    assert demande.numero in html and "75,00" in html and "Nouvelle demande FAJ" in html
    requete.user = accueil_rennes
    assert "Aides FAJ" not in render_to_string("aides/includes/dossier_aides.html", {"jeune": jeune}, request=requete)
    assert commune("35238").nom == "Rennes"
