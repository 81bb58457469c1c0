"""Pages du registre des entreprises : refus, parcours nominal, journal des accès des contacts, nombre de requêtes
fixe, exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from entreprises.enums import StatutOffre
from entreprises.models import ContactEntreprise, Entreprise, MiseEnRelation, Offre
from securite.models import JournalAcces
from tests.entreprises.factories import ContactEntrepriseFactory, EntrepriseFactory, OffreFactory
from tests.htmx import HTMX
from tests.securite.factories import JeuneFactory

pytestmark = pytest.mark.django_db


def donnees_entreprise(**autres):
    return {
        "siret": "552 211 230 00131",
        "raison_sociale": "Crêperie Ker Argoat",
        "enseigne": "",
        "naf": "5610a",
        "tranche_effectif": "12",
        "adresse": "12 rue de la Monnaie",
        "commune": "Rennes (35238)",
        **autres,
    }


# --- Liste ---------------------------------------------------------------------------------------------------------


def test_liste_filtre_par_nom_sans_accents(client_de, conseiller_rennes):
    EntrepriseFactory(raison_sociale="Crêperie de l'Hermine", nom_recherche="creperie de l hermine")
    EntrepriseFactory(raison_sociale="Garage Central", nom_recherche="garage central")
    reponse = client_de(conseiller_rennes).get(reverse("entreprises:entreprise_liste"), {"q": "CREPERIE"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Crêperie de l&#39;Hermine" in contenu and "Garage Central" not in contenu
    assert "1 entreprise" in contenu
    assert "Ajouter une entreprise" not in contenu  # lecture seule


def test_liste_fragment_htmx(client_de, entreprises_rennes):
    EntrepriseFactory(raison_sociale="Garage Central")
    reponse = client_de(entreprises_rennes).get(reverse("entreprises:entreprise_liste"), headers=HTMX)
    contenu = reponse.content.decode()
    assert contenu.lstrip().startswith('<div id="tableau-entreprises">')
    assert "Garage Central" in contenu and "<html" not in contenu


@pytest.mark.parametrize("persona", ["membre_commission", "administrateur"])
def test_liste_refusee(request, client_de, persona):
    reponse = client_de(request.getfixturevalue(persona)).get(reverse("entreprises:entreprise_liste"))
    assert reponse.status_code == 403


def test_liste_nombre_de_requetes_fixe(client_de, conseiller_rennes, django_assert_max_num_queries):
    client = client_de(conseiller_rennes)
    url = reverse("entreprises:entreprise_liste")
    EntrepriseFactory()
    client.get(url)
    with django_assert_max_num_queries(12) as avant:
        client.get(url)
    EntrepriseFactory.create_batch(30)
    with django_assert_max_num_queries(len(avant.captured_queries)):
        assert client.get(url).status_code == 200


# --- Fiche ---------------------------------------------------------------------------------------------------------


def test_fiche_montre_contacts_et_journalise_un_acces_par_contact(client_de, conseiller_rennes):
    entreprise = EntrepriseFactory(raison_sociale="Ker Argoat")
    contacts = ContactEntrepriseFactory.create_batch(2, entreprise=entreprise)
    ContactEntrepriseFactory(entreprise=entreprise, nom="ANONYME", anonymise_le=datetime.datetime.now(datetime.UTC))
    OffreFactory(entreprise=entreprise, intitule="Crêpier")
    reponse = client_de(conseiller_rennes).get(entreprise.get_absolute_url())
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Martine Kervella" in contenu and "Crêpier" in contenu and "ANONYME" not in contenu
    lignes = JournalAcces.objects.filter(utilisateur=conseiller_rennes)
    assert sorted(lignes.values_list("objet", flat=True)) == sorted(
        f"contact d'entreprise n° {c.pk} — fiche de l'entreprise n° {entreprise.pk}" for c in contacts
    )
    assert {(ligne.jeune_id, ligne.action) for ligne in lignes} == {(None, "consultation")}
    assert "Modifier" not in contenu  # lecture seule


def test_fiche_mises_en_relation_du_perimetre_seulement_et_journalisees(
    client_de, conseiller_rennes, conseiller_broceliande
):
    entreprise = EntrepriseFactory()
    jeune = JeuneFactory(nom="Perimetre", prenom="Rennes", referent=conseiller_rennes)
    MiseEnRelation.objects.create(jeune=jeune, entreprise=entreprise, date=datetime.date(2026, 11, 2))
    reponse = client_de(conseiller_rennes).get(entreprise.get_absolute_url())
    assert "PERIMETRE" in reponse.content.decode()
    assert JournalAcces.objects.filter(jeune=jeune, utilisateur=conseiller_rennes).count() == 1

    reponse = client_de(conseiller_broceliande).get(entreprise.get_absolute_url())
    assert "PERIMETRE" not in reponse.content.decode()
    assert not JournalAcces.objects.filter(jeune=jeune, utilisateur=conseiller_broceliande).exists()


def test_fiche_nombre_de_requetes_fixe(client_de, entreprises_rennes, django_assert_max_num_queries):
    entreprise = EntrepriseFactory()
    client = client_de(entreprises_rennes)
    ContactEntrepriseFactory(entreprise=entreprise)
    OffreFactory(entreprise=entreprise)
    jeune = JeuneFactory(referent=entreprises_rennes)
    MiseEnRelation.objects.create(jeune=jeune, entreprise=entreprise, date=datetime.date(2026, 11, 2))
    client.get(entreprise.get_absolute_url())
    with django_assert_max_num_queries(30) as avant:
        client.get(entreprise.get_absolute_url())
    ContactEntrepriseFactory.create_batch(5, entreprise=entreprise)
    OffreFactory.create_batch(25, entreprise=entreprise)
    for jour in range(1, 25):
        MiseEnRelation.objects.create(
            jeune=JeuneFactory(referent=entreprises_rennes), entreprise=entreprise, date=datetime.date(2026, 11, jour)
        )
    with django_assert_max_num_queries(len(avant.captured_queries)):
        reponse = client.get(entreprise.get_absolute_url())
    assert "Offres (26)" in reponse.content.decode()
    assert "Mises en relation (25)" in reponse.content.decode()


def test_fiche_introuvable(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).get(reverse("entreprises:entreprise_detail", args=[999999])).status_code == 404


# --- Création et modification -----------------------------------------------------------------------------------


def test_creer(client_de, entreprises_rennes):
    reponse = client_de(entreprises_rennes).post(reverse("entreprises:entreprise_creer"), donnees_entreprise())
    entreprise = Entreprise.objects.get()
    assert reponse.status_code == 302 and reponse.url == entreprise.get_absolute_url()
    assert (entreprise.siret, entreprise.naf, entreprise.section_naf) == ("55221123000131", "56.10A", "I")
    assert entreprise.commune_id == "35238"
    assert entreprise.history.get().history_user == entreprises_rennes


def test_creer_doublon_refuse_avec_lien_vers_l_existante(client_de, entreprises_rennes):
    existante = EntrepriseFactory(siret="55221123000131", raison_sociale="Déjà là")
    reponse = client_de(entreprises_rennes).post(reverse("entreprises:entreprise_creer"), donnees_entreprise())
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Ce SIRET est déjà au registre : Déjà là." in contenu
    assert f'href="{existante.get_absolute_url()}"' in contenu
    assert Entreprise.objects.count() == 1


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("siret", "55221123000132", "clé de contrôle"),
        ("naf", "56-10", "Le code NAF doit s&#x27;écrire"),
        ("commune", "Atlantide", "Commune introuvable"),
        ("raison_sociale", "", "Ce champ est obligatoire."),
    ],
)
def test_creer_saisie_invalide(client_de, entreprises_rennes, champ, valeur, message):
    reponse = client_de(entreprises_rennes).post(
        reverse("entreprises:entreprise_creer"), donnees_entreprise(**{champ: valeur})
    )
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not Entreprise.objects.exists()


@pytest.mark.parametrize("persona", ["conseiller_rennes", "direction", "administrateur", "membre_commission"])
def test_creer_refuse_sans_le_droit(request, client_de, persona):
    client = client_de(request.getfixturevalue(persona))
    assert client.get(reverse("entreprises:entreprise_creer")).status_code == 403
    assert client.post(reverse("entreprises:entreprise_creer"), donnees_entreprise()).status_code == 403
    assert not Entreprise.objects.exists()


def test_modifier(client_de, entreprises_rennes):
    entreprise = EntrepriseFactory(siret="55221123000131")
    url = reverse("entreprises:entreprise_modifier", args=[entreprise.pk])
    client = client_de(entreprises_rennes)
    assert client.get(url).status_code == 200
    reponse = client.post(url, donnees_entreprise(raison_sociale="Nouveau nom", naf="4711B"))
    assert reponse.status_code == 302
    entreprise.refresh_from_db()
    assert (entreprise.raison_sociale, entreprise.section_naf) == ("Nouveau nom", "G")


def test_modifier_refuse_au_lecteur(client_de, conseiller_rennes):
    entreprise = EntrepriseFactory()
    url = reverse("entreprises:entreprise_modifier", args=[entreprise.pk])
    assert client_de(conseiller_rennes).post(url, donnees_entreprise()).status_code == 403


# --- Contacts ------------------------------------------------------------------------------------------------------


def test_ajouter_modifier_retirer_un_contact(client_de, entreprises_rennes):
    entreprise = EntrepriseFactory()
    client = client_de(entreprises_rennes)
    reponse = client.post(
        reverse("entreprises:contact_ajouter", args=[entreprise.pk]),
        {"nom": "Yann Le Bihan", "fonction": "Gérant", "telephone": "", "courriel": "yann@example.org"},
    )
    assert reponse.status_code == 302
    contact = ContactEntreprise.objects.get()
    url = reverse("entreprises:contact_modifier", args=[entreprise.pk, contact.pk])
    assert "Yann Le Bihan" in client.get(url).content.decode()
    reponse = client.post(url, {"nom": "Yann Le Bihan", "fonction": "Directeur", "telephone": "", "courriel": ""})
    assert reponse.status_code == 302
    contact.refresh_from_db()
    assert contact.fonction == "Directeur"
    reponse = client.post(reverse("entreprises:contact_supprimer", args=[entreprise.pk, contact.pk]))
    assert reponse.status_code == 302
    assert not ContactEntreprise.objects.exists()
    objets = list(JournalAcces.objects.filter(utilisateur=entreprises_rennes).values_list("action", "objet"))
    assert ("consultation", f"contact d'entreprise n° {contact.pk} — formulaire de modification") in objets
    assert ("modification", f"contact d'entreprise n° {contact.pk} — suppression") in objets


def test_contact_invalide_rien_n_est_ecrit(client_de, entreprises_rennes):
    entreprise = EntrepriseFactory()
    reponse = client_de(entreprises_rennes).post(
        reverse("entreprises:contact_ajouter", args=[entreprise.pk]), {"nom": "", "courriel": "pas-un-courriel"}
    )
    assert reponse.status_code == 400
    assert "Ce champ est obligatoire." in reponse.content.decode()
    assert not ContactEntreprise.objects.exists()


def test_contact_d_une_autre_entreprise_introuvable(client_de, entreprises_rennes):
    contact = ContactEntrepriseFactory()
    autre = EntrepriseFactory()
    url = reverse("entreprises:contact_modifier", args=[autre.pk, contact.pk])
    assert client_de(entreprises_rennes).get(url).status_code == 404


def test_contacts_refuses_au_lecteur(client_de, conseiller_rennes):
    contact = ContactEntrepriseFactory()
    client = client_de(conseiller_rennes)
    e = contact.entreprise.pk
    assert client.post(reverse("entreprises:contact_ajouter", args=[e]), {"nom": "X"}).status_code == 403
    assert client.get(reverse("entreprises:contact_modifier", args=[e, contact.pk])).status_code == 403
    assert client.post(reverse("entreprises:contact_supprimer", args=[e, contact.pk])).status_code == 403
    assert ContactEntreprise.objects.count() == 1


# --- Offres --------------------------------------------------------------------------------------------------------


def test_liste_des_offres_filtres(client_de, conseiller_rennes):
    OffreFactory(intitule="Cuisinier", statut=StatutOffre.OUVERTE)
    OffreFactory(intitule="Vendeur", statut=StatutOffre.POURVUE)
    reponse = client_de(conseiller_rennes).get(reverse("entreprises:offre_liste"), {"statut": "ouverte"})
    contenu = reponse.content.decode()
    assert "Cuisinier" in contenu and "Vendeur" not in contenu


def test_liste_des_offres_filtre_date_invalide_sans_erreur(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(reverse("entreprises:offre_liste"), {"recue_depuis": "31/02/2026"})
    assert reponse.status_code == 200


def test_liste_des_offres_nombre_de_requetes_fixe(client_de, conseiller_rennes, django_assert_max_num_queries):
    client = client_de(conseiller_rennes)
    OffreFactory()
    url = reverse("entreprises:offre_liste")
    client.get(url)
    with django_assert_max_num_queries(12) as avant:
        client.get(url)
    OffreFactory.create_batch(30)
    with django_assert_max_num_queries(len(avant.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_export_des_offres(client_de, conseiller_rennes, format_):
    OffreFactory(intitule="=HYPERLINK(1)", entreprise=EntrepriseFactory(raison_sociale="Ker Argoat"))
    reponse = client_de(conseiller_rennes).get(reverse("entreprises:offre_liste"), {"export": format_})
    assert reponse.status_code == 200
    if format_ == "csv":
        lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
        assert lignes[0][:3] == ["Référence", "Intitulé", "Entreprise"]
        assert lignes[1][1:3] == ["'=HYPERLINK(1)", "Ker Argoat"]
    else:
        assert "spreadsheetml" in reponse["Content-Type"]


def test_offre_detail(client_de, accueil_rennes):
    offre = OffreFactory(intitule="Cuisinier")
    reponse = client_de(accueil_rennes).get(offre.get_absolute_url())
    assert reponse.status_code == 200
    assert "Cuisinier" in reponse.content.decode()
    assert "Offre pourvue" not in reponse.content.decode()
    assert "Proposer un jeune sur cette offre" not in reponse.content.decode()


def test_offre_detail_propose_un_jeune_aux_conseillers(client_de, conseiller_rennes):
    offre = OffreFactory()
    contenu = client_de(conseiller_rennes).get(offre.get_absolute_url()).content.decode()
    assert f'href="{reverse("entreprises:offre_proposer", args=[offre.pk])}"' in contenu
    assert "Offre pourvue" not in contenu  # sans le droit « relations entreprises »


def test_creer_une_offre(client_de, entreprises_rennes):
    entreprise = EntrepriseFactory(siret="55221123000131")
    client = client_de(entreprises_rennes)
    url = reverse("entreprises:offre_creer")
    assert 'value="55221123000131"' in client.get(url, {"entreprise": entreprise.siret}).content.decode()
    reponse = client.post(
        url,
        {
            "entreprise": "552 211 230 00131",
            "reference": "",
            "intitule": "Crêpier",
            "code_rome": "G1602",
            "type_contrat": "cdi",
            "nombre_postes": "2",
            "date_reception": "2026-11-02",
            "date_cloture": "2026-12-31",
            "description": "",
            "conseiller": entreprises_rennes.pk,
        },
    )
    offre = Offre.objects.get()
    assert reponse.status_code == 302 and reponse.url == offre.get_absolute_url()
    assert (offre.entreprise, offre.nombre_postes, offre.statut) == (entreprise, 2, "ouverte")


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("entreprise", "55221123000149", "Aucun établissement du registre"),
        ("code_rome", "123", "Le code ROME"),
        ("date_cloture", "2026-10-01", "La date de clôture ne peut pas précéder"),
        ("nombre_postes", "0", "Une offre compte au moins un poste."),
    ],
)
def test_creer_une_offre_invalide(client_de, entreprises_rennes, champ, valeur, message):
    EntrepriseFactory(siret="55221123000131")
    donnees = {
        "entreprise": "55221123000131",
        "intitule": "Crêpier",
        "type_contrat": "cdi",
        "nombre_postes": "1",
        "date_reception": "2026-11-02",
        champ: valeur,
    }
    reponse = client_de(entreprises_rennes).post(reverse("entreprises:offre_creer"), donnees)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not Offre.objects.exists()


def test_modifier_une_offre(client_de, entreprises_rennes):
    offre = OffreFactory()
    url = reverse("entreprises:offre_modifier", args=[offre.pk])
    client = client_de(entreprises_rennes)
    assert client.get(url).status_code == 200
    donnees = {
        "entreprise": offre.entreprise.siret,
        "reference": offre.reference,
        "intitule": "Nouvel intitulé",
        "type_contrat": "cdi",
        "nombre_postes": "3",
        "date_reception": "2026-11-02",
    }
    assert client.post(url, donnees).status_code == 302
    offre.refresh_from_db()
    assert (offre.intitule, offre.nombre_postes) == ("Nouvel intitulé", 3)


def test_offre_pourvue_puis_refus_d_une_seconde_transition(client_de, entreprises_rennes):
    offre = OffreFactory()
    client = client_de(entreprises_rennes)
    url = reverse("entreprises:offre_statut", args=[offre.pk])
    assert client.post(url, {"statut": "pourvue"}).status_code == 302
    offre.refresh_from_db()
    assert offre.statut == "pourvue"
    reponse = client.post(url, {"statut": "annulee"}, follow=True)
    assert "seule une offre ouverte peut être annulée" in reponse.content.decode()
    offre.refresh_from_db()
    assert offre.statut == "pourvue"


def test_statut_inconnu_refuse_sans_changement(client_de, entreprises_rennes):
    offre = OffreFactory()
    reponse = client_de(entreprises_rennes).post(
        reverse("entreprises:offre_statut", args=[offre.pk]), {"statut": "ouverte"}, follow=True
    )
    assert "Choisissez « pourvue » ou « annulée »." in reponse.content.decode()
    offre.refresh_from_db()
    assert offre.statut == "ouverte"


@pytest.mark.parametrize("persona", ["conseiller_rennes", "direction"])
def test_offres_refusees_en_ecriture_sans_le_droit(request, client_de, persona):
    offre = OffreFactory()
    client = client_de(request.getfixturevalue(persona))
    assert client.get(reverse("entreprises:offre_creer")).status_code == 403
    assert client.get(reverse("entreprises:offre_modifier", args=[offre.pk])).status_code == 403
    assert client.post(reverse("entreprises:offre_statut", args=[offre.pk]), {"statut": "pourvue"}).status_code == 403
    offre.refresh_from_db()
    assert offre.statut == "ouverte"


def test_methode_refusee(client_de, entreprises_rennes):
    offre = OffreFactory()
    assert client_de(entreprises_rennes).get(reverse("entreprises:offre_statut", args=[offre.pk])).status_code == 405


def test_le_journal_des_acces_retrouve_les_lectures_d_un_contact(client_de, conseiller_rennes, direction):
    contact = ContactEntrepriseFactory()
    ContactEntrepriseFactory(pk=contact.pk * 10, entreprise=contact.entreprise)  # n° 120 quand l'autre est le n° 12
    client_de(conseiller_rennes).get(contact.entreprise.get_absolute_url())
    assert JournalAcces.objects.count() == 2
    reponse = client_de(direction).get(reverse("securite:journal"), {"objet": f"contact d'entreprise n° {contact.pk}"})
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert contenu.count(f"contact d&#x27;entreprise n° {contact.pk} — fiche") == 1
    assert f"contact d&#x27;entreprise n° {contact.pk * 10} —" not in contenu


@pytest.mark.parametrize("nom_url", ["entreprises:entreprise_liste", "entreprises:offre_liste"])
def test_filtre_htmx_comme_la_page_rechargee(client_de, conseiller_rennes, nom_url):
    from tests.htmx import Page

    OffreFactory(entreprise=EntrepriseFactory(raison_sociale="Crêperie", nom_recherche="creperie"))
    OffreFactory(entreprise=EntrepriseFactory(raison_sociale="Garage", nom_recherche="garage"))
    client = client_de(conseiller_rennes)
    url = reverse(nom_url)
    page = Page(client.get(url))
    formulaire = page.select_one("form[hx-get]")
    parametres = {"q": "crep"} if nom_url.endswith("entreprise_liste") else {"entreprise": "crep"}
    page.appliquer(client.get(url, parametres, headers=HTMX), formulaire)
    # Le champ saisi porte déjà sa valeur dans le navigateur : on compare le tableau.
    tableau = "#tableau-entreprises" if nom_url.endswith("entreprise_liste") else "#tableau-offres"
    page.assert_egale(client.get(url, parametres), selecteur=tableau)
    assert "Garage" not in page.html()
