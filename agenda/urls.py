from django.urls import path

from agenda import views, views_disponibilites

app_name = "agenda"

urlpatterns = [
    path("", views.semaine, name="semaine"),
    path("jour/", views.jour, name="jour"),
    path("antenne/", views.antenne, name="antenne"),
    path("planifier/", views.planifier, name="planifier"),
    path("disponibilites/", views_disponibilites.disponibilites, name="disponibilites"),
    path("disponibilites/plages/", views_disponibilites.plage_ajouter, name="plage_ajouter"),
    path("disponibilites/plages/<int:pk>/supprimer/", views_disponibilites.plage_supprimer, name="plage_supprimer"),
    path("disponibilites/absences/", views_disponibilites.absence_ajouter, name="absence_ajouter"),
    path(
        "disponibilites/absences/<int:pk>/supprimer/",
        views_disponibilites.absence_supprimer,
        name="absence_supprimer",
    ),
    path("jeune/<int:pk>/", views.rendez_vous_jeune, name="rendez_vous_jeune"),
    path("rendez-vous/<int:pk>/statut/", views.rendez_vous_statut, name="rendez_vous_statut"),
    path("rendez-vous/<int:pk>/entretien/", views.rendez_vous_entretien, name="rendez_vous_entretien"),
    path("rendez-vous/<int:pk>/reporter/", views.rendez_vous_reporter, name="rendez_vous_reporter"),
    path("rendez-vous/<int:pk>/convocation.pdf", views.rendez_vous_convocation_pdf, name="rendez_vous_convocation_pdf"),
]
