import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from weker.erreurs import reponse_erreur

# Chemins accessibles sans être connecté (le reste exige une connexion) : la connexion, les fichiers statiques, la
# sonde de santé, le lien de désinscription des courriels (jeton signé) et le rappel de statut du fournisseur de SMS
# (secret partagé), voir docs/messages.md.
CHEMINS_PUBLICS = ("/connexion/", "/static/", "/sante/", "/messages/desinscription/", "/messages/fournisseur/")
CLE_DEBUT_SESSION = "connexion_debut"
CLE_ACTIVITE_SESSION = "activite"


def _contient_nul(donnees):
    return any("\x00" in cle or any("\x00" in v for v in valeurs) for cle, valeurs in donnees.lists())


class RequeteMalformeeMiddleware:
    """Refuse en 400 (page française) une requête dont l'adresse ou un paramètre contient un octet nul.

    PostgreSQL refuse le caractère NUL dans un texte : passé à un filtre ou à une recherche, il finirait en erreur
    500. Aucune saisie légitime n'en contient ; les fichiers envoyés (request.FILES) ne sont pas concernés.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _contient_nul(request.GET):
            return reponse_erreur(400)
        formulaire = request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
        if request.method == "POST" and formulaire and _contient_nul(request.POST):
            return reponse_erreur(400)
        return self.get_response(request)


def marquer_debut_de_session(sender, request, user, **kwargs):
    """À chaque connexion (signal user_logged_in) : point de départ de la durée absolue et de l'inactivité.

    Posés dans la session que la connexion enregistre, ils n'ont pas à être écrits par la requête suivante."""
    if request is not None and hasattr(request, "session"):
        maintenant = time.time()
        request.session[CLE_DEBUT_SESSION] = maintenant
        request.session[CLE_ACTIVITE_SESSION] = maintenant


class ConnexionObligatoireMiddleware:
    """Aucune page n'est accessible sans connexion, sauf la connexion elle-même et la sonde de santé.

    Impose aussi la durée absolue de session (10 heures), et repousse l'expiration après inactivité (30 minutes)
    en réécrivant la session au plus une fois par `SESSION_RAFRAICHISSEMENT` secondes (60) plutôt qu'à chaque
    requête : une page ne paie plus l'écriture de la session, et deux requêtes simultanées du même navigateur (un
    fragment htmx encore en vol pendant l'envoi d'un formulaire) ne s'écrasent plus l'une l'autre (le message « Dossier
    créé » déposé par l'une était perdu quand l'autre réécrivait la session lue avant lui). L'inactivité tolérée
    est donc de 29 à 30 minutes, jamais plus.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(CHEMINS_PUBLICS):
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        debut = request.session.get(CLE_DEBUT_SESSION)
        maintenant = time.time()
        if debut is None:
            request.session[CLE_DEBUT_SESSION] = maintenant
        elif maintenant - debut > settings.SESSION_DUREE_ABSOLUE:
            logout(request)
            return redirect_to_login(request.get_full_path())
        if maintenant - request.session.get(CLE_ACTIVITE_SESSION, 0) >= settings.SESSION_RAFRAICHISSEMENT:
            # Modifier la session la fait réécrire en fin de requête, avec une nouvelle expiration.
            request.session[CLE_ACTIVITE_SESSION] = maintenant
        return self.get_response(request)


class PasDeCacheMiddleware:
    """Les pages servies à un utilisateur connecté contiennent des données personnelles : jamais en cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response
