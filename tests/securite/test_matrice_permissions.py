"""Matrice des permissions, générée à partir de la configuration des URL.

Chaque nom d'URL de l'application DOIT figurer dans MATRICE, avec le résultat attendu pour chaque persona (rôle ×
antenne, plus l'anonyme) : une nouvelle vue sans règle déclarée fait échouer `test_toute_url_a_une_regle`.
Les objets passés en paramètres d'URL sont créés par la fixture `objets` (jeune de l'antenne de Rennes, etc.) :
`conseiller_rennes` est « de la même antenne », `conseiller_broceliande` « d'une autre antenne ».

Résultats attendus : un code HTTP (200, 302, 403, 404, 405) ou CONNEXION (redirection vers la page de connexion).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accompagnement.models import DocumentJeune, Participation, RepresentantLegal, SessionCollective, Situation
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from agenda.models import AbsenceConseiller, PlageDisponibilite, RendezVous
from aides.models import DemandeAide, PieceJointe, PointOrdreDuJour, Seance
from dispositifs.models import Dispositif, LignePaiement, Phase, PreparationPaiement, Versement
from reporting.models import EditionRapport, RapportPdf, RecalculIndicateurs
from reprise.models import ImportReprise
from tests.securite.factories import DispositifFactory, EvenementFactory, InscriptionFactory, JeuneFactory

CONNEXION = "connexion"
ANONYME = "anonyme"
PERSONAS = (
    ANONYME,
    "accueil_rennes",
    "conseiller_rennes",
    "conseiller_broceliande",
    "entreprises_rennes",
    "responsable_rennes",
    "responsable_broceliande",
    "direction",
    "secretariat_faj",
    "membre_commission",
    "administrateur",
)
AUTHENTIFIES = frozenset(PERSONAS) - {ANONYME}
AGENCE = AUTHENTIFIES - {"membre_commission"}
DIRECTION = frozenset({"direction"})  # + les DPO (persona « dpo » testé à part dans tests/securite/test_dossier.py)
ACCOMPAGNANTS = frozenset(
    {
        "accueil_rennes",
        "conseiller_rennes",
        "conseiller_broceliande",
        "entreprises_rennes",  # conseillère de Rennes qui a le droit « relations entreprises »
        "responsable_rennes",
        "responsable_broceliande",
    }
)
CONSEILLERS = ACCOMPAGNANTS - {"accueil_rennes"}
RESPONSABLES = frozenset({"responsable_rennes", "responsable_broceliande"})
DE_RENNES = frozenset(
    {"conseiller_rennes", "entreprises_rennes", "responsable_rennes"}
)  # conseillers de l'antenne du jeune
SECRETARIAT = frozenset({"secretariat_faj"})
# Salariés d'une autre antenne que celle du jeune : lecture après un motif déclaré (302 vers la page du motif),
# aucune écriture (403) tant que le dossier n'est pas transféré.
AUTRE_ANTENNE = frozenset({"conseiller_broceliande", "responsable_broceliande"})
MOTIF = dict.fromkeys(AUTRE_ANTENNE, 302)
ADMIN = frozenset({"administrateur"})
HORS_FAJ = frozenset({"accueil_rennes", "membre_commission", "administrateur"})  # une demande FAJ leur est invisible
# Les séances ne concernent que direction, secrétariat et les membres de la séance (membre_commission en est membre :
# il voit la séance et son ordre du jour, les actions du secrétariat lui sont refusées par un 403).
HORS_SEANCE = (HORS_FAJ | CONSEILLERS) - {"membre_commission"}
RELATIONS_ENTREPRISES = frozenset({"entreprises_rennes"})  # Utilisateur.relations_entreprises

# Espaces de noms exclus de la matrice : l'administration Django (réservée is_staff, testée à part).
EXCLUS = {"admin"}


@dataclass(frozen=True)
class Regle:
    """`permis` : personas qui obtiennent `statut` ; les autres authentifiés obtiennent `refus` ; l'anonyme
    `anonyme`. `exceptions` surcharge persona par persona. `kwargs(objets)` donne les paramètres de l'URL."""

    permis: frozenset
    statut: int = 200
    refus: int = 403
    anonyme: object = CONNEXION
    kwargs: object = None
    methode: str = "get"
    exceptions: dict = field(default_factory=dict)
    introuvable: frozenset = frozenset()  # personas refusés par un 404 (objet hors de leur périmètre)
    anomalie: str = ""  # défaut connu de la vue : le test est marqué xfail strict jusqu'à correction
    prealable: object = None  # fixture à charger avant la requête (données que la page lit)

    def attendu(self, persona):
        if persona in self.exceptions:
            return self.exceptions[persona]
        if persona == ANONYME:
            return self.anonyme
        if persona in self.permis:
            return self.statut
        return 404 if persona in self.introuvable else self.refus


def jeune_pk(objets):
    return {"pk": objets["jeune"].pk}


def pk(cle):
    return lambda objets: {"pk": objets[cle].pk}


def avec(cle, **autres):
    """kwargs {"pk": objets[cle].pk, nom: objets[autre].pk…}"""
    return lambda objets: {"pk": objets[cle].pk, **{k: objets[v].pk for k, v in autres.items()}}


MATRICE = {
    # Socle
    "accueil": Regle(AUTHENTIFIES),
    "connexion": Regle(AUTHENTIFIES, statut=302, anonyme=200),  # déjà connecté : renvoyé à l'accueil
    "deconnexion": Regle(AUTHENTIFIES, statut=405),  # GET refusé : la déconnexion se fait en POST
    "mot_de_passe": Regle(AUTHENTIFIES),
    "mot_de_passe_modifie": Regle(AUTHENTIFIES),
    "sante": Regle(AUTHENTIFIES, anonyme=200),
    # Sécurité
    "securite:otp_enrolement": Regle(AUTHENTIFIES),
    "securite:otp_verification": Regle(AUTHENTIFIES, statut=302),  # sans appareil : renvoyé vers l'activation
    "securite:journal": Regle(DIRECTION),
    "securite:connexions": Regle(DIRECTION | {"administrateur"}),
    "securite:verrouillages": Regle(frozenset({"administrateur"})),
    "conservation:historique_jeune": Regle(AGENCE - ADMIN, kwargs=jeune_pk, exceptions=MOTIF),
    # dossier de la base active : rien à consulter exceptionnellement, renvoyé au dossier
    "conservation:consultation_exceptionnelle": Regle(DIRECTION, statut=302, kwargs=jeune_pk),
    "conservation:droits": Regle(DIRECTION, kwargs=jeune_pk),
    "conservation:droit_acces_pdf": Regle(DIRECTION, kwargs=jeune_pk),
    "conservation:droit_acces_json": Regle(DIRECTION, kwargs=jeune_pk),
    "conservation:effacement": Regle(DIRECTION, statut=302, kwargs=jeune_pk, methode="post"),
    # Reprise de données : administrateurs seulement.
    "reprise:import_liste": Regle(ADMIN),
    "reprise:import_detail": Regle(ADMIN, kwargs=pk("import_reprise")),
    "reprise:format_echange": Regle(ADMIN),
    # Accompagnement : tout dossier de l'agence s'ouvre (règle de périmètre), jamais par un membre de commission.
    "accompagnement:jeune_liste": Regle(AGENCE - ADMIN),
    "accompagnement:portefeuille": Regle(CONSEILLERS),
    "accompagnement:jeunes_action": Regle(AGENCE - ADMIN, statut=302, methode="post"),
    "accompagnement:recherche": Regle(AGENCE - ADMIN),
    "accompagnement:premier_accueil": Regle(ACCOMPAGNANTS),
    "accompagnement:jeune_creer": Regle(ACCOMPAGNANTS),
    "accompagnement:jeune_detail": Regle(AGENCE - ADMIN, kwargs=jeune_pk, exceptions=MOTIF),
    "accompagnement:jeune_journal": Regle(AGENCE - ADMIN, kwargs=jeune_pk, exceptions=MOTIF),
    # Dossier d'une autre antenne : la page du motif ; dans son périmètre, renvoyé au dossier.
    "accompagnement:consultation_hors_perimetre": Regle(
        AUTRE_ANTENNE, kwargs=jeune_pk, exceptions=dict.fromkeys(ACCOMPAGNANTS - AUTRE_ANTENNE, 302)
    ),
    # Transfert : la direction ; l'antenne du jeune est renvoyée au dossier, une autre antenne au motif d'abord.
    "accompagnement:jeune_transferer": Regle(DIRECTION, kwargs=jeune_pk, exceptions=dict.fromkeys(CONSEILLERS, 302)),
    "accompagnement:jeune_modifier_identite": Regle(ACCOMPAGNANTS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "accompagnement:jeune_modifier_situation": Regle(ACCOMPAGNANTS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "accompagnement:jeune_affecter_referent": Regle(
        AGENCE - SECRETARIAT - ADMIN - AUTRE_ANTENNE, statut=302, kwargs=jeune_pk, methode="post"
    ),
    "accompagnement:representant_ajouter": Regle(
        ACCOMPAGNANTS - AUTRE_ANTENNE, statut=302, kwargs=jeune_pk, methode="post"
    ),
    "accompagnement:representant_supprimer": Regle(
        ACCOMPAGNANTS - AUTRE_ANTENNE,
        statut=302,
        kwargs=avec("jeune", representant_pk="representant"),
        methode="post",
    ),
    # Documents du dossier : lus par qui lit le dossier, joints ou retirés par qui le modifie ; synthèse imprimable.
    "accompagnement:document_ajouter": Regle(
        ACCOMPAGNANTS - AUTRE_ANTENNE, statut=302, kwargs=jeune_pk, methode="post"
    ),
    "accompagnement:document_telecharger": Regle(
        AGENCE - ADMIN, kwargs=avec("jeune", document_pk="document"), exceptions=MOTIF
    ),
    "accompagnement:document_supprimer": Regle(
        ACCOMPAGNANTS - AUTRE_ANTENNE, statut=302, kwargs=avec("jeune", document_pk="document"), methode="post"
    ),
    "accompagnement:jeune_synthese_pdf": Regle(AGENCE - ADMIN, kwargs=jeune_pk, exceptions=MOTIF),
    "accompagnement:evenement_creer": Regle(ACCOMPAGNANTS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "accompagnement:evenement_rapide": Regle(ACCOMPAGNANTS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "accompagnement:situation_creer": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "accompagnement:situation_modifier": Regle(
        CONSEILLERS - AUTRE_ANTENNE, kwargs=avec("jeune", situation_pk="situation")
    ),
    "accompagnement:commune_suggestions": Regle(AGENCE - ADMIN),
    "accompagnement:secteur_options": Regle(AGENCE - ADMIN),
    "accompagnement:session_liste": Regle(AGENCE - SECRETARIAT - ADMIN),
    "accompagnement:session_creer": Regle(AGENCE - SECRETARIAT - ADMIN),
    "accompagnement:session_detail": Regle(AGENCE - SECRETARIAT - ADMIN, kwargs=pk("session")),
    "accompagnement:session_feuille_pdf": Regle(AGENCE - SECRETARIAT - ADMIN, kwargs=pk("session")),
    # Session de l'antenne de Rennes : inscriptions et émargement par l'antenne, la direction et l'administration.
    "accompagnement:session_inscrire": Regle(
        AGENCE - SECRETARIAT - ADMIN - {"conseiller_broceliande", "responsable_broceliande"},
        statut=302,
        kwargs=pk("session"),
        methode="post",
    ),
    "accompagnement:session_desinscrire": Regle(
        AGENCE - SECRETARIAT - ADMIN - {"conseiller_broceliande", "responsable_broceliande"},
        statut=302,
        kwargs=avec("session", jeune_pk="jeune"),
        methode="post",
    ),
    "accompagnement:session_emarger": Regle(
        AGENCE - SECRETARIAT - ADMIN - {"conseiller_broceliande", "responsable_broceliande"},
        statut=200,
        kwargs=pk("session"),
        methode="post",
    ),
    # Agenda : son agenda (conseillers, responsables) ; les rendez-vous du dossier par son antenne seulement.
    "agenda:semaine": Regle(CONSEILLERS),
    "agenda:jour": Regle(CONSEILLERS),
    "agenda:rendez_vous_jeune": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "agenda:rendez_vous_statut": Regle(
        CONSEILLERS - AUTRE_ANTENNE, statut=302, kwargs=pk("rendez_vous"), methode="post"
    ),
    "agenda:rendez_vous_reporter": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=pk("rendez_vous")),
    # Lettre de convocation (PDF) d'un rendez-vous planifié à venir : qui peut planifier dans le dossier.
    "agenda:rendez_vous_convocation_pdf": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=pk("rendez_vous")),
    # Relations entreprises : le registre et les offres se lisent par l'agence (sauf l'administrateur : les contacts
    # sont des données personnelles), se gèrent avec le droit « relations entreprises » ; l'import SIRENE est
    # réservé aux administrateurs.
    "entreprises:entreprise_liste": Regle(AGENCE - ADMIN),
    "entreprises:entreprise_detail": Regle(AGENCE - ADMIN, kwargs=pk("entreprise")),
    "entreprises:entreprise_creer": Regle(RELATIONS_ENTREPRISES),
    "entreprises:entreprise_modifier": Regle(RELATIONS_ENTREPRISES, kwargs=pk("entreprise")),
    # Formulaire vide : renvoyé avec ses erreurs (400), rien d'écrit.
    "entreprises:contact_ajouter": Regle(RELATIONS_ENTREPRISES, statut=400, kwargs=pk("entreprise"), methode="post"),
    "entreprises:contact_modifier": Regle(RELATIONS_ENTREPRISES, kwargs=avec("entreprise", contact_pk="contact")),
    "entreprises:contact_supprimer": Regle(
        RELATIONS_ENTREPRISES, statut=302, kwargs=avec("entreprise", contact_pk="contact"), methode="post"
    ),
    "entreprises:offre_liste": Regle(AGENCE - ADMIN),
    "entreprises:offre_detail": Regle(AGENCE - ADMIN, kwargs=pk("offre")),
    "entreprises:offre_creer": Regle(RELATIONS_ENTREPRISES),
    "entreprises:offre_modifier": Regle(RELATIONS_ENTREPRISES, kwargs=pk("offre")),
    "entreprises:offre_statut": Regle(RELATIONS_ENTREPRISES, statut=302, kwargs=pk("offre"), methode="post"),
    "entreprises:import_sirene": Regle(ADMIN),
    # Disponibilités : chacun les siennes (celles d'un autre : 404) ; journée de l'antenne : le responsable ;
    # planifier depuis l'agenda sans créneau : renvoyé à l'agenda.
    "agenda:disponibilites": Regle(CONSEILLERS),
    "agenda:plage_ajouter": Regle(CONSEILLERS, methode="post"),
    "agenda:absence_ajouter": Regle(CONSEILLERS, methode="post"),
    "agenda:plage_supprimer": Regle(
        frozenset({"conseiller_rennes"}),
        statut=302,
        kwargs=pk("plage"),
        methode="post",
        introuvable=CONSEILLERS - {"conseiller_rennes"},
    ),
    "agenda:absence_supprimer": Regle(
        frozenset({"conseiller_rennes"}),
        statut=302,
        kwargs=pk("absence"),
        methode="post",
        introuvable=CONSEILLERS - {"conseiller_rennes"},
    ),
    "agenda:antenne": Regle(RESPONSABLES),
    "agenda:planifier": Regle(CONSEILLERS, statut=302),
    # Rendez-vous planifié (pas encore honoré) : la saisie de l'entretien renvoie aux rendez-vous du dossier.
    "agenda:rendez_vous_entretien": Regle(CONSEILLERS - AUTRE_ANTENNE, statut=302, kwargs=pk("rendez_vous")),
    # Actions territoriales (action de l'antenne de Rennes, le jeune inscrit) : lues par l'agence au métier ; gérées
    # par la direction, les conseillers relations entreprises (persona entreprises_rennes) et le responsable de
    # l'antenne de l'action ; comptées sur tablette aussi par l'accueil et les conseillers de cette antenne.
    "actions_territoriales:liste": Regle(AGENCE - ADMIN),
    "actions_territoriales:creer": Regle(RESPONSABLES | DIRECTION | RELATIONS_ENTREPRISES),
    "actions_territoriales:entreprises_suggestions": Regle(RESPONSABLES | DIRECTION | RELATIONS_ENTREPRISES),
    "actions_territoriales:detail": Regle(AGENCE - ADMIN, kwargs=pk("action")),
    "actions_territoriales:modifier": Regle(
        DIRECTION | RELATIONS_ENTREPRISES | {"responsable_rennes"}, kwargs=pk("action")
    ),
    "actions_territoriales:comptage": Regle((ACCOMPAGNANTS - AUTRE_ANTENNE) | DIRECTION, kwargs=pk("action")),
    "actions_territoriales:compter": Regle(
        (ACCOMPAGNANTS - AUTRE_ANTENNE) | DIRECTION, statut=302, kwargs=pk("action"), methode="post"
    ),
    "actions_territoriales:inscrire_jeunes": Regle(
        DIRECTION | RELATIONS_ENTREPRISES | {"responsable_rennes"}, statut=302, kwargs=pk("action"), methode="post"
    ),
    "actions_territoriales:retirer_jeune": Regle(
        DIRECTION | RELATIONS_ENTREPRISES | {"responsable_rennes"}, statut=302, kwargs=pk("action"), methode="post"
    ),
    # Section du dossier : qui lit le dossier ; inscrire ou retirer le jeune : qui saisit dans le dossier.
    "actions_territoriales:actions_du_jeune": Regle(AGENCE - ADMIN, kwargs=jeune_pk, exceptions=MOTIF),
    "actions_territoriales:retirer_du_dossier": Regle(
        ACCOMPAGNANTS - AUTRE_ANTENNE, statut=302, kwargs=jeune_pk, methode="post"
    ),
    # Mises en relation et immersions : conseillers et responsables de l'antenne du jeune (comme une situation) et
    # conseillers « relations entreprises » ; la convention se lit comme le dossier.
    "entreprises:mise_en_relation_creer": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "entreprises:mise_en_relation_resultat": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=pk("mise_en_relation")),
    "entreprises:offre_proposer": Regle(CONSEILLERS, kwargs=pk("offre")),  # liste : son seul périmètre
    "entreprises:immersion_creer": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=jeune_pk),
    "entreprises:immersion_renouveler": Regle(CONSEILLERS - AUTRE_ANTENNE, kwargs=pk("immersion")),
    "entreprises:immersion_demarrer": Regle(
        CONSEILLERS - AUTRE_ANTENNE, statut=302, kwargs=pk("immersion"), methode="post"
    ),
    "entreprises:immersion_annuler": Regle(
        CONSEILLERS - AUTRE_ANTENNE, statut=302, kwargs=pk("immersion"), methode="post"
    ),
    "entreprises:immersion_convention_pdf": Regle(AGENCE - ADMIN, kwargs=pk("immersion"), exceptions=MOTIF),
    # Messagerie : messages et consentement du dossier (lecture comme le dossier ; modification comme l'identité),
    # invitation des inscrits d'une session (qui gère la session) ; pages publiques protégées par un jeton signé
    # (jeton faux : 404 pour tous) ou un secret partagé (GET : 405 pour tous, voir tests/messagerie).
    "messagerie:messages_jeune": Regle(AGENCE - ADMIN, kwargs=jeune_pk, exceptions=MOTIF),
    "messagerie:consentement_modifier": Regle(
        ACCOMPAGNANTS - AUTRE_ANTENNE, statut=302, kwargs=jeune_pk, methode="post"
    ),
    "messagerie:session_inviter": Regle(
        (ACCOMPAGNANTS - AUTRE_ANTENNE) | DIRECTION, statut=302, kwargs=pk("session"), methode="post"
    ),
    "messagerie:desinscription": Regle(frozenset(), refus=404, anonyme=404, kwargs=lambda o: {"jeton": "faux"}),
    "messagerie:rappel_fournisseur": Regle(frozenset(), refus=405, anonyme=405),
    # Aides FAJ : demandes invisibles (404) pour l'accueil, l'administration et les membres de commission.
    "aides:demande_liste": Regle(CONSEILLERS | DIRECTION | SECRETARIAT),
    "aides:demande_choisir_jeune": Regle(CONSEILLERS | SECRETARIAT),
    "aides:demande_creer": Regle(
        (CONSEILLERS - AUTRE_ANTENNE) | SECRETARIAT, kwargs=lambda o: {"jeune_pk": o["jeune"].pk}
    ),
    "aides:demande_detail": Regle(
        CONSEILLERS | DIRECTION | SECRETARIAT, kwargs=pk("demande"), introuvable=HORS_FAJ, exceptions=MOTIF
    ),
    "aides:demande_modifier": Regle(
        (CONSEILLERS - AUTRE_ANTENNE) | SECRETARIAT, kwargs=pk("demande"), introuvable=HORS_FAJ
    ),
    "aides:demande_soumettre": Regle(
        (CONSEILLERS - AUTRE_ANTENNE) | SECRETARIAT,
        statut=302,
        kwargs=pk("demande"),
        methode="post",
        introuvable=HORS_FAJ,
    ),
    "aides:demande_urgence": Regle(
        (RESPONSABLES - AUTRE_ANTENNE) | DIRECTION | SECRETARIAT,
        statut=302,
        kwargs=pk("demande"),
        introuvable=HORS_FAJ,
    ),
    "aides:demande_courrier": Regle(
        CONSEILLERS | DIRECTION | SECRETARIAT, statut=302, kwargs=pk("demande"), introuvable=HORS_FAJ
    ),  # pas encore de décision : renvoyé à la demande
    "aides:demande_notifier": Regle(
        SECRETARIAT, statut=302, kwargs=pk("demande"), methode="post", introuvable=HORS_FAJ
    ),
    "aides:piece_ajouter": Regle(
        (CONSEILLERS - AUTRE_ANTENNE) | SECRETARIAT, kwargs=pk("demande"), methode="post", introuvable=HORS_FAJ
    ),
    # Pièce d'une demande inscrite à une séance : lisible par les membres de cette séance (à confirmer : minimisation).
    "aides:piece_telecharger": Regle(
        CONSEILLERS | DIRECTION | SECRETARIAT | {"membre_commission"},
        kwargs=pk("piece"),
        introuvable=HORS_FAJ - {"membre_commission"},
        exceptions=MOTIF,
    ),
    "aides:paiement_ajouter": Regle(SECRETARIAT, kwargs=pk("demande"), methode="post", introuvable=HORS_FAJ),
    "aides:seance_liste": Regle(DIRECTION | SECRETARIAT | {"membre_commission"}),
    "aides:seance_creer": Regle(SECRETARIAT),
    "aides:seance_detail": Regle(
        DIRECTION | SECRETARIAT | {"membre_commission"},
        kwargs=pk("seance"),
        introuvable=HORS_SEANCE - {"membre_commission"},
    ),
    # Blocs de l'ordre du jour chargés par htmx : mêmes contrôles d'accès que l'écran de séance.
    "aides:seance_points": Regle(
        DIRECTION | SECRETARIAT | {"membre_commission"},
        kwargs=pk("seance"),
        introuvable=HORS_SEANCE - {"membre_commission"},
    ),
    "aides:seance_modifier": Regle(SECRETARIAT, kwargs=pk("seance"), introuvable=HORS_SEANCE),
    "aides:seance_inscrire": Regle(
        SECRETARIAT, statut=302, kwargs=pk("seance"), methode="post", introuvable=HORS_SEANCE
    ),
    "aides:seance_retirer": Regle(
        SECRETARIAT, statut=302, kwargs=avec("seance", point_pk="point"), methode="post", introuvable=HORS_SEANCE
    ),
    # Séance préparée (pas encore ouverte) : personne ne peut encore décider d'un point.
    "aides:point_decider": Regle(
        frozenset(), kwargs=avec("seance", point_pk="point"), methode="post", introuvable=HORS_SEANCE
    ),
    "aides:seance_ouvrir": Regle(SECRETARIAT, statut=302, kwargs=pk("seance"), methode="post", introuvable=HORS_SEANCE),
    "aides:seance_clore": Regle(SECRETARIAT, statut=302, kwargs=pk("seance"), methode="post", introuvable=HORS_SEANCE),
    "aides:seance_notifier": Regle(
        SECRETARIAT, statut=302, kwargs=pk("seance"), methode="post", introuvable=HORS_SEANCE
    ),
    "aides:seance_ordre_du_jour_pdf": Regle(
        DIRECTION | SECRETARIAT | {"membre_commission"}, kwargs=pk("seance"), introuvable=HORS_SEANCE
    ),
    "aides:seance_proces_verbal_pdf": Regle(SECRETARIAT, statut=302, kwargs=pk("seance"), introuvable=HORS_SEANCE),
    "aides:seance_courriers_pdf": Regle(SECRETARIAT, statut=302, kwargs=pk("seance"), introuvable=HORS_SEANCE),
    "aides:enveloppe_liste": Regle(RESPONSABLES | DIRECTION | SECRETARIAT),
    "aides:enveloppe_creer": Regle(DIRECTION | SECRETARIAT, statut=302, methode="post"),
    "aides:reallocation_creer": Regle(DIRECTION | SECRETARIAT, statut=302, methode="post"),
    "aides:budget_ouvrir": Regle(DIRECTION | SECRETARIAT, statut=302, methode="post"),
    "aides:enveloppe_modifier": Regle(DIRECTION | SECRETARIAT, statut=302, methode="post"),
    "aides:paiement_export": Regle(DIRECTION | SECRETARIAT),
    # Dispositifs : les inscriptions se gèrent par l'antenne du jeune (Rennes).
    "dispositifs:liste": Regle(AGENCE - SECRETARIAT - ADMIN),
    "dispositifs:beneficiaires": Regle(AGENCE - SECRETARIAT - ADMIN, kwargs=lambda o: {"code": o["dispositif"].code}),
    "dispositifs:beneficiaires_export": Regle(CONSEILLERS | DIRECTION, kwargs=lambda o: {"code": o["dispositif"].code}),
    "dispositifs:inscription_creer": Regle(DE_RENNES, kwargs=lambda o: {"jeune_pk": o["jeune"].pk}),
    "dispositifs:inscription_detail": Regle(AGENCE - SECRETARIAT - ADMIN, kwargs=pk("inscription"), exceptions=MOTIF),
    "dispositifs:inscription_renouveler": Regle(DE_RENNES, statut=302, kwargs=pk("inscription"), methode="post"),
    "dispositifs:inscription_sortir": Regle(DE_RENNES, statut=400, kwargs=pk("inscription"), methode="post"),
    "dispositifs:inscription_emploi": Regle(DE_RENNES, statut=400, kwargs=pk("inscription"), methode="post"),
    "dispositifs:phase_ajouter": Regle(DE_RENNES, statut=400, kwargs=pk("inscription"), methode="post"),
    "dispositifs:allocation_pacea": Regle(DE_RENNES, statut=400, kwargs=pk("inscription"), methode="post"),
    "dispositifs:phase_evaluer": Regle(DE_RENNES, kwargs=pk("phase")),
    "dispositifs:alertes": Regle(CONSEILLERS | DIRECTION),
    "dispositifs:alertes_calculer": Regle(CONSEILLERS | DIRECTION, statut=302, methode="post"),
    "dispositifs:preparation_liste": Regle(DIRECTION),
    "dispositifs:preparation_creer": Regle(DIRECTION, statut=400, methode="post"),
    "dispositifs:preparation_detail": Regle(DIRECTION, kwargs=pk("preparation")),
    "dispositifs:preparation_recalculer": Regle(DIRECTION, statut=302, kwargs=pk("preparation"), methode="post"),
    "dispositifs:preparation_valider": Regle(DIRECTION, statut=400, kwargs=pk("preparation"), methode="post"),
    "dispositifs:preparation_export": Regle(DIRECTION, statut=302, kwargs=pk("preparation")),
    "dispositifs:ligne_ajuster": Regle(DIRECTION, statut=302, kwargs=pk("ligne"), methode="post"),
    # Pilotage : les refus renvoient à la page de connexion (permission_required sans raise_exception).
    "reporting:tableau_de_bord": Regle(RESPONSABLES | DIRECTION | ADMIN),
    "reporting:jeunes": Regle(RESPONSABLES | DIRECTION),  # liste nominative : pas les administrateurs
    "reporting:export": Regle(
        RESPONSABLES | DIRECTION | ADMIN,
        kwargs=lambda o: {"nom": "territoires", "format": "csv"},
        prealable="instantanes_de_l_annee",
    ),
    "reporting:recalculer": Regle(RESPONSABLES | DIRECTION | ADMIN, statut=302, methode="post"),
    # Page d'un dispositif (cohorte) : chiffres agrégés des instantanés, comme le tableau de bord.
    "reporting:dispositif": Regle(
        RESPONSABLES | DIRECTION | ADMIN,
        kwargs=lambda o: {"code": o["dispositif"].code},
        prealable="instantanes_de_l_annee",
    ),
    "reporting:recalcul_etat": Regle(RESPONSABLES | DIRECTION | ADMIN, kwargs=pk("recalcul")),
    "reporting:rapports": Regle(RESPONSABLES | DIRECTION | ADMIN),
    # Rapport de l'agence : les responsables n'ouvrent que ceux de leur antenne.
    "reporting:rapport_detail": Regle(DIRECTION | ADMIN, kwargs=pk("rapport"), introuvable=RESPONSABLES),
    # Rapport pas encore produit : aucun fichier à télécharger.
    "reporting:rapport_telecharger": Regle(
        frozenset(), kwargs=pk("rapport"), introuvable=RESPONSABLES | DIRECTION | ADMIN
    ),
    # Éditions du rapport : la direction (agence et antennes), un responsable pour son antenne (ramené à elle) ;
    # pas les administrateurs. L'aperçu rend le PDF à la volée.
    "reporting:editions": Regle(RESPONSABLES | DIRECTION),
    "reporting:edition_apercu": Regle(RESPONSABLES | DIRECTION),
    "reporting:edition_figer": Regle(RESPONSABLES | DIRECTION, statut=302, methode="post"),
    # Édition de l'agence : introuvable pour les responsables, pas encore produite (rien à télécharger).
    "reporting:edition_detail": Regle(DIRECTION, kwargs=pk("edition"), introuvable=RESPONSABLES),
    "reporting:edition_telecharger": Regle(frozenset(), kwargs=pk("edition"), introuvable=RESPONSABLES | DIRECTION),
    "reporting:edition_chiffres": Regle(frozenset(), kwargs=pk("edition"), introuvable=RESPONSABLES | DIRECTION),
}


def noms_d_url(motifs=None, prefixe=""):
    noms = []
    for motif in motifs if motifs is not None else get_resolver().url_patterns:
        if isinstance(motif, URLResolver):
            if motif.namespace in EXCLUS:
                continue
            sous_prefixe = f"{prefixe}{motif.namespace}:" if motif.namespace else prefixe
            noms += noms_d_url(motif.url_patterns, sous_prefixe)
        elif isinstance(motif, URLPattern) and motif.name:
            noms.append(prefixe + motif.name)
    return noms


def test_toute_url_a_une_regle():
    sans_regle = sorted(set(noms_d_url()) - set(MATRICE))
    assert not sans_regle, (
        "Ces URL n'ont pas de ligne dans la matrice des permissions (tests/securite/test_matrice_permissions.py) : "
        + ", ".join(sans_regle)
    )


def test_pas_de_regle_orpheline():
    orphelines = sorted(set(MATRICE) - set(noms_d_url()))
    assert not orphelines, "Règles pour des URL qui n'existent plus : " + ", ".join(orphelines)


# Données qu'un membre de commission ne doit jamais voir (contrôle au niveau des champs, voir plus bas).
SECRETS_DOSSIER = {
    "compte rendu": "Compte rendu confidentiel 7Q2",
    "téléphone": "06 98 76 54 32",
    "adresse": "12 impasse des Secrets",
    "courriel": "secret.matrice@example.org",
    "titre de séjour": "TS-SECRET-778",
}


@pytest.fixture
def instantanes_de_l_annee(db):
    """Instantanés de l'année et de la précédente, agence et antennes, comme les laisse la tâche de nuit (les pages
    du pilotage lisent les instantanés sans jamais les calculer)."""
    from django.utils import timezone

    from reporting.services import indicateurs_recalculer_annees

    annee = timezone.localdate().year
    return indicateurs_recalculer_annees(annees=[annee, annee - 1])


@pytest.fixture
def objets(db, conseiller_rennes, membre_commission, settings, tmp_path):
    """Objets des paramètres d'URL : tous rattachés au jeune de l'antenne de Rennes (référent conseiller_rennes)."""
    jeune = JeuneFactory(
        nom="Matrice",
        prenom="Rennes",
        referent=conseiller_rennes,
        telephone=SECRETS_DOSSIER["téléphone"],
        adresse=SECRETS_DOSSIER["adresse"],
        courriel=SECRETS_DOSSIER["courriel"],
        titre_sejour_numero=SECRETS_DOSSIER["titre de séjour"],
    )
    dispositif = Dispositif.objects.filter(code__iexact="PACEA").first() or DispositifFactory(code="PACEA")
    inscription = InscriptionFactory(jeune=jeune, dispositif=dispositif, date_entree=datetime.date(2026, 1, 5))
    demande = DemandeAide.objects.create(
        jeune=jeune,
        fonds="faj_rm",
        type="mobilite",
        montant_demande=Decimal("150.00"),
        conseiller=conseiller_rennes,
        motivation="Achat d'un vélo pour se rendre en formation.",
    )
    seance = Seance.objects.create(fonds="faj_rm", date=datetime.date(2026, 12, 3), lieu="Salle 1", presidence="M. X")
    seance.membres.add(membre_commission)
    settings.MEDIA_ROOT = tmp_path
    session = SessionCollective.objects.create(
        type="atelier", date=datetime.date(2026, 12, 1), theme="CV", antenne=jeune.antenne
    )
    Participation.objects.create(session=session, jeune=jeune)
    preparation = PreparationPaiement.objects.create(mois=datetime.date(2026, 11, 1))
    action = ActionTerritoriale.objects.create(
        reference="A-2026-0001",
        intitule="Job dating de la logistique",
        type="recrutement",
        date=datetime.date(2026, 6, 12),
        commune=jeune.commune,
        antenne=jeune.antenne,
    )
    ParticipationAction.objects.create(action=action, jeune=jeune)
    return {
        "jeune": jeune,
        "evenement": EvenementFactory(jeune=jeune, compte_rendu=SECRETS_DOSSIER["compte rendu"]),
        "representant": RepresentantLegal.objects.create(jeune=jeune, nom="Matrice", prenom="Anne", lien="mère"),
        "situation": Situation.objects.create(
            jeune=jeune, categorie="emploi", type="cdi", date_debut=datetime.date(2026, 1, 5)
        ),
        "session": session,
        "document": DocumentJeune.objects.create(
            jeune=jeune,
            type="cv",
            date=datetime.date(2026, 1, 5),
            fichier=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv", content_type="application/pdf"),
            nom_original="cv.pdf",
            type_mime="application/pdf",
            taille=11,
        ),
        "dispositif": dispositif,
        "inscription": inscription,
        "phase": Phase.objects.create(inscription=inscription, numero=1, date_debut=datetime.date(2026, 1, 5)),
        "versement": Versement.objects.create(
            jeune=jeune, fonds="allocation_pacea", date=datetime.date(2026, 2, 5), montant=Decimal("250.00")
        ),
        "demande": demande,
        "piece": PieceJointe.objects.create(
            demande=demande,
            fichier=SimpleUploadedFile("devis.pdf", b"%PDF-1.4 devis", content_type="application/pdf"),
            nom_original="devis.pdf",
            type_mime="application/pdf",
            taille=10,
        ),
        "seance": seance,
        "rendez_vous": RendezVous.objects.create(
            jeune=jeune,
            conseiller=conseiller_rennes,
            debut=timezone.now() + datetime.timedelta(days=1),
            mode="telephone",
        ),
        "plage": PlageDisponibilite.objects.create(
            conseiller=conseiller_rennes, jour=0, debut=datetime.time(9), fin=datetime.time(12)
        ),
        "absence": AbsenceConseiller.objects.create(
            conseiller=conseiller_rennes,
            debut=timezone.now() + datetime.timedelta(days=3),
            fin=timezone.now() + datetime.timedelta(days=4),
            motif="conge",
        ),
        "point": PointOrdreDuJour.objects.create(seance=seance, demande=demande, ordre=1),
        "preparation": preparation,
        "ligne": LignePaiement.objects.create(
            preparation=preparation,
            jeune=jeune,
            inscription=inscription,
            age=20,
            montant_du=Decimal("500.00"),
            montant=Decimal("500.00"),
        ),
        "recalcul": RecalculIndicateurs.objects.create(annee=2026),
        "rapport": RapportPdf.objects.create(annee=2026),
        "edition": EditionRapport.objects.create(annee=2026, numero=1),
        "import_reprise": ImportReprise.objects.create(nom_fichier="reprise.zip", simulation=True),
        "action": action,
        **_objets_entreprises(jeune),
    }


def _objets_entreprises(jeune):
    from entreprises.models import ContactEntreprise
    from tests.entreprises.factories_jeunes import ImmersionFactory, MiseEnRelationFactory, OffreFactory

    offre = OffreFactory()
    return {
        "entreprise": offre.entreprise,
        "contact": ContactEntreprise.objects.create(entreprise=offre.entreprise, nom="Contact Registre"),
        "offre": offre,
        "mise_en_relation": MiseEnRelationFactory(jeune=jeune, entreprise=offre.entreprise, offre=offre),
        "immersion": ImmersionFactory(jeune=jeune, entreprise=offre.entreprise),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("nom", sorted(MATRICE))
def test_matrice(request, client, objets, nom, persona):
    regle = MATRICE[nom]
    if regle.anomalie and persona in regle.permis:
        request.applymarker(pytest.mark.xfail(reason=regle.anomalie, strict=True))
    url = reverse(nom, kwargs=regle.kwargs(objets) if regle.kwargs else None)
    if regle.prealable:
        request.getfixturevalue(regle.prealable)
    if persona != ANONYME:
        client.force_login(request.getfixturevalue(persona))
    donnees = {"motif": "Demande écrite de la personne concernée"} if regle.methode == "post" else None
    reponse = getattr(client, regle.methode)(url, donnees) if donnees else getattr(client, regle.methode)(url)
    attendu = regle.attendu(persona)
    if attendu == CONNEXION:
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion")), (
            f"{nom} pour {persona} : {reponse.status_code}, redirection vers la connexion attendue"
        )
    else:
        assert reponse.status_code == attendu, f"{nom} pour {persona} : {reponse.status_code}, {attendu} attendu"
        if attendu == 302:
            assert not reponse.url.startswith(reverse("connexion"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "nom", sorted(n for n, r in MATRICE.items() if r.attendu("membre_commission") == 200 and r.methode == "get")
)
def test_membre_de_commission_ne_voit_aucune_donnee_du_dossier(client, membre_commission, objets, nom):
    """Contrôle au niveau des champs : sur toute page permise à un membre de commission, ni compte rendu, ni
    coordonnées, ni titre de séjour du jeune."""
    regle = MATRICE[nom]
    client.force_login(membre_commission)
    reponse = client.get(reverse(nom, kwargs=regle.kwargs(objets) if regle.kwargs else None))
    octets = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    contenu = octets.decode(errors="replace")
    vus = [libelle for libelle, valeur in SECRETS_DOSSIER.items() if valeur in contenu]
    assert not vus, f"{nom} montre à un membre de commission : {', '.join(vus)}"


@pytest.mark.django_db
def test_administration_reservee_au_personnel_habilite(client_de, conseiller_rennes, direction):
    assert client_de(conseiller_rennes).get(reverse("admin:index")).status_code == 302
    assert client_de(direction).get(reverse("admin:index")).url.startswith(reverse("admin:login"))
