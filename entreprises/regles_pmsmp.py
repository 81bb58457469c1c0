"""Limites légales des périodes de mise en situation en milieu professionnel (PMSMP), en un seul endroit.

Source : code du travail, art. L5135-1 à L5135-8 (loi n° 2014-288 du 5 mars 2014, art. 20) et D5135-1 à D5135-8
(décret n° 2014-1360 du 13 novembre 2014). La convention (art. L5135-4, contenu fixé par l'art. D5135-2 et le modèle
Cerfa n° 13912) est conclue « pour une durée ne pouvant excéder un mois de date à date », renouvelable une fois pour
le même objet (art. L5135-1 : découvrir, confirmer, initier un recrutement) ; la durée totale des périodes d'un même
bénéficiaire dans une même structure d'accueil est plafonnée sur douze mois.

Lecture retenue (à faire confirmer par la direction si un texte plus récent change ces nombres) :
- **un mois de date à date** : du 15 mars au 14 avril inclus ; le dernier jour permis est la veille du même quantième
  le mois suivant, ou le dernier jour de ce mois quand ce quantième n'existe pas (du 31 janvier au 28 ou 29 février,
  du 1er février au 28 ou 29 février) ; voir `dernier_jour_permis` ;
- **renouvelable une fois** : une convention peut être renouvelée par une seule autre, pour le même jeune, la même
  structure et le même objet, qui commence après sa fin ; le renouvellement ne se renouvelle pas ; il dure lui aussi
  un mois de date à date au plus ;
- **même structure sur douze mois** : au plus `CUMUL_MAX_JOURS` jours (deux mois, comptés en jours calendaires de
  convention : deux conventions d'un mois de 31 jours) de conventions non annulées du jeune dans le même
  établissement (SIRET) sur toute fenêtre glissante de douze mois (du même quantième douze mois plus tôt, le
  lendemain, au jour considéré).
"""

import calendar
import datetime

from django.core.exceptions import ValidationError

CUMUL_MAX_JOURS = 62
MESSAGE_DUREE = (
    "Une convention d'immersion dure au plus un mois de date à date (code du travail, art. D5135-3) : "
    "du {debut:%d/%m/%Y}, elle se termine au plus tard le {limite:%d/%m/%Y}."
)


def _meme_quantieme(date, mois):
    """Le même quantième `mois` mois plus tard (ou plus tôt si négatif) ; None si ce jour n'existe pas."""
    annee, m = divmod(date.year * 12 + (date.month - 1) + mois, 12)
    try:
        return datetime.date(annee, m + 1, date.day)
    except ValueError:
        return None


def _dernier_jour_du_mois(date, mois):
    annee, m = divmod(date.year * 12 + (date.month - 1) + mois, 12)
    return datetime.date(annee, m + 1, calendar.monthrange(annee, m + 1)[1])


def dernier_jour_permis(date_debut):
    """Dernier jour d'une convention d'un mois de date à date commencée le `date_debut`."""
    suivant = _meme_quantieme(date_debut, 1)
    if suivant is None:
        return _dernier_jour_du_mois(date_debut, 1)
    return suivant - datetime.timedelta(days=1)


def debut_fenetre_douze_mois(date):
    """Premier jour de la fenêtre de douze mois qui finit le `date` (inclus)."""
    precedent = _meme_quantieme(date, -12)
    if precedent is None:  # 29 février : douze mois plus tôt, le 28 février, donc la fenêtre commence le 1er mars
        precedent = _dernier_jour_du_mois(date, -12)
    return precedent + datetime.timedelta(days=1)


def jours(debut, fin):
    return (fin - debut).days + 1


def verifier_duree(date_debut, date_fin):
    if date_fin < date_debut:
        raise ValidationError({"date_fin": "La date de fin ne peut pas précéder la date de début."})
    limite = dernier_jour_permis(date_debut)
    if date_fin > limite:
        raise ValidationError({"date_fin": MESSAGE_DUREE.format(debut=date_debut, limite=limite)})


def verifier_renouvellement(*, origine, objet, date_debut, jeune_id, entreprise_id):
    """`origine` : la convention renouvelée (ou None)."""
    if origine is None:
        return
    if origine.renouvellement_de_id is not None:
        raise ValidationError(
            "Cette convention est déjà un renouvellement : une immersion ne se renouvelle qu'une fois."
        )
    if origine.jeune_id != jeune_id or origine.entreprise_id != entreprise_id:
        raise ValidationError("Un renouvellement concerne le même jeune et la même structure d'accueil.")
    if objet != origine.objet:
        raise ValidationError({"objet": "Un renouvellement poursuit le même objet que la convention renouvelée."})
    if date_debut <= origine.date_fin:
        raise ValidationError(
            {"date_debut": f"Le renouvellement commence après la fin de la convention ({origine.date_fin:%d/%m/%Y})."}
        )


def verifier_cumul(periodes):
    """`periodes` : (début, fin) des conventions non annulées d'un jeune dans une même structure, la nouvelle
    comprise. Le cumul le plus élevé sur une fenêtre de douze mois est atteint pour une fenêtre qui finit le dernier
    jour d'une convention : il suffit de vérifier celles-là."""
    for _debut, fin_fenetre in periodes:
        debut_fenetre = debut_fenetre_douze_mois(fin_fenetre)
        total = 0
        for debut, fin in periodes:
            chevauchement_debut, chevauchement_fin = max(debut, debut_fenetre), min(fin, fin_fenetre)
            if chevauchement_debut <= chevauchement_fin:
                total += jours(chevauchement_debut, chevauchement_fin)
        if total > CUMUL_MAX_JOURS:
            raise ValidationError(
                f"Sur les douze mois du {debut_fenetre:%d/%m/%Y} au {fin_fenetre:%d/%m/%Y}, ce jeune cumulerait "
                f"{total} jours d'immersion dans cette structure : {CUMUL_MAX_JOURS} au plus (deux mois, code du "
                "travail, art. D5135-3)."
            )
