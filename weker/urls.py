from django.contrib import admin
from django.urls import include, path

from weker import views
from weker.sante import SanteView

admin.site.site_header = "weker — administration"
admin.site.site_title = "weker"
admin.site.index_title = "Référentiels, utilisateurs et rôles"

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
    path("pilotage/", include("reporting.urls")),
    path("antennes/", include("antennes.urls")),
    path("reprise/", include("weker.reprise.urls")),
    path("gestion/", admin.site.urls),
]
