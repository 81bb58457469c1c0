from django.urls import path

from conservation import views

app_name = "conservation"

# Montées sous /securite/ par weker/urls.py (mêmes adresses qu'avant le déplacement).
urlpatterns = [
    path("jeunes/<int:pk>/historique/", views.historique, name="historique_jeune"),
    path("jeunes/<int:pk>/consultation-exceptionnelle/", views.consultation_exceptionnelle,
         name="consultation_exceptionnelle"),
    path("jeunes/<int:pk>/droits/", views.droits, name="droits"),
    path("jeunes/<int:pk>/droits/acces.pdf", views.droit_acces_pdf, name="droit_acces_pdf"),
    path("jeunes/<int:pk>/droits/acces.json", views.droit_acces_json, name="droit_acces_json"),
    path("jeunes/<int:pk>/droits/effacement/", views.effacement, name="effacement"),
]  # fmt: skip
