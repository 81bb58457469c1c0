"""Avis de décision du FAJ au jeune, par la messagerie : « une décision a été prise, contactez votre conseiller ».
Ni le montant, ni le motif, ni le type d'aide n'entrent dans un message (SMS ou courriel) : le détail est dans le
courrier de décision remis par la Mission Locale."""

from messagerie.enums import CodeModele
from messagerie.gabarits import valeurs_communes
from messagerie.services import messages_programmer

OBJET = "décision FAJ"


def avis_de_decision(decision, jeune):
    return messages_programmer(
        modele=CodeModele.DECISION_FAJ,
        objet_type=OBJET,
        envois=[{"jeune": jeune, "objet_id": decision.pk, "valeurs": valeurs_communes(jeune=jeune)}],
    )
