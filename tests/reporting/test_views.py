"""Tableau de bord, exports, liste des jeunes derrière un chiffre, recalcul et rapports : droits et contenus."""

from datetime import date

import pytest
from django.urls import reverse

from antennes.models import Antenne
from reporting.models import RapportPdf, RecalculIndicateurs, Snapshot
from reporting.services import indicateurs_recalculer_annees
from tests.reporting.factories import EvenementFactory, JeuneFactory
from tests.stockage import installer

pytestmark = pytest.mark.django_db

N = 2018


def url(nom, *args, **params):
    from django.utils.http import urlencode

    base = reverse(nom, args=args)
    return f"{base}?{urlencode(params)}" if params else base


def accompagnes(nombre, code="RENNES", **kwargs):
    antenne = Antenne.objects.get(code=code)
    for _ in range(nombre):
        EvenementFactory(jeune=JeuneFactory(antenne=antenne, **kwargs), date=date(N, 5, 1))


def calculer_instantanes():
    """Ce que fait la tâche de nuit (ou « Recalculer ») : les pages ne lisent que des instantanés enregistrés."""
    indicateurs_recalculer_annees(annees=[N, N - 1])


# --- Tableau de bord -----------------------------------------------------------------------------------------


def test_direction_voit_les_chiffres_cles_de_l_agence(client_de, direction):
    accompagnes(3, "RENNES")
    accompagnes(2, "BROCELIANDE", date_premier_accueil=date(N, 2, 1))
    calculer_instantanes()

    reponse = client_de(direction).get(url("reporting:tableau_de_bord", annee=N))

    assert reponse.status_code == 200, reponse.get("Location")
    contenu = reponse.content.decode()
    assert "Tableau de bord 2018" in contenu
    assert "toute l&#x27;agence" in contenu
    chiffres = {c["libelle"]: c["valeur"] for c in reponse.context["chiffres_cles"]}
    assert chiffres["Jeunes accompagnés"] == 5
    assert chiffres["Dont primo-accueillis"] == 2
    assert "Antenne / secteur" in contenu
    assert "<svg" in contenu and "<title" in contenu


def test_responsable_ramene_a_son_antenne(client_de, responsable_broceliande):
    accompagnes(3, "RENNES")
    accompagnes(2, "BROCELIANDE")
    calculer_instantanes()

    reponse = client_de(responsable_broceliande).get(url("reporting:tableau_de_bord", annee=N))

    assert reponse.status_code == 200
    assert reponse.context["antenne_code"] == "BROCELIANDE"
    assert reponse.context["chiffres_cles"][0]["valeur"] == 2


def test_responsable_ne_peut_pas_demander_une_autre_antenne(client_de, responsable_broceliande):
    accompagnes(3, "RENNES")
    calculer_instantanes()

    reponse = client_de(responsable_broceliande).get(url("reporting:tableau_de_bord", annee=N, antenne="RENNES"))

    assert reponse.status_code == 200
    assert reponse.context["antenne_code"] == "BROCELIANDE"
    assert reponse.context["chiffres_cles"][0]["valeur"] == 0


@pytest.mark.parametrize("persona", ["conseiller_rennes", "accueil_rennes", "secretariat_faj", "membre_commission"])
def test_autres_roles_refuses(client_de, persona, request):
    user = request.getfixturevalue(persona)

    assert client_de(user).get(url("reporting:tableau_de_bord")).status_code == 403
    assert client_de(user).get(url("reporting:jeunes", annee=N)).status_code == 403
    assert client_de(user).get(url("reporting:export", "territoires", "csv", annee=N)).status_code == 403
    assert client_de(user).get(url("reporting:rapports")).status_code == 403


def test_mauvaise_methode(client_de, direction):
    client = client_de(direction)

    assert client.post(url("reporting:tableau_de_bord")).status_code == 405
    assert client.get(url("reporting:recalculer")).status_code == 405
    assert client.delete(url("reporting:rapports")).status_code == 405


def test_partiel_htmx(client_de, direction):
    accompagnes(1)
    calculer_instantanes()

    reponse = client_de(direction).get(url("reporting:tableau_de_bord", annee=N), headers={"HX-Request": "true"})

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Chiffres clés" in contenu
    assert "<html" not in contenu


def test_nombre_de_requetes_constant(client_de, direction, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_de(direction)
    accompagnes(2)
    calculer_instantanes()
    with CaptureQueriesContext(connection) as peu:
        client.get(url("reporting:tableau_de_bord", annee=N))
    accompagnes(20, "NORD_EST")
    calculer_instantanes()
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(url("reporting:tableau_de_bord", annee=N))

    assert len(beaucoup) == len(peu)
    assert len(peu) < 25


def test_lire_le_tableau_de_bord_n_ecrit_aucun_instantane(client_de, direction):
    """Sans instantané (année jamais calculée), la page le dit et propose le calcul, sans rien calculer ni écrire."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    accompagnes(2)
    client = client_de(direction)
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url("reporting:tableau_de_bord", annee=N))

    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Les indicateurs 2018 de ce périmètre" in contenu and "n'ont pas encore été calculés" in contenu
    assert "Calculer les indicateurs 2018" in contenu and reverse("reporting:recalculer") in contenu
    assert "Chiffres clés" not in contenu
    assert not Snapshot.objects.exists()
    ecritures = [q["sql"] for q in requetes.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not [sql for sql in ecritures if "reporting_snapshot" in sql]
    assert "accompagnement_evenement" not in " ".join(q["sql"] for q in requetes.captured_queries)
    htmx = client.get(url("reporting:tableau_de_bord", annee=N), headers={"HX-Request": "true"}).content.decode()
    assert "Calculer les indicateurs 2018" in htmx and "<html" not in htmx
    assert client.get(url("reporting:export", "territoires", "csv", annee=N)).status_code == 404
    assert not Snapshot.objects.exists()

    calculer_instantanes()
    avant = Snapshot.objects.get(annee=N, perimetre__isnull=True).calcule_le
    accompagnes(1)
    reponse = client.get(url("reporting:tableau_de_bord", annee=N))
    assert reponse.context["chiffres_cles"][0]["valeur"] == 2  # l'instantané, tel quel
    assert Snapshot.objects.get(annee=N, perimetre__isnull=True).calcule_le == avant


# --- Exports --------------------------------------------------------------------------------------------------


def test_export_csv_des_territoires(client_de, direction):
    accompagnes(3, "RENNES")
    calculer_instantanes()

    reponse = client_de(direction).get(url("reporting:export", "territoires", "csv", annee=N))

    assert reponse.status_code == 200
    texte = reponse.content.decode("utf-8-sig")
    assert texte.splitlines()[0].startswith("Code antenne;Code secteur;Antenne / secteur;Accompagnés 2018")
    assert "RENNES;;Antenne Rennes;3;0;;0;0;" in texte
    assert texte.splitlines()[-1].startswith(";;Total de l'agence;3;")


def test_export_xlsx_et_tableau_inconnu(client_de, direction):
    client = client_de(direction)
    calculer_instantanes()

    reponse = client.get(url("reporting:export", "par_sexe", "xlsx", annee=N))
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url("reporting:export", "inconnu", "csv", annee=N)).status_code == 404
    assert client.get(url("reporting:export", "par_sexe", "pdf", annee=N)).status_code == 404


def test_export_limite_a_l_antenne_du_responsable(client_de, responsable_rennes):
    accompagnes(2, "RENNES")
    accompagnes(4, "BROCELIANDE")
    calculer_instantanes()

    reponse = client_de(responsable_rennes).get(url("reporting:export", "territoires", "csv", annee=N))

    texte = reponse.content.decode("utf-8-sig")
    assert "BROCELIANDE" not in texte
    assert "RENNES;;Antenne Rennes;2;" in texte


# --- Liste des jeunes derrière un chiffre -------------------------------------------------------------------


def test_liste_des_jeunes_d_une_case(client_de, direction):
    femme = JeuneFactory(sexe="f", nom="DURAND")
    homme = JeuneFactory(sexe="m", nom="MARTIN")
    for j in (femme, homme):
        EvenementFactory(jeune=j, date=date(N, 3, 1))

    reponse = client_de(direction).get(url("reporting:jeunes", annee=N, ventilation="par_sexe", case="f"))

    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "DURAND" in contenu and "MARTIN" not in contenu
    assert "1 jeune." in contenu
    assert reverse("accompagnement:jeune_detail", args=[femme.pk]) in contenu
    from securite.models import JournalAcces

    assert JournalAcces.objects.filter(identifiant="edith").exists()


def test_liste_des_jeunes_limitee_pour_le_responsable(client_de, responsable_rennes):
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    EvenementFactory(jeune=JeuneFactory(antenne=broceliande, nom="LOIN"), date=date(N, 3, 1))
    EvenementFactory(jeune=JeuneFactory(nom="PROCHE"), date=date(N, 3, 1))

    client = client_de(responsable_rennes)
    reponse = client.get(url("reporting:jeunes", annee=N, antenne="BROCELIANDE"))

    contenu = reponse.content.decode()
    assert "PROCHE" in contenu and "LOIN" not in contenu
    assert client.get(url("reporting:jeunes", annee=N, ventilation="par_sexe", case="x")).status_code == 404


def test_liste_des_jeunes_requetes_constantes(client_de, direction):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_de(direction)
    accompagnes(2)
    with CaptureQueriesContext(connection) as peu:
        client.get(url("reporting:jeunes", annee=N))
    accompagnes(20, "NORD_EST")
    with CaptureQueriesContext(connection) as beaucoup:
        client.get(url("reporting:jeunes", annee=N))

    assert len(beaucoup) == len(peu)


# --- Recalcul à la demande ------------------------------------------------------------------------------------


def test_recalcul_a_la_demande(client_de, direction, django_capture_on_commit_callbacks):
    accompagnes(1)
    client = client_de(direction)
    calculer_instantanes()
    avant = Snapshot.objects.get(annee=N, perimetre__isnull=True).calcule_le
    accompagnes(2)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url("reporting:recalculer", annee=N))

    assert reponse.status_code == 302
    recalcul = RecalculIndicateurs.objects.get()
    assert recalcul.statut == "termine" and recalcul.progression == 100
    snapshot = Snapshot.objects.get(annee=N, perimetre__isnull=True)
    assert snapshot.calcule_le > avant
    assert snapshot.donnees["jeunes_accompagnes"]["total"] == 3
    # agence + 6 antennes, années N et N-1 : une ligne par périmètre et par année (idempotent)
    assert Snapshot.objects.count() == 14
    etat = client.get(reverse("reporting:recalcul_etat", args=[recalcul.pk]))
    assert "Recalcul terminé" in etat.content.decode()


def test_recalcul_en_cours_affiche_sa_progression(client_de, direction):
    recalcul = RecalculIndicateurs.objects.create(annee=N, statut="en_cours", progression=40, etape="Année 2018")

    reponse = client_de(direction).get(url("reporting:tableau_de_bord", annee=N))

    contenu = reponse.content.decode()
    assert "en cours : 40 %" in contenu
    assert reverse("reporting:recalcul_etat", args=[recalcul.pk]) in contenu


# --- Rapports PDF ---------------------------------------------------------------------------------------------


def test_rapport_demande_genere_et_telecharge(client_de, direction, django_capture_on_commit_callbacks):
    accompagnes(3)
    client = client_de(direction)

    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("reporting:rapports"), {"annee": N, "antenne": ""})

    rapport = RapportPdf.objects.get()
    assert reponse.status_code == 302
    assert reponse.url == reverse("reporting:rapport_detail", args=[rapport.pk])
    assert rapport.statut == "termine" and rapport.fichier
    detail = client.get(reverse("reporting:rapport_detail", args=[rapport.pk]))
    assert "Télécharger le PDF" in detail.content.decode()
    partiel = client.get(reverse("reporting:rapport_detail", args=[rapport.pk]), headers={"HX-Request": "true"})
    assert "<html" not in partiel.content.decode() and "Rapport prêt" in partiel.content.decode()
    fichier = client.get(reverse("reporting:rapport_telecharger", args=[rapport.pk]))
    assert fichier["Content-Type"] == "application/pdf"
    assert b"".join(fichier).startswith(b"%PDF")


def test_rapport_produit_par_le_worker_et_servi_par_le_web_sans_disque_partage(
    client_de, direction, settings, django_capture_on_commit_callbacks
):
    """Stockage objet : le PDF écrit par la tâche est relu par l'API de stockage (aucun chemin local), et deux
    rapports de même nom ne s'écrasent pas."""
    stockage = installer(settings)
    accompagnes(3)
    client = client_de(direction)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:rapports"), {"annee": N, "antenne": ""})
        client.post(reverse("reporting:rapports"), {"annee": N, "antenne": ""})

    premier, second = RapportPdf.objects.order_by("pk")
    assert premier.fichier.name != second.fichier.name
    assert stockage.exists(premier.fichier.name) and stockage.exists(second.fichier.name)
    fichier = client.get(reverse("reporting:rapport_telecharger", args=[premier.pk]))
    assert fichier["Content-Disposition"] == f'attachment; filename="rapport-activite-{N}.pdf"'
    assert b"".join(fichier) == stockage.open(premier.fichier.name).read()


def test_rapport_en_cours_montre_la_progression(client_de, direction):
    rapport = RapportPdf.objects.create(annee=N, statut="en_cours", progression=45, etape="Mise en page")

    reponse = client_de(direction).get(reverse("reporting:rapport_detail", args=[rapport.pk]))

    contenu = reponse.content.decode()
    assert "45 %" in contenu and "Mise en page" in contenu
    assert 'hx-trigger="every 2s"' in contenu
    assert client_de(direction).get(reverse("reporting:rapport_telecharger", args=[rapport.pk])).status_code == 404


def test_rapport_d_une_autre_antenne_introuvable_pour_le_responsable(client_de, responsable_rennes):
    broceliande = Antenne.objects.get(code="BROCELIANDE")
    autre = RapportPdf.objects.create(annee=N, antenne=broceliande)
    agence = RapportPdf.objects.create(annee=N, antenne=None)
    sien = RapportPdf.objects.create(annee=N, antenne=responsable_rennes.antenne)
    client = client_de(responsable_rennes)

    assert client.get(reverse("reporting:rapport_detail", args=[autre.pk])).status_code == 404
    assert client.get(reverse("reporting:rapport_telecharger", args=[agence.pk])).status_code == 404
    assert client.get(reverse("reporting:rapport_detail", args=[sien.pk])).status_code == 200
    liste = client.get(reverse("reporting:rapports")).content.decode()
    assert "Antenne Rennes" in liste and "Antenne Brocéliande" not in liste


def test_responsable_genere_le_rapport_de_son_antenne_seulement(
    client_de, responsable_rennes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client_de(responsable_rennes).post(reverse("reporting:rapports"), {"annee": N, "antenne": "BROCELIANDE"})

    rapport = RapportPdf.objects.get()
    assert rapport.antenne.code == "RENNES"


def test_services_du_tableau_de_bord(client_de, direction):
    from tests.reporting.factories import EvenementServiceFactory

    evenement = EvenementFactory(jeune=JeuneFactory(), date=date(N, 5, 1))
    EvenementServiceFactory(evenement=evenement, service="logement_orientation")
    calculer_instantanes()

    reponse = client_de(direction).get(url("reporting:tableau_de_bord", annee=N))

    services = reponse.context["services"]
    assert [s["jeunes"]["valeur"] for s in services] == [0, 1, 0]
    contenu = reponse.content.decode()
    assert "Logement : services rendus" in contenu
    assert "1</span>\n          jeune accompagné" in contenu


def test_sommaire_du_tableau_de_bord(client_de, direction):
    """La page est longue : un sommaire (navigation nommée) renvoie à chaque section, et chaque lien mène à un titre
    présent dans la page."""
    import re

    accompagnes(2)
    calculer_instantanes()
    contenu = client_de(direction).get(url("reporting:tableau_de_bord", annee=N)).content.decode()

    debut = contenu.index('<nav id="sommaire"')
    sommaire = contenu[debut : contenu.index("</nav>", debut)]
    assert 'aria-labelledby="titre-sommaire"' in sommaire and ">Sommaire</h2>" in sommaire
    ancres = re.findall(r'href="#([^"]+)"', sommaire)
    assert {"titre-chiffres", "titre-territoires", "titre-profil", "titre-aides", "titre-secteurs"} <= set(ancres)
    assert any(a.startswith("profil-") for a in ancres)  # les tableaux du profil, un par un
    for ancre in ancres:
        assert contenu.count(f'id="{ancre}"') == 1, ancre
    # Les sections (h2) du tableau de bord figurent toutes au sommaire.
    titres = set(re.findall(r'<h2 id="(titre-[^"]+)"', contenu)) - {"titre-sommaire"}
    assert titres <= set(ancres)
    assert contenu.count('href="#sommaire"') == len(titres)


# --- Tableaux en cache de fragment ----------------------------------------------------------------------------

PIEGE = "<img src=x onerror=alert(1)>"


def _ligne_territoire(contenu, nom):
    import re

    trouve = re.search(
        rf"<tr class=\"[^\"]*\"><th scope=\"row\" class=\"fw-normal\">(?:<a [^>]*>)?{re.escape(nom)}.*?</tr>", contenu
    )
    return trouve.group(0) if trouve else None


def test_tableaux_echappes_et_renommage_visible_malgre_le_cache(client_de, direction):
    from django.utils.html import escape

    accompagnes(3, "RENNES")
    calculer_instantanes()
    client = client_de(direction)
    premiere = client.get(url("reporting:tableau_de_bord", annee=N)).content.decode()
    assert _ligne_territoire(premiere, "Antenne Rennes") is not None
    Antenne.objects.filter(code="RENNES").update(nom=PIEGE)  # sans signal : la clé porte les noms affichés
    contenu = client.get(url("reporting:tableau_de_bord", annee=N)).content.decode()
    assert PIEGE not in contenu
    ligne = _ligne_territoire(contenu, escape(PIEGE))
    assert ligne is not None and '<td class="text-end text-nowrap">3</td>' in ligne
    assert f"?annee={N}&amp;antenne=RENNES&amp;indicateur=accompagnes" in ligne


def test_tableaux_en_cache_jusqu_au_recalcul(client_de, direction, django_capture_on_commit_callbacks):
    """Le cache suit l'instantané : les chiffres changent avec le recalcul, pas avant."""
    accompagnes(1, "RENNES")
    calculer_instantanes()
    client = client_de(direction)
    client.get(url("reporting:tableau_de_bord", annee=N))
    accompagnes(2, "RENNES")
    en_cache = client.get(url("reporting:tableau_de_bord", annee=N)).content.decode()
    assert '<td class="text-end text-nowrap">1</td>' in _ligne_territoire(en_cache, "Antenne Rennes")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("reporting:recalculer", annee=N))
    apres = client.get(url("reporting:tableau_de_bord", annee=N)).content.decode()
    assert '<td class="text-end text-nowrap">3</td>' in _ligne_territoire(apres, "Antenne Rennes")
