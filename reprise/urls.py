from django.urls import path

from reprise import views

app_name = "reprise"

urlpatterns = [
    path("", views.import_liste, name="import_liste"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("format/", views.format_echange, name="format_echange"),
]
