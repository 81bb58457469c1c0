from django.urls import path

from accompagnement.views import (
    acces,
    documents,
    dossier,
    evenements,
    listes,
    premier_accueil,
    recherche,
    sessions,
    situations,
)

app_name = "accompagnement"

urlpatterns = [
    # Listes
    path("", listes.jeune_liste, name="jeune_liste"),
    path("mes-jeunes/", listes.portefeuille, name="portefeuille"),
    path("actions/", listes.jeunes_action, name="jeunes_action"),
    path("recherche/", recherche.recherche, name="recherche"),
    # Premier accueil
    path("premier-accueil/", premier_accueil.premier_accueil, name="premier_accueil"),
    path("premier-accueil/nouveau/", premier_accueil.jeune_creer, name="jeune_creer"),
    # Dossier
    path("<int:pk>/", dossier.jeune_detail, name="jeune_detail"),
    path("<int:pk>/journal/", dossier.jeune_journal, name="jeune_journal"),
    path("<int:pk>/hors-perimetre/", acces.consultation_hors_perimetre, name="consultation_hors_perimetre"),
    path("<int:pk>/transfert/", acces.jeune_transferer, name="jeune_transferer"),
    path("<int:pk>/identite/", dossier.jeune_modifier_identite, name="jeune_modifier_identite"),
    path("<int:pk>/situation/", dossier.jeune_modifier_situation, name="jeune_modifier_situation"),
    path("<int:pk>/referent/", dossier.jeune_affecter_referent, name="jeune_affecter_referent"),
    path("<int:pk>/representants/", dossier.representant_ajouter, name="representant_ajouter"),
    path(
        "<int:pk>/representants/<int:representant_pk>/supprimer/",
        dossier.representant_supprimer,
        name="representant_supprimer",
    ),
    path("<int:pk>/documents/", documents.document_ajouter, name="document_ajouter"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        documents.document_telecharger,
        name="document_telecharger",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/supprimer/",
        documents.document_supprimer,
        name="document_supprimer",
    ),
    path("<int:pk>/synthese.pdf", documents.jeune_synthese_pdf, name="jeune_synthese_pdf"),
    path("<int:pk>/evenements/nouveau/", evenements.evenement_creer, name="evenement_creer"),
    path("<int:pk>/evenements/rapide/", evenements.evenement_rapide, name="evenement_rapide"),
    path("<int:pk>/situations/nouvelle/", situations.situation_creer, name="situation_creer"),
    path("<int:pk>/situations/<int:situation_pk>/", situations.situation_modifier, name="situation_modifier"),
    # Aides à la saisie
    path("communes/suggestions/", dossier.commune_suggestions, name="commune_suggestions"),
    path("communes/secteurs/", dossier.secteur_options, name="secteur_options"),
    # Sessions collectives
    path("sessions/", sessions.session_liste, name="session_liste"),
    path("sessions/nouvelle/", sessions.session_creer, name="session_creer"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/inscrire/", sessions.session_inscrire, name="session_inscrire"),
    path("sessions/<int:pk>/desinscrire/<int:jeune_pk>/", sessions.session_desinscrire, name="session_desinscrire"),
    path("sessions/<int:pk>/emargement/", sessions.session_emarger, name="session_emarger"),
    path("sessions/<int:pk>/feuille.pdf", sessions.session_feuille_pdf, name="session_feuille_pdf"),
]
