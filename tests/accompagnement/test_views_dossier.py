import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accompagnement.models import Evenement, Jeune, ProgrammeFormation
from antennes.models import Secteur
from securite.models import JournalAcces
from tests.accompagnement.factories import EvenementFactory, JeuneFactory, SituationFactory
from tests.dispositifs.factories import InscriptionFactory, dispositif
from tests.securite.outils import declarer_motif

pytestmark = pytest.mark.django_db

COMPTE_RENDU = "Point sur la recherche de stage ; CV mis à jour ensemble."


def url_dossier(jeune):
    return reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})


def test_dossier_ouvert_par_un_conseiller_d_une_autre_antenne_et_journalise(client_de, conseiller_broceliande):
    jeune = JeuneFactory(nom="Durand", prenom="Léa", referent=None, mineur=True)
    EvenementFactory(jeune=jeune, avec_services=True)
    SituationFactory(jeune=jeune, formation=True)
    client = client_de(conseiller_broceliande)
    # Dossier d'une autre antenne : d'abord le motif (journalisé), puis la lecture seule.
    reponse = client.get(url_dossier(jeune))
    assert reponse.status_code == 302 and "hors-perimetre" in reponse.url
    assert "DURAND" not in client.get(reponse.url).content.decode()  # rien du dossier avant le motif
    declarer_motif(client, jeune)
    motif = JournalAcces.objects.get(jeune=jeune, action="hors_perimetre")
    assert motif.motif == "Le jeune se présente dans mon antenne"
    reponse = client.get(url_dossier(jeune))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "consultation en lecture seule" in contenu
    assert "Saisie détaillée d&#x27;un événement" not in contenu
    assert "DURAND Léa" in contenu
    assert COMPTE_RENDU in contenu
    assert "Santé — information" in contenu
    assert "Formation qualifiante" in contenu
    assert "Représentants légaux" in contenu  # mineur
    assert "Antenne Rennes" in contenu
    acces = JournalAcces.objects.get(jeune=jeune, action="consultation")
    assert (acces.action, acces.objet, acces.utilisateur) == ("consultation", "dossier", conseiller_broceliande)


def test_representants_legaux_caches_pour_un_majeur(client_de, conseiller_rennes):
    reponse = client_de(conseiller_rennes).get(url_dossier(JeuneFactory()))
    assert "Représentants légaux" not in reponse.content.decode()


def test_membre_de_commission_n_ouvre_aucun_dossier_ni_compte_rendu(client_de, membre_commission):
    evenement = EvenementFactory()
    client = client_de(membre_commission)
    for url in (
        url_dossier(evenement.jeune),
        reverse("accompagnement:jeune_journal", kwargs={"pk": evenement.jeune.pk}),
        reverse("accompagnement:evenement_rapide", kwargs={"pk": evenement.jeune.pk}),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 403
        assert COMPTE_RENDU not in reponse.content.decode()
    assert not JournalAcces.objects.exists()


def test_dossier_hors_base_active_introuvable(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).get(url_dossier(JeuneFactory(archive=True))).status_code == 404


def test_dossier_mauvaise_methode(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).post(url_dossier(JeuneFactory())).status_code == 405


def _requetes_dossier(client, jeune, django_assert_max_num_queries, maximum):
    cache.clear()  # compté à froid : la liste des référents en cache serait sinon lue une fois sur deux
    with django_assert_max_num_queries(maximum) as requetes:
        assert client.get(url_dossier(jeune)).status_code == 200
    return len(requetes)


def test_dossier_nombre_de_requetes_constant(client_de, conseiller_rennes, django_assert_max_num_queries):
    client = client_de(conseiller_rennes)
    jeune = JeuneFactory(referent=conseiller_rennes)
    EvenementFactory(jeune=jeune, avec_services=True)
    SituationFactory(jeune=jeune)
    InscriptionFactory(jeune=jeune, dispositif=dispositif("cej"))
    peu = _requetes_dossier(client, jeune, django_assert_max_num_queries, 40)
    for _ in range(15):
        EvenementFactory(jeune=jeune, avec_services=True)
        SituationFactory(jeune=jeune, immersion=True)
    InscriptionFactory(jeune=jeune, dispositif=dispositif("pacea"))
    beaucoup = _requetes_dossier(client, jeune, django_assert_max_num_queries, 40)
    assert beaucoup == peu


def _historique(jeune, nombre):
    """`nombre` entretiens, un par jour, le plus ancien « Étape 1 »."""
    hier = timezone.localdate() - datetime.timedelta(days=1)
    for i in range(1, nombre + 1):
        EvenementFactory(jeune=jeune, date=hier - datetime.timedelta(days=nombre - i), prochaine_etape=f"Étape {i:02d}")


def test_journal_long_affiche_par_pages(client_de, conseiller_rennes):
    jeune = JeuneFactory(referent=conseiller_rennes)
    _historique(jeune, 30)
    client = client_de(conseiller_rennes)
    contenu = client.get(url_dossier(jeune)).content.decode()
    assert "Étape 30" in contenu and "Étape 06" in contenu  # les 25 plus récentes
    assert "Étape 05" not in contenu
    assert "Afficher les entrées plus anciennes (5)" in contenu

    suite = client.get(
        reverse("accompagnement:jeune_journal", kwargs={"pk": jeune.pk}), {"page": 2}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert suite.lstrip().startswith("<li")  # ajoutée à la liste à la place du lien
    assert "Étape 05" in suite and "Étape 01" in suite and "Étape 06" not in suite
    assert "plus anciennes" not in suite

    tout = client.get(url_dossier(jeune), {"journal_page": 2}).content.decode()  # sans JavaScript
    assert "Étape 01" in tout and "Étape 30" in tout and "plus anciennes" not in tout


@pytest.mark.parametrize("page", ["abc", "-3", "0", ""])
def test_journal_page_illisible_donne_la_premiere(client_de, conseiller_rennes, page):
    jeune = JeuneFactory(referent=conseiller_rennes)
    _historique(jeune, 26)
    reponse = client_de(conseiller_rennes).get(url_dossier(jeune), {"journal_page": page})
    assert reponse.status_code == 200
    assert "Étape 26" in reponse.content.decode() and "Étape 01" not in reponse.content.decode()


def test_journal_requetes_constantes_quel_que_soit_l_historique(
    client_de, conseiller_rennes, django_assert_max_num_queries
):
    client = client_de(conseiller_rennes)
    jeune = JeuneFactory(referent=conseiller_rennes)
    _historique(jeune, 3)
    peu = _requetes_dossier(client, jeune, django_assert_max_num_queries, 40)
    _historique(jeune, 60)
    beaucoup = _requetes_dossier(client, jeune, django_assert_max_num_queries, 40)
    assert beaucoup == peu


# --- Identité et situation ----------------------------------------------------------------------------------


def _donnees_identite(jeune, **kwargs):
    donnees = {
        "nom": jeune.nom,
        "nom_usage": "",
        "prenom": jeune.prenom,
        "sexe": jeune.sexe,
        "date_naissance": jeune.date_naissance.isoformat(),
        "nationalite": "francaise",
        "adresse": "3 rue de la Monnaie",
        "commune": "Rennes (35238)",
        "secteur": str(jeune.secteur_id),
        "telephone": "0600000000",
        "courriel": "",
        "identifiant_externe": "",
    }
    donnees.update(kwargs)
    return donnees


def test_modifier_identite_en_htmx(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:jeune_modifier_identite", kwargs={"pk": jeune.pk})
    client = client_de(conseiller_rennes)
    formulaire = client.get(url, headers={"HX-Request": "true"})
    assert "<h1" not in formulaire.content.decode()
    assert "Modifier l'identité et les coordonnées" in formulaire.content.decode()
    # le champ secteur (libellé et marque « obligatoire » compris) se recharge sur place quand la commune change,
    # et non la section entière
    assert (
        'hx-trigger="change from:#id_commune" hx-include="#id_commune" hx-target="closest .mb-3" hx-swap="outerHTML"'
        in formulaire.content.decode()
    )
    reponse = client.post(url, _donnees_identite(jeune, commune="35188", secteur=""), headers={"HX-Request": "true"})
    assert reponse.status_code == 200
    assert "Antenne Brocéliande" in reponse.content.decode()
    jeune.refresh_from_db()
    assert jeune.antenne.code == "BROCELIANDE" and jeune.adresse == "3 rue de la Monnaie"


def test_modifier_identite_sans_js_refuse_un_secteur_d_une_autre_antenne(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:jeune_modifier_identite", kwargs={"pk": jeune.pk})
    autre = Secteur.objects.get(code="RM_CESSON_SEVIGNE")
    reponse = client_de(conseiller_rennes).post(url, _donnees_identite(jeune, secteur=str(autre.pk)))
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.content.decode()  # hors de l'antenne de la commune
    reponse = client_de(conseiller_rennes).post(url, _donnees_identite(jeune, nationalite="hors_ue"))
    assert "indiquez le titre de séjour" in reponse.content.decode()
    reponse = client_de(conseiller_rennes).post(url, _donnees_identite(jeune, commune="Rennes"))
    assert reponse.status_code == 302


def test_modifier_identite_interdit_au_secretariat_faj(client_de, secretariat_faj):
    url = reverse("accompagnement:jeune_modifier_identite", kwargs={"pk": JeuneFactory().pk})
    assert client_de(secretariat_faj).get(url).status_code == 403


def test_modifier_situation_date_la_confirmation(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:jeune_modifier_situation", kwargs={"pk": jeune.pk})
    reponse = client_de(conseiller_rennes).post(
        url, {"niveau": "4", "hebergement": "precaire", "rsa": "on"}, headers={"HX-Request": "true"}
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Hébergement précaire" in contenu
    assert timezone.localdate().strftime("%d/%m/%Y") in contenu
    jeune.refresh_from_db()
    assert jeune.rsa and jeune.confirmations["hebergement"] == timezone.localdate().isoformat()
    assert client_de(conseiller_rennes).put(url).status_code == 405


def test_suggestions_de_communes_et_secteurs(client_de, accueil_rennes):
    client = client_de(accueil_rennes)
    reponse = client.get(reverse("accompagnement:commune_suggestions"), {"commune": "cesson"})
    assert "Cesson-Sévigné (35051)" in reponse.content.decode()
    reponse = client.get(reverse("accompagnement:secteur_options"), {"commune": "35238"})
    contenu = reponse.content.decode()
    assert "Choisissez le quartier" in contenu and "Le Blosne" in contenu and "Cesson" not in contenu


# --- Référent -----------------------------------------------------------------------------------------------


def test_affecter_un_referent_depuis_le_dossier(client_de, responsable_rennes, conseiller_rennes):
    jeune = JeuneFactory(referent=responsable_rennes)
    url = reverse("accompagnement:jeune_affecter_referent", kwargs={"pk": jeune.pk})
    reponse = client_de(responsable_rennes).post(url, {"referent": conseiller_rennes.pk, "motif": "Secteur"})
    assert reponse.status_code == 302
    assert Jeune.objects.get(pk=jeune.pk).referent == conseiller_rennes
    assert jeune.affectations.count() == 2
    assert client_de(responsable_rennes).get(url).status_code == 405


# --- Événements ---------------------------------------------------------------------------------------------


def test_saisie_rapide_depuis_le_dossier_met_a_jour_le_journal(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:evenement_rapide", kwargs={"pk": jeune.pk})
    reponse = client_de(conseiller_rennes).post(
        url,
        {
            "type": "entretien_individuel",
            "modalite": "telephone",
            "date": timezone.localdate().isoformat(),
            "duree_minutes": "20",
            "compte_rendu": "Relance des candidatures envoyées.",
            "depuis": "dossier",
        },
        headers={"HX-Request": "true"},
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'id="journal"' in contenu and "Relance des candidatures envoyées." in contenu
    assert 'hx-swap-oob="true"' in contenu  # formulaire vierge remplacé hors bande
    jeune.refresh_from_db()
    assert jeune.date_dernier_contact == timezone.localdate()


def test_saisie_rapide_date_future_refusee(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:evenement_rapide", kwargs={"pk": jeune.pk})
    demain = timezone.localdate() + datetime.timedelta(days=1)
    donnees = {"type": "contact", "modalite": "sms", "date": demain.isoformat()}
    reponse = client_de(conseiller_rennes).post(url, donnees, headers={"HX-Request": "true"})
    assert reponse.status_code == 200
    assert reponse["HX-Retarget"] == "#saisie-rapide"
    assert "ne peut pas être dans le futur" in reponse.content.decode()
    assert not Evenement.objects.exists()


def test_saisie_rapide_depuis_le_portefeuille(client_de, conseiller_rennes):
    # Le prochain rendez-vous vient de l'agenda : la saisie rapide n'a plus de date libre (celle envoyée est ignorée).
    rdv = timezone.localdate() + datetime.timedelta(days=7)
    jeune = JeuneFactory(referent=conseiller_rennes, date_prochain_rdv=rdv)
    url = reverse("accompagnement:evenement_rapide", kwargs={"pk": jeune.pk})
    client = client_de(conseiller_rennes)
    formulaire = client.get(url, {"depuis": "portefeuille"}, headers={"HX-Request": "true"})
    assert "autofocus" in formulaire.content.decode()
    assert 'name="prochain_rdv"' not in formulaire.content.decode()
    reponse = client.post(
        url,
        {
            "type": "contact",
            "modalite": "sms",
            "date": timezone.localdate().isoformat(),
            "prochain_rdv": (rdv + datetime.timedelta(days=30)).isoformat(),
            "depuis": "portefeuille",
        },
        headers={"HX-Request": "true"},
    )
    contenu = reponse.content.decode()
    assert f'<span id="prochain-rdv-{jeune.pk}" hx-swap-oob="true">{rdv:%d/%m/%Y}</span>' in contenu
    assert "enregistré pour" in contenu


def test_saisie_rapide_sans_javascript(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:evenement_rapide", kwargs={"pk": jeune.pk})
    client = client_de(conseiller_rennes)
    assert "<h1" in client.get(url).content.decode()
    donnees = {"type": "contact", "modalite": "courriel", "date": timezone.localdate().isoformat()}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302 and reponse["Location"].startswith(url_dossier(jeune))


def test_formulaire_complet_avec_services_et_rappel(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:evenement_creer", kwargs={"pk": jeune.pk})
    client = client_de(conseiller_rennes)
    page = client.get(url).content.decode()
    assert "pas de diagnostic médical" in page and "Logement" in page
    reponse = client.post(
        url,
        {
            "type": "entretien_individuel",
            "modalite": "presentiel",
            "date": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
            "services": ["logement_information", "mobilite_aide"],
            "compte_rendu": "Demande de logement FJT.",
        },
    )
    assert reponse.status_code == 302
    evenement = Evenement.objects.get(jeune=jeune)
    assert evenement.conseiller == conseiller_rennes
    assert evenement.services.count() == 2


def test_saisie_interdite_a_la_direction(client_de, direction):
    url = reverse("accompagnement:evenement_creer", kwargs={"pk": JeuneFactory().pk})
    assert client_de(direction).get(url).status_code == 403


# --- Situations ---------------------------------------------------------------------------------------------


def test_ajouter_une_situation(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    url = reverse("accompagnement:situation_creer", kwargs={"pk": jeune.pk})
    client = client_de(conseiller_rennes)
    donnees = {"categorie": "formation", "type": "qualifiante", "date_debut": "2026-01-05"}
    reponse = client.post(url, donnees)
    assert "Indiquez le financeur de la formation." in reponse.content.decode()
    reponse = client.post(url, {**donnees, "type": "cdi", "financeur": "autre"})
    assert "Ce type ne correspond pas à la catégorie choisie." in reponse.content.decode()
    reponse = client.post(url, {**donnees, "financeur": "conseil_regional", "intitule": "CAP cuisine"})
    assert reponse.status_code == 302
    assert jeune.situations.get().intitule == "CAP cuisine"
    assert client_de(conseiller_rennes).delete(url).status_code == 405


def test_situation_programme_issue_et_secteur_naf(client_de, conseiller_rennes):
    """Formation : programme (liste de l'agence) et issue, montrés au dossier ; un emploi n'en garde aucun mais
    garde la section NAF de son employeur."""
    jeune = JeuneFactory()
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:situation_creer", kwargs={"pk": jeune.pk})
    ppi = ProgrammeFormation.objects.get(code="ppi")
    reponse = client.post(
        url,
        {
            "categorie": "formation",
            "type": "mobilisation",
            "financeur": "conseil_regional",
            "date_debut": "2026-01-05",
            "programme": ppi.pk,
            "resultat_formation": "projet_valide",
        },
    )
    assert reponse.status_code == 302
    page = client.get(reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk})).content.decode()
    assert "programme Prestation préparatoire à l&#x27;insertion (PPI)" in page
    assert "projet professionnel validé" in page
    reponse = client.post(
        url,
        {"categorie": "emploi", "type": "cdi", "date_debut": "2026-02-02", "programme": ppi.pk, "secteur_naf": "I"},
    )
    assert reponse.status_code == 302
    emploi = jeune.situations.get(categorie="emploi")
    assert emploi.programme is None and emploi.secteur_naf == "I"
    reponse = client.post(url, {"categorie": "emploi", "type": "cdi", "date_debut": "2026-02-03", "secteur_naf": "Z"})
    assert reponse.status_code == 200 and jeune.situations.count() == 2
