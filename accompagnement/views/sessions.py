"""Sessions collectives : liste, création, inscriptions, émargement, feuille d'émargement imprimable."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompagnement import selectors, services
from accompagnement.enums import Presence
from accompagnement.forms import EmargementForm, InscriptionSessionForm, SessionForm
from accompagnement.models import Jeune, SessionCollective
from accompagnement.views.commun import candidats_a_inscrire, exiger, reporter_erreurs
from antennes.models import Antenne
from securite import portail
from securite.models import ActionAcces
from weker.htmx import rendre
from weker.pdf import rendre_pdf, reponse_pdf


def _session_pour(request, pk, permission="accompagnement.voir_sessions"):
    exiger(request, "accompagnement.voir_sessions")
    session = get_object_or_404(SessionCollective.objects.select_related("antenne", "lieu", "animateur"), pk=pk)
    exiger(request, permission, session)
    return session


@require_GET
def session_liste(request):
    exiger(request, "accompagnement.voir_sessions")
    aujourd_hui = timezone.localdate()
    periode = request.GET.get("periode", "a_venir")
    antennes = Antenne.objects.all()
    code = request.GET.get("antenne")
    if code is None:
        code = request.user.antenne.code if request.user.antenne_id else ""
    qs = SessionCollective.objects.all()
    if code:
        qs = qs.filter(antenne__code=code)
    if periode == "passees":
        qs = qs.filter(date__lt=aujourd_hui).order_by("-date", "-heure_debut")
    else:
        periode = "a_venir"
        qs = qs.filter(date__gte=aujourd_hui).order_by("date", "heure_debut")
    sessions = selectors.sessions_avec_inscrits(qs)[:200]
    return render(
        request,
        "accompagnement/session_liste.html",
        {
            "sessions": sessions,
            "periode": periode,
            "antennes": antennes,
            "antenne_code": code,
            "peut_creer": request.user.has_perm("accompagnement.gerer_session"),
        },
    )


@require_http_methods(["GET", "POST"])
def session_creer(request):
    exiger(request, "accompagnement.gerer_session")
    form = SessionForm(request.POST or None, initial={"antenne": request.user.antenne_id, "capacite": 12})
    if request.method == "POST" and form.is_valid():
        donnees = form.donnees_service()
        if not request.user.has_perm("accompagnement.gerer_session", SessionCollective(antenne=donnees["antenne"])):
            form.add_error("antenne", "Vous ne pouvez organiser des sessions que pour votre antenne.")
        else:
            if donnees["animateur"] is None:
                donnees["animateur"] = request.user
            try:
                session = services.session_creer(par=request.user, **donnees)
            except ValidationError as erreur:
                reporter_erreurs(form, erreur)
            else:
                messages.success(request, f"{session} créée.")
                return redirect("accompagnement:session_detail", pk=session.pk)
    return render(request, "accompagnement/session_form.html", {"form": form})


def _contexte_detail(request, session, **extra):
    participations = list(selectors.participations_de_session(session))
    contexte = {
        "session": session,
        "participations": participations,
        "places_restantes": max(session.capacite - len(participations), 0),
        "form_emargement": EmargementForm(participations=participations),
        "peut_gerer": request.user.has_perm("accompagnement.gerer_session", session),
        "recherche": "",
        "candidats": [],
        "session_passee_ou_du_jour": session.date <= timezone.localdate(),
    }
    contexte.update(extra)
    return contexte


@require_GET
def session_detail(request, pk):
    session = _session_pour(request, pk)
    contexte = _contexte_detail(request, session)
    texte = (request.GET.get("q") or "").strip()
    contexte["adresse_inscription"] = reverse("accompagnement:session_inscrire", args=[session.pk])
    if texte and contexte["peut_gerer"]:
        inscrits = {p.jeune_id for p in contexte["participations"]}
        candidats = candidats_a_inscrire(request, texte, deja=inscrits, quoi=f"recherche de participants : {session}")
        contexte.update({"recherche": texte, "candidats": candidats})
    portail.lire_en_lot(request, [p.jeune_id for p in contexte["participations"]], quoi=f"participants : {session}")
    return rendre(
        request,
        "accompagnement/session_detail.html",
        "accompagnement/includes/candidats.html",
        contexte,
    )


@require_POST
def session_inscrire(request, pk):
    session = _session_pour(request, pk, "accompagnement.gerer_session")
    form = InscriptionSessionForm(request.POST)
    if form.is_valid():
        try:
            nombre = services.session_inscrire(session=session, jeunes=form.cleaned_data["jeunes"], par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, f"{nombre} jeune(s) inscrit(s).")
    else:
        messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
    return redirect("accompagnement:session_detail", pk=session.pk)


@require_POST
def session_desinscrire(request, pk, jeune_pk):
    session = _session_pour(request, pk, "accompagnement.gerer_session")
    jeune = get_object_or_404(Jeune, pk=jeune_pk, participations__session=session)
    services.session_desinscrire(session=session, jeune=jeune, par=request.user)
    messages.success(request, f"{jeune} n'est plus inscrit·e.")
    return redirect("accompagnement:session_detail", pk=session.pk)


@require_POST
def session_emarger(request, pk):
    session = _session_pour(request, pk, "accompagnement.gerer_session")
    participations = list(selectors.participations_de_session(session))
    form = EmargementForm(request.POST, participations=participations)
    if form.is_valid():
        try:
            services.session_emarger(session=session, presences=form.presences(), par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            presents = sum(1 for p in form.presences().values() if p == Presence.PRESENT)
            messages.success(request, f"Émargement enregistré : {presents} présent·e(s).")
            return redirect("accompagnement:session_detail", pk=session.pk)
    else:
        messages.error(request, "Indiquez une présence valide pour chaque jeune.")
    portail.lire_en_lot(request, [p.jeune_id for p in participations], quoi=f"participants : {session}")
    return render(
        request,
        "accompagnement/session_detail.html",
        _contexte_detail(request, session, participations=participations, form_emargement=form),
    )


@require_GET
def session_feuille_pdf(request, pk):
    session = _session_pour(request, pk)
    participations = list(selectors.participations_de_session(session))
    portail.lire_en_lot(
        request,
        [p.jeune_id for p in participations],
        quoi=f"feuille d'émargement : {session}",
        action=ActionAcces.IMPRESSION,
    )
    contenu = rendre_pdf(
        "accompagnement/session_emargement_pdf.html",
        {"session": session, "participations": participations, "imprime_le": timezone.localtime()},
    )
    return reponse_pdf(contenu, f"emargement-session-{session.pk}-{session.date:%Y%m%d}.pdf")
