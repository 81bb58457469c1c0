import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dispositifs import selectors, services
from dispositifs.enums import CodeParametre, FondsAllocation, SituationFiscale, StatutPreparation
from dispositifs.models import LignePaiement, ParametreMontant, Versement
from tests.dispositifs.factories import InscriptionFactory, dispositif
from tests.dispositifs.factories import JeuneFactory as _JeuneFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NON_IMPOSABLE = SituationFiscale.NON_IMPOSABLE
T1 = SituationFiscale.IMPOSABLE_PREMIERE_TRANCHE
AU_DELA = SituationFiscale.IMPOSABLE_AU_DELA


class TestMontantCej:
    @pytest.mark.parametrize(
        ("age", "foyer", "date", "attendu"),
        [
            (18, NON_IMPOSABLE, D(2025, 4, 1), "561.68"),
            (25, T1, D(2025, 4, 1), "337.00"),
            (17, NON_IMPOSABLE, D(2025, 4, 1), "224.68"),
            (16, T1, D(2025, 4, 1), "224.68"),
            (20, AU_DELA, D(2025, 4, 1), "0.00"),
            (18, NON_IMPOSABLE, D(2025, 3, 31), "545.48"),
            (17, NON_IMPOSABLE, D(2025, 3, 31), "218.19"),
        ],
    )
    def test_selon_age_situation_et_date(self, age, foyer, date, attendu):
        assert selectors.montant_cej(age=age, foyer_imposable=foyer, date=date) == Decimal(attendu)

    def test_un_nouveau_montant_saisi_par_un_administrateur_s_applique(self):
        ParametreMontant.objects.create(
            code=CodeParametre.CEJ_MAJEUR_NON_IMPOSABLE, date_effet=D(2026, 4, 1), montant=Decimal("570.10")
        )
        assert selectors.montant_cej(age=20, foyer_imposable=NON_IMPOSABLE, date=D(2026, 3, 31)) == Decimal("561.68")
        assert selectors.montant_cej(age=20, foyer_imposable=NON_IMPOSABLE, date=D(2026, 4, 1)) == Decimal("570.10")

    def test_montant_absent_explique(self):
        with pytest.raises(ValidationError) as exc:
            selectors.montant_cej(age=20, foyer_imposable=NON_IMPOSABLE, date=D(2024, 3, 1))
        assert exc.value.messages == [
            "Aucun montant « CEJ — jeune majeur autonome ou foyer non imposable » n'est en vigueur au 01/03/2024 : "
            "un administrateur doit le saisir dans les montants réglementaires."
        ]


ENTREE = D(2025, 1, 10)


def JeuneFactory(**kwargs):  # noqa: N802 — majeur par défaut pendant toute la période testée
    kwargs.setdefault("date_naissance", D(2000, 1, 1))
    return _JeuneFactory(**kwargs)


def cej(jeune=None, entree=ENTREE, foyer=NON_IMPOSABLE, **kwargs):
    return InscriptionFactory(
        jeune=jeune or JeuneFactory(), dispositif=dispositif("cej"), date_entree=entree, foyer_imposable=foyer, **kwargs
    )


class TestMontantsDus:
    def test_jeunes_en_cej_dans_le_mois(self):
        majeur = cej(JeuneFactory(nom="Majeur", date_naissance=D(2000, 1, 1)))
        # 18 ans le 1er mai : majeur pour le mois de mai ; 18 ans le 2 mai : encore mineur.
        dix_huit_le_1er = cej(JeuneFactory(nom="Premier", date_naissance=D(2007, 5, 1)))
        dix_huit_le_2 = cej(JeuneFactory(nom="Deux", date_naissance=D(2007, 5, 2)))
        cej(JeuneFactory(nom="Sorti"), date_sortie=D(2025, 4, 30))
        sorti_le_1er = cej(JeuneFactory(nom="SortiLe1er"), date_sortie=D(2025, 5, 1))
        cej(JeuneFactory(nom="Futur"), entree=D(2025, 6, 1))
        entre_le_31 = cej(JeuneFactory(nom="Le31"), entree=D(2025, 5, 31), foyer=T1)
        cej(JeuneFactory(nom="Imposable"), foyer=AU_DELA)
        deja_paye = cej(JeuneFactory(nom="Paye"))
        Versement.objects.create(
            jeune=deja_paye.jeune, fonds=FondsAllocation.CEJ, date=D(2025, 5, 5), montant=1, periode="2025-05"
        )
        InscriptionFactory(jeune=JeuneFactory(nom="Pacea"), dispositif=dispositif("pacea"), date_entree=D(2025, 1, 1))
        dus = {du.inscription: du.montant for du in selectors.montants_cej_dus(mois=D(2025, 5, 1))}
        assert dus == {
            majeur: Decimal("561.68"),
            dix_huit_le_1er: Decimal("561.68"),
            dix_huit_le_2: Decimal("224.68"),
            sorti_le_1er: Decimal("561.68"),
            entre_le_31: Decimal("337.00"),
        }


class TestPreparation:
    def test_parcours_complet(self, responsable_rennes):
        a = cej(JeuneFactory(nom="Alpha", date_naissance=D(2000, 1, 1)))
        b = cej(JeuneFactory(nom="Bravo", date_naissance=D(2008, 1, 1)))
        c = cej(JeuneFactory(nom="Charlie", date_naissance=D(2000, 1, 1)), foyer=T1)
        preparation = services.preparation_creer(mois=D(2025, 5, 20), par=responsable_rennes)
        assert preparation.mois == D(2025, 5, 1)
        lignes = {ligne.jeune_id: ligne for ligne in preparation.lignes.all()}
        assert {k: v.montant for k, v in lignes.items()} == {
            a.jeune_id: Decimal("561.68"),
            b.jeune_id: Decimal("224.68"),
            c.jeune_id: Decimal("337.00"),
        }

        with pytest.raises(ValidationError) as exc:
            services.ligne_ajuster(ligne=lignes[a.jeune_id], montant=Decimal("300"), motif="", par=responsable_rennes)
        assert exc.value.message_dict == {"motif": ["Indiquez le motif de l'ajustement (suspension, absence…)."]}
        with pytest.raises(ValidationError, match="entre 0 et 561,68"):
            services.ligne_ajuster(ligne=lignes[a.jeune_id], montant=Decimal("561.69"), motif="x", par=None)
        services.ligne_ajuster(ligne=lignes[a.jeune_id], montant=Decimal("280.84"), motif="Absences", par=None)
        services.ligne_ajuster(ligne=lignes[b.jeune_id], montant=Decimal("0"), motif="Suspension", par=None)

        # Un recalcul conserve les ajustements motivés et intègre les nouveaux entrants.
        d = cej(JeuneFactory(nom="Delta", date_naissance=D(2000, 1, 1)), entree=D(2025, 5, 15))
        services.preparation_calculer(preparation=preparation, par=None)
        montants = dict(preparation.lignes.values_list("jeune_id", "montant"))
        assert montants[a.jeune_id] == Decimal("280.84")
        assert montants[b.jeune_id] == Decimal("0")
        assert montants[d.jeune_id] == Decimal("561.68")

        services.preparation_valider(preparation=preparation, date_paiement=D(2025, 6, 5), par=responsable_rennes)
        preparation.refresh_from_db()
        assert preparation.statut == StatutPreparation.VALIDEE
        versements = Versement.objects.filter(fonds=FondsAllocation.CEJ, periode="2025-05")
        assert {(v.jeune_id, v.montant, v.date, v.motif) for v in versements} == {
            (a.jeune_id, Decimal("280.84"), D(2025, 6, 5), "Absences"),
            (c.jeune_id, Decimal("337.00"), D(2025, 6, 5), ""),
            (d.jeune_id, Decimal("561.68"), D(2025, 6, 5), ""),
        }
        assert all(v.inscription_id and v.saisi_par == responsable_rennes for v in versements)

        with pytest.raises(ValidationError, match="déjà validée"):
            services.preparation_valider(preparation=preparation, date_paiement=D(2025, 6, 5), par=None)
        with pytest.raises(ValidationError, match="ne peut plus être recalculée"):
            services.preparation_calculer(preparation=preparation, par=None)
        with pytest.raises(ValidationError, match="ne peut plus être modifiée"):
            services.ligne_ajuster(ligne=LignePaiement.objects.first(), montant=Decimal("1"), motif="x", par=None)

    def test_un_mois_ne_se_prepare_qu_une_fois(self):
        services.preparation_creer(mois=D(2025, 5, 1), par=None)
        with pytest.raises(ValidationError, match="05/2025 existe déjà"):
            services.preparation_creer(mois=D(2025, 5, 31), par=None)

    def test_rien_a_valider(self):
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        with pytest.raises(ValidationError, match="rien à valider"):
            services.preparation_valider(preparation=preparation, date_paiement=D(2025, 6, 1), par=None)

    def test_deja_paye_entre_temps(self):
        inscription = cej()
        preparation = services.preparation_creer(mois=D(2025, 5, 1), par=None)
        Versement.objects.create(
            jeune=inscription.jeune, fonds=FondsAllocation.CEJ, date=D(2025, 5, 3), montant=10, periode="2025-05"
        )
        with pytest.raises(ValidationError, match="déjà un versement CEJ pour 05/2025"):
            services.preparation_valider(preparation=preparation, date_paiement=D(2025, 6, 1), par=None)
        services.preparation_calculer(preparation=preparation, par=None)
        assert not preparation.lignes.exists()

    def test_mois_depuis_texte(self):
        assert services.mois_depuis_texte("2025-04") == D(2025, 4, 1)
        with pytest.raises(ValidationError, match="AAAA-MM"):
            services.mois_depuis_texte("avril")


class TestPlafondPacea:
    """Plafond : 6 × 646,52 € (RSA au 1er avril 2025) = 3 879,12 € sur 12 mois glissants."""

    @pytest.fixture
    def pacea(self):
        return InscriptionFactory(dispositif=dispositif("pacea"), date_entree=D(2025, 1, 10))

    def verser(self, inscription, montant, date):
        return services.allocation_pacea_verser(
            inscription=inscription, montant=Decimal(montant), date=date, motif="Mobilité", par=None
        )

    def test_plafond_au_centime(self, pacea):
        self.verser(pacea, "3000.00", D(2025, 6, 1))
        with pytest.raises(ValidationError) as exc:
            self.verser(pacea, "879.13", D(2025, 7, 1))
        assert exc.value.message_dict["montant"] == [
            "Plafond dépassé : il reste 879,12\u00a0€ disponibles sur 12 mois glissants (plafond 3\u202f879,12\u00a0€, "
            "déjà versé 3\u202f000,00\u00a0€ depuis le 02/07/2024)."
        ]
        versement = self.verser(pacea, "879.12", D(2025, 7, 1))
        assert (versement.fonds, versement.periode, versement.inscription) == (FondsAllocation.PACEA, "2025-07", pacea)
        with pytest.raises(ValidationError, match="il reste 0,00"):
            self.verser(pacea, "0.01", D(2025, 7, 2))

    def test_fenetre_glissante_de_12_mois(self, pacea):
        self.verser(pacea, "3879.12", D(2025, 6, 1))
        # Le 31/05/2026, le versement du 01/06/2025 compte encore ; le 01/06/2026, il sort de la fenêtre.
        with pytest.raises(ValidationError, match="il reste 0,00"):
            self.verser(pacea, "1", D(2026, 5, 31))
        assert self.verser(pacea, "3879.12", D(2026, 6, 1)).pk

    def test_plafond_suit_le_rsa_en_vigueur(self, pacea):
        plafond = selectors.plafond_pacea(jeune=pacea.jeune, dispositif=pacea.dispositif, date=D(2025, 3, 31))
        assert plafond.plafond == Decimal("3814.26")  # 6 × 635,71
        plafond = selectors.plafond_pacea(jeune=pacea.jeune, dispositif=pacea.dispositif, date=D(2025, 4, 1))
        assert plafond.plafond == Decimal("3879.12")

    def test_refus_hors_pacea_ou_hors_periode(self, pacea):
        with pytest.raises(ValidationError, match="n'ouvre pas droit"):
            self.verser(cej(), "10", D(2025, 6, 1))
        with pytest.raises(ValidationError, match="comprise dans la période d'inscription"):
            self.verser(pacea, "10", D(2025, 1, 9))
        with pytest.raises(ValidationError, match="positif"):
            self.verser(pacea, "0", D(2025, 6, 1))
