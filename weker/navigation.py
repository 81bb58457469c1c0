"""Navigation principale, selon le rôle : chaque entrée n'apparaît que si sa page existe et est permise."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject


@dataclass(frozen=True)
class Entree:
    libelle: str
    url_name: str
    permission: str
    description: str


ENTREES = (
    Entree("Premier accueil", "accompagnement:premier_accueil", "accompagnement.creer_jeune",
           "Rechercher un jeune puis créer son dossier."),
    Entree("Mes jeunes", "accompagnement:portefeuille", "accompagnement.voir_portefeuille",
           "Votre portefeuille : derniers contacts, rendez-vous, alertes."),
    Entree("Jeunes", "accompagnement:jeune_liste", "accompagnement.voir_liste_jeunes",
           "Tous les jeunes de l'antenne, avec filtres et export."),
    Entree("Agenda", "agenda:semaine", "agenda.voir_agenda",
           "Vos rendez-vous et sessions de la semaine, jour par jour."),
    Entree("Sessions collectives", "accompagnement:session_liste", "accompagnement.voir_sessions",
           "Ateliers et informations collectives, inscriptions et émargement."),
    Entree("Actions territoriales", "actions_territoriales:liste", "actions_territoriales.voir_actions",
           "Recrutements, découverte des métiers, forums : participants, entreprises, embauches."),
    Entree("Dispositifs", "dispositifs:liste", "dispositifs.voir_dispositifs",
           "Catalogue des dispositifs et leurs bénéficiaires."),
    Entree("Alertes", "dispositifs:alertes", "dispositifs.voir_alertes",
           "Échéances et relances des dispositifs."),
    Entree("Allocations", "dispositifs:preparation_liste", "dispositifs.preparer_paiements",
           "Préparation mensuelle des paiements de l'allocation CEJ."),
    Entree("Aides FAJ", "aides:demande_liste", "aides.voir_demandes",
           "Demandes au Fonds d'aide aux jeunes."),
    Entree("Commissions FAJ", "aides:seance_liste", "aides.voir_seances",
           "Séances de commission : ordre du jour, décisions, courriers."),
    Entree("Budget FAJ", "aides:enveloppe_liste", "aides.voir_enveloppes",
           "Enveloppes : accordé, payé, restant, projection."),
    Entree("Entreprises", "entreprises:entreprise_liste", "entreprises.voir_entreprises",
           "Registre des entreprises : contacts, offres, mises en relation, immersions."),
    Entree("Offres d'emploi", "entreprises:offre_liste", "entreprises.voir_offres",
           "Offres reçues des employeurs, leur statut et leur export."),
    Entree("Tableau de bord", "reporting:tableau_de_bord", "reporting.voir_tableau_de_bord",
           "Indicateurs de l'année, comparaison avec l'année précédente."),
    Entree("Reprise de données", "reprise:import_liste", "weker.importer_donnees",
           "Importer l'historique d'une agence (fichiers CSV)."),
    Entree("Import SIRENE", "entreprises:import_sirene", "entreprises.importer_sirene",
           "Pré-remplir le registre des entreprises avec un extrait SIRENE."),
    Entree("Journal des accès", "securite:journal", "weker.voir_journal_acces",
           "Qui a consulté quoi, et quand."),
    Entree("Journal des connexions", "securite:connexions", "weker.voir_journal_connexions",
           "Connexions, échecs et verrouillages de comptes."),
    Entree("Verrouillages", "securite:verrouillages", "weker.deverrouiller_comptes",
           "Lever le verrouillage d'un compte après des échecs de connexion."),
    Entree("Administration", "admin:index", "weker.voir_administration",
           "Référentiels, utilisateurs et rôles."),
)  # fmt: skip


def entrees_pour(user):
    visibles = []
    for entree in ENTREES:
        if not user.has_perm(entree.permission):
            continue
        try:
            url = reverse(entree.url_name)
        except NoReverseMatch:
            continue
        visibles.append({"libelle": entree.libelle, "url": url, "description": entree.description})
    return visibles


def navigation(request):
    """Processeur de contexte : calculé une fois par requête, et seulement si un gabarit l'affiche.

    Django relance les processeurs de contexte à chaque rendu avec la requête (inclusions, cellules de tableau) :
    sans ce cache, une page de 50 lignes recalculerait la navigation des centaines de fois.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    if not hasattr(request, "_weker_navigation"):
        request._weker_navigation = SimpleLazyObject(lambda: entrees_pour(user))
    return {"navigation": request._weker_navigation}
