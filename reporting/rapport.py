"""Rapport d'activité PDF : mêmes chiffres que le tableau de bord, présentés comme le rapport imprimé."""

import base64
import logging

from django.core.files.storage import default_storage
from django.utils import timezone

from reporting import charts
from reporting.chapitres import PAR_CODE
from reporting.presentation import LIBELLES_THEMES, Indicateurs
from reporting.selectors import actions_de_recrutement, instantane_calcule, noms_territoires
from weker.pdf import rendre_pdf

logger = logging.getLogger(__name__)


def mise_en_page_par_defaut():
    """Tous les chapitres du registre, sans mot de la direction ni logo (commande, rapport sans rédaction)."""
    return {"chapitres": [{"code": code} for code in PAR_CODE], "logo": None}


def _logo_en_ligne(logo):
    """Logo enregistré → image en ligne (data:) pour WeasyPrint, qui ne lit rien d'autre ; None s'il manque."""
    if not logo:
        return None
    try:
        with default_storage.open(logo["nom"], "rb") as fichier:
            contenu = fichier.read()
    except OSError:
        logger.warning("Logo du rapport introuvable dans le stockage : %s", logo["nom"])
        return None
    return f"data:{logo['type_mime']};base64,{base64.b64encode(contenu).decode()}"


def _chapitres(mise_en_page, contexte, ind):
    """Chapitres retenus, dans l'ordre du registre, avec le mot de la direction de chacun. Un code qui n'est plus
    au registre est ignoré ; le contexte propre d'un chapitre (`Chapitre.contexte`) n'est calculé que s'il est
    retenu."""
    mots = {c["code"]: c for c in mise_en_page["chapitres"]}
    retenus = []
    for code, chapitre in PAR_CODE.items():
        if code not in mots:
            continue
        if chapitre.contexte:
            contexte.update(chapitre.contexte(ind))
        mot = mots[code]
        retenus.append(
            {
                "code": code,
                "titre": chapitre.titre,
                "gabarit": chapitre.gabarit,
                "texte": mot.get("texte", ""),
                "citation": mot.get("citation", ""),
                "auteur": mot.get("auteur", ""),
                "sous_parties": chapitre.sous_parties(contexte) if chapitre.sous_parties else [],
            }
        )
    return retenus


def contexte_rapport(annee, antenne_code=None, progression=None, mise_en_page=None, edition_numero=None):
    """Contexte du gabarit du rapport : indicateurs calculés pour l'occasion, sans écrire d'instantané.

    `mise_en_page` (`reporting.selectors.mise_en_page_pour`) : chapitres retenus, mots de la direction, logo ;
    par défaut tous les chapitres, sans texte."""

    def avancer(pourcent, etape):
        if progression:
            progression(pourcent, etape)

    # N-1 d'abord : ses totaux par territoire servent aux évolutions de N (une lecture des événements de moins,
    # et les chiffres N-1 du rapport viennent tous du même calcul).
    avancer(5, f"Calcul des indicateurs {annee - 1}")
    precedent = instantane_calcule(annee=annee - 1, antenne_code=antenne_code)
    avancer(25, f"Calcul des indicateurs {annee}")
    snapshot = instantane_calcule(annee=annee, antenne_code=antenne_code, precedent=precedent)
    avancer(45, "Mise en page")
    noms = noms_territoires()
    ind = Indicateurs(snapshot, precedent, noms)
    antennes = []
    for a in ind.antennes():
        antennes.append(
            {
                **a,
                "sexe": ind.graphique("par_sexe", a["n"], a["n1"], largeur=640),
                "age": ind.graphique("par_tranche_age", a["n"], a["n1"], largeur=640),
                "niveau": ind.graphique("par_niveau", a["n"], a["n1"], largeur=640),
                "hebergement": ind.ventilation("par_hebergement", a["n"], a["n1"]),
                "transport": ind.ventilation("par_transport", a["n"], a["n1"]),
            }
        )
    themes = []
    for theme in ("sante", "logement", "mobilite"):
        themes.append(
            {
                "cle": theme,
                "nom": LIBELLES_THEMES[theme],
                "jeunes": ind.services_jeunes(theme),
                "tableau": ind.services(theme),
                "graphique": ind.graphique_services(theme),
            }
        )
    ja = ind.d["jeunes_accompagnes"]
    mise_en_page = mise_en_page or mise_en_page_par_defaut()
    contexte = {
        "annee": annee,
        "edition_numero": edition_numero,
        "logo": _logo_en_ligne(mise_en_page.get("logo")),
        "perimetre_nom": noms.get(antenne_code, antenne_code) if antenne_code else None,
        "genere_le": timezone.localtime(),
        "ind": ind,
        "ja": ja,
        "chiffres_cles": ind.chiffres_cles(),
        "evolution_total": ind.chiffres_cles()[0]["evolution"],
        "evolution_primo": ind.chiffres_cles()[1]["evolution"],
        "part_primo": round(100 * ja["primo_accueillis"] / ja["total"]) if ja["total"] else None,
        "graphiques": {
            "sexe": ind.graphique("par_sexe", largeur=640),
            "age": ind.graphique("par_tranche_age", largeur=640),
            "niveau": ind.graphique("par_niveau", largeur=640),
            "emploi": ind.graphique_emploi(),
            "faj_type": ind.graphique_faj_type(),
            "hebergement": ind.graphique("par_hebergement", largeur=640),
            "transport": ind.graphique("par_transport", largeur=640),
            "permis": ind.graphique("par_permis", largeur=640),
            "formation": charts.barres(
                f"Entrées en formation par type, {annee} et {annee - 1}",
                [
                    ("Mobilisation", sum(ind.d["entrees_formation"]["mobilisation"].values())),
                    ("Qualifiante", sum(ind.d["entrees_formation"]["qualifiante"].values())),
                ],
                precedentes=[
                    sum(ind.d1["entrees_formation"]["mobilisation"].values()),
                    sum(ind.d1["entrees_formation"]["qualifiante"].values()),
                ],
                annee=annee,
                largeur=640,
            ),
        },
        "premier_accueil": ind.ventilation("par_annee_premier_accueil"),
        "sexe": ind.ventilation("par_sexe"),
        "age": ind.ventilation("par_tranche_age"),
        "niveau": ind.ventilation("par_niveau"),
        "hebergement": ind.ventilation("par_hebergement"),
        "transport": ind.ventilation("par_transport"),
        "permis": ind.ventilation("par_permis"),
        "formation": ind.formation(),
        "emploi": ind.emploi(),
        "immersions": ind.immersions(),
        "dispositifs": ind.dispositifs(),
        "territoires": ind.territoires(),
        "antennes": antennes,
        "themes": {t["cle"]: t for t in themes},
        "aides": ind.aides(),
        "faj_type": ind.faj_par_type(),
        "faj_tranche": ind.faj_par_tranche(),
        **contexte_chapitres_complementaires(ind),
    }
    contexte["chapitres"] = _chapitres(mise_en_page, contexte, ind)
    return contexte


def contexte_chapitres_complementaires(ind):
    """Chapitres des issues 18 et 19 (relations entreprises, actions territoriales, dispositifs en détail, ateliers,
    programmes de formation) : `{"complements": …}`, tableaux tirés du même instantané que le reste, None quand il
    n'a pas ces clés ; les actions de recrutement de l'année et du périmètre viennent de la base (effectifs
    seulement). Même forme qu'un contexte de chapitre : fonction de l'objet `Indicateurs` seul."""
    return {
        "complements": {
            "entreprises": ind.entreprises(),
            "entreprises_naf": ind.entreprises_par_naf(sans_vides=True),
            "graphique_naf": ind.graphique_naf(),
            "actions": ind.actions(),
            "actions_evolution": ind.actions_evolution(),
            "actions_recrutement": actions_de_recrutement(ind.annee, ind.antenne_code),
            "ateliers": ind.ateliers(),
            "graphique_ateliers": ind.graphique_ateliers(),
            "formation_programme": ind.formation_par_programme(),
            "cohortes": ind.cohortes(),
        }
    }


def produire_rapport_pdf(annee, antenne_code=None, progression=None, mise_en_page=None):
    """Octets du rapport d'activité (même fonction pour la tâche de fond, l'aperçu et la commande `rapport_pdf`)."""
    contexte = contexte_rapport(annee, antenne_code, progression, mise_en_page)
    if progression:
        progression(60, "Rendu du PDF")
    return rendre_pdf("reporting/rapport_pdf.html", contexte)


def chiffres_du_contexte(contexte):
    """Les chiffres qu'un rapport montre (instantanés N et N-1 calculés pour lui, noms des territoires) : ce
    qu'une édition figée garde à côté de son PDF."""
    ind = contexte["ind"]
    return {
        "annee": ind.annee,
        "perimetre": ind.antenne_code,
        "calcule_le": ind.snapshot.calcule_le,
        "n": {"donnees": ind.d, "details": ind.details},
        "n_1": {"donnees": ind.d1, "details": ind.details1},
        "noms_territoires": ind.noms,
    }


def produire_edition(annee, antenne_code, mise_en_page, numero, progression=None):
    """(octets du PDF, chiffres qu'il montre) d'une édition figée : un seul calcul sert aux deux."""
    contexte = contexte_rapport(annee, antenne_code, progression, mise_en_page, edition_numero=numero)
    if progression:
        progression(60, "Rendu du PDF")
    return rendre_pdf("reporting/rapport_pdf.html", contexte), chiffres_du_contexte(contexte)
