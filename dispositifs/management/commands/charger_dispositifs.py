from django.core.management.base import BaseCommand

from dispositifs.catalogue import charger
from dispositifs.models import Dispositif, ParametreMontant


class Command(BaseCommand):
    help = (
        "Crée les dispositifs du catalogue par défaut et les montants réglementaires manquants "
        "(idempotent : ne modifie pas ce que les administrateurs ont changé)."
    )

    def handle(self, *args, **options):
        dispositifs, montants = charger(Dispositif, ParametreMontant)
        self.stdout.write(f"{dispositifs} dispositif(s) et {montants} montant(s) créé(s).")
