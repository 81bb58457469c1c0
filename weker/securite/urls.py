from django.urls import path

from weker.securite import views

app_name = "securite"

urlpatterns = [
    path("second-facteur/activation/", views.otp_enrolement, name="otp_enrolement"),
    path("second-facteur/", views.otp_verification, name="otp_verification"),
    path("journal/", views.journal, name="journal"),
    path("connexions/", views.connexions, name="connexions"),
    path("verrouillages/", views.verrouillages, name="verrouillages"),
    path("jeunes/<int:pk>/historique/", views.historique, name="historique_jeune"),
    path("jeunes/<int:pk>/consultation-exceptionnelle/", views.consultation_exceptionnelle,
         name="consultation_exceptionnelle"),
    path("jeunes/<int:pk>/droits/", views.droits, name="droits"),
    path("jeunes/<int:pk>/droits/acces.pdf", views.droit_acces_pdf, name="droit_acces_pdf"),
    path("jeunes/<int:pk>/droits/acces.json", views.droit_acces_json, name="droit_acces_json"),
    path("jeunes/<int:pk>/droits/effacement/", views.effacement, name="effacement"),
]  # fmt: skip
