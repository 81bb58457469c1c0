"""Le portail des données personnelles, vérifié sur toute la configuration des URL.

Pour chaque URL de la matrice des permissions lisible en GET, la page est demandée par une personne qui y a droit :
si la réponse (page, fragment, PDF, export CSV/XLSX, JSON) montre le jeune des objets de la matrice, une ligne du
journal des accès doit avoir été écrite pour ce jeune pendant la requête. Une nouvelle vue qui montre un jeune sans
passer par `securite.portail` fait échouer ce test.

Puis le même jeune sorti de la base active : aucune URL ne le montre plus (ni dossier, ni demande d'aide, ni
inscription, ni pièce, ni courrier) à qui n'a pas fait de consultation exceptionnelle.
"""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from securite.models import JournalAcces
from tests.securite.test_matrice_permissions import MATRICE, instantanes_de_l_annee, objets  # noqa: F401 (fixtures)

# Ordre de préférence de la personne qui demande la page (la première qui y a droit).
LECTEURS = (
    "conseiller_rennes",
    "responsable_rennes",
    "direction",
    "secretariat_faj",
    "accueil_rennes",
    "membre_commission",
    "administrateur",
)
# Pages de liste ou d'export paramétrées (la configuration des URL ne donne que le chemin).
REQUETES_EN_PLUS = {
    "liste des jeunes (CSV)": ("responsable_rennes", "accompagnement:jeune_liste", None, {"export": "csv"}),
    "liste des jeunes (XLSX)": ("responsable_rennes", "accompagnement:jeune_liste", None, {"export": "xlsx"}),
    "recherche du premier accueil": ("accueil_rennes", "accompagnement:premier_accueil", None, {"nom": "matrice"}),
    "recherche d'un jeune (en-tête)": ("conseiller_rennes", "accompagnement:recherche", None, {"q": "matrice"}),
    "choix du jeune d'une demande FAJ": ("conseiller_rennes", "aides:demande_choisir_jeune", None, {"q": "matrice"}),
    "choix du jeune à proposer sur une offre": (
        "conseiller_rennes",
        "entreprises:offre_proposer",
        lambda o: {"pk": o["offre"].pk},
        {"q": "matrice"},
    ),
    "bénéficiaires d'un dispositif (CSV)": (
        "conseiller_rennes",
        "dispositifs:beneficiaires_export",
        lambda o: {"code": o["dispositif"].code},
        {"format": "csv"},
    ),
    "liste derrière un chiffre du tableau de bord": (
        "direction",
        "reporting:jeunes",
        None,
        {"annee": timezone.localdate().year},
    ),
}


def _lecteur(regle):
    return next((p for p in LECTEURS if regle.attendu(p) == 200), None)


def _texte(reponse):
    """Ce que l'utilisateur lit dans la réponse, quel qu'en soit le format."""
    octets = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    type_ = reponse.get("Content-Type", "")
    if type_.startswith("application/pdf"):
        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext (poppler-utils) absent")
        resultat = subprocess.run(["pdftotext", "-", "-"], input=octets, capture_output=True)
        return resultat.stdout.decode() if resultat.returncode == 0 else ""  # pièce jointe illisible : rien à lire
    if "spreadsheetml" in type_:
        classeur = load_workbook(io.BytesIO(octets), read_only=True)
        return " ".join(str(c) for feuille in classeur for ligne in feuille.iter_rows(values_only=True) for c in ligne)
    return octets.decode("utf-8-sig", errors="replace")


def _montre_le_jeune(reponse, jeune):
    texte = _texte(reponse).lower()
    return jeune.nom.lower() in texte or jeune.prenom.lower() + " " + jeune.nom.lower() in texte


def _cas_de_lecture():
    cas = []
    for nom, regle in sorted(MATRICE.items()):
        if regle.methode == "get" and _lecteur(regle):
            cas.append(pytest.param(_lecteur(regle), nom, regle.kwargs, {}, id=nom))
    for libelle, (persona, nom, kwargs, parametres) in REQUETES_EN_PLUS.items():
        cas.append(pytest.param(persona, nom, kwargs, parametres, id=libelle))
    return cas


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "nom", "kwargs", "parametres"), _cas_de_lecture())
def test_toute_page_qui_montre_un_jeune_passe_par_le_portail(request, client, objets, persona, nom, kwargs, parametres):  # noqa: F811
    jeune = objets["jeune"]
    regle = MATRICE.get(nom)
    if regle is not None and regle.prealable:
        request.getfixturevalue(regle.prealable)
    client.force_login(request.getfixturevalue(persona))
    avant = JournalAcces.objects.filter(jeune=jeune).count()
    reponse = client.get(reverse(nom, kwargs=kwargs(objets) if kwargs else None), parametres)
    assert reponse.status_code == 200, f"{nom} pour {persona} : {reponse.status_code}"
    if _montre_le_jeune(reponse, jeune):
        assert JournalAcces.objects.filter(jeune=jeune).count() > avant, (
            f"{nom} montre le jeune à {persona} sans ligne au journal des accès : la vue doit passer par "
            "securite.portail (ouvrir, ou restreindre + lire_en_lot)"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nom", ["accompagnement:jeune_detail", "aides:demande_detail", "dispositifs:inscription_detail"]
)
def test_les_pages_principales_montrent_le_jeune_et_journalisent(request, client, objets, nom):  # noqa: F811
    """Le test qui parcourt les URL ne peut pas passer à vide : ces pages montrent bien le jeune (la détection
    fonctionne) et écrivent bien une ligne de journal pour lui."""
    regle = MATRICE[nom]
    client.force_login(request.getfixturevalue(_lecteur(regle)))
    reponse = client.get(reverse(nom, kwargs=regle.kwargs(objets)))
    assert reponse.status_code == 200
    assert _montre_le_jeune(reponse, objets["jeune"])
    assert JournalAcces.objects.filter(jeune=objets["jeune"], action="consultation").count() == 1


# --- Le même jeune sorti de la base active : aucune porte dérobée -------------------------------------------------


def _cas_hors_base_active():
    cas = []
    for nom, regle in sorted(MATRICE.items()):
        if regle.methode != "get" or not regle.kwargs:
            continue
        lecteur = next(
            (p for p in ("conseiller_rennes", "secretariat_faj", "responsable_rennes") if regle.attendu(p) == 200), None
        )
        if lecteur:
            cas.append(pytest.param(lecteur, nom, id=nom))
    return cas


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "nom"), _cas_hors_base_active())
def test_jeune_hors_base_active_introuvable_par_toute_url(request, client, objets, persona, nom):  # noqa: F811
    jeune = objets["jeune"]
    type(jeune).objects.filter(pk=jeune.pk).update(archive_le=timezone.localdate())
    regle = MATRICE[nom]
    client.force_login(request.getfixturevalue(persona))
    reponse = client.get(reverse(nom, kwargs=regle.kwargs(objets)))
    if reponse.status_code == 200:
        assert not _montre_le_jeune(reponse, jeune), f"{nom} montre à {persona} un jeune sorti de la base active"
    else:
        assert reponse.status_code in (302, 403, 404), f"{nom} pour {persona} : {reponse.status_code}"
        if reponse.status_code == 302:
            assert "consultation-exceptionnelle" not in reponse.url


@pytest.mark.django_db
def test_direction_passe_par_la_consultation_exceptionnelle(client, objets, direction):  # noqa: F811
    jeune = objets["jeune"]
    type(jeune).objects.filter(pk=jeune.pk).update(archive_le=timezone.localdate())
    client.force_login(direction)
    for nom in ("aides:demande_detail", "dispositifs:inscription_detail", "accompagnement:jeune_detail"):
        reponse = client.get(reverse(nom, kwargs=MATRICE[nom].kwargs(objets)))
        assert reponse.status_code == 302 and "consultation-exceptionnelle" in reponse.url, nom
    motif = "Demande du juge des enfants, courrier du 01/12"
    client.post(reverse("conservation:consultation_exceptionnelle", args=[jeune.pk]), {"motif": motif})
    assert JournalAcces.objects.get(jeune=jeune, action="exceptionnelle").motif == motif
    reponse = client.get(reverse("aides:demande_detail", kwargs=MATRICE["aides:demande_detail"].kwargs(objets)))
    assert reponse.status_code == 200
