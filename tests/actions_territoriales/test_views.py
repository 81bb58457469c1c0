import datetime
import html

import pytest
from django.urls import reverse

from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from securite.models import JournalAcces
from tests.accompagnement.factories import JeuneFactory
from tests.actions_territoriales.factories import ActionFactory, ParticipationActionFactory
from tests.entreprises.factories_jeunes import EntrepriseFactory
from tests.htmx import HTMX
from tests.securite.outils import acces_journalise, declarer_motif

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(antenne_rennes):
    return ActionFactory(intitule="Job dating de la logistique", antenne=antenne_rennes, public_tout_public=4)


def texte_de(reponse):
    """Le texte de la page, entités HTML décodées (l'apostrophe est échappée en &#x27;)."""
    return html.unescape(reponse.content.decode())


def url(nom, *args):
    return reverse(f"actions_territoriales:{nom}", args=args)


def formulaire(**autres):
    donnees = {
        "type": "recrutement",
        "intitule": "Forum de l'alternance",
        "date": "2026-06-12",
        "commune": "35238",
        "lieu": "Halle Martenot",
        "antenne": "",
        "partenaires": "France Travail, CCI",
        "public_tout_public": "10",
        "public_scolaires": "0",
        "public_etudiants": "0",
        "public_salaries": "0",
        "public_demandeurs_emploi": "5",
        "public_professionnels": "0",
        "participants_femmes": "7",
        "entretiens": "6",
        "seconds_entretiens": "2",
        "embauches": "1",
    }
    donnees.update(autres)
    return donnees


class TestListe:
    def test_agence_lit_la_liste(self, client_de, conseiller_broceliande, action):
        reponse = client_de(conseiller_broceliande).get(url("liste"))
        texte = texte_de(reponse)
        assert reponse.status_code == 200
        assert "Job dating de la logistique" in texte and "Nouvelle action" not in texte

    @pytest.mark.parametrize("persona", ["membre_commission", "administrateur"])
    def test_refusee_hors_agence_metier(self, request, client_de, persona):
        assert client_de(request.getfixturevalue(persona)).get(url("liste")).status_code == 403

    def test_filtres(self, client_de, direction, antenne_broceliande):
        ActionFactory(intitule="Visite de l'Exploratoire", type="decouverte_metiers", date=datetime.date(2025, 3, 1))
        ActionFactory(intitule="Forum de Montfort", antenne=antenne_broceliande, commune_id="35188")
        client = client_de(direction)

        def intitules(**filtres):
            texte = texte_de(client.get(url("liste"), filtres))
            return {i for i in ("Visite de l'Exploratoire", "Forum de Montfort") if i in texte}

        assert intitules() == {"Visite de l'Exploratoire", "Forum de Montfort"}
        assert intitules(type="decouverte_metiers") == {"Visite de l'Exploratoire"}
        assert intitules(annee="2025") == {"Visite de l'Exploratoire"}
        assert intitules(antenne=antenne_broceliande.pk) == {"Forum de Montfort"}
        assert intitules(commune="35188") == {"Forum de Montfort"}
        assert intitules(q="exploratoire") == {"Visite de l'Exploratoire"}

    @pytest.mark.parametrize("parametres", [{"annee": "deux-mille"}, {"antenne": "x"}, {"commune": "99999"}])
    def test_filtre_illisible_sans_erreur(self, client_de, direction, parametres):
        reponse = client_de(direction).get(url("liste"), parametres)
        assert reponse.status_code == 200
        assert "Sélectionnez un choix valide" in texte_de(reponse)

    def test_fragment_htmx(self, client_de, direction, action):
        reponse = client_de(direction).get(url("liste"), headers=HTMX)
        texte = texte_de(reponse)
        assert texte.lstrip().startswith('<div id="tableau-actions">') and "Job dating" in texte

    def test_nombre_de_requetes_constant(self, client_de, direction, django_assert_max_num_queries):
        client = client_de(direction)
        ParticipationActionFactory(action=ActionFactory())
        client.get(url("liste"))  # sessions, caches
        with django_assert_max_num_queries(20) as une:
            client.get(url("liste"))
        for _ in range(15):
            action = ActionFactory(public_scolaires=3)
            action.entreprises.add(EntrepriseFactory())
            ParticipationActionFactory(action=action)
        with django_assert_max_num_queries(len(une.captured_queries)):
            reponse = client.get(url("liste"))
        assert texte_de(reponse).count("Job dating n°") == 16


class TestCreer:
    @pytest.mark.parametrize("persona", ["direction", "entreprises_rennes", "responsable_rennes"])
    def test_formulaire_permis(self, request, client_de, persona):
        assert client_de(request.getfixturevalue(persona)).get(url("creer")).status_code == 200

    @pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "secretariat_faj", "administrateur"])
    def test_refuse(self, request, client_de, persona):
        client = client_de(request.getfixturevalue(persona))
        assert client.get(url("creer")).status_code == 403
        assert client.post(url("creer"), formulaire()).status_code == 403
        assert not ActionTerritoriale.objects.exists()

    def test_creation(self, client_de, entreprises_rennes):
        entreprise = EntrepriseFactory()
        reponse = client_de(entreprises_rennes).post(url("creer"), formulaire(entreprises=[entreprise.pk]))
        action = ActionTerritoriale.objects.get()
        assert reponse.status_code == 302 and reponse.url == url("detail", action.pk)
        assert action.reference == "A-2026-0001"
        assert action.organisateur == entreprises_rennes
        assert (action.public_tout_public, action.public_demandeurs_emploi, action.participants_femmes) == (10, 5, 7)
        assert list(action.entreprises.all()) == [entreprise]
        assert action.antenne is None

    def test_femmes_plus_nombreuses_que_les_comptes(self, client_de, direction):
        reponse = client_de(direction).post(url("creer"), formulaire(participants_femmes="16"))
        assert reponse.status_code == 200
        assert "Les femmes comptées ne peuvent pas dépasser les participants comptés" in texte_de(reponse)
        assert not ActionTerritoriale.objects.exists()

    @pytest.mark.parametrize(
        ("champ", "valeur", "message"),
        [
            ("public_scolaires", "-1", "supérieure ou égale à 0"),
            ("entretiens", "beaucoup", "Saisissez un nombre entier"),
            ("date", "31/02/2026", "Saisissez une date valide"),
            ("commune", "Atlantide", "Commune introuvable"),
            ("entreprises", "999999", "Entreprise introuvable dans le registre"),
            ("entreprises", "abc", "Entreprise introuvable dans le registre"),
        ],
    )
    def test_saisie_invalide_message_francais(self, client_de, direction, champ, valeur, message):
        reponse = client_de(direction).post(url("creer"), formulaire(**{champ: valeur}))
        assert reponse.status_code == 200
        assert message in texte_de(reponse)
        assert not ActionTerritoriale.objects.exists()

    def test_responsable_pour_son_antenne_seulement(self, client_de, responsable_rennes, antenne_broceliande):
        client = client_de(responsable_rennes)
        reponse = client.post(url("creer"), formulaire(antenne=antenne_broceliande.pk))
        assert reponse.status_code == 200 and "Sélectionnez un choix valide" in texte_de(reponse)
        reponse = client.post(url("creer"), formulaire(antenne=responsable_rennes.antenne_id))
        assert reponse.status_code == 302
        assert ActionTerritoriale.objects.get().antenne == responsable_rennes.antenne

    def test_entreprises_choisies_gardees_quand_le_formulaire_est_refuse(self, client_de, direction):
        entreprise = EntrepriseFactory(raison_sociale="Transports Armor")
        reponse = client_de(direction).post(
            url("creer"), formulaire(participants_femmes="99", entreprises=[entreprise.pk])
        )
        texte = texte_de(reponse)
        assert "Transports Armor" in texte and f'value="{entreprise.pk}"' in texte and "checked" in texte

    def test_get_interdit_en_methode_inconnue(self, client_de, direction):
        assert client_de(direction).put(url("creer")).status_code == 405


class TestModifier:
    def test_responsable_de_l_antenne(self, client_de, responsable_rennes, action):
        reponse = client_de(responsable_rennes).post(
            url("modifier", action.pk), formulaire(antenne=action.antenne_id, embauches="3")
        )
        assert reponse.status_code == 302
        action.refresh_from_db()
        assert action.embauches == 3 and action.intitule == "Forum de l'alternance"
        assert action.history.count() == 2

    @pytest.mark.parametrize("persona", ["responsable_broceliande", "conseiller_rennes", "accueil_rennes"])
    def test_refuse(self, request, client_de, persona, action):
        client = client_de(request.getfixturevalue(persona))
        assert client.get(url("modifier", action.pk)).status_code == 403
        assert client.post(url("modifier", action.pk), formulaire()).status_code == 403

    def test_formulaire_montre_les_entreprises_de_l_action(self, client_de, direction, action):
        action.entreprises.add(EntrepriseFactory(raison_sociale="Scierie de Paimpont"))
        texte = texte_de(client_de(direction).get(url("modifier", action.pk)))
        assert "Scierie de Paimpont" in texte and "checked" in texte

    def test_refus_affiche_les_valeurs_saisies(self, client_de, direction, action):
        reponse = client_de(direction).post(url("modifier", action.pk), formulaire(public_tout_public="0"))
        assert "Les femmes comptées ne peuvent pas dépasser" in texte_de(reponse)
        action.refresh_from_db()
        assert action.public_tout_public == 4

    def test_inconnue(self, client_de, direction):
        assert client_de(direction).get(url("modifier", 999999)).status_code == 404


class TestDetail:
    def test_effectifs_entreprises_et_historique(self, client_de, conseiller_rennes, action):
        action.entreprises.add(EntrepriseFactory(raison_sociale="Biscuiterie Bretonne"))
        texte = texte_de(client_de(conseiller_rennes).get(url("detail", action.pk)))
        assert "Job dating de la logistique" in texte and "Biscuiterie Bretonne" in texte
        assert "Inscrire des jeunes suivis" not in texte and "Modifier" not in texte
        assert "Compter les entrées" in texte  # action de son antenne

    def test_jeunes_nommes_dans_le_perimetre_comptes_au_dehors(self, client_de, conseiller_rennes, action):
        dedans = JeuneFactory(nom="Rannou", prenom="Gaëlle", referent=conseiller_rennes)
        dehors = JeuneFactory(nom="Montfortin", prenom="Yann", broceliande=True)
        ParticipationActionFactory(action=action, jeune=dedans)
        ParticipationActionFactory(action=action, jeune=dehors)
        with acces_journalise(jeune=dedans, utilisateur=conseiller_rennes, action="consultation"):
            reponse = client_de(conseiller_rennes).get(url("detail", action.pk))
        texte = texte_de(reponse)
        assert "RANNOU Gaëlle" in texte and "Montfortin" not in texte
        assert "1 autre jeune suivi hors de votre périmètre" in texte

    def test_jeune_hors_base_active_ni_nomme(self, client_de, direction, action):
        ParticipationActionFactory(action=action, jeune=JeuneFactory(nom="Archivé", archive=True))
        texte = texte_de(client_de(direction).get(url("detail", action.pk)))
        assert "Archivé" not in texte and "1 autre jeune suivi" in texte

    def test_recherche_de_candidats_htmx(self, client_de, direction, action, conseiller_rennes):
        jeune = JeuneFactory(nom="Kerlann", prenom="Nolwenn", referent=conseiller_rennes)
        with acces_journalise(jeune=jeune, objet_contient="recherche de participants"):
            reponse = client_de(direction).get(url("detail", action.pk), {"q": "kerlann"}, headers=HTMX)
        texte = texte_de(reponse)
        assert texte.lstrip().startswith('<div id="candidats">') and "KERLANN Nolwenn" in texte

    @pytest.mark.parametrize("persona", ["membre_commission", "administrateur"])
    def test_refuse(self, request, client_de, persona, action):
        assert client_de(request.getfixturevalue(persona)).get(url("detail", action.pk)).status_code == 403


class TestInscrireDepuisLAction:
    def test_inscription_journalisee(self, client_de, entreprises_rennes, action, conseiller_rennes):
        jeune = JeuneFactory(referent=conseiller_rennes)
        with acces_journalise(jeune=jeune, utilisateur=entreprises_rennes, action="modification"):
            reponse = client_de(entreprises_rennes).post(url("inscrire_jeunes", action.pk), {"jeunes": [jeune.pk]})
        assert reponse.status_code == 302
        assert ParticipationAction.objects.filter(action=action, jeune=jeune, inscrit_par=entreprises_rennes).exists()

    def test_jeune_hors_perimetre_refuse(self, client_de, entreprises_rennes, action):
        jeune = JeuneFactory(broceliande=True)
        client = client_de(entreprises_rennes)
        reponse = client.post(url("inscrire_jeunes", action.pk), {"jeunes": [jeune.pk]}, follow=True)
        assert "Jeune introuvable ou hors de votre périmètre" in texte_de(reponse)
        assert not ParticipationAction.objects.exists()

    @pytest.mark.parametrize("valeur", ["", "abc", "99999999"])
    def test_saisie_invalide(self, client_de, direction, action, valeur):
        reponse = client_de(direction).post(url("inscrire_jeunes", action.pk), {"jeunes": valeur}, follow=True)
        assert reponse.status_code == 200
        assert not ParticipationAction.objects.exists()

    def test_refuse_a_qui_ne_gere_pas_l_action(self, client_de, conseiller_rennes, action):
        jeune = JeuneFactory(referent=conseiller_rennes)
        reponse = client_de(conseiller_rennes).post(url("inscrire_jeunes", action.pk), {"jeunes": [jeune.pk]})
        assert reponse.status_code == 403
        assert client_de(conseiller_rennes).get(url("inscrire_jeunes", action.pk)).status_code == 405

    def test_retirer(self, client_de, direction, action):
        participation = ParticipationActionFactory(action=action)
        client = client_de(direction)
        with acces_journalise(jeune=participation.jeune, action="modification"):
            reponse = client.post(url("retirer_jeune", action.pk), {"jeune": participation.jeune_id})
        assert reponse.status_code == 302 and not ParticipationAction.objects.exists()
        reponse = client.post(url("retirer_jeune", action.pk), {"jeune": "nan"}, follow=True)
        assert "n'est pas inscrit à l'action" in texte_de(reponse)


class TestSuggestionsEntreprises:
    def test_par_nom_et_par_siret(self, client_de, entreprises_rennes):
        entreprise = EntrepriseFactory(raison_sociale="Menuiserie Le Bihan")
        EntrepriseFactory(raison_sociale="Autre Chose")
        client = client_de(entreprises_rennes)
        texte = texte_de(client.get(url("entreprises_suggestions"), {"entreprise": "bihan"}))
        assert "Menuiserie Le Bihan" in texte and "Autre Chose" not in texte
        texte = texte_de(client.get(url("entreprises_suggestions"), {"entreprise": entreprise.siret[:9]}))
        assert "Menuiserie Le Bihan" in texte
        texte = texte_de(client.get(url("entreprises_suggestions"), {"entreprise": "zzz"}))
        assert "Aucune entreprise du registre ne correspond" in texte

    def test_refuse(self, client_de, conseiller_rennes):
        assert client_de(conseiller_rennes).get(url("entreprises_suggestions")).status_code == 403


class TestComptage:
    def test_page_de_la_tablette(self, client_de, accueil_rennes, action):
        texte = texte_de(client_de(accueil_rennes).get(url("comptage", action.pk)))
        assert "Comptage des entrées" in texte and 'data-touche="1"' in texte and 'data-touche-moins="7"' in texte
        assert "Total : <strong>4</strong> participants comptés" in texte

    def test_autre_antenne_refusee(self, client_de, accueil_rennes, antenne_broceliande):
        autre = ActionFactory(antenne=antenne_broceliande)
        client = client_de(accueil_rennes)
        assert client.get(url("comptage", autre.pk)).status_code == 403
        reponse = client.post(url("compter", autre.pk), {"compteur": "public_tout_public", "sens": "plus"})
        assert reponse.status_code == 403
        autre.refresh_from_db()
        assert autre.public_tout_public == 0

    def test_plus_un_htmx(self, client_de, accueil_rennes, action):
        client = client_de(accueil_rennes)
        reponse = client.post(url("compter", action.pk), {"compteur": "public_scolaires", "sens": "plus"}, headers=HTMX)
        texte = texte_de(reponse)
        assert texte.lstrip().startswith('<div id="compteurs"')
        assert "Total : <strong>5</strong>" in texte
        action.refresh_from_db()
        assert action.public_scolaires == 1

    def test_moins_un_a_zero_message(self, client_de, direction, action):
        reponse = client_de(direction).post(
            url("compter", action.pk), {"compteur": "public_etudiants", "sens": "moins"}, headers=HTMX
        )
        assert "Ce compteur est déjà à 0" in texte_de(reponse)

    def test_sans_htmx_redirige(self, client_de, direction, action):
        reponse = client_de(direction).post(url("compter", action.pk), {"compteur": "public_tout_public", "sens": "x"})
        assert reponse.status_code == 302
        suite = texte_de(client_de(direction).get(reponse.url))
        assert "Opération inconnue" in suite
        action.refresh_from_db()
        assert action.public_tout_public == 4

    def test_compteur_inconnu(self, client_de, direction, action):
        reponse = client_de(direction).post(
            url("compter", action.pk), {"compteur": "embauches", "sens": "plus"}, headers=HTMX
        )
        assert "Compteur inconnu" in texte_de(reponse)
        action.refresh_from_db()
        assert action.embauches == 0

    def test_rafraichissement_htmx(self, client_de, accueil_rennes, action):
        texte = texte_de(client_de(accueil_rennes).get(url("comptage", action.pk), headers=HTMX))
        assert texte.lstrip().startswith('<div id="compteurs"') and "<h1" not in texte

    def test_get_refuse_sur_compter(self, client_de, direction, action):
        assert client_de(direction).get(url("compter", action.pk)).status_code == 405


class TestDepuisLeDossier:
    @pytest.fixture
    def jeune(self, conseiller_rennes):
        return JeuneFactory(nom="Le Goff", prenom="Maël", referent=conseiller_rennes)

    def test_bloc_du_dossier(self, client_de, conseiller_rennes, jeune, action, django_assert_max_num_queries):
        ParticipationActionFactory(action=action, jeune=jeune)
        client = client_de(conseiller_rennes)
        with acces_journalise(jeune=jeune, action="consultation", objet_contient="dossier"):
            texte = texte_de(client.get(reverse("accompagnement:jeune_detail", args=[jeune.pk])))
        assert "Actions territoriales" in texte and "Job dating de la logistique" in texte
        assert "Inscrire à une action" in texte

    def test_bloc_du_dossier_sans_formulaire_pour_la_direction(self, client_de, direction, jeune, action):
        ParticipationActionFactory(action=action, jeune=jeune)
        texte = texte_de(client_de(direction).get(reverse("accompagnement:jeune_detail", args=[jeune.pk])))
        assert "Job dating de la logistique" in texte and "Inscrire à une action" not in texte

    def test_fragment_liste_les_actions_et_journalise(self, client_de, conseiller_rennes, jeune, action):
        ParticipationActionFactory(action=action, jeune=jeune)
        with acces_journalise(jeune=jeune, action="consultation", objet_contient="actions territoriales"):
            reponse = client_de(conseiller_rennes).get(url("actions_du_jeune", jeune.pk), headers=HTMX)
        texte = texte_de(reponse)
        assert "Job dating de la logistique" in texte and "Inscrire à une action" in texte

    def test_page_complete_sans_htmx(self, client_de, conseiller_rennes, jeune):
        texte = texte_de(client_de(conseiller_rennes).get(url("actions_du_jeune", jeune.pk)))
        assert "Actions territoriales de LE GOFF Maël" in texte and "Aucune action territoriale" in texte

    def test_inscrire_et_retirer(self, client_de, conseiller_rennes, jeune, action):
        client = client_de(conseiller_rennes)
        reponse = client.post(url("actions_du_jeune", jeune.pk), {"action": action.pk}, headers=HTMX)
        assert "Job dating de la logistique" in texte_de(reponse)
        assert ParticipationAction.objects.filter(jeune=jeune, action=action, inscrit_par=conseiller_rennes).exists()
        reponse = client.post(url("retirer_du_dossier", jeune.pk), {"action": action.pk})
        assert reponse.status_code == 302 and reponse.url.endswith("#actions")
        assert not ParticipationAction.objects.exists()

    @pytest.mark.parametrize("valeur", ["", "abc", "99999999"])
    def test_action_invalide(self, client_de, conseiller_rennes, jeune, valeur):
        reponse = client_de(conseiller_rennes).post(url("actions_du_jeune", jeune.pk), {"action": valeur}, headers=HTMX)
        assert reponse.status_code == 200
        assert "Choisissez une action" in texte_de(reponse) or "Action introuvable" in texte_de(reponse)
        reponse = client_de(conseiller_rennes).post(
            url("retirer_du_dossier", jeune.pk), {"action": valeur}, headers=HTMX
        )
        assert "n'est pas inscrit à cette action" in texte_de(reponse)

    def test_autre_antenne_lecture_seule_apres_motif(self, client_de, conseiller_broceliande, jeune, action):
        ParticipationActionFactory(action=action, jeune=jeune)
        client = client_de(conseiller_broceliande)
        assert client.get(url("actions_du_jeune", jeune.pk)).status_code == 302  # motif à déclarer
        declarer_motif(client, jeune)
        texte = texte_de(client.get(url("actions_du_jeune", jeune.pk), headers=HTMX))
        assert "Job dating de la logistique" in texte and "Inscrire à une action" not in texte
        assert client.post(url("actions_du_jeune", jeune.pk), {"action": action.pk}).status_code == 403
        assert client.post(url("retirer_du_dossier", jeune.pk), {"action": action.pk}).status_code == 403
        assert ParticipationAction.objects.count() == 1

    @pytest.mark.parametrize("persona", ["membre_commission", "administrateur"])
    def test_refuse(self, request, client_de, persona, jeune):
        assert client_de(request.getfixturevalue(persona)).get(url("actions_du_jeune", jeune.pk)).status_code == 403

    def test_dossier_archive_introuvable(self, client_de, conseiller_rennes):
        jeune = JeuneFactory(referent=conseiller_rennes, archive=True)
        assert client_de(conseiller_rennes).get(url("actions_du_jeune", jeune.pk)).status_code == 404
        assert not JournalAcces.objects.filter(jeune=jeune).exists()


class TestNombreDeRequetes:
    """Fiche de l'action et section du dossier : autant de requêtes avec 1 ou 15 jeunes, entreprises, actions."""

    def test_fiche_de_l_action(self, client_de, direction, action, conseiller_rennes, django_assert_max_num_queries):
        client = client_de(direction)

        def ajouter():
            ParticipationActionFactory(action=action, jeune=JeuneFactory(referent=conseiller_rennes))
            action.entreprises.add(EntrepriseFactory())
            action.save()  # une version de plus dans l'historique

        ajouter()
        client.get(url("detail", action.pk))
        with django_assert_max_num_queries(40) as une:
            client.get(url("detail", action.pk))
        for _ in range(15):
            ajouter()
        with django_assert_max_num_queries(len(une.captured_queries)):
            texte = texte_de(client.get(url("detail", action.pk)))
        assert texte.count("Retirer ") >= 16

    def test_section_du_dossier(self, client_de, conseiller_rennes, django_assert_max_num_queries):
        jeune = JeuneFactory(referent=conseiller_rennes)
        client = client_de(conseiller_rennes)
        ParticipationActionFactory(jeune=jeune)
        client.get(url("actions_du_jeune", jeune.pk), headers=HTMX)
        with django_assert_max_num_queries(30) as une:
            client.get(url("actions_du_jeune", jeune.pk), headers=HTMX)
        for _ in range(15):
            ParticipationActionFactory(jeune=jeune)
        with django_assert_max_num_queries(len(une.captured_queries)):
            texte = texte_de(client.get(url("actions_du_jeune", jeune.pk), headers=HTMX))
        assert texte.count("Job dating n°") >= 16
