"""Clés ajoutées aux indicateurs par ../shared/specs/entreprises-actions.md, écrites à la main dans la forme exacte du
contrat (toutes les clés, à 0), pour bâtir des instantanés de test sans dépendre du calcul."""

import copy

from dispositifs.models import Dispositif

SECTIONS_NAF = [chr(c) for c in range(ord("A"), ord("U") + 1)]
TYPES_ACTION = ["recrutement", "decouverte_metiers", "mixite", "gpect", "entrepreneuriat", "sante", "autre"]
CLES_ACTION = ["actions", "participants", "jeunes", "entreprises", "entretiens", "seconds_entretiens", "embauches"]
THEMES = [
    "budget",
    "cv_lettre",
    "entretien_embauche",
    "numerique",
    "sante",
    "logement",
    "mobilite",
    "decouverte_metiers",
    "alternance",
    "autre",
]
PROGRAMMES = ["ppi", "caq", "afc", "declic_action", "epide", "poe", "autre"]
MOTIFS = ["emploi", "formation", "abandon", "demenagement", "limite_age", "fin_de_droits", "autre"]
PROFIL = ["f", "m", "niveau_v_ou_moins", "sans_permis", "rqth", "qpv", "hebergement_precaire"]


def cohorte_vide():
    return {
        "beneficiaires": 0,
        "entrees": 0,
        "sorties": 0,
        "sorties_par_motif": dict.fromkeys(MOTIFS, 0),
        "sorties_emploi_formation": 0,
        "situations_pendant": {"total": 0, "emploi": 0, "formation": 0, "immersion": 0},
        "profil": dict.fromkeys(PROFIL, 0),
    }


def cles_vides(codes_dispositifs=None):
    """Toutes les clés ajoutées, à 0 : chaque section NAF, type d'action, thème, programme, code du catalogue."""
    if codes_dispositifs is None:
        codes_dispositifs = list(Dispositif.objects.values_list("code", flat=True))
    return {
        "entreprises": {
            "contactees": 0,
            "offres": 0,
            "postes": 0,
            "mises_en_relation": 0,
            "recrutements": 0,
            "par_secteur_naf": {**dict.fromkeys(SECTIONS_NAF, 0), "non_renseigne": 0},
        },
        "actions": {t: dict.fromkeys(CLES_ACTION, 0) for t in [*TYPES_ACTION, "total"]},
        "ateliers_par_theme": {t: {"sessions": 0, "jeunes": 0} for t in THEMES},
        "entrees_formation": {"par_programme": {**dict.fromkeys(PROGRAMMES, 0), "non_renseigne": 0}},
        "cohortes": {code: cohorte_vide() for code in codes_dispositifs},
    }


def fusionner(base, ajouts):
    """Copie de `base` où chaque feuille de `ajouts` remplace la sienne (dictionnaires fusionnés en profondeur)."""
    resultat = copy.deepcopy(base)
    for cle, valeur in ajouts.items():
        if isinstance(valeur, dict) and isinstance(resultat.get(cle), dict):
            resultat[cle] = fusionner(resultat[cle], valeur)
        else:
            resultat[cle] = copy.deepcopy(valeur)
    return resultat


def completer(snapshot, ajouts=None):
    """Ajoute à l'instantané enregistré toutes les clés du contrat (à 0) puis `ajouts`, et l'enregistre."""
    snapshot.donnees = fusionner(fusionner(snapshot.donnees, cles_vides()), ajouts or {})
    snapshot.save(update_fields=["donnees"])
    return snapshot


def retirer(snapshot):
    """Instantané « d'avant » : sans aucune des clés ajoutées."""
    for cle in ("entreprises", "actions", "ateliers_par_theme", "cohortes"):
        snapshot.donnees.pop(cle, None)
    snapshot.donnees["entrees_formation"].pop("par_programme", None)
    snapshot.save(update_fields=["donnees"])
    return snapshot
