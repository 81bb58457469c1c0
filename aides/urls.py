from django.urls import path

from aides.views import budget, demandes, seances

app_name = "aides"

urlpatterns = [
    # Demandes
    path("demandes/", demandes.demande_liste, name="demande_liste"),
    path("demandes/nouvelle/", demandes.demande_choisir_jeune, name="demande_choisir_jeune"),
    path("demandes/nouvelle/<int:jeune_pk>/", demandes.demande_creer, name="demande_creer"),
    path("demandes/<int:pk>/", demandes.demande_detail, name="demande_detail"),
    path("demandes/<int:pk>/modifier/", demandes.demande_modifier, name="demande_modifier"),
    path("demandes/<int:pk>/soumettre/", demandes.demande_soumettre, name="demande_soumettre"),
    path("demandes/<int:pk>/urgence/", demandes.demande_urgence, name="demande_urgence"),
    path("demandes/<int:pk>/pieces/", demandes.piece_ajouter, name="piece_ajouter"),
    path("demandes/<int:pk>/courrier.pdf", demandes.demande_courrier, name="demande_courrier"),
    path("demandes/<int:pk>/notifier/", demandes.demande_notifier, name="demande_notifier"),
    path("demandes/<int:pk>/paiements/", demandes.paiement_ajouter, name="paiement_ajouter"),
    path("pieces/<int:pk>/", demandes.piece_telecharger, name="piece_telecharger"),
    # Séances de commission
    path("seances/", seances.seance_liste, name="seance_liste"),
    path("seances/nouvelle/", seances.seance_creer, name="seance_creer"),
    path("seances/<int:pk>/", seances.seance_detail, name="seance_detail"),
    path("seances/<int:pk>/points/", seances.seance_points, name="seance_points"),
    path("seances/<int:pk>/modifier/", seances.seance_modifier, name="seance_modifier"),
    path("seances/<int:pk>/inscrire/", seances.seance_inscrire, name="seance_inscrire"),
    path("seances/<int:pk>/points/<int:point_pk>/retirer/", seances.seance_retirer, name="seance_retirer"),
    path("seances/<int:pk>/points/<int:point_pk>/decision/", seances.point_decider, name="point_decider"),
    path("seances/<int:pk>/ouvrir/", seances.seance_ouvrir, name="seance_ouvrir"),
    path("seances/<int:pk>/clore/", seances.seance_clore, name="seance_clore"),
    path("seances/<int:pk>/notifier/", seances.seance_notifier, name="seance_notifier"),
    path("seances/<int:pk>/ordre-du-jour.pdf", seances.seance_ordre_du_jour_pdf, name="seance_ordre_du_jour_pdf"),
    path("seances/<int:pk>/proces-verbal.pdf", seances.seance_proces_verbal_pdf, name="seance_proces_verbal_pdf"),
    path("seances/<int:pk>/courriers.pdf", seances.seance_courriers_pdf, name="seance_courriers_pdf"),
    # Budget et paiements
    path("enveloppes/", budget.enveloppe_liste, name="enveloppe_liste"),
    path("enveloppes/nouvelle/", budget.enveloppe_creer, name="enveloppe_creer"),
    path("enveloppes/reallocation/", budget.reallocation_creer, name="reallocation_creer"),
    path("enveloppes/ouvrir/", budget.budget_ouvrir, name="budget_ouvrir"),
    path("enveloppes/montant/", budget.enveloppe_modifier, name="enveloppe_modifier"),
    path("paiements/export/", budget.paiement_export, name="paiement_export"),
]
