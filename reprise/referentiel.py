"""Référentiels chargés une fois par import : communes, secteurs, utilisateurs, dispositifs, identifiants connus.

Ces tables sont petites (35 000 communes au plus) ou bornées par le nombre de jeunes, jamais par le nombre
d'événements : la mémoire reste bornée quelle que soit la taille des fichiers.
"""

from antennes.models import Antenne, Commune, Secteur
from comptes.models import Utilisateur


class Referentiel:
    def __init__(self):
        self.communes = _Communes()
        self.secteurs = {
            code.upper(): (pk, antenne_id)
            for pk, code, antenne_id in Secteur.objects.values_list("pk", "code", "antenne_id")
        }
        self.antennes = dict(Antenne.objects.values_list("pk", "nom"))
        self.utilisateurs = {}
        self._utilisateurs_minuscules = {}
        for pk, username in Utilisateur.objects.values_list("pk", "username"):
            self.utilisateurs[username] = pk
            self._utilisateurs_minuscules.setdefault(username.lower(), pk)
        from dispositifs.models import Dispositif

        self.dispositifs = {
            code.lower(): (pk, ferme_depuis)
            for pk, code, ferme_depuis in Dispositif.objects.values_list("pk", "code", "ferme_depuis")
        }
        self.identifiants_fichier = set()
        self._identifiants_base = None
        from accompagnement.models import ProgrammeFormation, ThemeAtelier

        self.themes = dict(ThemeAtelier.objects.values_list("code", "pk"))
        self.programmes = dict(ProgrammeFormation.objects.values_list("code", "pk"))
        # Entreprises, offres et actions citées par les fichiers suivants : celles du fichier (notées à la
        # validation) et celles de la base (chargées à la demande ; bornées par le registre, pas par les jeunes).
        self.sirets_fichier = {}  # SIRET -> section NAF
        self._sirets_base = None
        self.offres_fichier = {}  # référence -> SIRET
        self._offres_base = None
        self.actions_fichier = set()
        self._actions_base = None

    def utilisateur(self, username):
        return self.utilisateurs.get(username) or self._utilisateurs_minuscules.get(username.lower())

    @property
    def identifiants_base(self):
        if self._identifiants_base is None:
            from accompagnement.models import Jeune

            self._identifiants_base = set(
                Jeune.objects.filter(identifiant_externe__isnull=False)
                .values_list("identifiant_externe", flat=True)
                .iterator(chunk_size=10000)
            )
        return self._identifiants_base

    def jeune_connu(self, identifiant):
        return identifiant in self.identifiants_fichier or identifiant in self.identifiants_base

    @property
    def sirets_base(self):
        if self._sirets_base is None:
            from entreprises.models import Entreprise

            self._sirets_base = dict(Entreprise.objects.values_list("siret", "section_naf").iterator(chunk_size=10000))
        return self._sirets_base

    def entreprise_connue(self, siret):
        return siret in self.sirets_fichier or siret in self.sirets_base

    def section_entreprise(self, siret):
        """Section NAF de l'entreprise : celle de entreprises.csv si elle y est, sinon celle de la base."""
        if siret in self.sirets_fichier:
            return self.sirets_fichier[siret]
        return self.sirets_base.get(siret, "")

    def offre(self, reference):
        """SIRET de l'entreprise de l'offre (fichier, sinon base) ; None si l'offre est inconnue."""
        if reference in self.offres_fichier:
            return self.offres_fichier[reference]
        if self._offres_base is None:
            from entreprises.models import Offre

            self._offres_base = dict(Offre.objects.values_list("reference", "entreprise__siret").iterator(10000))
        return self._offres_base.get(reference)

    def action_connue(self, reference):
        if reference in self.actions_fichier:
            return True
        if self._actions_base is None:
            from actions_territoriales.models import ActionTerritoriale

            self._actions_base = set(ActionTerritoriale.objects.values_list("reference", flat=True).iterator(10000))
        return reference in self._actions_base


class _Communes(dict):
    """code INSEE -> (antenne, secteur par défaut), chargé à la demande : quelques centaines de codes distincts
    suffisent même pour 100 000 jeunes, inutile de charger les 35 000 communes."""

    def __missing__(self, code):
        trouve = Commune.objects.filter(code_insee=code).values_list("antenne_id", "secteur_defaut_id").first()
        self[code] = trouve  # None pour un code inconnu : une seule requête par code
        return trouve

    def __contains__(self, code):
        return self[code] is not None
