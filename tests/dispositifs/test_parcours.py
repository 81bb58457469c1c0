"""Le parcours « fait quand » de l'issue, par les écrans, comme un nouvel utilisateur."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dispositifs.models import Inscription, Versement
from tests.dispositifs.factories import InscriptionFactory, JeuneFactory, dispositif
from tests.dispositifs.outils import texte

pytestmark = pytest.mark.django_db


def test_parcours_conseiller_puis_direction(
    client_de, conseiller_rennes, direction, django_capture_on_commit_callbacks
):
    aujourd_hui = timezone.localdate()
    client = client_de(conseiller_rennes)

    # 1. CEJ refusé tant qu'un PACEA est ouvert, avec la raison.
    sarah = JeuneFactory(prenom="Sarah", date_naissance=datetime.date(2004, 6, 15))
    InscriptionFactory(
        jeune=sarah, dispositif=dispositif("pacea"), date_entree=aujourd_hui - datetime.timedelta(days=90)
    )
    reponse = client.post(
        reverse("dispositifs:inscription_creer", kwargs={"jeune_pk": sarah.pk}),
        {
            "dispositif": dispositif("cej").pk,
            "date_entree": f"{aujourd_hui:%Y-%m-%d}",
            "foyer_imposable": "non_imposable",
        },
    )
    assert reponse.status_code == 400
    assert "Sarah est inscrit·e en « PACEA »" in texte(reponse)
    assert "incompatible avec « Contrat d'engagement jeune » en même temps" in texte(reponse)

    # 2. Un autre jeune entre en CARS 35 il y a 16 jours, orienté par un CDAS.
    yanis = JeuneFactory(prenom="Yanis", nom="Rsa", rsa=True, referent=conseiller_rennes)
    entree = aujourd_hui - datetime.timedelta(days=16)
    reponse = client.post(
        reverse("dispositifs:inscription_creer", kwargs={"jeune_pk": yanis.pk}),
        {
            "dispositif": dispositif("cars35").pk,
            "date_entree": f"{entree:%Y-%m-%d}",
            "orienteur_type": "cdas",
            "orienteur_nom": "CDAS Cleunay",
        },
    )
    cars = Inscription.objects.get(jeune=yanis)
    assert reponse["Location"] == reverse("dispositifs:inscription_detail", kwargs={"pk": cars.pk})

    # 3. Sans entretien depuis 16 jours : l'alerte apparaît après le calcul à la demande.
    with django_capture_on_commit_callbacks(execute=True):  # la tâche part après la validation de la transaction
        reponse = client.post(reverse("dispositifs:alertes_calculer"))
    assert reponse.status_code == 302
    contenu = texte(client.get(reverse("dispositifs:alertes")))
    assert f"CARS 35 : entretien en retard (aucun entretien individuel depuis l'entrée le {entree:%d/%m/%Y})" in contenu

    # 4. Un renouvellement accepté, le second refusé avec la raison.
    url = reverse("dispositifs:inscription_renouveler", kwargs={"pk": cars.pk})
    assert "Inscription renouvelée (1 renouvellement(s))" in texte(client.post(url, follow=True))
    assert "« CARS 35 » est renouvelable 1 fois au plus" in texte(client.post(url, follow=True))

    # 5. La direction prépare et valide les paiements CEJ du mois (toute l'agence).
    InscriptionFactory(
        jeune=JeuneFactory(nom="Allocataire", date_naissance=datetime.date(2000, 1, 1)),
        date_entree=aujourd_hui.replace(day=1) - datetime.timedelta(days=40),
        foyer_imposable="non_imposable",
    )
    responsable = client_de(direction)
    reponse = responsable.post(reverse("dispositifs:preparation_creer"), {"mois": f"{aujourd_hui:%Y-%m}"}, follow=True)
    assert "ALLOCATAIRE" in texte(reponse) and "561,68\u00a0€" in texte(reponse)
    preparation = reponse.context["preparation"]
    reponse = responsable.post(
        reverse("dispositifs:preparation_valider", kwargs={"pk": preparation.pk}),
        {"date_paiement": f"{aujourd_hui:%Y-%m-%d}"},
        follow=True,
    )
    assert "Paiements validés" in texte(reponse)
    versement = Versement.objects.get(periode=f"{aujourd_hui:%Y-%m}")
    assert (versement.fonds, str(versement.montant)) == ("allocation_cej", "561.68")
