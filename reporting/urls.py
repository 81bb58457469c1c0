from django.urls import path

from reporting import views, views_editions

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
    path("editions/", views_editions.editions, name="editions"),
    path("editions/apercu/", views_editions.edition_apercu, name="edition_apercu"),
    path("editions/figer/", views_editions.edition_figer, name="edition_figer"),
    path("editions/<int:pk>/", views_editions.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/telecharger/", views_editions.edition_telecharger, name="edition_telecharger"),
    path("editions/<int:pk>/chiffres.json", views_editions.edition_chiffres, name="edition_chiffres"),
]
