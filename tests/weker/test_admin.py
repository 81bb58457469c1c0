"""Administration (/gestion/) : réservée au rôle administrateur ; référentiel territorial et utilisateurs."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from antennes.models import Antenne, Commune, Epci, LieuAccueil, Secteur
from comptes.enums import Role
from comptes.models import Utilisateur
from tests.weker.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


# La fiche d'un lieu d'accueil porte ses horaires d'ouverture en ligne (agenda/admin.py) : formulaire de gestion vide.
SANS_HORAIRES = {"horaires-TOTAL_FORMS": "0", "horaires-INITIAL_FORMS": "0"}


@pytest.fixture
def admin_client_weker(client_de, administrateur):
    return client_de(administrateur)


class TestAcces:
    @pytest.mark.parametrize(
        "persona", ["conseiller_rennes", "accueil_rennes", "responsable_rennes", "direction", "membre_commission"]
    )
    def test_autres_roles_refuses(self, request, client_de, persona):
        client = client_de(request.getfixturevalue(persona))
        reponse = client.get(reverse("admin:index"), follow=True)
        assert reponse.status_code == 403
        assert client.get(reverse("admin:antennes_secteur_changelist"), follow=True).status_code == 403

    def test_is_staff_ne_suffit_pas(self, client_de):
        ancien_superutilisateur = UtilisateurFactory(role=Role.CONSEILLER, is_staff=True, is_superuser=True)
        assert client_de(ancien_superutilisateur).get(reverse("admin:index"), follow=True).status_code == 403

    def test_administrateur_inactif_refuse(self, client, administrateur):
        client.force_login(administrateur)
        Utilisateur.objects.filter(pk=administrateur.pk).update(is_active=False)
        reponse = client.get(reverse("admin:index"))
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("connexion"))

    def test_index_en_francais_pour_l_administrateur(self, admin_client_weker):
        reponse = admin_client_weker.get(reverse("admin:index"))
        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        assert "weker — administration" in contenu
        assert "Référentiels, utilisateurs et rôles" in contenu
        for lien in (
            "admin:antennes_antenne_changelist",
            "admin:antennes_epci_changelist",
            "admin:antennes_commune_changelist",
            "admin:antennes_secteur_changelist",
            "admin:antennes_lieuaccueil_changelist",
            "admin:dispositifs_dispositif_changelist",
            "admin:dispositifs_parametremontant_changelist",
            "admin:weker_utilisateur_changelist",
            "admin:django_celery_beat_periodictask_changelist",
            "admin:axes_accessattempt_changelist",
        ):
            assert f'href="{reverse(lien)}"' in contenu, lien
        assert "Lieux d" in contenu and "Utilisateurs" in contenu
        assert "/gestion/auth/group/" not in contenu  # les rôles remplacent les groupes

    def test_l_administrateur_n_est_pas_superutilisateur(self, administrateur):
        # Ses droits sont ceux que les règles donnent à son rôle, aucun droit implicite de superutilisateur.
        assert not administrateur.is_superuser
        assert not administrateur.has_perm("accompagnement.permission_qui_n_existe_pas")


class TestCommunes:
    def test_recherche_par_nom_sans_accent(self, admin_client_weker):
        reponse = admin_client_weker.get(reverse("admin:antennes_commune_changelist"), {"q": "saint gregoire"})
        noms = [c.nom for c in reponse.context["cl"].result_list]
        assert "Saint-Grégoire" in noms

    def test_recherche_par_code_insee(self, admin_client_weker):
        reponse = admin_client_weker.get(reverse("admin:antennes_commune_changelist"), {"q": "35238"})
        assert [c.nom for c in reponse.context["cl"].result_list] == ["Rennes"]

    def test_filtre_bassin(self, admin_client_weker):
        reponse = admin_client_weker.get(reverse("admin:antennes_commune_changelist"), {"bassin": "oui"})
        assert reponse.context["cl"].result_count == 147

    def test_liste_en_nombre_de_requetes_constant(self, admin_client_weker, django_assert_max_num_queries):
        url = reverse("admin:antennes_commune_changelist")
        admin_client_weker.get(url)
        with django_assert_max_num_queries(12):
            reponse = admin_client_weker.get(url, {"bassin": "oui"})
        assert len(reponse.context["cl"].result_list) == 100  # une page pleine, sans requête par ligne

    def test_champs_charges_en_lecture_seule(self, admin_client_weker):
        acigne = Commune.objects.get(code_insee="35001")
        url = reverse("admin:antennes_commune_change", args=[acigne.pk])
        contenu = admin_client_weker.get(url).content.decode()
        assert 'name="nom"' not in contenu and 'name="codes_postaux"' not in contenu
        assert 'name="secteur_defaut"' in contenu
        betton = Secteur.objects.get(code="RM_PAE_BETTON")
        reponse = admin_client_weker.post(
            url, {"nom": "Pirate", "antenne": acigne.antenne_id, "secteur_defaut": betton.pk, "_save": "1"}
        )
        assert reponse.status_code == 302
        acigne.refresh_from_db()
        assert acigne.nom == "Acigné"

    def test_changer_le_secteur_par_defaut(self, admin_client_weker):
        acigne = Commune.objects.get(code_insee="35001")
        betton = Secteur.objects.get(code="RM_PAE_BETTON")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_commune_change", args=[acigne.pk]),
            {"antenne": acigne.antenne_id, "secteur_defaut": betton.pk},
        )
        assert reponse.status_code == 302
        acigne.refresh_from_db()
        assert acigne.secteur_defaut == betton

    def test_secteur_d_une_autre_antenne_refuse(self, admin_client_weker):
        acigne = Commune.objects.get(code_insee="35001")
        autre = Secteur.objects.get(code="EPCI_243500618")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_commune_change", args=[acigne.pk]),
            {"antenne": acigne.antenne_id, "secteur_defaut": autre.pk},
        )
        assert reponse.status_code == 200
        assert "n&#x27;appartient pas à cette antenne" in reponse.content.decode()
        acigne.refresh_from_db()
        assert acigne.secteur_defaut.code == "RM_ACIGNE"

    def test_ni_ajout_ni_suppression(self, admin_client_weker):
        assert admin_client_weker.get(reverse("admin:antennes_commune_add")).status_code == 403
        rennes = Commune.objects.get(code_insee="35238")
        assert admin_client_weker.get(reverse("admin:antennes_commune_delete", args=[rennes.pk])).status_code == 403


class TestSecteurs:
    def _donnees(self, secteur, communes, **extra):
        return {
            "nom": secteur.nom,
            "antenne": secteur.antenne_id,
            "ordre": secteur.ordre,
            "actif": "on",
            "communes": [c.pk for c in communes],
            "communes-TOTAL_FORMS": "0",
            "communes-INITIAL_FORMS": "0",
            **extra,
        }

    def test_page_du_secteur_avec_ses_communes(self, admin_client_weker):
        secteur = Secteur.objects.get(code="RM_ACIGNE")
        reponse = admin_client_weker.get(reverse("admin:antennes_secteur_change", args=[secteur.pk]))
        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        assert escape("rattachement à valider") in contenu.lower() or "Rattachement à valider" in contenu
        assert list(reponse.context["adminform"].form.fields["communes"].initial) == ["35001"]
        assert "Acigné" in contenu

    def test_liste_montre_le_drapeau_a_valider(self, admin_client_weker):
        reponse = admin_client_weker.get(reverse("admin:antennes_secteur_changelist"), {"a_valider__exact": "1"})
        codes = {s.code for s in reponse.context["cl"].result_list}
        assert codes and all(code.startswith("RM_PAE_") or code == "RM_BECHEREL" for code in codes)

    def test_valider_et_renommer(self, admin_client_weker):
        secteur = Secteur.objects.get(code="RM_PAE_BETTON")
        assert secteur.a_valider
        communes = list(secteur.communes.all())
        reponse = admin_client_weker.post(
            reverse("admin:antennes_secteur_change", args=[secteur.pk]),
            self._donnees(secteur, communes, nom="PAE de Betton (validé)", code="PIRATE"),
        )
        assert reponse.status_code == 302, reponse.context["adminform"].form.errors
        secteur.refresh_from_db()
        assert secteur.nom == "PAE de Betton (validé)"
        assert not secteur.a_valider
        assert secteur.code == "RM_PAE_BETTON"  # identifiant stable, non modifiable

    def test_ajouter_une_commune_la_deplace(self, admin_client_weker):
        betton = Secteur.objects.get(code="RM_PAE_BETTON")
        acigne = Commune.objects.get(code_insee="35001")
        admin_client_weker.post(
            reverse("admin:antennes_secteur_change", args=[betton.pk]),
            self._donnees(betton, [*betton.communes.all(), acigne], a_valider="on"),
        )
        acigne.refresh_from_db()
        assert acigne.secteur_defaut == betton
        assert not Secteur.objects.get(code="RM_ACIGNE").communes.exists()

    def test_retirer_une_commune_sans_autre_secteur_refuse(self, admin_client_weker):
        acigne_secteur = Secteur.objects.get(code="RM_ACIGNE")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_secteur_change", args=[acigne_secteur.pk]), self._donnees(acigne_secteur, [])
        )
        assert reponse.status_code == 200
        assert "ne peut pas rester sans secteur" in reponse.content.decode()
        assert Commune.objects.get(code_insee="35001").secteur_defaut == acigne_secteur

    def test_commune_d_une_autre_antenne_refusee(self, admin_client_weker):
        betton = Secteur.objects.get(code="RM_PAE_BETTON")
        montfort = Commune.objects.get(code_insee="35188")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_secteur_change", args=[betton.pk]),
            self._donnees(betton, [*betton.communes.all(), montfort]),
        )
        assert reponse.status_code == 200
        assert "Montfort-sur-Meu" in reponse.content.decode()
        assert "appartiennent pas" in reponse.content.decode()
        assert Commune.objects.get(code_insee="35188").secteur_defaut.code == "EPCI_243500550"

    def test_creer_un_secteur(self, admin_client_weker):
        rennes = Antenne.objects.get(code="RENNES")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_secteur_add"),
            {"code": "RENNES_SUD_GARE", "nom": "Sud-Gare", "antenne": rennes.pk, "ordre": 7, "actif": "on"},
        )
        assert reponse.status_code == 302
        assert Secteur.objects.get(code="RENNES_SUD_GARE").antenne == rennes

    def test_secteur_hors_bassin_sans_liste_de_communes(self, admin_client_weker):
        hors = Secteur.objects.get(code="HORS_BE")
        reponse = admin_client_weker.get(reverse("admin:antennes_secteur_change", args=[hors.pk]))
        assert reponse.status_code == 200
        assert "communes" not in reponse.context["adminform"].form.fields


class TestAntennesEpciLieux:
    def test_renommer_une_antenne_code_fige(self, admin_client_weker):
        antenne = Antenne.objects.get(code="NORD_EST")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_antenne_change", args=[antenne.pk]),
            {"nom": "Antenne Nord-Est (Liffré)", "ordre": antenne.ordre, "code": "PIRATE"},
        )
        assert reponse.status_code == 302
        antenne.refresh_from_db()
        assert (antenne.code, antenne.nom) == ("NORD_EST", "Antenne Nord-Est (Liffré)")

    def test_liste_des_antennes_avec_comptes(self, admin_client_weker):
        contenu = admin_client_weker.get(reverse("admin:antennes_antenne_changelist")).content.decode()
        assert "Antenne Brocéliande" in contenu
        assert admin_client_weker.get(reverse("admin:antennes_antenne_add")).status_code == 403

    def test_epci_siren_en_lecture_seule(self, admin_client_weker):
        epci = Epci.objects.get(siren="243500618")
        contenu = admin_client_weker.get(reverse("admin:antennes_epci_change", args=[epci.pk])).content.decode()
        assert "Brocéliande Communauté" in contenu
        assert 'name="siren"' not in contenu and 'name="antenne"' in contenu

    def test_creer_modifier_supprimer_un_lieu_d_accueil(self, admin_client_weker):
        rennes = Antenne.objects.get(code="RENNES")
        reponse = admin_client_weker.post(
            reverse("admin:antennes_lieuaccueil_add"),
            {"nom": "Point accueil Villejean", "antenne": rennes.pk, "adresse": "1 place de Villejean",
             "commune": "35238", "actif": "on", **SANS_HORAIRES},
        )  # fmt: skip
        assert reponse.status_code == 302
        lieu = LieuAccueil.objects.get(nom="Point accueil Villejean")
        assert lieu.commune.nom == "Rennes"
        admin_client_weker.post(
            reverse("admin:antennes_lieuaccueil_change", args=[lieu.pk]),
            {"nom": lieu.nom, "antenne": rennes.pk, "adresse": lieu.adresse, "commune": "35238", **SANS_HORAIRES},
        )
        lieu.refresh_from_db()
        assert not lieu.actif
        admin_client_weker.post(reverse("admin:antennes_lieuaccueil_delete", args=[lieu.pk]), {"post": "yes"})
        assert not LieuAccueil.objects.filter(pk=lieu.pk).exists()

    def test_autocompletion_des_communes(self, admin_client_weker):
        reponse = admin_client_weker.get(
            reverse("admin:autocomplete"),
            {"app_label": "antennes", "model_name": "lieuaccueil", "field_name": "commune", "term": "35238"},
        )
        assert reponse.status_code == 200
        assert [r["text"] for r in reponse.json()["results"]] == ["Rennes (35238)"]


class TestUtilisateurs:
    def _creer(self, client, **donnees):
        base = {
            "username": "nouveau",
            "usable_password": "true",
            "password1": "une phrase de passe solide",
            "password2": "une phrase de passe solide",
            "first_name": "Nina",
            "last_name": "Kerleau",
            "email": "nina@weker.test",
            "role": Role.CONSEILLER,
        }
        return client.post(reverse("admin:weker_utilisateur_add"), {**base, **donnees})

    def test_liste_avec_role_antenne_dpo(self, admin_client_weker, conseiller_rennes):
        contenu = admin_client_weker.get(reverse("admin:weker_utilisateur_changelist")).content.decode()
        assert "alice" in contenu
        assert escape("Conseiller·ère") in contenu or "Conseiller·ère" in contenu
        assert "Antenne Rennes" in contenu

    def test_creer_un_conseiller(self, admin_client_weker, antenne_rennes):
        reponse = self._creer(admin_client_weker, antenne=antenne_rennes.pk)
        assert reponse.status_code == 302
        nina = Utilisateur.objects.get(username="nouveau")
        assert (nina.role, nina.antenne, nina.is_staff, nina.is_superuser) == (
            Role.CONSEILLER, antenne_rennes, False, False
        )  # fmt: skip
        assert nina.check_password("une phrase de passe solide")

    def test_conseiller_sans_antenne_refuse(self, admin_client_weker):
        reponse = self._creer(admin_client_weker)
        assert reponse.status_code == 200
        assert "Une antenne est obligatoire pour ce rôle." in reponse.content.decode()
        assert not Utilisateur.objects.filter(username="nouveau").exists()

    def test_mot_de_passe_trop_court_refuse(self, admin_client_weker, antenne_rennes):
        reponse = self._creer(admin_client_weker, antenne=antenne_rennes.pk, password1="court", password2="court")
        assert reponse.status_code == 200
        assert not Utilisateur.objects.filter(username="nouveau").exists()

    def test_role_administrateur_donne_l_acces_a_la_gestion(self, admin_client_weker, conseiller_rennes, client):
        url = reverse("admin:weker_utilisateur_change", args=[conseiller_rennes.pk])
        reponse = admin_client_weker.post(
            url,
            {"username": "alice", "first_name": "Alice", "last_name": "Le Bris", "email": "alice@weker.test",
             "role": Role.ADMINISTRATEUR, "antenne": "", "est_dpo": "on", "is_active": "on"},
        )  # fmt: skip
        assert reponse.status_code == 302, reponse.context["adminform"].form.errors
        conseiller_rennes.refresh_from_db()
        assert conseiller_rennes.is_staff and not conseiller_rennes.is_superuser and conseiller_rennes.est_dpo
        client.force_login(conseiller_rennes)
        assert client.get(reverse("admin:index")).status_code == 200

    def test_desactiver_un_compte(self, admin_client_weker, conseiller_rennes):
        admin_client_weker.post(
            reverse("admin:weker_utilisateur_change", args=[conseiller_rennes.pk]),
            {"username": "alice", "role": Role.CONSEILLER, "antenne": conseiller_rennes.antenne_id},
        )
        conseiller_rennes.refresh_from_db()
        assert not conseiller_rennes.is_active

    def test_suppression_impossible(self, admin_client_weker, conseiller_rennes):
        url = reverse("admin:weker_utilisateur_delete", args=[conseiller_rennes.pk])
        assert admin_client_weker.post(url, {"post": "yes"}).status_code == 403
        assert Utilisateur.objects.filter(pk=conseiller_rennes.pk).exists()


# Modèles enregistrés dans l'administration que le rôle administrateur ne voit pas : les aides financières (dans
# l'application non plus, l'administrateur ne voit ni demandes, ni séances, ni enveloppes) et le journal des accès
# aux dossiers (direction et DPO). Tout autre modèle enregistré doit figurer à l'index de /gestion/.
HORS_ADMINISTRATION = {
    "aides.demandeaide",
    "aides.seance",
    "aides.enveloppe",
    "aides.decision",
    "aides.etapedemande",
    "aides.paiement",
    "aides.piecejointe",
    "aides.pointordredujour",
    "aides.reallocation",
    "securite.journalacces",
}


class TestIndex:
    def test_chaque_modele_gere_figure_a_l_index(self, admin_client_weker):
        from django.contrib import admin

        contenu = admin_client_weker.get(reverse("admin:index")).content.decode()
        absents = []
        for modele in admin.site._registry:
            cle = modele._meta.label_lower
            lien = f'href="{reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist")}"'
            if cle in HORS_ADMINISTRATION:
                assert lien not in contenu, cle
            elif lien not in contenu:
                absents.append(cle)
        assert absents == []

    def test_applications_tierces_en_francais(self, admin_client_weker):
        contenu = admin_client_weker.get(reverse("admin:index")).content.decode()
        for francais in (
            "Tâches périodiques",
            "Intervalles",
            "Planifications crontab",
            "Événements solaires",
            "Dates et heures fixes",
            "Tentatives de connexion échouées",
            "Applications d&#x27;authentification",
            "Listes de codes de secours",
            "double authentification : codes de secours",
            "tâches périodiques",
            "Journal des connexions",
            "Paramètres du FAJ",
        ):
            assert francais in contenu, francais
        for anglais in ("Static devices", "TOTP devices", "Periodic Tasks", "Intervales", "Otp_", "Axes", "Crontabs"):
            assert anglais not in contenu, anglais

    @pytest.mark.parametrize(
        ("url", "titre"),
        [
            ("admin:weker_utilisateur_add", "Ajout d&#x27;utilisateur"),
            ("admin:django_celery_beat_intervalschedule_add", "Ajout d&#x27;intervalle"),
            ("admin:antennes_secteur_add", "Ajout de secteur"),
        ],
    )
    def test_titre_d_ajout_elide(self, admin_client_weker, url, titre):
        contenu = admin_client_weker.get(reverse(url)).content.decode()
        assert f"<h1>{titre}</h1>" in contenu
        assert "Ajout de utilisateur" not in contenu and "Ajout de intervalle" not in contenu

    def test_titre_de_modification(self, admin_client_weker):
        antenne = Antenne.objects.get(code="RENNES")
        contenu = admin_client_weker.get(reverse("admin:antennes_antenne_change", args=[antenne.pk])).content
        assert "<h1>Modification d&#x27;antenne</h1>" in contenu.decode()


class TestParametresFAJ:
    def test_l_administrateur_les_modifie(self, admin_client_weker):
        from aides.models import ParametreFAJ

        parametre = ParametreFAJ.courant()
        contenu = admin_client_weker.get(reverse("admin:index")).content.decode()
        assert f'href="{reverse("admin:aides_parametrefaj_changelist")}"' in contenu
        reponse = admin_client_weker.post(
            reverse("admin:aides_parametrefaj_change", args=[parametre.pk]),
            {"plafond_urgence": "90.00", "signataire": "La présidente", "adresse_structure": "Rennes",
             "tribunal_administratif": "Tribunal administratif de Rennes"},
        )  # fmt: skip
        assert reponse.status_code == 302
        parametre.refresh_from_db()
        assert str(parametre.plafond_urgence) == "90.00"
        # Une seule ligne de paramètres : ni ajout d'une seconde, ni suppression.
        assert admin_client_weker.get(reverse("admin:aides_parametrefaj_add")).status_code == 403
        url = reverse("admin:aides_parametrefaj_delete", args=[parametre.pk])
        assert admin_client_weker.post(url, {"post": "yes"}).status_code == 403

    def test_plafond_invalide_refuse(self, admin_client_weker):
        from aides.models import ParametreFAJ

        parametre = ParametreFAJ.courant()
        reponse = admin_client_weker.post(
            reverse("admin:aides_parametrefaj_change", args=[parametre.pk]),
            {"plafond_urgence": "0", "signataire": "X", "adresse_structure": "Y", "tribunal_administratif": "Z"},
        )
        assert reponse.status_code == 200
        parametre.refresh_from_db()
        assert str(parametre.plafond_urgence) == "75.00"

    @pytest.mark.parametrize("persona", ["secretariat_faj", "direction", "membre_commission", "conseiller_rennes"])
    def test_autres_roles_refuses_en_francais(self, request, client_de, persona):
        from aides.models import ParametreFAJ

        client = client_de(request.getfixturevalue(persona))
        url = reverse("admin:aides_parametrefaj_change", args=[ParametreFAJ.courant().pk])
        reponse = client.get(url, follow=True)
        assert reponse.status_code == 403
        assert "Accès refusé" in reponse.content.decode()
        reponse = client.post(url, {"plafond_urgence": "500.00"}, follow=True)
        assert reponse.status_code == 403
        assert str(ParametreFAJ.courant().plafond_urgence) == "75.00"


def test_aucune_donnee_de_jeune_dans_l_administration(admin_client_weker):
    """Les données d'un jeune (le dossier et tout ce qui y mène par des clés étrangères) ne se lisent que par les
    écrans de l'application, à travers le portail et son journal : jamais par /gestion/, même pour l'administrateur."""
    from django.contrib import admin

    from accompagnement.models import Jeune
    from conservation.selectors import modeles_lies

    donnees_de_jeunes = {Jeune} | {modele for modele, _ in modeles_lies()}
    ouverts = []
    for modele in admin.site._registry:
        if modele in donnees_de_jeunes:
            url = reverse(f"admin:{modele._meta.app_label}_{modele._meta.model_name}_changelist")
            if admin_client_weker.get(url).status_code != 403:
                ouverts.append(modele._meta.label)
    assert ouverts == []
