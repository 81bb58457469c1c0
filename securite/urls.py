from django.urls import path

from securite import views

app_name = "securite"

urlpatterns = [
    path("second-facteur/activation/", views.otp_enrolement, name="otp_enrolement"),
    path("second-facteur/", views.otp_verification, name="otp_verification"),
    path("journal/", views.journal, name="journal"),
    path("connexions/", views.connexions, name="connexions"),
    path("verrouillages/", views.verrouillages, name="verrouillages"),
]  # fmt: skip
