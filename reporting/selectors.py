"""Lectures du pilotage : instantanés, données du tableau de bord, jeunes derrière un chiffre."""

import time

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.utils import timezone

from accompagnement.models import Jeune, ProgrammeFormation, ThemeAtelier
from actions_territoriales.enums import PUBLICS, TypeAction
from actions_territoriales.models import ActionTerritoriale
from reporting.chapitres import PAR_CODE
from reporting.definitions import VENTILATIONS, bornes, filtre_accompagne, filtre_beneficiaire, filtre_primo
from reporting.indicateurs import AntenneInconnue, calculer, totaux_par_territoire
from reporting.models import EditionRapport, RapportPdf, RedactionRapport, Snapshot
from weker.routeur import lectures_du_pilotage

ANNEE_MIN, ANNEE_MAX = 2000, 2100


def verifier_annee(annee):
    if not isinstance(annee, int) or not ANNEE_MIN <= annee <= ANNEE_MAX:
        raise ValidationError(f"Année invalide : {annee}.")


def snapshot_pour(annee, antenne_code=None):
    """Instantané (année, périmètre) enregistré, lu sur le réplica s'il est configuré ; None s'il manque. Une
    lecture n'écrit jamais d'instantané : c'est `reporting.services.snapshot_recalculer` (tâche, recalcul)."""
    with lectures_du_pilotage():
        return Snapshot.objects.pour(annee, antenne_code).first()


def instantane_calcule(*, annee, antenne_code=None, precedent=None):
    """Indicateurs de l'année calculés maintenant, dans un instantané non enregistré (le rapport PDF le lit tel
    quel ; `snapshot_recalculer` l'enregistre). `precedent` : instantané N-1 du même périmètre dont les totaux
    servent aux évolutions au lieu d'être relus en base."""
    verifier_annee(annee)
    totaux_precedents = None
    if precedent is not None:
        if precedent.annee != annee - 1 or (precedent.perimetre or None) != (antenne_code or None):
            raise ValueError(f"Instantané précédent inattendu pour {annee} ({antenne_code}) : {precedent}.")
        totaux_precedents = totaux_par_territoire(precedent.donnees, precedent.details)
    debut = time.monotonic()
    try:
        with lectures_du_pilotage():
            donnees, details = calculer(annee, antenne_code, totaux_precedents=totaux_precedents)
    except AntenneInconnue as exc:
        raise ValidationError(str(exc)) from exc
    return Snapshot(
        annee=annee,
        perimetre=antenne_code or None,
        donnees=donnees,
        details=details,
        duree_ms=int((time.monotonic() - debut) * 1000),
        calcule_le=timezone.now(),
    )


def jeunes_du_chiffre(
    *,
    annee,
    antenne_code=None,
    secteur_code=None,
    indicateur="accompagnes",
    ventilation="",
    case="",
    dispositif_code="",
):
    """Jeunes comptés dans un chiffre du tableau de bord (mêmes définitions que le calcul agrégé). Requête
    paresseuse : l'évaluer dans `lectures_du_pilotage()` pour la faire sur le réplica. `indicateur="beneficiaires"`
    avec `dispositif_code` : les bénéficiaires de la cohorte du dispositif (accompagnés ou non dans l'année)."""
    beneficiaires = indicateur == "beneficiaires"
    filtre = filtre_beneficiaire(annee, dispositif_code) if beneficiaires else filtre_accompagne(annee)
    if indicateur == "primo":
        filtre &= filtre_primo(annee)
    if ventilation:
        filtres = VENTILATIONS[ventilation](annee)
        filtre &= filtres[case]
    qs = Jeune.objects.filter(filtre)
    if antenne_code:
        qs = qs.filter(antenne__code=antenne_code)
    if secteur_code:
        qs = qs.filter(secteur__code=secteur_code)
    return qs.select_related("antenne", "secteur").order_by("nom", "prenom", "pk")


def rapports_visibles(user):
    qs = RapportPdf.objects.select_related("antenne", "cree_par")
    if user.has_perm("reporting.voir_perimetre", None):
        return qs
    return qs.filter(Q(antenne_id=user.antenne_id) & Q(antenne__isnull=False))


def noms_territoires():
    from antennes.models import Antenne, Secteur

    noms = dict(Antenne.objects.values_list("code", "nom"))
    noms.update(Secteur.objects.values_list("code", "nom"))
    return noms


def indicateurs_pour(annee, antenne_code=None):
    """Indicateurs prêts à afficher (instantanés N et N-1 enregistrés) ; None s'il en manque un (la page le dit et
    propose le recalcul)."""
    from reporting.presentation import Indicateurs

    snapshot, precedent = snapshot_pour(annee, antenne_code), snapshot_pour(annee - 1, antenne_code)
    if snapshot is None or precedent is None:
        return None
    return Indicateurs(snapshot, precedent, noms_territoires())


def libelles_referentiels():
    """Libellés des listes configurables, dans leur ordre : {"themes": {code: libellé}, "programmes": {…}}. Un code
    retiré de la liste n'y est plus : la présentation le montre tel quel."""
    return {
        "themes": dict(ThemeAtelier.objects.order_by("ordre", "code").values_list("code", "libelle")),
        "programmes": dict(ProgrammeFormation.objects.order_by("ordre", "code").values_list("code", "libelle")),
    }


def actions_de_recrutement(annee, antenne_code=None):
    """Actions territoriales de type recrutement datées de `annee` (premier jour) et leurs chiffres : des effectifs,
    jamais le nom d'un participant. Périmètre d'une antenne : les actions qu'elle porte, ou à défaut celles de ses
    communes (même règle que le bloc `actions` des indicateurs). Une requête."""
    debut, fin = bornes(annee)
    qs = ActionTerritoriale.objects.filter(type=TypeAction.RECRUTEMENT, date__gte=debut, date__lte=fin)
    if antenne_code:
        qs = qs.filter(Q(antenne__code=antenne_code) | Q(antenne__isnull=True, commune__antenne__code=antenne_code))
    champs_publics = [champ for champ, _libelle in PUBLICS]
    with lectures_du_pilotage():
        return list(
            qs.order_by("date", "intitule", "pk")
            .annotate(
                publics=sum((F(champ) for champ in champs_publics[1:]), F(champs_publics[0])),
                jeunes=Count("participations", distinct=True),
                nombre_entreprises=Count("entreprises", distinct=True),
            )
            .values(
                "intitule",
                "date",
                "date_fin",
                "lieu",
                "commune__nom",
                "publics",
                "jeunes",
                "nombre_entreprises",
                "entretiens",
                "seconds_entretiens",
                "embauches",
            )
        )


# --- Éditions du rapport d'activité ---------------------------------------------------------------------------


def redaction_pour(annee, antenne_code=None):
    """Rédaction (année, périmètre) enregistrée, textes compris ; None si la direction n'a encore rien saisi."""
    return RedactionRapport.objects.pour(annee, antenne_code).prefetch_related("textes").first()


def mise_en_page_pour(annee, antenne_code=None):
    """Ce que le rapport met en page, tiré de la rédaction : chapitres retenus (ordre du registre), texte et
    citation de chacun, logo. Une antenne sans logo à elle reprend celui de l'agence pour la même année."""
    redaction = redaction_pour(annee, antenne_code)
    retires = set(redaction.chapitres_retires) if redaction else set()
    textes = {t.chapitre: t for t in redaction.textes.all()} if redaction else {}
    chapitres = []
    for code in PAR_CODE:
        if code in retires:
            continue
        texte = textes.get(code)
        chapitres.append(
            {
                "code": code,
                "texte": texte.texte if texte else "",
                "citation": texte.citation if texte else "",
                "auteur": texte.citation_auteur if texte else "",
            }
        )
    avec_logo = redaction if redaction and redaction.logo else None
    if avec_logo is None and antenne_code:
        avec_logo = RedactionRapport.objects.pour(annee).exclude(logo="").first()
    logo = {"nom": avec_logo.logo.name, "type_mime": avec_logo.logo_type_mime} if avec_logo else None
    return {"chapitres": chapitres, "logo": logo}


def editions_visibles(user):
    """Éditions figées que l'utilisateur peut ouvrir : toutes pour la direction, celles de son antenne pour un
    responsable d'antenne (jamais celles de l'agence)."""
    qs = EditionRapport.objects.select_related("antenne", "cree_par")
    if user.has_perm("reporting.preparer_edition", None):
        return qs
    return qs.filter(Q(antenne_id=user.antenne_id) & Q(antenne__isnull=False))
