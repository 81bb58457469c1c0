"""Messages d'un dossier et consentement ; invitation des inscrits d'une session ; pages publiques : lien de
désinscription d'un courriel, rappel de statut du fournisseur de SMS (authentifié par un secret partagé)."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accompagnement.enums import Presence
from accompagnement.models import Jeune, SessionCollective
from accompagnement.views.commun import dossier_ouvert, exiger
from messagerie import selectors, services
from messagerie.enums import CANAUX_CONSENTIS, CodeModele, OrigineConsentement
from messagerie.forms import ConsentementForm
from messagerie.gabarits import valeurs_communes
from securite import portail

TITRE = "Messages de la Mission Locale"


def _contexte_dossier(request, acces, form=None):
    jeune = acces.jeune
    consentements = selectors.consentements_du_jeune(jeune)
    initial = {canal: ("" if c is None else ("oui" if c.accepte else "non")) for canal, _, c in consentements}
    return {
        "jeune": jeune,
        "lecture_seule": acces.lecture_seule,
        "consentements": consentements,
        "form": form or ConsentementForm(initial=initial),
        "messages_envoyes": selectors.messages_du_jeune(jeune),
        "peut_modifier": request.user.has_perm("messagerie.modifier_consentement", jeune) and not acces.lecture_seule,
    }


@require_http_methods(["GET"])
def messages_jeune(request, pk):
    """Fragment du dossier (htmx) ou page : consentement par canal et messages envoyés, avec leur statut."""
    acces = dossier_ouvert(request, pk, "messagerie.voir_messages", quoi="messages du dossier")
    gabarit = "messagerie/includes/section_messages.html" if request.htmx else "messagerie/messages_jeune.html"
    return render(request, gabarit, _contexte_dossier(request, acces))


@require_POST
def consentement_modifier(request, pk):
    acces = dossier_ouvert(
        request, pk, "messagerie.modifier_consentement", quoi="consentement aux messages", ecriture=True
    )
    jeune = acces.jeune
    form = ConsentementForm(request.POST)
    if form.is_valid():
        actuels = {canal: c for canal, _, c in selectors.consentements_du_jeune(jeune)}
        try:
            for canal in CANAUX_CONSENTIS:
                choix = form.cleaned_data[canal]
                if not choix:
                    continue
                accepte = choix == "oui"
                if actuels[canal] is not None and actuels[canal].accepte == accepte:
                    continue
                services.consentement_enregistrer(jeune=jeune, canal=canal, accepte=accepte, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, "Consentement aux messages enregistré.")
    else:
        messages.error(request, "Choix illisible : indiquez « accepte » ou « refuse » pour chaque canal.")
    return redirect(reverse("messagerie:messages_jeune", kwargs={"pk": jeune.pk}))


@require_POST
def session_inviter(request, pk):
    """Invitation des inscrits de la session, sur les canaux que chacun a acceptés (une fois par jeune et canal)."""
    session = get_object_or_404(SessionCollective.objects.select_related("lieu", "lieu__commune"), pk=pk)
    exiger(request, "messagerie.inviter_session", session)
    participations = portail.restreindre(
        request,
        session.participations.filter(presence=Presence.INSCRIT).select_related("jeune"),
        "jeune__",
    )
    jeunes = [p.jeune for p in participations]
    portail.lire_en_lot(request, jeunes, quoi=f"invitation à la session n° {session.pk}")
    crees = services.messages_programmer(
        modele=CodeModele.INVITATION_SESSION,
        objet_type="session",
        envois=[
            {
                "jeune": jeune,
                "objet_id": session.pk,
                "valeurs": valeurs_communes(
                    jeune=jeune, jour=session.date, heure=session.heure_debut, lieu=session.lieu, theme=session.theme
                ),
            }
            for jeune in jeunes
        ],
    )
    messages.success(
        request,
        f"{len(crees)} invitation(s) programmée(s) pour {len(jeunes)} inscrit(s) "
        "(sur les canaux acceptés ; une invitation déjà envoyée ne l'est pas deux fois).",
    )
    return redirect("accompagnement:session_detail", pk=session.pk)


@require_http_methods(["GET", "POST"])
def desinscription(request, jeton):
    """Page publique du lien de désinscription : GET demande confirmation (un logiciel qui visite les liens d'un
    courriel ne désinscrit personne), POST enregistre le refus, daté. Aucune donnée du jeune n'est montrée."""
    lu = services.lire_jeton(jeton)
    if lu is None:
        return render(
            request, "messagerie/desinscription.html", {"invalide": True, "fait": False, "titre": TITRE}, status=404
        )
    jeune_id, canal = lu
    fait = False
    if request.method == "POST":
        jeune = Jeune.objects.filter(pk=jeune_id).first()
        if jeune is not None:
            services.consentement_enregistrer(jeune=jeune, canal=canal, accepte=False, origine=OrigineConsentement.LIEN)
        fait = True
    return render(
        request, "messagerie/desinscription.html", {"invalide": False, "fait": fait, "jeton": jeton, "titre": TITRE}
    )


def _secret_valide(request):
    attendu = settings.WEKER_SMS_RAPPEL_SECRET
    recu = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(attendu) and hmac.compare_digest(recu.encode(), attendu.encode())


@csrf_exempt
@require_POST
def rappel_fournisseur(request):
    """Statut de distribution d'un SMS envoyé par Brevo (JSON : `messageId`, `msg_status` ou `event`,
    `description`, `reply`). Authentifié par le secret partagé (403 sinon, rien ne change)."""
    if not _secret_valide(request):
        return HttpResponseForbidden("Secret absent ou invalide.")
    try:
        donnees = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponse("Corps JSON illisible.", status=400)
    if not isinstance(donnees, dict):
        return HttpResponse("Corps JSON illisible.", status=400)
    message = services.message_statut_fournisseur(
        identifiant=str(donnees.get("messageId") or donnees.get("message-id") or ""),
        evenement=str(donnees.get("msg_status") or donnees.get("event") or donnees.get("status") or ""),
        description=str(donnees.get("description") or "")[:200],
        reponse=str(donnees.get("reply") or ""),
    )
    return JsonResponse({"connu": message is not None})
