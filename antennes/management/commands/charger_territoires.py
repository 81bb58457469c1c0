from django.core.management.base import BaseCommand

from antennes.referentiel import charger_territoires


class Command(BaseCommand):
    help = (
        "Charge (ou met à jour) antennes, EPCI, toutes les communes de France, les secteurs par défaut et un lieu "
        "d'accueil par antenne qui n'en a aucun."
    )

    def handle(self, *args, **options):
        comptes = charger_territoires()
        if options["verbosity"] >= 1:
            self.stdout.write(
                "Référentiel territorial : {antennes} antennes, {epci} EPCI, {communes} communes dont "
                "{communes_bassin} dans le bassin d'emploi, {secteurs} secteurs, {lieux} lieux d'accueil.".format(
                    **comptes
                )
            )
