"""Les indicateurs de ../shared/specs/entreprises-actions.md comparés à un calcul de référence indépendant : Python
pur sur les lignes créées, écrit d'après le texte du contrat (aucune fonction de reporting réutilisée), sur des
données tirées au hasard ; et les propriétés qui doivent tenir quelles que soient les données."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accompagnement.models import ProgrammeFormation, ThemeAtelier
from antennes.models import Antenne
from reporting.indicateurs import calculer_indicateurs
from tests.reporting.factories import (
    ActionFactory,
    DispositifFactory,
    EntrepriseFactory,
    EvenementFactory,
    InscriptionFactory,
    JeuneFactory,
    MiseEnRelationFactory,
    OffreFactory,
    ParticipationActionFactory,
    SituationFactory,
    _commune,
)

N = 2018
ANTENNES = ["RENNES", "BROCELIANDE"]
DISPOSITIFS = ["cej", "pacea"]
MOTIFS = ["emploi", "formation", "abandon", "demenagement", "limite_age", "fin_de_droits", "autre"]
TYPES_ACTION = ["recrutement", "decouverte_metiers", "mixite", "gpect", "entrepreneuriat", "sante", "autre"]
PUBLICS = [
    "public_tout_public",
    "public_scolaires",
    "public_etudiants",
    "public_salaries",
    "public_demandeurs_emploi",
    "public_professionnels",
]
SECTIONS = list("ABCDEFGHIJKLMNOPQRSTU")
SITUATIONS = [("emploi", "cdi", ""), ("emploi", "interim", ""), ("formation", "qualifiante", "autre")]
SITUATIONS += [("immersion", "pmsmp", "")]

jour = st.dates(min_value=date(N - 1, 11, 1), max_value=date(N + 1, 2, 28))
petit = st.integers(min_value=0, max_value=3)

jeune = st.fixed_dictionaries(
    {
        "sexe": st.sampled_from(["f", "m"]),
        "niveau": st.sampled_from(["", "infra3", "3", "4", "5"]),
        "permis": st.sampled_from(["", "oui", "en_cours", "non"]),
        "hebergement": st.sampled_from(["", "famille", "autonome", "precaire"]),
        "rqth": st.booleans(),
        "qpv": st.booleans(),
        "antenne": st.sampled_from(ANTENNES),
        # par dispositif : jusqu'à deux périodes (entrée, durée en jours ou None = ouverte, motif)
        "inscriptions": st.lists(
            st.tuples(
                st.sampled_from(DISPOSITIFS),
                jour,
                st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
                st.sampled_from(["", *MOTIFS]),
            ),
            max_size=3,
        ),
        # (catégorie/type, début, entreprise (indice) ou None, section saisie, programme (indice) ou None)
        "situations": st.lists(
            st.tuples(
                st.sampled_from(SITUATIONS),
                jour,
                st.one_of(st.none(), petit),
                st.sampled_from(["", "C", "F"]),
                st.one_of(st.none(), st.integers(min_value=0, max_value=2)),
            ),
            max_size=3,
        ),
        # ateliers : (thème (indice) ou None, référence de session ou "", date)
        "ateliers": st.lists(
            st.tuples(st.one_of(st.none(), st.integers(0, 2)), st.sampled_from(["", "S1", "S2"]), jour), max_size=3
        ),
        # mises en relation : (entreprise, date, recruté ?)
        "mises": st.lists(st.tuples(petit, jour, st.booleans()), max_size=2),
    }
)
entreprise = st.fixed_dictionaries({"section": st.sampled_from(["", "G", "I"]), "antenne": st.sampled_from(ANTENNES)})
offre = st.tuples(petit, jour, st.integers(min_value=1, max_value=4))
action = st.fixed_dictionaries(
    {
        "type": st.sampled_from(TYPES_ACTION[:3]),
        "date": jour,
        "antenne": st.sampled_from(ANTENNES),
        "publics": st.lists(st.integers(min_value=0, max_value=20), min_size=6, max_size=6),
        "sommes": st.lists(st.integers(min_value=0, max_value=5), min_size=3, max_size=3),
        "entreprises": st.sets(petit, max_size=3),
        "jeunes": st.sets(st.integers(min_value=0, max_value=7), max_size=4),
    }
)


def dans_n(d):
    return d is not None and d.year == N


def reference(jeunes, entreprises, offres, actions, antenne=None):
    """Le contrat, mot à mot, en Python sur les lignes (perimètre d'antenne de docs/indicateurs.md)."""

    def du_perimetre(j):
        return antenne is None or j["antenne"] == antenne

    themes = list(ThemeAtelier.objects.values_list("code", flat=True))
    programmes = list(ProgrammeFormation.objects.values_list("code", flat=True))

    # entreprises
    offres_n = [o for o in offres if dans_n(o[1]) and (antenne is None or entreprises[o[0]]["antenne"] == antenne)]
    mises_n = [m for j in jeunes if du_perimetre(j) for m in j["mises_creees"] if dans_n(m[1])]
    actions_n = [a for a in actions if dans_n(a["date"])]
    contactees = {o[0] for o in offres if dans_n(o[1])} | {
        m[0] for j in jeunes for m in j["mises_creees"] if dans_n(m[1])
    }
    contactees |= {e for a in actions_n for e in a["entreprises"]}
    if antenne is not None:
        contactees = {e for e in contactees if entreprises[e]["antenne"] == antenne}
    naf = {**dict.fromkeys(SECTIONS, 0), "non_renseigne": 0}
    par_programme = {**dict.fromkeys(programmes, 0), "non_renseigne": 0}
    for j in jeunes:
        if not du_perimetre(j):
            continue
        for (categorie, _t, _f), debut, e, section, programme in j["situations"]:
            if not dans_n(debut):
                continue
            if categorie == "emploi":
                lue = (entreprises[e]["section"] if e is not None else "") or section
                naf[lue or "non_renseigne"] += 1
            if categorie == "formation":
                par_programme[programmes[programme] if programme is not None else "non_renseigne"] += 1
    bloc_entreprises = {
        "contactees": len(contactees),
        "offres": len(offres_n),
        "postes": sum(o[2] for o in offres_n),
        "mises_en_relation": len(mises_n),
        "recrutements": sum(1 for m in mises_n if m[2]),
        "par_secteur_naf": naf,
    }

    # actions
    actions_p = [a for a in actions_n if antenne is None or a["antenne"] == antenne]
    bloc_actions = {}
    for type_ in [*TYPES_ACTION, "total"]:
        choisies = [a for a in actions_p if type_ in ("total", a["type"])]
        jeunes_distincts = {i for a in choisies for i in a["jeunes"]}
        bloc_actions[type_] = {
            "actions": len(choisies),
            "participants": sum(sum(a["publics"]) for a in choisies) + len(jeunes_distincts),
            "jeunes": len(jeunes_distincts),
            "entreprises": len({e for a in choisies for e in a["entreprises"]}),
            "entretiens": sum(a["sommes"][0] for a in choisies),
            "seconds_entretiens": sum(a["sommes"][1] for a in choisies),
            "embauches": sum(a["sommes"][2] for a in choisies),
        }

    # ateliers
    sessions, presents = defaultdict(set), defaultdict(set)
    for i, j in enumerate(jeunes):
        if not du_perimetre(j):
            continue
        for theme, ref, jour_, pk in j["ateliers_crees"]:
            if theme is not None and dans_n(jour_):
                sessions[themes[theme]].add(ref or f"événement {pk}")
                presents[themes[theme]].add(i)
    ateliers = {t: {"sessions": len(sessions[t]), "jeunes": len(presents[t])} for t in themes}

    # cohortes
    cohortes = {}
    for code in DISPOSITIFS:
        periodes = [
            (i, entree, sortie, motif)
            for i, j in enumerate(jeunes)
            if du_perimetre(j)
            for c, entree, sortie, motif in j["inscriptions_creees"]
            if c == code
        ]
        chevauchent = [p for p in periodes if p[1] <= date(N, 12, 31) and (p[2] is None or p[2] >= date(N, 1, 1))]
        beneficiaires = {p[0] for p in chevauchent}
        sorties = [p for p in periodes if dans_n(p[2])]
        pendant = {"total": 0, "emploi": 0, "formation": 0, "immersion": 0}
        for i in beneficiaires | {p[0] for p in periodes}:
            for (categorie, _t, _f), debut, *_ in jeunes[i]["situations"]:
                if dans_n(debut) and any(
                    p[0] == i and p[1] <= debut and (p[2] is None or debut <= p[2]) for p in periodes
                ):
                    pendant["total"] += 1
                    pendant[categorie] += 1
        profil = {
            "f": lambda j: j["sexe"] == "f",
            "m": lambda j: j["sexe"] == "m",
            "niveau_v_ou_moins": lambda j: j["niveau"] in ("infra3", "3"),
            "sans_permis": lambda j: j["permis"] == "non",
            "rqth": lambda j: j["rqth"],
            "qpv": lambda j: j["qpv"],
            "hebergement_precaire": lambda j: j["hebergement"] == "precaire",
        }
        cohortes[code] = {
            "beneficiaires": len(beneficiaires),
            "entrees": sum(1 for p in periodes if dans_n(p[1])),
            "sorties": len(sorties),
            "sorties_par_motif": {m: sum(1 for p in sorties if p[3] == m) for m in MOTIFS},
            "sorties_emploi_formation": sum(1 for p in sorties if p[3] in ("emploi", "formation")),
            "situations_pendant": pendant,
            "profil": {cle: sum(1 for i in beneficiaires if f(jeunes[i])) for cle, f in profil.items()},
        }
    return {
        "entreprises": bloc_entreprises,
        "actions": bloc_actions,
        "ateliers_par_theme": ateliers,
        "par_programme": par_programme,
        "cohortes": cohortes,
    }


def creer(jeunes, entreprises, offres, actions):
    antennes = {a.code: a for a in Antenne.objects.all()}
    themes = list(ThemeAtelier.objects.all())
    programmes = list(ProgrammeFormation.objects.all())
    dispositifs = {code: DispositifFactory(code=code) for code in DISPOSITIFS}
    objets_e = []
    for e in entreprises:
        objets_e.append(
            EntrepriseFactory(
                naf={"": "", "G": "47.11B", "I": "56.10A"}[e["section"]],
                section_naf=e["section"],
                commune=_commune(antennes[e["antenne"]]),
            )
        )
    for i_e, jour_, postes in offres:
        OffreFactory(entreprise=objets_e[i_e], date_reception=jour_, nombre_postes=postes)
    objets_j = []
    for j in jeunes:
        objet = JeuneFactory(
            antenne=antennes[j["antenne"]],
            **{k: j[k] for k in ("sexe", "niveau", "permis", "hebergement", "rqth", "qpv")},
        )
        objets_j.append(objet)
        j["inscriptions_creees"] = []
        for code in DISPOSITIFS:
            periodes = sorted({(e, d, m) for c, e, d, m in j["inscriptions"] if c == code}, key=lambda p: p[0])
            vues = set()
            for rang, (entree, duree, motif) in enumerate(periodes):
                if entree in vues:
                    continue
                vues.add(entree)
                derniere = rang == len(periodes) - 1
                if duree is None and not derniere:
                    duree = 30  # une seule inscription ouverte par jeune et dispositif
                sortie = entree + timedelta(duree) if duree is not None else None
                InscriptionFactory(
                    jeune=objet,
                    dispositif=dispositifs[code],
                    date_entree=entree,
                    date_sortie=sortie,
                    motif_sortie=motif if sortie else "",
                )
                j["inscriptions_creees"].append((code, entree, sortie, motif if sortie else ""))
        for (categorie, type_, financeur), debut, i_e, section, programme in j["situations"]:
            SituationFactory(
                jeune=objet,
                categorie=categorie,
                type=type_,
                financeur=financeur,
                date_debut=debut,
                entreprise=objets_e[i_e] if i_e is not None else None,
                secteur_naf=section,
                programme=programmes[programme] if programme is not None else None,
            )
        j["ateliers_crees"] = []
        for theme, ref, jour_ in j["ateliers"]:
            evenement = EvenementFactory(
                jeune=objet,
                type="atelier",
                date=jour_,
                theme_atelier=themes[theme] if theme is not None else None,
                reference_session=ref,
            )
            j["ateliers_crees"].append((theme, ref, jour_, evenement.pk))
        j["mises_creees"] = []
        for i_e, jour_, recrute in {(m[0], m[1]): m for m in j["mises"]}.values():
            MiseEnRelationFactory(
                jeune=objet, entreprise=objets_e[i_e], date=jour_, resultat="recrute" if recrute else "entretien"
            )
            j["mises_creees"].append((i_e, jour_, recrute))
    for a in actions:
        a["jeunes"] = {i for i in a["jeunes"] if i < len(objets_j)}
        objet = ActionFactory(
            type=a["type"],
            date=a["date"],
            commune=_commune(antennes[a["antenne"]]),
            **dict(zip(PUBLICS, a["publics"], strict=True)),
            **dict(zip(["entretiens", "seconds_entretiens", "embauches"], a["sommes"], strict=True)),
            entreprises=[objets_e[e] for e in a["entreprises"]],
        )
        for i in a["jeunes"]:
            ParticipationActionFactory(action=objet, jeune=objets_j[i])


def comparer(d, attendu):
    assert d["entreprises"] == attendu["entreprises"]
    assert d["actions"] == attendu["actions"]
    assert d["ateliers_par_theme"] == attendu["ateliers_par_theme"]
    assert d["entrees_formation"]["par_programme"] == attendu["par_programme"]
    for code in DISPOSITIFS:
        assert d["cohortes"][code] == attendu["cohortes"][code], code


@pytest.mark.django_db
class TestCalculDeReference(TestCase):
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(jeune, max_size=8),
        st.lists(entreprise, min_size=4, max_size=4),
        st.lists(offre, max_size=4),
        st.lists(action, max_size=4),
    )
    def test_egal_au_calcul_de_reference(self, jeunes, entreprises, offres, actions):
        creer(jeunes, entreprises, offres, actions)

        comparer(calculer_indicateurs(N), reference(jeunes, entreprises, offres, actions))
        comparer(
            calculer_indicateurs(N, "BROCELIANDE"),
            reference(jeunes, entreprises, offres, actions, antenne="BROCELIANDE"),
        )

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(jeune, max_size=8), st.lists(entreprise, min_size=4, max_size=4), st.lists(action, max_size=5))
    def test_proprietes(self, jeunes, entreprises, actions):
        for a in actions:
            a["type"] = TYPES_ACTION[a["date"].toordinal() % len(TYPES_ACTION)]
        creer(jeunes, entreprises, [], actions)

        d = calculer_indicateurs(N)

        for code, c in d["cohortes"].items():
            assert all(valeur <= c["beneficiaires"] for valeur in c["profil"].values()), code
            assert c["profil"]["f"] + c["profil"]["m"] == c["beneficiaires"], code
            assert sum(c["sorties_par_motif"].values()) <= c["sorties"], code
            assert c["sorties_emploi_formation"] <= c["sorties"], code
            assert c["situations_pendant"]["total"] == sum(
                v for k, v in c["situations_pendant"].items() if k != "total"
            )
            assert c["beneficiaires"] == d["dispositifs"][code]
        a = d["actions"]
        par_type = [a[t] for t in TYPES_ACTION]
        assert a["total"]["jeunes"] <= sum(b["jeunes"] for b in par_type)
        assert a["total"]["jeunes"] >= max(b["jeunes"] for b in par_type)
        assert a["total"]["entreprises"] <= sum(b["entreprises"] for b in par_type)
        assert a["total"]["participants"] <= sum(b["participants"] for b in par_type)
        for cle in ("actions", "entretiens", "seconds_entretiens", "embauches"):
            assert a["total"][cle] == sum(b[cle] for b in par_type), cle
        assert sum(d["entreprises"]["par_secteur_naf"].values()) == d["entrees_emploi"]["total"]
        assert sum(d["entrees_formation"]["par_programme"].values()) == d["entrees_formation"]["total"]
