from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.tableau_de_bord, name="tableau_de_bord"),
    path("recalculer/", views.recalculer, name="recalculer"),
    path("recalculs/<int:pk>/", views.recalcul_etat, name="recalcul_etat"),
    path("export/<slug:nom>.<str:format>", views.export, name="export"),
    path("jeunes/", views.jeunes, name="jeunes"),
    path("dispositifs/<path:code>/", views.dispositif, name="dispositif"),
    path("rapports/", views.rapports, name="rapports"),
    path("rapports/<int:pk>/", views.rapport_detail, name="rapport_detail"),
    path("rapports/<int:pk>/telecharger/", views.rapport_telecharger, name="rapport_telecharger"),
]
