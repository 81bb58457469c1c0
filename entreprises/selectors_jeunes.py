"""Lectures qui relient un jeune aux entreprises : bloc du dossier, recherches des formulaires de mise en relation.

Le périmètre et le journal des accès sont l'affaire des vues (portail) ; ici, des requêtes en nombre fixe."""

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When

from entreprises.enums import RESULTATS_EN_COURS, StatutOffre
from entreprises.models import Entreprise, Immersion, MiseEnRelation, Offre
from entreprises.regles import normaliser_siret
from weker.texte import normaliser

RESULTATS_MAX = 20


def mises_en_relation_du_jeune(jeune):
    """Les mises en relation du jeune, celles en cours d'abord, puis les plus récentes."""
    return list(
        MiseEnRelation.objects.filter(jeune=jeune)
        .select_related("entreprise", "offre", "conseiller")
        .annotate(
            termine=Case(
                When(resultat__in=RESULTATS_EN_COURS, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("termine", "-date", "-cree_le")
    )


def immersions_du_jeune(jeune):
    return list(
        Immersion.objects.filter(jeune=jeune)
        .select_related("entreprise", "renouvellement_de")
        .annotate(renouvelee=Exists(Immersion.objects.filter(renouvellement_de=OuterRef("pk"))))
        .order_by("-date_debut", "-pk")
    )


def bloc_entreprises_du_jeune(jeune):
    return {"mises_en_relation": mises_en_relation_du_jeune(jeune), "immersions": immersions_du_jeune(jeune)}


def rechercher_entreprises(texte):
    """Entreprises dont la raison sociale, l'enseigne ou le SIRET correspond, avec leurs offres ouvertes (deux
    requêtes)."""
    texte = (texte or "").strip()
    if len(texte) < 2:
        return []
    critere = Q(nom_recherche__contains=normaliser(texte)) | Q(raison_sociale__icontains=texte)
    critere |= Q(enseigne__icontains=texte)
    siret = normaliser_siret(texte)
    if siret.isdigit():
        critere |= Q(siret__startswith=siret)
    return list(
        Entreprise.objects.filter(critere)
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "offres",
                queryset=Offre.objects.filter(statut=StatutOffre.OUVERTE).order_by("-date_reception"),
                to_attr="offres_ouvertes",
            )
        )
        .order_by("raison_sociale", "siret")[:RESULTATS_MAX]
    )
