"""Second passage : écriture par lots (bulk_create / bulk_update), idempotente sur les clés naturelles.

Pour chaque lot de lignes, les enregistrements existants sont cherchés par clé naturelle en une requête ; les
lignes nouvelles sont créées, les lignes dont le contenu diffère sont mises à jour, les autres ne changent pas.
Les colonnes facultatives absentes de l'en-tête ne modifient pas les champs correspondants.
"""

import datetime

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from accompagnement.models import AffectationReferent, Evenement, EvenementService, Jeune, Situation
from accompagnement.regles import AGE_MAX, AGE_MIN, cle_recherche, exige_derogation
from actions_territoriales.enums import PUBLICS
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from aides.enums import StatutDemande
from aides.models import DemandeAide
from dispositifs.models import Inscription, Versement
from entreprises.models import ContactEntreprise, Entreprise, MiseEnRelation, Offre
from entreprises.regles import section_naf
from reprise import fichiers as f
from reprise.creation import creer_en_masse
from reprise.lecture import ErreurValeur, LecteurCsv
from weker.texte import normaliser

TAILLE_LOT = 5000
MOTIF = "Reprise de données"
MOTIF_DEROGATION = (
    f"Reprise de données : âge hors {AGE_MIN}–{AGE_MAX} ans au premier accueil dans l'historique importé."
)
STATUTS_AVANT_NOTIFICATION = (
    StatutDemande.BROUILLON,
    StatutDemande.SOUMISE,
    StatutDemande.INSCRITE,
    StatutDemande.DECIDEE,
)


def _ignorer(colonne, message):  # les lignes ont été validées au premier passage
    raise AssertionError(f"ligne non validée : {colonne}: {message}")


class Ecrivain:
    fichier = None
    modele = None
    champs_cle = ()
    filtres = ()
    # colonne du fichier -> champs du modèle qu'elle alimente (pour les colonnes facultatives)
    champs_par_colonne = {}
    champs_toujours = ()
    champs_lus = ()
    seulement = None  # "modifier" ou "creer" quand le fichier est écrit en deux passages

    def __init__(self, contexte, entete):
        self.contexte, self.entete = contexte, entete
        self.champs_maj = list(self.champs_toujours)
        for colonne, champs in self.champs_par_colonne.items():
            if colonne in entete:
                self.champs_maj.extend(c for c in champs if c not in self.champs_maj)
        self.crees = self.modifies = 0

    # --- à surcharger ---
    def attributs(self, v):
        raise NotImplementedError

    def ajuster(self, attrs, existant):
        """Complète les attributs d'une ligne à mettre à jour à partir de l'enregistrement existant."""

    def apres_lot(self, crees, modifies):
        """crees : attributs des lignes créées (avec "pk") ; modifies : [(attrs, existant)] mis à jour."""

    def fin(self):
        pass

    # --- mécanique commune ---
    def cle(self, attrs):
        return tuple(attrs[c] for c in self.champs_cle)

    def a_chercher(self, lot):
        """Lignes du lot qui peuvent correspondre à un enregistrement existant."""
        return lot

    def charger_complements(self, existants):
        """Données liées des enregistrements existants du lot (services d'un événement…)."""

    def lire_existants(self, lot):
        candidats = self.a_chercher(lot)
        if not candidats:
            return {}
        filtres = {}
        for champ in self.filtres:
            valeurs = {a[champ] for a in candidats}
            if isinstance(next(iter(valeurs)), datetime.date):
                filtres[f"{champ}__range"] = (min(valeurs), max(valeurs))  # 2 paramètres au lieu de milliers
            else:
                filtres[f"{champ}__in"] = valeurs
        lus = dict.fromkeys(("pk", *self.champs_cle, *self.champs_maj, *self.champs_lus))
        existants = {}
        for ligne in self.modele.objects.filter(**filtres).order_by("pk").values(*lus):
            existants.setdefault(self.cle(ligne), ligne)
        self.charger_complements(existants)
        return existants

    def ecrire_lot(self, lot):
        existants = self.lire_existants(lot)
        a_creer, a_modifier = [], []
        for attrs in lot:
            existant = existants.get(self.cle(attrs))
            if existant is None:
                a_creer.append(attrs)
                continue
            self.ajuster(attrs, existant)
            if any(attrs[c] != existant[c] for c in self.champs_maj) or self.differe(attrs, existant):
                a_modifier.append((attrs, existant))
        if self.seulement == "creer":
            a_modifier = []
        elif self.seulement == "modifier":
            a_creer = []
        if a_modifier:
            objets = [self.objet_existant(existant["pk"], attrs) for attrs, existant in a_modifier]
            if self.champs_maj:
                self.modele.objects.bulk_update(objets, self.champs_maj, batch_size=1000)
        creer_en_masse(self.modele, a_creer)
        self.apres_lot(a_creer, a_modifier)
        self.contexte.jeunes_ecrits.update(self.jeunes_du_lot(a_creer, a_modifier))
        self.crees += len(a_creer)
        self.modifies += len(a_modifier)

    def differe(self, attrs, existant):
        return False

    def jeunes_du_lot(self, crees, modifies):
        """Les jeunes dont ce lot a créé ou modifié une ligne : seules leurs alertes sont recalculées à la fin de
        l'import (les recalculer toutes relisait toute la base : 100 s à un million de jeunes)."""
        if self.modele is Jeune:
            return [a["pk"] for a in crees] + [existant["pk"] for _attrs, existant in modifies]
        return [a["jeune_id"] for a in crees if a.get("jeune_id")] + [
            attrs["jeune_id"] for attrs, _existant in modifies if attrs.get("jeune_id")
        ]

    def objet_existant(self, pk, attrs):
        return self.modele(pk=pk, **{k: v for k, v in attrs.items() if not k.startswith("_")})


class EcrivainJeunes(Ecrivain):
    fichier = f.JEUNES
    modele = Jeune
    champs_cle = ("identifiant_externe",)
    filtres = ("identifiant_externe",)
    champs_toujours = (
        "nom",
        "prenom",
        "nom_recherche",
        "sexe",
        "date_naissance",
        "commune_id",
        "antenne_id",
        "secteur_id",
        "date_premier_accueil",
        "derogation_age_motif",
    )
    champs_par_colonne = {
        "niveau": ("niveau",),
        "hebergement": ("hebergement",),
        "transport": ("transport",),
        "permis": ("permis",),
        "telephone": ("telephone",),
        "courriel": ("courriel",),
        "rsa": ("rsa",),
        "qpv": ("qpv",),
        "rqth": ("rqth",),
        "conseiller": ("referent_id",),
    }
    champs_lus = ("nom_usage",)

    def attributs(self, v):
        ref = self.contexte.ref
        antenne_id, secteur_defaut_id = ref.communes[v["commune_insee"]]
        secteur_id = v["secteur"][0] if v.get("secteur") else secteur_defaut_id
        age = f.age_au(v["date_naissance"], v["date_premier_accueil"])
        attrs = {
            "identifiant_externe": v["identifiant"],
            "nom": v["nom"],
            "prenom": v["prenom"],
            "nom_recherche": cle_recherche(v["nom"], "", v["prenom"]),
            "sexe": v["sexe"],
            "date_naissance": v["date_naissance"],
            "commune_id": v["commune_insee"],
            "antenne_id": antenne_id,
            "secteur_id": secteur_id,
            "date_premier_accueil": v["date_premier_accueil"],
            "derogation_age_motif": MOTIF_DEROGATION if exige_derogation(age) else "",
            "_secteur_explicite": bool(v.get("secteur")),
        }
        for colonne in ("niveau", "hebergement", "transport", "permis", "telephone", "courriel"):
            if colonne in self.entete:
                attrs[colonne] = v[colonne] or ""
        for colonne in ("rsa", "qpv", "rqth"):
            if colonne in self.entete:
                attrs[colonne] = bool(v[colonne])
        if "conseiller" in self.entete:
            attrs["referent_id"] = v["conseiller"]
        return attrs

    def ajuster(self, attrs, existant):
        # Sans secteur dans le fichier, un secteur choisi dans weker (quartier de Rennes) est gardé tant que la
        # commune ne change pas.
        if not attrs["_secteur_explicite"] and existant["secteur_id"] and existant["commune_id"] == attrs["commune_id"]:
            attrs["secteur_id"] = existant["secteur_id"]
        attrs["nom_recherche"] = cle_recherche(attrs["nom"], existant["nom_usage"], attrs["prenom"])
        # Un motif saisi dans weker n'est pas écrasé ; le motif de reprise n'est posé que s'il manque.
        motif = existant["derogation_age_motif"]
        if motif and (attrs["derogation_age_motif"] or motif != MOTIF_DEROGATION):
            attrs["derogation_age_motif"] = motif

    def apres_lot(self, crees, modifies):
        self.contexte.jeunes_crees.update(j["pk"] for j in crees)
        # Historique des référents : une affectation ouverte depuis le premier accueil pour chaque référent
        # importé ; un changement de référent clôt l'affectation en cours et en ouvre une nouvelle.
        affectations = [
            {"jeune_id": j["pk"], "referent_id": j["referent_id"], "debut": j["date_premier_accueil"], "motif": MOTIF}
            for j in crees
            if j.get("referent_id")
        ]
        changes = {
            existant["pk"]: attrs["referent_id"]
            for attrs, existant in modifies
            if "referent_id" in self.champs_maj and attrs["referent_id"] != existant["referent_id"]
        }
        if changes:
            aujourdhui = timezone.localdate()
            ouvertes = list(AffectationReferent.objects.filter(jeune_id__in=changes, fin__isnull=True))
            for affectation in ouvertes:
                affectation.fin = max(aujourdhui, affectation.debut)
            AffectationReferent.objects.bulk_update(ouvertes, ["fin"])
            affectations += [
                {"jeune_id": pk, "referent_id": referent_id, "debut": aujourdhui, "motif": MOTIF}
                for pk, referent_id in changes.items()
                if referent_id
            ]
        creer_en_masse(AffectationReferent, affectations)


class EcrivainDependant(Ecrivain):
    """Fichiers rattachés à un jeune par `identifiant_jeune`."""

    def jeune_id(self, v):
        return self.contexte.jeunes[v["identifiant_jeune"]]

    def a_chercher(self, lot):
        # Un jeune créé par cet import n'avait rien avant lui, et le fichier n'a pas de clé en double :
        # ses lignes sont forcément nouvelles (le premier import complet ne fait aucune recherche).
        crees = self.contexte.jeunes_crees
        return [a for a in lot if a["jeune_id"] not in crees]


class EcrivainEvenements(EcrivainDependant):
    fichier = f.EVENEMENTS
    modele = Evenement
    champs_cle = ("jeune_id", "date", "type", "conseiller_id")
    filtres = ("jeune_id", "date")
    champs_par_colonne = {
        "modalite": ("modalite",),
        "session": ("reference_session",),
        "theme": ("theme_atelier_id",),
    }

    def __init__(self, contexte, entete):
        super().__init__(contexte, entete)
        self.avec_services = "services" in entete
        self._services_existants = {}

    def attributs(self, v):
        attrs = {
            "jeune_id": self.jeune_id(v),
            "date": v["date"],
            "type": v["type"],
            "conseiller_id": v.get("conseiller"),
        }
        if "modalite" in self.entete:
            attrs["modalite"] = v["modalite"] or ""
        if "session" in self.entete:
            attrs["reference_session"] = v["session"] or ""
        if "theme" in self.entete:
            attrs["theme_atelier_id"] = v["theme"]
        if self.avec_services:
            attrs["_services"] = v["services"] or ()
        return attrs

    def charger_complements(self, existants):
        if not self.avec_services or not existants:
            return
        pks = [e["pk"] for e in existants.values()]
        for evenement_id, service in EvenementService.objects.filter(evenement_id__in=pks).values_list(
            "evenement_id", "service"
        ):
            self._services_existants.setdefault(evenement_id, set()).add(service)

    def ecrire_lot(self, lot):
        self._services_existants = {}
        super().ecrire_lot(lot)

    def differe(self, attrs, existant):
        if not self.avec_services:
            return False
        return set(attrs["_services"]) != self._services_existants.get(existant["pk"], set())

    def apres_lot(self, crees, modifies):
        if not self.avec_services:
            return
        nouveaux = [{"evenement_id": e["pk"], "service": s} for e in crees for s in e["_services"]]
        a_refaire = [
            (existant["pk"], attrs["_services"])
            for attrs, existant in modifies
            if set(attrs["_services"]) != self._services_existants.get(existant["pk"], set())
        ]
        if a_refaire:
            EvenementService.objects.filter(evenement_id__in=[pk for pk, _ in a_refaire]).delete()
            nouveaux += [{"evenement_id": pk, "service": s} for pk, services in a_refaire for s in services]
        creer_en_masse(EvenementService, nouveaux)

    def fin(self):
        # Dernier contact = date du dernier événement, pour les jeunes repris (recalcul en une requête).
        dernier = (
            Evenement.objects.filter(jeune=OuterRef("pk"))
            .order_by()
            .values("jeune")
            .annotate(m=Max("date"))
            .values("m")
        )
        Jeune.objects.filter(identifiant_externe__isnull=False).update(date_dernier_contact=Subquery(dernier))


class EcrivainSituations(EcrivainDependant):
    fichier = f.SITUATIONS
    modele = Situation
    champs_cle = ("jeune_id", "categorie", "type", "date_debut")
    filtres = ("jeune_id", "date_debut")
    champs_toujours = ("financeur",)
    champs_par_colonne = {
        "date_fin": ("date_fin",),
        "secteur_activite": ("secteur_activite",),
        "programme": ("programme_id",),
        "siret": ("entreprise_id", "secteur_naf"),
        "secteur_naf": ("secteur_naf",),
    }

    def attributs(self, v):
        attrs = {
            "jeune_id": self.jeune_id(v),
            "categorie": v["categorie"],
            "type": v["type"],
            "date_debut": v["date_debut"],
            "financeur": v.get("financeur") or "",
        }
        if "date_fin" in self.entete:
            attrs["date_fin"] = v["date_fin"]
        if "secteur_activite" in self.entete:
            attrs["secteur_activite"] = v["secteur_activite"] or ""
        if "programme" in self.entete:
            attrs["programme_id"] = v["programme"]
        entreprise = self.contexte.entreprises[v["siret"]] if v.get("siret") else None
        if "siret" in self.entete:
            attrs["entreprise_id"] = entreprise[0] if entreprise else None
        if "siret" in self.entete or "secteur_naf" in self.entete:
            # Section de l'entreprise du registre quand elle est connue, sinon celle du fichier.
            attrs["secteur_naf"] = (entreprise[1] if entreprise else "") or v.get("secteur_naf") or ""
            attrs["_section_donnee"] = bool(attrs["secteur_naf"])
        return attrs

    def ajuster(self, attrs, existant):
        # Sans colonne secteur_naf ni SIRET sur la ligne, une section saisie dans weker est gardée.
        if "secteur_naf" in attrs and not attrs["_section_donnee"] and "secteur_naf" not in self.entete:
            attrs["secteur_naf"] = existant["secteur_naf"]


class EcrivainDispositifs(EcrivainDependant):
    fichier = f.DISPOSITIFS
    modele = Inscription
    champs_cle = ("jeune_id", "dispositif_id", "date_entree")
    filtres = ("jeune_id", "dispositif_id")
    champs_par_colonne = {"date_sortie": ("date_sortie",), "motif_sortie": ("motif_sortie",)}
    # Les sorties sont écrites avant les entrées (une seule inscription ouverte par jeune et dispositif).
    deux_passages = True

    def attributs(self, v):
        attrs = {"jeune_id": self.jeune_id(v), "dispositif_id": v["dispositif"][0], "date_entree": v["date_entree"]}
        if "date_sortie" in self.entete:
            attrs["date_sortie"] = v["date_sortie"]
        if "motif_sortie" in self.entete:
            attrs["motif_sortie"] = v["motif_sortie"] or ""
        return attrs


class EcrivainAides(EcrivainDependant):
    fichier = f.AIDES
    modele = DemandeAide
    champs_cle = ("reference_externe",)
    filtres = ("reference_externe",)
    champs_toujours = ("jeune_id", "fonds", "type", "date_demande", "montant_demande", "statut")
    champs_par_colonne = {
        "urgence": ("urgence",),
        "decision": ("decision",),
        "date_decision": ("date_decision",),
        "montant_accorde": ("montant_accorde",),
    }

    def attributs(self, v):
        attrs = {
            "reference_externe": v["reference"],
            "jeune_id": self.jeune_id(v),
            "fonds": v["fonds"],
            "type": v["type"],
            "date_demande": v["date_demande"],
            "montant_demande": v["montant_demande"],
            "statut": StatutDemande.DECIDEE if v.get("decision") else StatutDemande.SOUMISE,
        }
        if "urgence" in self.entete:
            attrs["urgence"] = bool(v["urgence"])
        for colonne in ("decision",):
            if colonne in self.entete:
                attrs[colonne] = v[colonne] or ""
        for colonne in ("date_decision", "montant_accorde"):
            if colonne in self.entete:
                attrs[colonne] = v[colonne]
        return attrs

    def ajuster(self, attrs, existant):
        # Une demande déjà notifiée ou payée dans weker garde son statut.
        if existant["statut"] not in STATUTS_AVANT_NOTIFICATION:
            attrs["statut"] = existant["statut"]


class EcrivainVersements(EcrivainDependant):
    fichier = f.VERSEMENTS
    modele = Versement
    champs_cle = ("jeune_id", "fonds", "date", "periode")
    filtres = ("jeune_id", "date")
    champs_toujours = ("montant",)

    def attributs(self, v):
        return {
            "jeune_id": self.jeune_id(v),
            "fonds": v["fonds"],
            "date": v["date"],
            "periode": v.get("periode") or "",
            "montant": v["montant"],
        }


class EcrivainEntreprises(Ecrivain):
    """Établissements, et leur contact quand les colonnes contact_* sont données : le contact de même nom (sans
    casse ni accents) est mis à jour, sinon créé ; une ligne sans contact_nom ne touche pas aux contacts."""

    fichier = f.ENTREPRISES
    modele = Entreprise
    champs_cle = ("siret",)
    filtres = ("siret",)
    champs_toujours = ("raison_sociale", "nom_recherche", "commune_id")
    champs_par_colonne = {"naf": ("naf", "section_naf"), "tranche_effectif": ("tranche_effectif",)}

    def __init__(self, contexte, entete):
        super().__init__(contexte, entete)
        self.colonnes_contact = [c for c in f.COLONNES_CONTACT if c in entete]
        self._contacts = {}  # pk de l'entreprise -> {nom normalisé: contact existant}
        self.maintenant = timezone.now()

    def attributs(self, v):
        attrs = {
            "siret": v["siret"],
            "raison_sociale": v["raison_sociale"],
            "nom_recherche": normaliser(v["raison_sociale"])[:200],
            "commune_id": v["commune_insee"],
            "modifie_le": self.maintenant,
        }
        if "naf" in self.entete:
            attrs["naf"] = v["naf"] or ""
            attrs["section_naf"] = section_naf(attrs["naf"]) if attrs["naf"] else ""
        if "tranche_effectif" in self.entete:
            attrs["tranche_effectif"] = v["tranche_effectif"] or ""
        if v.get("contact_nom"):
            attrs["_contact"] = {
                "nom": v["contact_nom"],
                **{c.removeprefix("contact_"): v[c] or "" for c in self.colonnes_contact if c != "contact_nom"},
            }
        return attrs

    def charger_complements(self, existants):
        if not self.colonnes_contact or not existants:
            return
        for contact in ContactEntreprise.objects.filter(entreprise_id__in=[e["pk"] for e in existants.values()]):
            self._contacts.setdefault(contact.entreprise_id, {}).setdefault(normaliser(contact.nom), contact)

    def ecrire_lot(self, lot):
        self._contacts = {}
        super().ecrire_lot(lot)

    def _contact_a_ecrire(self, entreprise_pk, donnees):
        """(contact existant ou None, champs qui diffèrent) ; None s'il n'y a rien à écrire."""
        existant = self._contacts.get(entreprise_pk, {}).get(normaliser(donnees["nom"]))
        if existant is None:
            return None, list(donnees)
        differents = [champ for champ, valeur in donnees.items() if getattr(existant, champ) != valeur]
        return (existant, differents) if differents else None

    def differe(self, attrs, existant):
        return "_contact" in attrs and self._contact_a_ecrire(existant["pk"], attrs["_contact"]) is not None

    def apres_lot(self, crees, modifies):
        nouveaux = [{"entreprise_id": e["pk"], **e["_contact"]} for e in crees if "_contact" in e]
        a_modifier = []
        for attrs, existant in modifies:
            if "_contact" not in attrs or (ecrire := self._contact_a_ecrire(existant["pk"], attrs["_contact"])) is None:
                continue
            contact, _differents = ecrire
            if contact is None:
                nouveaux.append({"entreprise_id": existant["pk"], **attrs["_contact"]})
            else:
                for champ, valeur in attrs["_contact"].items():
                    setattr(contact, champ, valeur)
                contact.modifie_le = self.maintenant
                a_modifier.append(contact)
        if a_modifier:
            ContactEntreprise.objects.bulk_update(a_modifier, ["nom", "telephone", "courriel", "modifie_le"])
        creer_en_masse(ContactEntreprise, [{**c, "modifie_le": self.maintenant} for c in nouveaux])


class EcrivainOffres(Ecrivain):
    fichier = f.OFFRES
    modele = Offre
    champs_cle = ("reference",)
    filtres = ("reference",)
    champs_toujours = ("entreprise_id", "intitule", "type_contrat", "nombre_postes", "date_reception", "statut")
    champs_par_colonne = {"code_rome": ("code_rome",), "date_cloture": ("date_cloture",)}

    def attributs(self, v):
        attrs = {
            "reference": v["reference"],
            "entreprise_id": self.contexte.entreprises[v["siret"]][0],
            "intitule": v["intitule"],
            "type_contrat": v["type_contrat"],
            "nombre_postes": v["nombre_postes"],
            "date_reception": v["date_reception"],
            "statut": v["statut"],
        }
        if "code_rome" in self.entete:
            attrs["code_rome"] = v["code_rome"] or ""
        if "date_cloture" in self.entete:
            attrs["date_cloture"] = v["date_cloture"]
        return attrs


class EcrivainMisesEnRelation(EcrivainDependant):
    """Mises en relation de l'historique : le résultat est repris tel quel ; « recrute » ne crée pas de situation
    (l'emploi vient de situations.csv)."""

    fichier = f.MISES_EN_RELATION
    modele = MiseEnRelation
    champs_cle = ("jeune_id", "entreprise_id", "offre_id", "date")
    filtres = ("jeune_id", "date")
    champs_toujours = ("resultat",)

    def attributs(self, v):
        return {
            "jeune_id": self.jeune_id(v),
            "entreprise_id": self.contexte.entreprises[v["siret"]][0],
            "offre_id": self.contexte.offres[v["reference_offre"]] if v.get("reference_offre") else None,
            "date": v["date"],
            "resultat": v["resultat"],
        }


CHAMPS_EFFECTIFS = [champ for champ, _libelle in PUBLICS] + [
    "participants_femmes",
    "entretiens",
    "seconds_entretiens",
    "embauches",
]


class EcrivainActions(Ecrivain):
    """Actions territoriales ; les entreprises participantes (colonne `entreprises`) remplacent celles de
    l'action quand la colonne est présente. L'antenne n'est pas posée : les indicateurs d'une antenne prennent
    alors celle de la commune de l'action."""

    fichier = f.ACTIONS
    modele = ActionTerritoriale
    champs_cle = ("reference",)
    filtres = ("reference",)
    champs_toujours = ("intitule", "type", "date", "commune_id")
    champs_par_colonne = {champ: (champ,) for champ in CHAMPS_EFFECTIFS}
    lien = ActionTerritoriale.entreprises.through

    def __init__(self, contexte, entete):
        super().__init__(contexte, entete)
        self.avec_entreprises = "entreprises" in entete
        self._liens = {}

    def attributs(self, v):
        attrs = {
            "reference": v["reference"],
            "intitule": v["intitule"],
            "type": v["type"],
            "date": v["date"],
            "commune_id": v["commune_insee"],
        }
        for champ in CHAMPS_EFFECTIFS:
            if champ in self.entete:
                attrs[champ] = v[champ] or 0
        if self.avec_entreprises:
            entreprises = self.contexte.entreprises
            attrs["_entreprises"] = {entreprises[siret][0] for siret in v["entreprises"] or ()}
        return attrs

    def charger_complements(self, existants):
        if not self.avec_entreprises or not existants:
            return
        liens = self.lien.objects.filter(actionterritoriale_id__in=[e["pk"] for e in existants.values()])
        for action_id, entreprise_id in liens.values_list("actionterritoriale_id", "entreprise_id"):
            self._liens.setdefault(action_id, set()).add(entreprise_id)

    def ecrire_lot(self, lot):
        self._liens = {}
        super().ecrire_lot(lot)

    def differe(self, attrs, existant):
        return self.avec_entreprises and attrs["_entreprises"] != self._liens.get(existant["pk"], set())

    def apres_lot(self, crees, modifies):
        if not self.avec_entreprises:
            return
        nouveaux = [(a["pk"], e) for a in crees for e in a["_entreprises"]]
        a_refaire = [
            (existant["pk"], attrs["_entreprises"])
            for attrs, existant in modifies
            if attrs["_entreprises"] != self._liens.get(existant["pk"], set())
        ]
        if a_refaire:
            self.lien.objects.filter(actionterritoriale_id__in=[pk for pk, _ in a_refaire]).delete()
            nouveaux += [(pk, e) for pk, entreprises in a_refaire for e in entreprises]
        creer_en_masse(self.lien, [{"actionterritoriale_id": a, "entreprise_id": e} for a, e in sorted(nouveaux)])


class EcrivainParticipations(EcrivainDependant):
    fichier = f.PARTICIPATIONS_ACTIONS
    modele = ParticipationAction
    champs_cle = ("action_id", "jeune_id")
    filtres = ("jeune_id",)

    def attributs(self, v):
        return {"action_id": self.contexte.actions[v["reference_action"]], "jeune_id": self.jeune_id(v)}


ECRIVAINS = {
    e.fichier.nom: e
    for e in (
        EcrivainJeunes,
        EcrivainEvenements,
        EcrivainSituations,
        EcrivainDispositifs,
        EcrivainAides,
        EcrivainVersements,
        EcrivainEntreprises,
        EcrivainOffres,
        EcrivainMisesEnRelation,
        EcrivainActions,
        EcrivainParticipations,
    )
}


def ecrire_fichier(nom, chemin, contexte, avancer):
    """Écrit un fichier validé ; `avancer(numero_de_ligne)` est appelé à chaque lot. Renvoie (créés, modifiés)."""
    classe = ECRIVAINS[nom]
    fichier = classe.fichier
    lecteur = LecteurCsv(chemin, nom, fichier.noms_colonnes, fichier.obligatoires)
    ecrivain = None
    passages = ("modifier", "creer") if getattr(classe, "deux_passages", False) else ("tout",)
    for passage in passages:
        lot = []
        for numero, cellules in lecteur:
            if isinstance(cellules, ErreurValeur):  # pragma: no cover - refusé à la validation
                raise AssertionError(str(cellules))
            if ecrivain is None:
                ecrivain = classe(contexte, set(lecteur.entete))
            lot.append(ecrivain.attributs(fichier.analyser(cellules, contexte.ref, _ignorer)))
            if len(lot) >= TAILLE_LOT:
                _ecrire(ecrivain, lot, passage)
                avancer(numero)
                lot = []
        if lot:
            _ecrire(ecrivain, lot, passage)
        avancer(None)
    if ecrivain is None:
        return 0, 0
    ecrivain.fin()
    return ecrivain.crees, ecrivain.modifies


def _ecrire(ecrivain, lot, passage):
    # En deux passages : d'abord les mises à jour (sorties), puis les créations.
    ecrivain.seulement = None if passage == "tout" else passage
    ecrivain.ecrire_lot(lot)
