"""Aides htmx : même vue pour la page complète et le fragment (`template = partiel si htmx sinon complet`)."""

from django.shortcuts import render


def rendre(request, complet, partiel, contexte, status=200):
    gabarit = partiel if getattr(request, "htmx", False) else complet
    return render(request, gabarit, contexte, status=status)
