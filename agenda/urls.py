from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.semaine, name="semaine"),
    path("jour/", views.jour, name="jour"),
    path("jeune/<int:pk>/", views.rendez_vous_jeune, name="rendez_vous_jeune"),
    path("rendez-vous/<int:pk>/statut/", views.rendez_vous_statut, name="rendez_vous_statut"),
    path("rendez-vous/<int:pk>/entretien/", views.rendez_vous_entretien, name="rendez_vous_entretien"),
    path("rendez-vous/<int:pk>/reporter/", views.rendez_vous_reporter, name="rendez_vous_reporter"),
]
