"""Réponse du portail des données personnelles quand un accès demande d'abord un motif (voir `portail.MotifRequis`)."""

from django.http import HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect

from weker.securite.portail import MotifRequis


class PortailMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MotifRequis):
            return None
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(exception.url)
        return HttpResponseRedirect(exception.url)
