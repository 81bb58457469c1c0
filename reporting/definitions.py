"""Définitions des indicateurs (../shared/specs/indicateurs.md), exprimées en filtres Q réutilisables.

Les mêmes filtres servent au calcul agrégé (Count(..., filter=Q)) et à la liste des jeunes derrière un chiffre
(tableau de bord → « voir les jeunes ») : une seule définition par indicateur.
"""

from datetime import date

from django.db.models import Q

from accompagnement.enums import (
    Hebergement,
    Niveau,
    Permis,
    Sexe,
    Transport,
)
from accompagnement.models import Evenement, filtre_accompagne_en
from accompagnement.regles import LIBELLES_TRANCHES_AGE, TRANCHES_AGE, filtre_tranche_age
from dispositifs.models import Inscription


def bornes(annee):
    return date(annee, 1, 1), date(annee, 12, 31)


def evenements_d_accompagnement(annee):
    """Événements qui font d'un jeune un « jeune accompagné » en `annee` : la définition est celle
    d'`EvenementQuerySet.d_accompagnement().en(annee)` (accompagnement/models.py), ici comme partout."""
    return Evenement.objects.d_accompagnement().en(annee)


def filtre_accompagne(annee, reference="pk"):
    """Q : le jeune désigné par `reference` (« pk » sur Jeune, « evenement__jeune » sur un service…) est
    accompagné en `annee` ; `Jeune.objects.accompagnes_en(annee)` applique le même filtre."""
    return Q(filtre_accompagne_en(annee, reference))


def inscriptions_beneficiaires(annee):
    """Inscriptions qui font d'un jeune un bénéficiaire d'un dispositif en `annee` (indicateurs.md, `dispositifs`) :
    période [entrée, sortie ou ouverte] chevauchant l'année. Le calcul compte leurs jeunes distincts par
    dispositif ; la liste des jeunes derrière le chiffre lit les mêmes inscriptions."""
    return Inscription.objects.chevauchant(*bornes(annee))


def filtre_beneficiaire(annee, dispositif_code):
    """Q sur Jeune : bénéficiaire du dispositif `dispositif_code` en `annee`."""
    return Q(pk__in=inscriptions_beneficiaires(annee).filter(dispositif__code=dispositif_code).values("jeune_id"))


def filtre_primo(annee):
    debut, fin = bornes(annee)
    return Q(date_premier_accueil__gte=debut, date_premier_accueil__lte=fin)


def _reste(valeurs, champ):
    return ~Q(**{f"{champ}__in": list(valeurs)})


def filtres_sexe(annee):
    return {"f": Q(sexe=Sexe.FEMME), "m": Q(sexe=Sexe.HOMME)}


def filtres_tranche_age(annee):
    return {tranche: filtre_tranche_age(tranche, date(annee, 12, 31)) for tranche in TRANCHES_AGE}


NIVEAUX_III_ET_PLUS = [Niveau.N5, Niveau.N6, Niveau.N7, Niveau.N8]


def filtres_niveau(annee):
    connus = [Niveau.INFRA3, Niveau.N3, Niveau.N4, *NIVEAUX_III_ET_PLUS]
    return {
        "infra_v": Q(niveau=Niveau.INFRA3),
        "v": Q(niveau=Niveau.N3),
        "iv": Q(niveau=Niveau.N4),
        "iii_et_plus": Q(niveau__in=NIVEAUX_III_ET_PLUS),
        "non_renseigne": _reste(connus, "niveau"),
    }


def filtres_annee_premier_accueil(annee):
    """Un premier accueil daté après N (donnée incohérente) compte avec « n » pour que les parts fassent le total."""
    return {
        "n": Q(date_premier_accueil__gte=date(annee, 1, 1)),
        "n_1": Q(date_premier_accueil__year=annee - 1),
        "n_2": Q(date_premier_accueil__year=annee - 2),
        "n_3_et_avant": Q(date_premier_accueil__lte=date(annee - 3, 12, 31)),
    }


def _filtres_choix(choix, champ):
    filtres = {valeur: Q(**{champ: valeur}) for valeur in choix.values}
    filtres["non_renseigne"] = _reste(choix.values, champ)
    return filtres


def filtres_hebergement(annee):
    return _filtres_choix(Hebergement, "hebergement")


def filtres_transport(annee):
    return _filtres_choix(Transport, "transport")


def filtres_permis(annee):
    return _filtres_choix(Permis, "permis")


# Ventilations des jeunes accompagnés : clé du contrat JSON → fonction(annee) → {bucket: Q}
VENTILATIONS = {
    "par_sexe": filtres_sexe,
    "par_tranche_age": filtres_tranche_age,
    "par_niveau": filtres_niveau,
    "par_annee_premier_accueil": filtres_annee_premier_accueil,
    "par_hebergement": filtres_hebergement,
    "par_transport": filtres_transport,
    "par_permis": filtres_permis,
}

LIBELLES_VENTILATIONS = {
    "par_sexe": "Sexe",
    "par_tranche_age": "Âge au 31 décembre",
    "par_niveau": "Niveau de qualification",
    "par_annee_premier_accueil": "Année du premier accueil",
    "par_hebergement": "Hébergement",
    "par_transport": "Moyen de transport",
    "par_permis": "Permis de conduire",
}


def libelles_buckets(annee):
    """Libellés français de chaque case des ventilations (pour l'année `annee`)."""
    return {
        "par_sexe": {"f": "Femmes", "m": "Hommes"},
        "par_tranche_age": dict(LIBELLES_TRANCHES_AGE),
        "par_niveau": {
            "infra_v": "Infra 3 (sans diplôme)",
            "v": "Niveau 3 (CAP, BEP)",
            "iv": "Niveau 4 (bac)",
            "iii_et_plus": "Niveau 5 et plus",
            "non_renseigne": "Non renseigné",
        },
        "par_annee_premier_accueil": {
            "n": f"{annee}",
            "n_1": f"{annee - 1}",
            "n_2": f"{annee - 2}",
            "n_3_et_avant": f"{annee - 3} et avant",
        },
        "par_hebergement": {**dict(Hebergement.choices), "non_renseigne": "Non renseigné"},
        "par_transport": {**dict(Transport.choices), "non_renseigne": "Non renseigné"},
        "par_permis": {**dict(Permis.choices), "non_renseigne": "Non renseigné"},
    }


TRANCHES_MONTANT_FAJ = {
    # clé → (minimum exclu, maximum inclus) sur le montant accordé ; None = sans borne
    "1_75": (None, 75),
    "76_150": (75, 150),
    "151_300": (150, 300),
    "301_1000": (300, 1000),
    "plus_1000": (1000, None),
}

LIBELLES_TRANCHES_MONTANT = {
    "1_75": "1 à 75 €",
    "76_150": "76 à 150 €",
    "151_300": "151 à 300 €",
    "301_1000": "301 à 1 000 €",
    "plus_1000": "Plus de 1 000 €",
}


def filtres_tranche_montant(champ="montant_accorde"):
    filtres = {}
    for cle, (mini, maxi) in TRANCHES_MONTANT_FAJ.items():
        q = Q()
        if mini is not None:
            q &= Q(**{f"{champ}__gt": mini})
        if maxi is not None:
            q &= Q(**{f"{champ}__lte": maxi})
        filtres[cle] = q
    return filtres


# --- Définitions affichées à côté des tableaux -----------------------------------------------------------------
# Une phrase par tableau (clé : `Tableau.nom`, reporting/presentation.py), lue par le tableau de bord et le rapport
# PDF ; les mêmes mots figurent dans docs/indicateurs.md (« Définitions affichées à côté des tableaux »), ce que
# vérifie tests/reporting/test_definitions.py. Un nouveau tableau ajoute sa phrase ici (et dans la doc).
ACCOMPAGNES = (
    "Jeunes accompagnés dans l'année : au moins un entretien individuel, un atelier ou une information collective "
    "daté de l'année (les simples contacts ne comptent pas)"
)

DEFINITIONS = {
    "territoires": f"{ACCOMPAGNES}, rangés selon l'antenne et le secteur de leur lieu de résidence actuel ; un "
    "jeune sans secteur compte dans son antenne et dans le total. Primo-accueillis : jeunes accompagnés dont le "
    "premier accueil est daté de l'année.",
    "par_sexe": f"{ACCOMPAGNES}, selon le sexe enregistré au dossier.",
    "par_tranche_age": f"{ACCOMPAGNES}, selon leur âge au 31 décembre de l'année.",
    "par_niveau": f"{ACCOMPAGNES}, selon le niveau de qualification enregistré au dossier.",
    "par_annee_premier_accueil": f"{ACCOMPAGNES}, selon l'année de leur premier accueil ; un premier accueil daté "
    "après l'année compte avec l'année même.",
    "par_hebergement": f"{ACCOMPAGNES}, selon l'hébergement enregistré au dossier au moment du calcul.",
    "par_transport": f"{ACCOMPAGNES}, selon le moyen de transport enregistré au dossier au moment du calcul.",
    "par_permis": f"{ACCOMPAGNES}, selon le permis de conduire enregistré au dossier au moment du calcul.",
    "formation": "Situations de formation qui commencent dans l'année, par type et financeur : chaque entrée "
    "compte (un jeune entré deux fois en formation compte deux fois).",
    "emploi": "Situations d'emploi qui commencent dans l'année, par type de contrat : chaque entrée compte.",
    "immersions": "Immersions en entreprise qui commencent dans l'année : chaque immersion compte.",
    "dispositifs": "Jeunes distincts dont une inscription au dispositif est en cours à un moment de l'année "
    "(entrée au plus tard le 31 décembre, sortie absente ou à partir du 1er janvier) ; un jeune peut compter dans "
    "plusieurs dispositifs.",
    "aides": "Allocations : versements datés de l'année. FAJ : aides accordées (totalement ou partiellement) par une "
    "décision datée de l'année, montants accordés. Un jeune aidé par plusieurs fonds compte une seule fois dans le "
    "total.",
    "faj_type": "Aides du FAJ accordées (totalement ou partiellement) par une décision datée de l'année, selon le "
    "type d'aide.",
    "faj_tranche": "Aides du FAJ accordées par une décision datée de l'année, selon le montant accordé "
    "(« 1 à 75 € » : jusqu'à 75 € compris ; « 76 à 150 € » : de 75,01 à 150 €, et ainsi de suite).",
    "services": "Événements datés de l'année (entretiens, ateliers) des jeunes accompagnés dans l'année, par "
    "service rendu : un événement compte une fois pour chaque service rendu.",
    "profil": f"{ACCOMPAGNES}, par secteur de résidence. Pour protéger l'anonymat, les effectifs de 1 à 4 jeunes "
    "sont affichés « < 5 » ; la ligne de l'antenne donne les totaux exacts.",
    # Issues 18 et 19 : relations entreprises, actions territoriales, ateliers, programmes, cohortes des dispositifs.
    "entreprises": "Entreprises contactées : entreprises distinctes ayant dans l'année une offre reçue, une mise en "
    "relation ou une participation à une action territoriale. Offres d'emploi reçues dans l'année et "
    "leurs postes ; mises en relation datées de l'année, dont celles dont le résultat est un recrutement.",
    "entreprises_naf": "Situations d'emploi qui commencent dans l'année, selon la section NAF de l'employeur : "
    "celle de l'entreprise du registre quand la situation y est reliée, sinon celle saisie sur la situation, sinon"
    " « non renseigné ».",
    "actions": "Actions territoriales dont le premier jour est dans l'année. Participants : personnes comptées par "
    "public sans dossier, plus les jeunes suivis inscrits un à un ; dans le total, un jeune ou une "
    "entreprise présent à des actions de plusieurs types compte une fois.",
    "ateliers": "Ateliers et informations collectives datés de l'année, par thème : sessions distinctes et jeunes "
    "présents ; un jeune venu à des ateliers de deux thèmes compte dans chacun.",
    "formation_programme": "Situations de formation qui commencent dans l'année, selon leur programme (liste tenue par "
    "l'administrateur) : chaque entrée compte.",
    "cohorte": "Bénéficiaires : jeunes distincts inscrits au dispositif à un moment de l'année ; entrées et sorties "
    "datées de l'année ; situations commencées dans l'année pendant une inscription du jeune au "
    "dispositif (bornes comprises). Profil en part des bénéficiaires : un effectif de 1 à 4 jeunes est "
    "affiché « < 5 », sa part aussi.",
}
DEFINITIONS["actions_evolution"] = DEFINITIONS["actions"]  # même phrase : le total des actions, N et N-1
DEFINITIONS["cohortes"] = DEFINITIONS["cohorte"]  # tableau de toutes les cohortes


def definition_du_tableau(nom):
    """Définition d'un tableau d'après son nom (`services_sante` → « services », `profil_RENNES` → « profil ») ;
    chaîne vide si le tableau n'en a pas encore."""
    if nom in DEFINITIONS:
        return DEFINITIONS[nom]
    prefixe = nom.split("_", 1)[0]
    return DEFINITIONS[prefixe] if prefixe in TABLEAUX_PAR_PREFIXE else ""


TABLEAUX_PAR_PREFIXE = ("services", "profil", "cohorte")  # un tableau par thème, par antenne, par dispositif
