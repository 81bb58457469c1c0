"""Lectures de la messagerie."""

from messagerie.enums import CANAUX_CONSENTIS, Canal
from messagerie.models import Consentement, Message


def consentements_du_jeune(jeune):
    """[(canal, libellé, consentement ou None)] pour chaque canal soumis au consentement."""
    trouves = {c.canal: c for c in Consentement.objects.filter(jeune=jeune).select_related("par")}
    return [(canal, Canal(canal).label, trouves.get(canal)) for canal in CANAUX_CONSENTIS]


def messages_du_jeune(jeune, limite=50):
    return list(Message.objects.du_jeune(jeune).order_by("-cree_le")[:limite])
