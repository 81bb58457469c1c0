import datetime
import html

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accompagnement.models import AffectationReferent, Jeune, Participation
from dispositifs.services import alertes_calculer
from securite.models import JournalAcces
from tests.accompagnement.factories import EvenementFactory, JeuneFactory, ne_il_y_a
from tests.dispositifs.factories import InscriptionFactory, dispositif

pytestmark = pytest.mark.django_db

URL_LISTE = reverse("accompagnement:jeune_liste")
URL_PORTEFEUILLE = reverse("accompagnement:portefeuille")


# --- Premier accueil ----------------------------------------------------------------------------------------


def test_recherche_sans_accents_ni_casse(client_de, accueil_rennes):
    jeune = JeuneFactory(nom="Le Goff", prenom="Éloïse")
    JeuneFactory(nom="Le Goff", prenom="Éloïse", archive=True)
    reponse = client_de(accueil_rennes).get(
        reverse("accompagnement:premier_accueil"), {"nom": "le goff", "prenom": "ELOISE"}
    )
    contenu = reponse.content.decode()
    assert "1 dossier trouvé" in contenu
    assert reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) in contenu


def test_recherche_par_date_de_naissance_en_htmx(client_de, accueil_rennes):
    jeune = JeuneFactory(nom="Martin", date_naissance=datetime.date(2007, 4, 2))
    reponse = client_de(accueil_rennes).get(
        reverse("accompagnement:premier_accueil"), {"date_naissance": "2007-04-02"}, headers={"HX-Request": "true"}
    )
    contenu = reponse.content.decode()
    assert contenu.startswith('<div id="resultats-accueil"') and "MARTIN" in contenu and "<h1" not in contenu
    assert jeune.prenom in contenu


@pytest.mark.parametrize("persona", ["direction", "membre_commission", "secretariat_faj"])
def test_premier_accueil_interdit(client_de, persona, request):
    client = client_de(request.getfixturevalue(persona))
    assert client.get(reverse("accompagnement:premier_accueil")).status_code == 403
    assert client.get(reverse("accompagnement:jeune_creer")).status_code == 403


def test_premier_accueil_mauvaise_methode(client_de, accueil_rennes):
    assert client_de(accueil_rennes).post(reverse("accompagnement:premier_accueil")).status_code == 405
    assert client_de(accueil_rennes).put(reverse("accompagnement:jeune_creer")).status_code == 405


def _creation(**kwargs):
    donnees = {
        "nom": "Le Goff",
        "nom_usage": "",
        "prenom": "Eloise",
        "sexe": "f",
        "date_naissance": ne_il_y_a(18, jours=10).isoformat(),
        "nationalite": "francaise",
        "commune": "Cesson-Sévigné (35051)",
        "secteur": "",
        "date_premier_accueil": timezone.localdate().isoformat(),
        "derogation_age_motif": "",
        "referent": "",
    }
    donnees.update(kwargs)
    return donnees


def test_creation_avec_avertissement_de_doublon(client_de, accueil_rennes):
    existant = JeuneFactory(nom="LE GOFF", prenom="Éloïse")
    client = client_de(accueil_rennes)
    url = reverse("accompagnement:jeune_creer")
    reponse = client.post(url, _creation())
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Dossiers existants proches" in contenu
    assert reverse("accompagnement:jeune_detail", kwargs={"pk": existant.pk}) in contenu
    assert "ce n&#x27;est aucune de ces personnes" in contenu
    assert Jeune.objects.count() == 1
    reponse = client.post(url, _creation(confirme_sans_doublon="on"))
    assert reponse.status_code == 302
    nouveau = Jeune.objects.exclude(pk=existant.pk).get()
    assert nouveau.antenne.code == "RENNES_METROPOLE" and nouveau.cree_par == accueil_rennes


def test_creation_refusee_hors_age_avec_message_clair(client_de, accueil_rennes, conseiller_rennes):
    client = client_de(accueil_rennes)
    url = reverse("accompagnement:jeune_creer")
    reponse = client.post(url, _creation(date_naissance=ne_il_y_a(27).isoformat()))
    assert "Indiquez le motif de la dérogation" in reponse.content.decode()
    reponse = client.post(url, _creation(date_naissance=ne_il_y_a(15, jours=300).isoformat()))
    assert "possible à partir de 16 ans" in reponse.content.decode()
    reponse = client.post(
        url,
        _creation(
            date_naissance=ne_il_y_a(27).isoformat(),
            derogation_age_motif="Suivi antérieur interrompu",
            referent=str(conseiller_rennes.pk),
        ),
    )
    assert reponse.status_code == 302
    jeune = Jeune.objects.get()
    assert jeune.referent == conseiller_rennes
    assert AffectationReferent.objects.get(jeune=jeune).fin is None


MARQUE_OBLIGATOIRE = '<span class="text-danger" aria-hidden="true">*</span>'


def _libelle_secteur(contenu):
    """Le libellé du champ secteur, jusqu'à sa fermeture."""
    debut = contenu.index('<label class="form-label" for="id_secteur">')
    return contenu[debut : contenu.index("</label>", debut)]


def test_creation_a_rennes_exige_le_quartier(client_de, accueil_rennes):
    reponse = client_de(accueil_rennes).post(reverse("accompagnement:jeune_creer"), _creation(commune="35238"))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "choisissez le secteur (quartier)" in contenu
    assert MARQUE_OBLIGATOIRE in _libelle_secteur(contenu)  # marqué obligatoire, comme la règle l'exige
    assert not Jeune.objects.exists()


def test_secteur_marque_obligatoire_selon_la_commune(client_de, accueil_rennes):
    client = client_de(accueil_rennes)
    url = reverse("accompagnement:secteur_options")
    rennes = client.get(url, {"commune": "35238"}, headers={"HX-Request": "true"}).content.decode()
    assert MARQUE_OBLIGATOIRE in _libelle_secteur(rennes)
    assert "required" in rennes[rennes.index("<select") : rennes.index(">", rennes.index("<select"))]
    assert "Choisissez le quartier" in rennes and "Le Blosne" in rennes
    cesson = client.get(url, {"commune": "35051"}, headers={"HX-Request": "true"}).content.decode()
    assert MARQUE_OBLIGATOIRE not in _libelle_secteur(cesson)
    assert "Secteur par défaut de la commune" in cesson
    # Sans commune reconnue : facultatif, le service appliquera le secteur par défaut.
    assert MARQUE_OBLIGATOIRE not in _libelle_secteur(client.get(url, {"commune": "zzz"}).content.decode())
    # Le champ renvoyé garde de quoi se recharger au prochain changement de commune.
    assert 'hx-target="closest .mb-3"' in rennes


# --- Portefeuille -------------------------------------------------------------------------------------------


def test_portefeuille_du_referent_avec_alertes(client_de, conseiller_rennes, responsable_rennes):
    a_relancer = JeuneFactory(referent=conseiller_rennes, contact_ancien=True, nom="Relance")
    JeuneFactory(referent=conseiller_rennes, date_dernier_contact=timezone.localdate(), nom="Suivi")
    JeuneFactory(referent=responsable_rennes, nom="Autre")
    alertes_calculer()  # écrits par des fabriques, hors des services : calcul d'installation (make run)
    client = client_de(conseiller_rennes)
    contenu = client.get(URL_PORTEFEUILLE).content.decode()
    assert "RELANCE" in contenu and "SUIVI" in contenu and "AUTRE" not in contenu
    assert ">Sans contact depuis plus de 3 mois</span>" in contenu
    reponse = client.get(URL_PORTEFEUILLE, {"alerte": "on"}, headers={"HX-Request": "true"})
    contenu = reponse.content.decode()
    assert "<h1" not in contenu and "RELANCE" in contenu and "SUIVI" not in contenu
    assert f"dernier-contact-{a_relancer.pk}" in contenu


@pytest.mark.parametrize("persona", ["accueil_rennes", "direction", "membre_commission"])
def test_portefeuille_interdit(client_de, persona, request):
    assert client_de(request.getfixturevalue(persona)).get(URL_PORTEFEUILLE).status_code == 403


def test_portefeuille_mauvaise_methode(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).post(URL_PORTEFEUILLE).status_code == 405


def _compter(client, url, django_assert_max_num_queries, params=None):
    cache.clear()  # compté à froid : les listes de référents en cache seraient sinon lues une fois sur deux
    with django_assert_max_num_queries(30) as requetes:
        assert client.get(url, params or {}).status_code == 200
    return len(requetes)


def test_portefeuille_nombre_de_requetes_constant(client_de, conseiller_rennes, django_assert_max_num_queries):
    client = client_de(conseiller_rennes)
    for _ in range(2):
        EvenementFactory(jeune=JeuneFactory(referent=conseiller_rennes))
    peu = _compter(client, URL_PORTEFEUILLE, django_assert_max_num_queries)
    for _ in range(18):
        JeuneFactory(referent=conseiller_rennes, rdv_depasse=True)
    assert _compter(client, URL_PORTEFEUILLE, django_assert_max_num_queries) == peu


# --- Liste des jeunes ---------------------------------------------------------------------------------------


def test_liste_par_defaut_limitee_a_l_antenne(client_de, conseiller_rennes):
    JeuneFactory(nom="Rennais")
    JeuneFactory(nom="Montfortais", broceliande=True)
    JeuneFactory(nom="Archive", archive=True)
    client = client_de(conseiller_rennes)
    contenu = client.get(URL_LISTE).content.decode()
    assert "RENNAIS" in contenu and "MONTFORTAIS" not in contenu and "ARCHIVE" not in contenu
    # « Toutes les antennes » : un conseiller reste dans son périmètre (son antenne, ses jeunes suivis).
    contenu = client.get(URL_LISTE, {"antenne": ""}).content.decode()
    assert "RENNAIS" in contenu and "MONTFORTAIS" not in contenu and "ARCHIVE" not in contenu
    JeuneFactory(nom="Suivi", broceliande=True, referent=conseiller_rennes)
    contenu = client.get(URL_LISTE, {"antenne": ""}).content.decode()
    assert "SUIVI" in contenu and "MONTFORTAIS" not in contenu


def test_liste_direction_voit_toutes_les_antennes(client_de, direction):
    JeuneFactory(nom="Rennais")
    JeuneFactory(nom="Montfortais", broceliande=True)
    contenu = client_de(direction).get(URL_LISTE).content.decode()
    assert "RENNAIS" in contenu and "MONTFORTAIS" in contenu


def test_liste_filtres_nom_et_age(client_de, conseiller_rennes):
    JeuneFactory(nom="Éléonore", prenom="Zoé", date_naissance=ne_il_y_a(17))
    JeuneFactory(nom="Bernard", prenom="Paul", date_naissance=ne_il_y_a(22))
    JeuneFactory(nom="Bernardi", prenom="Luc", date_naissance=ne_il_y_a(26))
    client = client_de(conseiller_rennes)
    contenu = client.get(URL_LISTE, {"q": "eleonore"}).content.decode()
    assert "ÉLÉONORE" in contenu and "BERNARD" not in contenu
    contenu = client.get(URL_LISTE, {"tranche_age": "22_25"}, headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in contenu and "BERNARD</a> Paul" in contenu and "Luc" not in contenu
    contenu = client.get(URL_LISTE, {"tranche_age": "moins_18"}).content.decode()
    assert "Zoé" in contenu and "Paul" not in contenu


def test_liste_interdite_au_membre_de_commission(client_de, membre_commission):
    assert client_de(membre_commission).get(URL_LISTE).status_code == 403


def test_liste_mauvaise_methode(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).post(URL_LISTE).status_code == 405


def test_liste_nombre_de_requetes_constant(client_de, responsable_rennes, django_assert_max_num_queries):
    client = client_de(responsable_rennes)
    cej = dispositif("cej")
    for _ in range(2):
        InscriptionFactory(jeune=JeuneFactory(referent=responsable_rennes), dispositif=cej)
    peu = _compter(client, URL_LISTE, django_assert_max_num_queries)
    for _ in range(18):
        InscriptionFactory(jeune=JeuneFactory(referent=responsable_rennes), dispositif=cej)
    assert _compter(client, URL_LISTE, django_assert_max_num_queries) == peu
    contenu = client.get(URL_LISTE, {"dispositif": cej.pk}).content.decode()
    assert "20 jeunes" in contenu
    # Ce que voit l'utilisateur (l'apostrophe est échappée en &#39; par Jinja2, en &#x27; par Django).
    assert f'<span class="badge text-bg-info">{cej.nom}</span>' in html.unescape(contenu)


def test_export_csv_sans_compte_rendu_et_journalise(client_de, responsable_rennes):
    jeune = JeuneFactory(nom="Exporté", prenom="Jules")
    EvenementFactory(jeune=jeune, compte_rendu="Confidentiel : difficultés familiales")
    reponse = client_de(responsable_rennes).get(URL_LISTE, {"export": "csv"})
    assert reponse.status_code == 200
    contenu = reponse.content.decode("utf-8-sig")
    assert "Exporté;;Jules" in contenu
    assert "Confidentiel" not in contenu
    # Une ligne de journal par jeune exporté, cherchable par jeune.
    ligne = JournalAcces.objects.get(action="export")
    assert (ligne.jeune, ligne.objet) == (jeune, "export de la liste des jeunes (csv)")
    xlsx = client_de(responsable_rennes).get(URL_LISTE, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_export_interdit_au_conseiller(client_de, conseiller_rennes):
    assert client_de(conseiller_rennes).get(URL_LISTE, {"export": "csv"}).status_code == 403
    assert "Exporter en CSV" not in client_de(conseiller_rennes).get(URL_LISTE).content.decode()


def test_reaffectation_en_masse_depuis_la_liste(client_de, responsable_rennes, conseiller_rennes):
    jeunes = [JeuneFactory(referent=responsable_rennes) for _ in range(3)]
    reponse = client_de(responsable_rennes).post(
        reverse("accompagnement:jeunes_action"),
        {
            "action": "reaffecter",
            "jeunes": [j.pk for j in jeunes[:2]],
            "referent": conseiller_rennes.pk,
            "suivant": URL_LISTE + "?q=x",
        },
    )
    assert reponse.status_code == 302 and reponse["Location"] == URL_LISTE + "?q=x"
    assert Jeune.objects.filter(referent=conseiller_rennes).count() == 2
    assert AffectationReferent.objects.filter(fin__isnull=False).count() == 2


def test_reaffectation_en_masse_interdite_au_conseiller(client_de, conseiller_rennes):
    jeune = JeuneFactory()
    reponse = client_de(conseiller_rennes).post(
        reverse("accompagnement:jeunes_action"),
        {"action": "reaffecter", "jeunes": [jeune.pk], "referent": conseiller_rennes.pk},
    )
    assert reponse.status_code == 403


def test_inscription_en_masse_depuis_la_liste(client_de, conseiller_rennes):
    from tests.accompagnement.factories import SessionCollectiveFactory

    session = SessionCollectiveFactory(capacite=2)
    jeunes = [JeuneFactory() for _ in range(3)]
    client = client_de(conseiller_rennes)
    url = reverse("accompagnement:jeunes_action")
    reponse = client.post(url, {"action": "inscrire", "session": session.pk, "jeunes": [j.pk for j in jeunes]})
    assert reponse.status_code == 302
    assert not Participation.objects.exists()
    reponse = client.post(
        url, {"action": "inscrire", "session": session.pk, "jeunes": [j.pk for j in jeunes[:2]]}, follow=True
    )
    assert "2 jeune(s) inscrit(s)" in reponse.content.decode()
    assert Participation.objects.count() == 2


# --- Échappement des valeurs dans les lignes (gabarits Jinja2) ----------------------------------------------

NOM_PIEGE = "<img src=x onerror=alert(1)>"


def test_liste_echappe_le_nom_et_le_prenom(client_de, responsable_rennes):
    JeuneFactory(nom=NOM_PIEGE, prenom=NOM_PIEGE, referent=responsable_rennes)
    contenu = client_de(responsable_rennes).get(URL_LISTE).content.decode()
    assert NOM_PIEGE.upper() not in contenu and NOM_PIEGE not in contenu
    assert escape(NOM_PIEGE.upper()) + "</a> " + escape(NOM_PIEGE) in contenu
    assert f'aria-label="Sélectionner {escape(NOM_PIEGE.upper())} {escape(NOM_PIEGE)}"' in contenu


def test_portefeuille_echappe_le_nom_et_le_prenom(client_de, conseiller_rennes):
    JeuneFactory(nom=NOM_PIEGE, prenom=NOM_PIEGE, referent=conseiller_rennes)
    contenu = client_de(conseiller_rennes).get(URL_PORTEFEUILLE).content.decode()
    assert NOM_PIEGE.upper() not in contenu and NOM_PIEGE not in contenu
    assert escape(NOM_PIEGE.upper()) + "</a> " + escape(NOM_PIEGE) in contenu
    assert f"un entretien pour {escape(NOM_PIEGE.upper())} {escape(NOM_PIEGE)}</span>" in contenu


# --- Listes de référents en cache de fragment ---------------------------------------------------------------


def _options_referents(contenu, nom_de_liste="referent"):
    """Les <select name="referent"> de la page, dans l'ordre."""
    import re

    return re.findall(rf'<select name="{nom_de_liste}".*?</select>', contenu, flags=re.S)


def test_listes_de_referents_servies_du_cache_a_l_identique(
    client_de, responsable_rennes, conseiller_rennes, django_assert_max_num_queries
):
    client = client_de(responsable_rennes)
    cache.clear()
    with django_assert_max_num_queries(40) as froid:
        premiere = client.get(URL_LISTE).content.decode()
    with django_assert_max_num_queries(40) as chaud:
        seconde = client.get(URL_LISTE).content.decode()
    assert len(chaud) == len(froid) - 2  # filtre et réaffectation : plus de lecture des référents
    assert _options_referents(premiere) == _options_referents(seconde)
    filtre, reaffectation = _options_referents(seconde)
    assert f'<option value="{conseiller_rennes.pk}">{conseiller_rennes} — {conseiller_rennes.antenne.nom}' in filtre
    assert (
        f'<option value="{conseiller_rennes.pk}">{conseiller_rennes} — {conseiller_rennes.antenne.nom}' in reaffectation
    )


def test_referent_choisi_dans_le_filtre_garde_en_cache_par_valeur(client_de, responsable_rennes, conseiller_rennes):
    client = client_de(responsable_rennes)
    choisi = _options_referents(client.get(URL_LISTE, {"referent": conseiller_rennes.pk}).content.decode())[0]
    assert f'<option value="{conseiller_rennes.pk}" selected>' in choisi
    sans_choix = _options_referents(client.get(URL_LISTE).content.decode())[0]
    assert " selected" not in sans_choix.replace('<option value="" selected>', "")


def test_nouveau_referent_ou_antenne_renommee_visibles_malgre_le_cache(client_de, responsable_rennes, antenne_rennes):
    from comptes.enums import Role
    from tests.weker.factories import UtilisateurFactory

    client = client_de(responsable_rennes)
    client.get(URL_LISTE)
    nouveau = UtilisateurFactory(username="nouvelle", first_name="Nina", last_name="Nouvelle", role=Role.CONSEILLER)
    nouveau.antenne = antenne_rennes
    nouveau.save()
    filtre, reaffectation = _options_referents(client.get(URL_LISTE).content.decode())
    assert "Nina Nouvelle" in filtre and "Nina Nouvelle" in reaffectation
    antenne_rennes.nom = "Rennes <centre>"
    antenne_rennes.save()
    filtre, _ = _options_referents(client.get(URL_LISTE).content.decode())
    assert "Nina Nouvelle — Rennes &lt;centre&gt;" in filtre


def test_referent_au_nom_piege_echappe_dans_les_listes(client_de, responsable_rennes, antenne_rennes):
    from comptes.enums import Role
    from tests.weker.factories import UtilisateurFactory

    UtilisateurFactory(
        username="piege", first_name=NOM_PIEGE, last_name="X", role=Role.CONSEILLER, antenne=antenne_rennes
    )
    contenu = client_de(responsable_rennes).get(URL_LISTE).content.decode()
    assert NOM_PIEGE not in contenu
    for liste in _options_referents(contenu):
        assert f"{escape(NOM_PIEGE)} X — " in liste


def test_liste_sans_identifiant_en_double(client_de, responsable_rennes):
    import re
    from collections import Counter

    contenu = client_de(responsable_rennes).get(URL_LISTE).content.decode()
    doublons = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', contenu)).items() if n > 1]
    assert doublons == []
    assert 'for="reaffectation_referent"' in contenu and 'id="reaffectation_referent"' in contenu


def test_creer_le_dossier_depuis_la_recherche_pre_remplit_chaque_champ_a_sa_place(client_de, accueil_rennes):
    client = client_de(accueil_rennes)
    parametres = {"nom": "Le Goff", "prenom": "Marie Éloïse", "date_naissance": "2007-04-02"}
    contenu = client.get(reverse("accompagnement:premier_accueil"), parametres).content.decode()
    assert "Aucun dossier ne correspond à cette recherche." in contenu
    lien = html.unescape(contenu.split("btn btn-success")[1].split('href="')[1].split('"')[0])
    formulaire = client.get(lien).content.decode()
    assert 'name="nom" value="Le Goff"' in formulaire
    assert 'name="prenom" value="Marie Éloïse"' in formulaire
    assert 'name="date_naissance" value="2007-04-02"' in formulaire


def test_premier_accueil_trouve_nom_et_prenom_inverses(client_de, accueil_rennes):
    jeune = JeuneFactory(nom="Kerbrat", prenom="Maëlys")
    contenu = (
        client_de(accueil_rennes)
        .get(reverse("accompagnement:premier_accueil"), {"nom": "maelys", "prenom": "KERBRAT"})
        .content.decode()
    )
    assert "1 dossier trouvé" in contenu and reverse("accompagnement:jeune_detail", kwargs={"pk": jeune.pk}) in contenu
