"""Configuration d'URL du projet.

Seule exception à la règle du socle (weker/ n'importe aucun autre paquet de weker, voir tests/test_architecture.py) :
ce fichier assemble les URL de toutes les applications, par `include` de chaînes."""

from django.contrib import admin
from django.urls import include, path

from weker import erreurs, views
from weker.sante import SanteView

# Pages d'erreur en français, sans base de données (weker/erreurs.py).
handler400 = erreurs.requete_invalide
handler403 = erreurs.acces_refuse
handler404 = erreurs.page_introuvable
handler500 = erreurs.erreur_serveur

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("connexion/", views.ConnexionView.as_view(), name="connexion"),
    path("deconnexion/", views.DeconnexionView.as_view(), name="deconnexion"),
    path("mot-de-passe/", views.MotDePasseView.as_view(), name="mot_de_passe"),
    path("mot-de-passe/modifie/", views.MotDePasseModifieView.as_view(), name="mot_de_passe_modifie"),
    path("sante/", SanteView.as_view(), name="sante"),
    path("jeunes/", include("accompagnement.urls")),
    path("dispositifs/", include("dispositifs.urls")),
    path("aides/", include("aides.urls")),
    path("agenda/", include("agenda.urls")),
    path("entreprises/", include("entreprises.urls")),
    path("messages/", include("messagerie.urls")),
    path("actions-territoriales/", include("actions_territoriales.urls")),
    path("pilotage/", include("reporting.urls")),
    path("antennes/", include("antennes.urls")),
    path("reprise/", include("reprise.urls")),
    path("securite/", include("securite.urls")),
    path("securite/", include("conservation.urls")),  # mêmes adresses qu'avant, espace de noms « conservation »
    path("gestion/", admin.site.urls),
]
