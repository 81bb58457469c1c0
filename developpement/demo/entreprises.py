"""Démonstration des relations entreprises et des actions territoriales : registre d'entreprises (avec contacts),
offres, mises en relation, actions territoriales avec leurs entreprises et leurs jeunes, thèmes des ateliers et
programmes des formations. Écrit en masse comme le reste du jeu ; un tirage pseudo-aléatoire à part (graine dérivée)
laisse inchangé le reste du jeu de démonstration.

Les SIRET et les références sont tirés des clés primaires réservées : relancer la génération sur une base qui a
déjà des entreprises n'entre jamais en conflit.
"""

import datetime as dt
import random

from django.db import transaction

from accompagnement.enums import CategorieSituation
from accompagnement.models import ProgrammeFormation, ThemeAtelier
from actions_territoriales.enums import PUBLICS, TypeAction
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from antennes.models import Commune
from entreprises.enums import TYPES_CONTRAT_OFFRE, ResultatMiseEnRelation, StatutOffre
from entreprises.models import ContactEntreprise, Entreprise, MiseEnRelation, Offre
from weker.texte import normaliser

# Thème (liste configurable) des intitulés de sessions du générateur ; les autres : « autre ».
CODES_THEMES = {
    "Préparer un entretien d'embauche": "entretien_embauche",
    "Rédiger son CV": "cv_lettre",
    "Découverte des métiers de la logistique": "decouverte_metiers",
    "Budget et accès aux droits": "budget",
    "Se loger à Rennes": "logement",
    "Numérique : candidater en ligne": "numerique",
    "Découvrir l'alternance": "alternance",
    "Santé et bien-être": "sante",
    "Mobilité : passer le permis": "mobilite",
    "Information collective métiers du soin": "decouverte_metiers",
}
ACTIVITES = (  # (code NAF, section, nom)
    ("56.10A", "I", "Restaurant"),
    ("55.10Z", "I", "Hôtel"),
    ("47.11B", "G", "Supérette"),
    ("45.20A", "G", "Garage"),
    ("10.71C", "C", "Boulangerie"),
    ("43.21A", "F", "Électricité"),
    ("43.99C", "F", "Maçonnerie"),
    ("49.41A", "H", "Transports"),
    ("52.29A", "H", "Logistique"),
    ("86.10Z", "Q", "Clinique"),
    ("88.10A", "Q", "Aide à domicile"),
    ("78.20Z", "N", "Intérim"),
    ("81.21Z", "N", "Propreté"),
    ("62.01Z", "J", "Informatique"),
    ("01.13Z", "A", "Maraîchage"),
    ("96.02A", "S", "Coiffure"),
    ("84.11Z", "O", "Mairie"),
)
NOMS = ("de l'Ille", "du Mail", "des Lices", "Bretagne", "de la Vilaine", "du Thabor", "Armor", "de Brocéliande")
INTITULES = ("Commis de cuisine", "Vendeur", "Préparateur de commandes", "Agent d'entretien", "Aide-soignant")
TYPES_CONTRAT = [code for code, _libelle in TYPES_CONTRAT_OFFRE]
PROGRAMMES_POIDS = {"ppi": 25, "caq": 15, "afc": 20, "declic_action": 10, "epide": 5, "poe": 15, "autre": 10}
SECTIONS_SANS_ENTREPRISE = "CFGHINQ"


def siret_de(numero):
    """SIRET fictif (préfixe 999) dont la clé de Luhn est juste, tiré d'un numéro unique."""
    debut = f"999{numero:010d}"[-13:]
    for cle in range(10):
        candidat = f"{debut}{cle}"
        total = 0
        for rang, caractere in enumerate(reversed(candidat)):
            valeur = int(caractere) * (2 if rang % 2 else 1)
            total += valeur - 9 if valeur > 9 else valeur
        if total % 10 == 0:
            return candidat
    raise AssertionError("clé introuvable")  # pragma: no cover - une clé existe toujours


class DemoEntreprises:
    def __init__(self, *, ecrivain, graine, nb_jeunes, debut_fenetre, aujourdhui, suffixe_utc=""):
        self.ecrivain = ecrivain
        self.horodatage = f"{aujourdhui.isoformat()} 08:00:00{suffixe_utc}"
        self.rng = random.Random(graine * 977 + 5)
        self.nb_jeunes = nb_jeunes
        self.debut_fenetre, self.aujourdhui = debut_fenetre, aujourdhui
        self.themes = dict(ThemeAtelier.objects.values_list("code", "pk"))
        self.programmes = dict(ProgrammeFormation.objects.values_list("code", "pk"))
        self.entreprises = []  # (id, section NAF)
        self.jeunes = []  # (id, date du premier accueil)
        self.bilan = {"entreprises": 0, "offres": 0, "mises en relation": 0, "actions territoriales": 0}

    def theme_de_session(self, intitule):
        return self.themes.get(CODES_THEMES.get(intitule, "autre"))

    def _date(self, debut=None):
        debut = max(debut or self.debut_fenetre, self.debut_fenetre)
        if debut >= self.aujourdhui:
            return self.aujourdhui
        return debut + dt.timedelta(days=self.rng.randrange((self.aujourdhui - debut).days + 1))

    def preparer(self):
        """Registre d'entreprises (une pour 40 jeunes, 20 au moins), un contact pour la moitié d'entre elles."""
        communes = list(Commune.objects.du_bassin().order_by("code_insee").values_list("code_insee", flat=True))
        nombre = max(20, self.nb_jeunes // 40)
        ids = self.ecrivain.reserver_ids(Entreprise, nombre)
        lignes, contacts = [], []
        for id_ in ids:
            naf, section, activite = self.rng.choice(ACTIVITES)
            raison_sociale = f"{activite} {self.rng.choice(NOMS)}"
            lignes.append(
                {
                    "id": id_,
                    "siret": siret_de(id_),
                    "raison_sociale": raison_sociale,
                    "naf": naf,
                    "section_naf": section,
                    "tranche_effectif": self.rng.choice(("00", "01", "02", "03", "11", "12", "21")),
                    "commune_id": self.rng.choice(communes[:40]) if self.rng.random() < 0.4 else "35238",
                    "nom_recherche": normaliser(raison_sociale)[:200],
                    "modifie_le": self.horodatage,
                }
            )
            if self.rng.random() < 0.5:
                contacts.append(
                    {
                        "entreprise_id": id_,
                        "nom": f"Contact {id_}",
                        "fonction": "Responsable du recrutement",
                        "telephone": f"02{self.rng.randrange(10**8):08d}",
                    }
                )
            self.entreprises.append((id_, section))
        with transaction.atomic():
            self.ecrivain.inserer(Entreprise, lignes)
            self.ecrivain.inserer(ContactEntreprise, contacts)
        self.bilan["entreprises"] = len(lignes)

    def complements_situation(self, categorie):
        """Champs ajoutés à une situation : entreprise et section NAF d'un emploi, programme d'une formation.
        Mêmes clés pour toutes les situations (l'écrivain en masse lit des lignes homogènes)."""
        valeurs = {"entreprise_id": None, "secteur_naf": "", "programme_id": None}
        tirage = self.rng.random()
        if categorie == CategorieSituation.EMPLOI:
            if tirage < 0.5 and self.entreprises:
                valeurs["entreprise_id"], valeurs["secteur_naf"] = self.rng.choice(self.entreprises)
            elif tirage < 0.85:
                valeurs["secteur_naf"] = self.rng.choice(SECTIONS_SANS_ENTREPRISE)
        elif categorie == CategorieSituation.FORMATION and tirage < 0.85:
            code = self.rng.choices(list(PROGRAMMES_POIDS), weights=list(PROGRAMMES_POIDS.values()))[0]
            valeurs["programme_id"] = self.programmes.get(code)
        return valeurs

    def noter_jeune(self, id_, date_premier_accueil):
        self.jeunes.append((id_, date_premier_accueil))

    def apres_jeunes(self):
        """Offres, mises en relation, actions territoriales (avec entreprises et jeunes inscrits)."""
        rng = self.rng
        if not self.entreprises:
            return
        offres = []
        for id_ in self.ecrivain.reserver_ids(Offre, len(self.entreprises) * 3):
            reception = self._date()
            statut = rng.choice((StatutOffre.OUVERTE, StatutOffre.POURVUE, StatutOffre.POURVUE, StatutOffre.EXPIREE))
            cloture = None if statut == StatutOffre.OUVERTE else min(reception + dt.timedelta(45), self.aujourdhui)
            offres.append(
                {
                    "id": id_,
                    "reference": f"DEMO-OF-{id_}",
                    "entreprise_id": rng.choice(self.entreprises)[0],
                    "intitule": rng.choice(INTITULES),
                    "type_contrat": rng.choice(TYPES_CONTRAT),
                    "nombre_postes": rng.choice((1, 1, 1, 2, 3)),
                    "date_reception": reception,
                    "date_cloture": cloture,
                    "statut": statut,
                }
            )
        mises, vues = [], set()
        resultats = [r.value for r in ResultatMiseEnRelation]
        for _ in range(self.nb_jeunes // 8 if self.jeunes else 0):
            jeune_id, accueil = rng.choice(self.jeunes)
            offre = rng.choice(offres) if rng.random() < 0.7 else None
            date = self._date(max(accueil, offre["date_reception"]) if offre else accueil)
            entreprise_id = offre["entreprise_id"] if offre else rng.choice(self.entreprises)[0]
            cle = (jeune_id, entreprise_id, offre["id"] if offre else None, date)
            if cle in vues:
                continue
            vues.add(cle)
            mises.append(
                {
                    "jeune_id": jeune_id,
                    "entreprise_id": entreprise_id,
                    "offre_id": cle[2],
                    "date": date,
                    "resultat": rng.choices(resultats, weights=(10, 15, 20, 25, 10, 20))[0],
                }
            )
        communes = ["35238", "35188", "35051", "35024"]
        annees = self.aujourdhui.year - self.debut_fenetre.year + 1
        types = [t.value for t in TypeAction]
        actions, liens, participations = [], [], []
        for id_ in self.ecrivain.reserver_ids(ActionTerritoriale, 18 * annees):
            type_ = rng.choice(types)
            recrutement = type_ == TypeAction.RECRUTEMENT
            publics = {champ: rng.choice((0, 0, 5, 12, 30)) for champ, _libelle in PUBLICS}
            entretiens = rng.randrange(5, 40) if recrutement else 0
            actions.append(
                {
                    "id": id_,
                    "reference": f"DEMO-AC-{id_}",
                    "intitule": f"{TypeAction(type_).label.split(' (')[0]} n° {id_}",
                    "type": type_,
                    "date": self._date(),
                    "commune_id": rng.choice(communes),
                    **publics,
                    "participants_femmes": sum(publics.values()) // 2,
                    "entretiens": entretiens,
                    "seconds_entretiens": entretiens // 3,
                    "embauches": entretiens // 6,
                }
            )
            for entreprise_id, _section in rng.sample(self.entreprises, min(len(self.entreprises), rng.randrange(5))):
                liens.append({"actionterritoriale_id": id_, "entreprise_id": entreprise_id})
            if self.jeunes:
                for jeune_id, _accueil in rng.sample(self.jeunes, min(len(self.jeunes), rng.randrange(12))):
                    participations.append({"action_id": id_, "jeune_id": jeune_id})
        with transaction.atomic():
            self.ecrivain.inserer(Offre, offres)
            self.ecrivain.inserer(MiseEnRelation, mises)
            self.ecrivain.inserer(ActionTerritoriale, actions)
            self.ecrivain.inserer(ActionTerritoriale.entreprises.through, liens)
            self.ecrivain.inserer(ParticipationAction, participations)
        self.bilan.update(
            {"offres": len(offres), "mises en relation": len(mises), "actions territoriales": len(actions)}
        )
