"""Le parcours complet de l'issue, tel qu'un nouvel utilisateur l'essaierait, uniquement par les pages."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aides.enums import StatutDemande
from aides.models import DemandeAide, Seance
from tests.aides.factories import JeuneFactory, texte_pdf
from tests.aides.test_views_demandes import donnees_demande

pytestmark = pytest.mark.django_db


def connecte(user):
    client = Client()
    client.force_login(user)
    return client


def test_de_la_demande_au_courrier(
    conseiller_rennes, secretariat_faj, membre_commission, responsable_rennes, budget_rm
):
    conseiller, secretariat, membre = (
        connecte(conseiller_rennes),
        connecte(secretariat_faj),
        connecte(membre_commission),
    )

    # 1. Le conseiller prépare et soumet deux demandes.
    jeunes = [JeuneFactory(nom="Bihan", prenom="Soazig", sexe="f"), JeuneFactory(nom="Cadiou", prenom="Yves", sexe="m")]
    demandes = []
    for jeune, montant in zip(jeunes, ["200,00", "350,00"], strict=True):
        conseiller.post(reverse("aides:demande_creer", args=[jeune.pk]), donnees_demande(montant_demande=montant))
        demande = DemandeAide.objects.get(jeune=jeune)
        conseiller.post(reverse("aides:demande_soumettre", args=[demande.pk]))
        demandes.append(demande)
    autre = JeuneFactory(nom="Hors-Seance")
    conseiller.post(reverse("aides:demande_creer", args=[autre.pk]), donnees_demande())

    # 2. Le secrétariat crée la séance, y fait siéger le membre, inscrit les deux demandes, ouvre la séance.
    secretariat.post(
        reverse("aides:seance_creer"),
        {
            "fonds": "faj_rm",
            "date": timezone.localdate().isoformat(),
            "heure": "09:30",
            "lieu": "Hôtel de Rennes Métropole",
            "presidence": "Mme Le Bihan",
            "membres": [membre_commission.pk],
        },
    )
    seance = Seance.objects.get()
    secretariat.post(reverse("aides:seance_inscrire", args=[seance.pk]), {"demandes": [d.pk for d in demandes]})
    secretariat.post(reverse("aides:seance_ouvrir", args=[seance.pk]))
    assert (
        texte_pdf(secretariat.get(reverse("aides:seance_ordre_du_jour_pdf", args=[seance.pk])).content).count("FAJ-")
        >= 2
    )

    # 3. Le membre ne voit que ces deux demandes, et décide en htmx.
    page = membre.get(reverse("aides:seance_detail", args=[seance.pk])).content.decode()
    assert all(d.numero in page for d in demandes)
    assert "HORS-SEANCE" not in page and "BIHAN" not in page and "CADIOU" not in page
    assert "10\u202f000,00" in page  # enveloppe Mission Locale intacte
    points = {p.demande_id: p for p in seance.points.all()}
    p1, p2 = points[demandes[0].pk], points[demandes[1].pk]
    reponse = membre.post(
        reverse("aides:point_decider", args=[seance.pk, p1.pk]),
        {f"p{p1.pk}-decision": "accordee"},
        headers={"HX-Request": "true"},
    )
    assert "9\u202f800,00" in reponse.content.decode()  # l'enveloppe se met à jour
    reponse = membre.post(
        reverse("aides:point_decider", args=[seance.pk, p2.pk]),
        {f"p{p2.pk}-decision": "refusee", f"p{p2.pk}-motif": "Ressources suffisantes ce mois-ci."},
        headers={"HX-Request": "true"},
    )
    assert "Refusée" in reponse.content.decode()

    # 4. Clôture : le membre n'a plus accès ; procès-verbal et courriers en PDF.
    secretariat.post(reverse("aides:seance_clore", args=[seance.pk]))
    assert membre.get(reverse("aides:seance_detail", args=[seance.pk])).status_code == 404
    pv = texte_pdf(secretariat.get(reverse("aides:seance_proces_verbal_pdf", args=[seance.pk])).content)
    assert "1 accordée(s) pour 200,00 €, 1 refusée(s)" in pv
    courriers = texte_pdf(secretariat.get(reverse("aides:seance_courriers_pdf", args=[seance.pk])).content)
    assert "Madame Soazig BIHAN" in courriers and "Monsieur Yves CADIOU" in courriers
    secretariat.post(reverse("aides:seance_notifier", args=[seance.pk]))
    assert set(DemandeAide.objects.filter(pk__in=[d.pk for d in demandes]).values_list("statut", flat=True)) == {
        StatutDemande.NOTIFIEE
    }

    # 5. Aides d'urgence : 60 € décidée aussitôt, 90 € refusée sur ce circuit.
    responsable = connecte(responsable_rennes)
    urgences = []
    for montant in ("60,00", "90,00"):
        jeune = JeuneFactory()
        conseiller.post(
            reverse("aides:demande_creer", args=[jeune.pk]),
            donnees_demande(type="subsistance", montant_demande=montant),
        )
        demande = DemandeAide.objects.get(jeune=jeune)
        conseiller.post(reverse("aides:demande_soumettre", args=[demande.pk]))
        urgences.append(demande)
    reponse = responsable.post(reverse("aides:demande_urgence", args=[urgences[0].pk]), {"decision": "accordee"})
    assert reponse.status_code == 302
    reponse = responsable.post(reverse("aides:demande_urgence", args=[urgences[1].pk]), {"decision": "accordee"})
    assert "doit passer en commission" in reponse.content.decode()
    urgences[0].refresh_from_db()
    urgences[1].refresh_from_db()
    assert (urgences[0].statut, urgences[0].montant_accorde) == (StatutDemande.DECIDEE, Decimal("60.00"))
    assert urgences[1].statut == StatutDemande.SOUMISE

    # 6. La page budget reflète les deux aides accordées (200 + 60).
    budget = connecte(secretariat_faj).get(reverse("aides:enveloppe_liste")).content.decode()
    assert "260,00" in budget and "9\u202f740,00" in budget
