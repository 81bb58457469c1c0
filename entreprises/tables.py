"""Tableaux du registre et des offres (django-tables2 : tri, pagination, en-têtes).

Les lignes sont écrites par un gabarit Jinja2 (`templates/jinja2/entreprises/`) à partir de valeurs préparées ici
(textes et adresses, sans HTML ; voir weker.tableaux) : rendues cellule par cellule, 50 offres coûtaient ~100 ms.
"""

from dataclasses import dataclass

import django_tables2 as tables

from entreprises.models import Entreprise, Offre
from weker.chemins import chemin_par_pk
from weker.tableaux import GABARIT_TABLEAU, TIRET, TableauJinja, date_courte


@dataclass(slots=True)
class LigneEntreprise:
    adresse: str
    raison_sociale: str
    siret: str
    commune: str
    section_naf: str
    effectif: str


@dataclass(slots=True)
class LigneOffre:
    adresse: str
    reference: str
    intitule: str
    adresse_entreprise: str
    entreprise: str
    contrat: str
    postes: int
    recue_le: str
    cloture: str
    statut: str


class EntrepriseTable(TableauJinja):
    raison_sociale = tables.Column(verbose_name="Raison sociale")
    siret = tables.Column(verbose_name="SIRET", order_by="siret")
    commune = tables.Column(verbose_name="Commune", order_by="commune__nom")
    section_naf = tables.Column(verbose_name="Section NAF")
    tranche_effectif = tables.Column(verbose_name="Effectif")

    gabarit_lignes = "entreprises/lignes_entreprises.html"

    class Meta:
        model = Entreprise
        fields = ()
        sequence = ("raison_sociale", "siret", "commune", "section_naf", "tranche_effectif")
        order_by = ("raison_sociale",)
        empty_text = "Aucune entreprise ne correspond à ces critères."
        attrs = {"class": "table table-sm table-hover align-middle"}
        template_name = GABARIT_TABLEAU

    def preparation(self, aujourd_hui):
        adresse = chemin_par_pk("entreprises:entreprise_detail")

        def preparer(entreprise):
            return LigneEntreprise(
                adresse=adresse(entreprise.pk),
                raison_sociale=entreprise.raison_sociale,
                siret=entreprise.siret_affiche,
                commune=entreprise.commune.nom if entreprise.commune_id else TIRET,
                section_naf=entreprise.section_naf or TIRET,
                effectif=entreprise.get_tranche_effectif_display() if entreprise.tranche_effectif else TIRET,
            )

        return preparer


class OffreTable(TableauJinja):
    reference = tables.Column(verbose_name="Référence")
    intitule = tables.Column(verbose_name="Intitulé")
    entreprise = tables.Column(verbose_name="Entreprise", order_by="entreprise__raison_sociale")
    type_contrat = tables.Column(verbose_name="Contrat")
    nombre_postes = tables.Column(verbose_name="Postes")
    date_reception = tables.Column(verbose_name="Reçue le")
    date_cloture = tables.Column(verbose_name="Clôture")
    statut = tables.Column(verbose_name="Statut")

    gabarit_lignes = "entreprises/lignes_offres.html"

    class Meta:
        model = Offre
        fields = ()
        sequence = (
            "reference",
            "intitule",
            "entreprise",
            "type_contrat",
            "nombre_postes",
            "date_reception",
            "date_cloture",
            "statut",
        )
        order_by = ("-date_reception",)
        empty_text = "Aucune offre ne correspond à ces critères."
        attrs = {"class": "table table-sm table-hover align-middle"}
        template_name = GABARIT_TABLEAU

    def preparation(self, aujourd_hui):
        adresse = chemin_par_pk("entreprises:offre_detail")
        adresse_entreprise = chemin_par_pk("entreprises:entreprise_detail")

        def preparer(offre):
            return LigneOffre(
                adresse=adresse(offre.pk),
                reference=offre.reference,
                intitule=offre.intitule,
                adresse_entreprise=adresse_entreprise(offre.entreprise_id),
                entreprise=offre.entreprise.raison_sociale,
                contrat=offre.get_type_contrat_display(),
                postes=offre.nombre_postes,
                recue_le=date_courte(offre.date_reception),
                cloture=date_courte(offre.date_cloture),
                statut=offre.get_statut_display(),
            )

        return preparer
