"""Rapport d'activité PDF : mêmes chiffres que le tableau de bord, présentés comme le rapport imprimé."""

from django.utils import timezone

from reporting import charts
from reporting.presentation import LIBELLES_THEMES, Indicateurs
from reporting.selectors import actions_de_recrutement, instantane_calcule, noms_territoires
from weker.pdf import rendre_pdf


def contexte_rapport(annee, antenne_code=None, progression=None):
    """Contexte du gabarit du rapport : indicateurs calculés pour l'occasion, sans écrire d'instantané."""

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
    return {
        "annee": annee,
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


def produire_rapport_pdf(annee, antenne_code=None, progression=None):
    """Octets du rapport d'activité (même fonction pour la tâche de fond et la commande `rapport_pdf`)."""
    contexte = contexte_rapport(annee, antenne_code, progression)
    if progression:
        progression(60, "Rendu du PDF")
    return rendre_pdf("reporting/rapport_pdf.html", contexte)
