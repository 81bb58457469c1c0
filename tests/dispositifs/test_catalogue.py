import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from dispositifs.enums import CodeParametre, Niveau, TypeAllocation
from dispositifs.models import Dispositif, ParametreMontant

pytestmark = pytest.mark.django_db

CODES = {
    "cep": Niveau.NATIONAL,
    "pacea": Niveau.NATIONAL,
    "ppae": Niveau.NATIONAL,
    "garantie_jeunes": Niveau.NATIONAL,
    "cej": Niveau.NATIONAL,
    "parrainage": Niveau.NATIONAL,
    "dernier_ecrou": Niveau.NATIONAL,
    "caq": Niveau.REGIONAL,
    "cars35": Niveau.DEPARTEMENTAL,
    "arve": Niveau.LOCAL,
    "sortir_de_la_rue": Niveau.LOCAL,
    "bpi": Niveau.LOCAL,
    "illettrisme": Niveau.LOCAL,
    "creation_activite": Niveau.LOCAL,
    "conduite_supervisee": Niveau.LOCAL,
    "plie": Niveau.LOCAL,
    "reussite_alternance": Niveau.LOCAL,
    "cent_chances": Niveau.LOCAL,
    "club_jeunes_diplomes": Niveau.LOCAL,
    "mixite": Niveau.LOCAL,
}


def test_catalogue_par_defaut_charge_par_la_migration():
    assert dict(Dispositif.objects.values_list("code", "niveau")) == CODES
    assert Dispositif.objects.get(code="cej").nom == "Contrat d'engagement jeune"
    assert Dispositif.objects.get(code="cent_chances").nom == "100 chances – 100 emplois"


def test_regles_par_defaut():
    cej = Dispositif.objects.get(code="cej")
    assert (cej.age_min, cej.age_max, cej.age_max_rqth) == (16, 25, 29)
    assert (cej.duree_mois, cej.duree_max_totale_mois, cej.allocation) == (12, 18, TypeAllocation.MENSUELLE_CEJ)
    assert list(cej.incompatibilites.values_list("code", flat=True)) == ["pacea"]
    pacea = Dispositif.objects.get(code="pacea")
    assert list(pacea.incompatibilites.values_list("code", flat=True)) == ["cej"]
    assert pacea.a_phases and pacea.duree_max_totale_mois == 24 and pacea.plafond_allocation_mois_rsa == 6
    gj = Dispositif.objects.get(code="garantie_jeunes")
    assert not gj.ouvert_aux_entrees and gj.ferme_depuis == datetime.date(2022, 3, 1)
    cars = Dispositif.objects.get(code="cars35")
    assert cars.public_rsa_requis and cars.orientation_requise and cars.age_max == 25
    assert (cars.duree_mois, cars.renouvellements_max, cars.frequence_contact_jours) == (6, 1, 15)
    plie = Dispositif.objects.get(code="plie")
    assert plie.duree_mois is None and plie.suivi_apres_emploi_mois == 6
    arve = Dispositif.objects.get(code="arve")
    assert arve.age_max is None and arve.duree_mois is None and not arve.est_renouvelable


def test_montants_2025():
    def montant(code):
        return ParametreMontant.objects.en_vigueur_au(code, datetime.date(2025, 4, 1)).montant

    assert montant(CodeParametre.CEJ_MAJEUR_NON_IMPOSABLE) == Decimal("561.68")
    assert montant(CodeParametre.CEJ_MAJEUR_IMPOSABLE_T1) == Decimal("337.00")
    assert montant(CodeParametre.CEJ_MINEUR) == Decimal("224.68")
    veille = ParametreMontant.objects.en_vigueur_au(CodeParametre.CEJ_MINEUR, datetime.date(2025, 3, 31))
    assert veille.montant == Decimal("218.19")


def test_commande_idempotente_et_respecte_les_modifications(capsys):
    Dispositif.objects.filter(code="cej").update(nom="CEJ renommé")
    Dispositif.objects.filter(code="mixite").delete()
    avant = ParametreMontant.objects.count()
    call_command("charger_dispositifs")
    assert "1 dispositif(s) et 0 montant(s) créé(s)." in capsys.readouterr().out
    call_command("charger_dispositifs")
    assert "0 dispositif(s) et 0 montant(s) créé(s)." in capsys.readouterr().out
    assert Dispositif.objects.get(code="cej").nom == "CEJ renommé"
    assert Dispositif.objects.count() == len(CODES)
    assert ParametreMontant.objects.count() == avant
