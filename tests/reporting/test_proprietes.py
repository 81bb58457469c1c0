"""Propriétés : quelles que soient les données, les parts font les totaux."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accompagnement.enums import Hebergement, Niveau, Permis, Transport, TypeEvenement
from antennes.models import Antenne
from reporting.indicateurs import calculer_indicateurs
from tests.reporting.factories import DemandeAideFactory, EvenementFactory, JeuneFactory

N = 2018

jour = st.dates(min_value=date(N - 2, 1, 1), max_value=date(N + 1, 12, 31))
jeune = st.fixed_dictionaries(
    {
        "sexe": st.sampled_from(["f", "m"]),
        "date_naissance": st.dates(min_value=date(N - 32, 1, 1), max_value=date(N - 14, 12, 31)),
        "date_premier_accueil": st.dates(min_value=date(N - 6, 1, 1), max_value=date(N, 12, 31)),
        "niveau": st.sampled_from(["", *Niveau.values]),
        "hebergement": st.sampled_from(["", *Hebergement.values]),
        "transport": st.sampled_from(["", *Transport.values]),
        "permis": st.sampled_from(["", *Permis.values]),
        "antenne": st.sampled_from(["RENNES", "BROCELIANDE", "NORD_EST", "HORS_BE"]),
        "evenements": st.lists(st.tuples(st.sampled_from(TypeEvenement.values), jour), max_size=3),
        "aides": st.lists(
            st.tuples(
                st.sampled_from(["subsistance", "mobilite", "logement", "sante"]),
                st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1500"), places=2),
                st.sampled_from(["faj_rm", "faj_cd35"]),
            ),
            max_size=2,
        ),
    }
)


@pytest.mark.django_db
class TestLesPartiesFontLeTotal(TestCase):
    """Chaque exemple s'exécute dans sa propre transaction annulée (TestCase de hypothesis)."""

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(jeune, max_size=8))
    def test_totaux(self, jeunes):
        antennes = {a.code: a for a in Antenne.objects.all()}
        for donnees in jeunes:
            j = JeuneFactory(
                antenne=antennes[donnees["antenne"]],
                **{k: v for k, v in donnees.items() if k not in ("antenne", "evenements", "aides")},
            )
            for type_, jour_ in donnees["evenements"]:
                EvenementFactory(jeune=j, type=type_, date=jour_)
            for type_, montant, fonds in donnees["aides"]:
                DemandeAideFactory(
                    jeune=j,
                    type=type_,
                    fonds=fonds,
                    montant_accorde=montant,
                    date_decision=date(N, 6, 1) + timedelta(1),
                )

        d = calculer_indicateurs(N)
        ja = d["jeunes_accompagnes"]
        for cle in (
            "par_sexe",
            "par_tranche_age",
            "par_niveau",
            "par_annee_premier_accueil",
            "par_hebergement",
            "par_transport",
            "par_permis",
        ):
            assert sum(ja[cle].values()) == ja["total"], cle
        assert ja["primo_accueillis"] <= ja["total"]
        total = d["territoires"][-1]
        antennes_lignes = [lg for lg in d["territoires"] if lg["secteur"] is None and lg["antenne"]]
        for champ in ("accompagnes", "accompagnes_n_1", "primo", "primo_n_1"):
            assert sum(lg[champ] for lg in antennes_lignes) == total[champ]
            for a in antennes_lignes:
                secteurs = [lg[champ] for lg in d["territoires"] if lg["antenne"] == a["antenne"] and lg["secteur"]]
                assert sum(secteurs) <= a[champ]
        assert total["accompagnes"] == ja["total"]
        faj = d["faj"]
        nb_aides = d["aides"]["faj_rm"]["aides"] + d["aides"]["faj_cd35"]["aides"]
        assert sum(faj["par_type"].values()) == nb_aides
        assert sum(faj["par_tranche_montant"].values()) == nb_aides
        # Par antenne : la somme des périmètres fait l'agence
        par_antenne = [calculer_indicateurs(N, code)["jeunes_accompagnes"]["total"] for code in antennes]
        assert sum(par_antenne) == ja["total"]
