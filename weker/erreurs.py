"""Pages d'erreur en français (400, 403, 404, 500, 503 et refus CSRF) qui ne demandent rien à la base de données.

Elles sont rendues sans requête (aucun processeur de contexte : ni utilisateur, ni session, ni message) : elles
s'affichent donc même quand la base ou le cache est injoignable. Une erreur 500 due à la base de données
injoignable devient une 503 « service momentanément indisponible » : ce n'est pas une faute de l'utilisateur, et
réessayer plus tard a un sens.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

PAGES = {
    400: (
        "Requête invalide",
        "La page demandée a reçu des paramètres qu'elle ne sait pas lire (caractère interdit, valeur mal formée).",
        "Revenez en arrière et recommencez depuis les menus de l'application, sans modifier l'adresse à la main.",
    ),
    403: (
        "Accès refusé",
        "Votre rôle ne permet pas d'ouvrir cette page ou de faire cette action.",
        "Si vous en avez besoin pour votre travail, demandez à votre responsable ou à un administrateur.",
    ),
    404: (
        "Page introuvable",
        "Cette page n'existe pas, ou ce que vous cherchez n'est pas (ou plus) accessible à votre compte.",
        "Vérifiez l'adresse, ou retrouvez la fiche depuis la recherche ou les listes.",
    ),
    500: (
        "Erreur du serveur",
        "Une erreur inattendue est survenue : rien n'a été enregistré par cette action.",
        "L'erreur est journalisée. Réessayez dans un moment ; si elle se reproduit, prévenez l'administrateur.",
    ),
    503: (
        "Service momentanément indisponible",
        "L'application ne parvient pas à joindre sa base de données : rien n'a été enregistré par cette action.",
        "Réessayez dans quelques minutes. L'administrateur peut vérifier l'état des services sur /sante/.",
    ),
    "csrf": (
        "Formulaire expiré",
        "Le formulaire envoyé n'a pas pu être vérifié (page ouverte depuis trop longtemps, ou cookies refusés).",
        "Rechargez la page, puis renvoyez le formulaire. Les cookies doivent être acceptés pour cette application.",
    ),
}


def reponse_erreur(statut, *, page=None):
    titre, explication, conseil = PAGES[page or statut]
    contenu = render_to_string(
        "erreurs/erreur.html", {"titre": titre, "explication": explication, "conseil": conseil, "statut": statut}
    )
    return HttpResponse(contenu, status=statut, content_type="text/html; charset=utf-8")


def requete_invalide(request, exception=None):
    return reponse_erreur(400)


def acces_refuse(request, exception=None):
    return reponse_erreur(403)


def page_introuvable(request, exception=None):
    return reponse_erreur(404)


def erreur_serveur(request):
    """Appelée par Django pendant le traitement de l'exception : `sys.exc_info()` la donne encore."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return reponse_erreur(503)
    return reponse_erreur(500)


def echec_csrf(request, reason=""):
    return reponse_erreur(403, page="csrf")
