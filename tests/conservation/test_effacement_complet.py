"""Après l'effacement (droit à l'effacement) ou l'anonymisation (durée de conservation échue), plus aucune donnée
personnelle du jeune ne reste où le projet écrit : toute la base (historiques, journaux, rapports d'import compris),
les fichiers du stockage, les sessions et le cache sont fouillés à la recherche de son nom, de sa date de naissance,
de son téléphone, de son adresse et de son courriel, sous toutes leurs formes."""

import datetime
import pickle
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accompagnement.models import AffectationReferent, DocumentJeune, Jeune, Participation
from actions_territoriales.models import ActionTerritoriale, ParticipationAction
from agenda.models import RendezVous
from aides.enums import Fonds, ModePaiement, TypeDecision
from aides.models import Decision, Paiement, PieceJointe, PointOrdreDuJour, Reallocation
from conservation.services import conservation_appliquer
from dispositifs.models import Alerte, LignePaiement, Phase, PreparationPaiement, Versement
from entreprises.models import Entreprise, Immersion, MiseEnRelation
from messagerie.models import Consentement, Message
from reporting.services import indicateurs_recalculer_annees
from reprise.models import ImportReprise
from securite.models import ActionAcces, JournalAcces
from tests.accompagnement.factories import (
    EvenementFactory,
    JeuneFactory,
    RepresentantLegalFactory,
    SessionCollectiveFactory,
    SituationFactory,
)
from tests.aides.factories import SeanceFactory, budget_rennes_metropole, demande_soumise, texte_pdf
from tests.dispositifs.factories import InscriptionFactory, dispositif
from weker.texte import plier

NOM, PRENOM, NOM_USAGE = "Quatrevingt", "Zéphyrine", "Ardoisière"
NAISSANCE = datetime.date(2008, 4, 17)
TELEPHONE = "06 48 27 19 53"
ADRESSE = "7 impasse des Goélands"
COURRIEL = "zephyrine.quatrevingt@exemple.test"
MERE = "Berthilde"  # prénom de la représentante légale
# Ce qui ne doit plus figurer nulle part, cherché dans le texte plié (minuscules sans accents) : les majuscules,
# minuscules, formes avec et sans accents sont donc toutes couvertes.
TRACES = [
    "quatrevingt",
    "zephyrine",
    "ardoisiere",
    "berthilde",
    "2008-04-17",
    "17/04/2008",
    "20080417",
    "17-04-2008",
    "06 48 27 19 53",
    "0648271953",
    "06.48.27.19.53",
    "impasse des goelands",
]
PDF = b"%PDF-1.4\n% Carte d'identite : QUATREVINGT Zephyrine, nee le 17/04/2008\n%%EOF\n"
NOM_FICHIER = f"CNI {PRENOM} {NOM.upper()} née le 17-04-2008.pdf"
J = datetime.date


def _chemins_vers_jeune():
    """{modèle: chemin de requête vers le jeune} pour tout modèle qui y mène par des clés étrangères (tables
    d'historique et journal des accès compris), calculé ici indépendamment du code testé."""
    chemins = {Jeune: None}
    modeles = apps.get_models()
    while True:
        ajoutes = {}
        for modele in modeles:
            if modele in chemins:
                continue
            for champ in modele._meta.concrete_fields:
                if champ.many_to_one and champ.related_model in chemins:
                    suite = chemins[champ.related_model]
                    ajoutes[modele] = champ.name if suite is None else f"{champ.name}__{suite}"
                    break
        if not ajoutes:
            return chemins
        chemins.update(ajoutes)


def _contenu_de_la_base():
    if connection.vendor == "postgresql":
        morceaux = []
        with connection.cursor() as curseur:
            for table in connection.introspection.table_names(curseur):
                curseur.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")
                morceaux += [f"{table}: {ligne}" for (ligne,) in curseur.fetchall()]
        texte = "\n".join(morceaux)
    else:
        connection.ensure_connection()
        texte = "\n".join(connection.connection.iterdump())
    # JSON enregistré avec des échappements (\u00e9) : ramené en clair pour la recherche.
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), texte)


def _contenu_des_sessions():
    return "\n".join(repr(session.get_decoded()) for session in Session.objects.all())


def _contenu_du_cache():
    cache = caches["default"]
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):  # mémoire locale
        return "\n".join(f"{cle} {pickle.loads(valeur)!r}" for cle, valeur in cache._cache.items())
    client = cache._cache.get_client(None)  # Redis
    return "\n".join(f"{cle} {client.get(cle)!r}" for cle in client.scan_iter())


def _contenu_du_stockage(racine):
    morceaux = []
    for chemin in racine.rglob("*"):
        morceaux.append(str(chemin.relative_to(racine)))
        if chemin.is_file():
            morceaux.append(chemin.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(morceaux)


def _traces(texte):
    plie = plier(texte)
    return [trace for trace in TRACES if trace in plie]


def _partout(racine):
    return {
        "base de données": _contenu_de_la_base(),
        "sessions": _contenu_des_sessions(),
        "cache": _contenu_du_cache(),
        "stockage": _contenu_du_stockage(racine),
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dossier_complet(db, media, client_de, conseiller_rennes, secretariat_faj, administrateur):
    """Le jeune et une ligne de chaque sorte qui se rattache à lui, avec son nom, sa naissance et son téléphone
    partout où du texte libre le permet ; lu par les vraies pages (journal des accès, caches de fragments)."""
    jeune = JeuneFactory(
        nom=NOM,
        nom_usage=NOM_USAGE,
        prenom=PRENOM,
        date_naissance=NAISSANCE,
        telephone=TELEPHONE,
        adresse=ADRESSE,
        courriel=COURRIEL,
        identifiant_externe="ZQ-20080417",
        france_travail_identifiant="ZQ0417",
        derogation_age_motif=f"{PRENOM} née le {NAISSANCE:%d/%m/%Y}",
        referent=conseiller_rennes,
        date_premier_accueil=J(2026, 1, 5),
        date_dernier_contact=J(2026, 3, 2),
    )
    jeune.telephone = "0648271953"
    jeune.save()  # une deuxième version dans l'historique, téléphone écrit autrement
    # Un autre jeune, suivi jusqu'en 2033 : ni effacé ni anonymisé, son nom doit rester.
    temoin = JeuneFactory(
        nom="Témoin", prenom="Aubépine", date_premier_accueil=J(2026, 1, 5), date_dernier_contact=J(2033, 5, 1)
    )
    ecrit = f"{PRENOM} {NOM.upper()} ({NAISSANCE:%d/%m/%Y}, tél. {TELEPHONE})"

    RepresentantLegalFactory(jeune=jeune, nom=NOM, prenom=MERE, telephone="02 99 48 27 19")
    AffectationReferent.objects.filter(jeune=jeune).update(motif=f"Suivi de {ecrit}")
    evenement = EvenementFactory(
        jeune=jeune,
        date=J(2026, 3, 2),
        themes=f"Projet de {PRENOM}",
        compte_rendu=f"Entretien avec {ecrit}.",
        prochaine_etape=f"Rappeler {PRENOM} au {TELEPHONE}",
        services=["sante_information"],
    )
    evenement.compte_rendu += " Suite."
    evenement.save()
    RendezVous.objects.create(
        jeune=jeune,
        conseiller=conseiller_rennes,
        debut=timezone.now() + datetime.timedelta(days=2),
        mode="telephone",
        motif=f"Reporté : {PRENOM} en stage",
    )
    Consentement.objects.create(jeune=jeune, canal="sms", accepte=True, par=conseiller_rennes)
    Message.objects.create(
        jeune=jeune,
        canal="sms",
        modele="convocation",
        objet_type="rendez-vous",
        objet_id=1,
        destinataire=TELEPHONE,
        corps=f"Bonjour {PRENOM}, rendez-vous demain.",
        statut="envoye",
    )
    session = SessionCollectiveFactory(date=J(2026, 2, 10))
    Participation.objects.create(session=session, jeune=jeune)
    entreprise = Entreprise.objects.create(
        siret="73282932000074", raison_sociale="Boulangerie du Mail", commune=jeune.commune
    )
    MiseEnRelation.objects.create(jeune=jeune, entreprise=entreprise, date=J(2026, 2, 12))
    Immersion.objects.create(
        jeune=jeune,
        entreprise=entreprise,
        objet="decouvrir",
        metier=f"Boulangère ({PRENOM})",
        date_debut=J(2026, 2, 16),
        date_fin=J(2026, 2, 20),
        activites=f"{PRENOM} façonne le pain",
        tuteur_nom="Paul Fournil",
    )
    action = ActionTerritoriale.objects.create(
        reference="A-1", intitule="Job dating", type="recrutement", date=J(2026, 2, 18), commune=jeune.commune
    )
    ParticipationAction.objects.create(action=action, jeune=jeune)
    SituationFactory(
        jeune=jeune, employeur=f"Chez {NOM}", intitule=f"Poste de {PRENOM}", secteur_activite=f"Ferme {NOM}"
    )
    inscription = InscriptionFactory(
        jeune=jeune,
        dispositif=dispositif("pacea"),
        date_entree=J(2026, 1, 12),
        date_sortie=J(2026, 3, 1),
        orienteur_nom=f"CCAS, dossier {NOM}",
        commentaire=f"Inscrit·e : {ecrit}",
    )
    Phase.objects.create(
        inscription=inscription,
        numero=1,
        date_debut=J(2026, 1, 12),
        objectifs=f"Objectifs de {PRENOM}",
        evaluation=f"Évaluation de {NOM}, joignable au 06.48.27.19.53",
    )
    Versement.objects.create(
        jeune=jeune,
        inscription=inscription,
        fonds="allocation_pacea",
        date=J(2026, 2, 5),
        montant=Decimal("250.00"),
        periode="2026-02",
        motif=f"Versement à {ecrit}",
    )
    preparation = PreparationPaiement.objects.create(mois=J(2026, 2, 1))
    LignePaiement.objects.create(
        preparation=preparation,
        jeune=jeune,
        inscription=inscription,
        age=17,
        montant_du=Decimal("500.00"),
        montant=Decimal("400.00"),
        motif_ajustement=f"Absence de {PRENOM} {NOM}",
    )
    Alerte.objects.create(type="sans_evenement", jeune=jeune, inscription=inscription, message=f"{NOM} : alerte")

    budget = budget_rennes_metropole()
    demande = demande_soumise(conseiller_rennes, jeune=jeune, derogation_age_motif=f"{PRENOM}, 17 ans")
    demande.motivation = f"Demande de {ecrit}"
    demande.reference_externe = "ZQ-FAJ-1"
    demande.save()
    client = client_de(conseiller_rennes)
    reponse = client.post(
        reverse("aides:piece_ajouter", args=[demande.pk]),
        {
            "fichier": SimpleUploadedFile(NOM_FICHIER, PDF, content_type="application/pdf"),
            "description": f"Carte d'identité de {PRENOM} {NOM}, née le {NAISSANCE:%d/%m/%Y}",
        },
        follow=True,  # la page suivante affiche (et retire de la session) le message « Pièce … ajoutée »
    )
    assert reponse.status_code == 200
    piece = PieceJointe.objects.get(demande=demande)
    reponse = client.get(reverse("aides:piece_telecharger", args=[piece.pk]))
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == PDF
    # Document du dossier (carte d'identité) joint puis téléchargé par les vraies pages ; synthèse imprimée.
    reponse = client.post(
        reverse("accompagnement:document_ajouter", args=[jeune.pk]),
        {
            "type": "piece_identite",
            "date": "2026-01-05",
            "fichier": SimpleUploadedFile(NOM_FICHIER, PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    assert reponse.status_code == 200
    document = DocumentJeune.objects.get(jeune=jeune)
    reponse = client.get(reverse("accompagnement:document_telecharger", args=[jeune.pk, document.pk]))
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == PDF
    assert client.get(reverse("accompagnement:jeune_synthese_pdf", args=[jeune.pk])).status_code == 200
    for nom in ("accompagnement:jeune_detail", "accompagnement:jeune_journal"):
        assert client.get(reverse(nom, args=[jeune.pk])).status_code == 200
    assert client.get(reverse("accompagnement:jeune_liste")).status_code == 200
    # Ligne écrite avant les références au journal : elle citait le nom du fichier.
    JournalAcces.objects.create(
        identifiant=conseiller_rennes.username,
        role=conseiller_rennes.role,
        jeune=jeune,
        action=ActionAcces.TELECHARGEMENT,
        objet=f"Pièce « {NOM_FICHIER} » de la demande {demande.numero}",
        motif=f"Vérification de l'identité de {PRENOM} {NOM}",
    )
    seance = SeanceFactory(fonds=Fonds.FAJ_RM, date=J(2026, 3, 10))
    PointOrdreDuJour.objects.create(seance=seance, demande=demande, ordre=1)
    Decision.objects.create(
        demande=demande,
        seance=seance,
        type=TypeDecision.ACCORDEE,
        montant_accorde=Decimal("150.00"),
        motif=f"Accordée à {ecrit}",
        date=J(2026, 3, 10),
    )
    Paiement.objects.create(
        demande=demande,
        mode=ModePaiement.TIERS,
        date=J(2026, 3, 12),
        reference="MANDAT-2026-0042",
        beneficiaire=f"Bailleur de {PRENOM} {NOM}",
        montant=Decimal("150.00"),
    )
    Reallocation.objects.create(
        source=budget["reserve"],
        destination=budget["agence"],
        montant=Decimal("100.00"),
        motif=f"Abondement pour la demande de {PRENOM} {NOM}",
        demande=demande,
    )
    demande.etapes.update(commentaire=f"Étape pour {PRENOM} {NOM}")

    LogEntry.objects.create(
        user=administrateur,
        content_type=ContentType.objects.get_for_model(Jeune),
        object_id=str(jeune.pk),
        object_repr=str(jeune),
        action_flag=CHANGE,
        change_message=f'[{{"added": {{"name": "représentant légal", "object": "{MERE} {NOM} (Mère)"}}}}]',
    )
    ImportReprise.objects.create(
        nom_fichier=f"export {NOM} 2026.zip",
        rapport={
            "valide": False,
            "nb_erreurs": 2,
            "erreurs": [
                f"jeunes.csv:12: telephone: numéro de téléphone invalide « {TELEPHONE}0 »",
                f"jeunes.csv:12: nom: « {NOM.upper()} {PRENOM} » né·e le {NAISSANCE:%Y-%m-%d} : doublon",
            ],
        },
        message="2 erreur(s) : rien n'a été importé.",
    )
    indicateurs_recalculer_annees(annees=[2026])

    # Tout ce qui mène au jeune par des clés étrangères a ici au moins une ligne à lui (sinon : ajouter au dossier
    # une ligne du nouveau modèle, avec du texte qui le nomme, et vérifier que l'effacement l'efface).
    sans_ligne = [
        modele._meta.label
        for modele, chemin in _chemins_vers_jeune().items()
        if chemin and not modele._default_manager.filter(**{chemin: jeune.pk}).exists()
    ]
    assert sans_ligne == []
    traces = {ou: _traces(texte) for ou, texte in _partout(media).items()}
    assert set(traces["base de données"]) == set(TRACES)  # la fouille trouve bien ce qu'elle cherche
    assert traces["stockage"] == ["quatrevingt", "zephyrine", "17/04/2008"]  # le contenu de la pièce
    return jeune, temoin


def _sans_trace(media, temoin):
    partout = _partout(media)
    restes = {ou: traces for ou, texte in partout.items() if (traces := _traces(texte))}
    assert restes == {}
    # Le reste est gardé : le témoin, et les chiffres du dossier effacé.
    assert "aubepine" in plier(partout["base de données"])


@pytest.mark.django_db
def test_effacement_sur_demande_n_en_laisse_aucune_trace(dossier_complet, media, client_de, direction):
    jeune, temoin = dossier_complet
    client = client_de(direction)
    export = client.get(reverse("conservation:droit_acces_json", args=[jeune.pk])).content.decode()
    assert {"quatrevingt", "zephyrine", "2008-04-17"} <= set(_traces(export))  # droit d'accès : tout y est
    reponse = client.post(
        reverse("conservation:effacement", args=[jeune.pk]),
        {"motif": f"Courrier de {PRENOM} {NOM} du 02/11/2026, née le {NAISSANCE:%d/%m/%Y}"},
        follow=True,
    )
    assert reponse.status_code == 200
    effacement = JournalAcces.objects.get(action=ActionAcces.EFFACEMENT)
    assert effacement.motif == "Courrier de […] […] du 02/11/2026, née le […]"
    _sans_trace(media, temoin)
    anonyme = Jeune.objects.get(pk=jeune.pk)
    assert (anonyme.nom, anonyme.date_naissance, anonyme.date_premier_accueil) == (
        "ANONYME",
        J(2008, 1, 1),
        J(2026, 1, 5),
    )
    piece = PieceJointe.objects.get(demande__jeune=jeune)
    assert (piece.nom_original, piece.description, piece.fichier.name) == ("[effacé]", "", "")
    assert list(media.rglob("*.pdf")) == []
    document = DocumentJeune.objects.get(jeune=jeune)
    assert (document.nom_original, document.fichier.name) == ("[effacé]", "")
    assert document.type == "piece_identite"  # le type et la date restent : ils ne nomment personne
    ancienne = JournalAcces.objects.filter(jeune=jeune, action=ActionAcces.TELECHARGEMENT).order_by("pk")
    assert [ligne.objet for ligne in ancienne] == [
        f"pièce justificative n° {piece.pk} de la demande {piece.demande.numero}",
        f"document du dossier n° {document.pk}",
        f"pièce justificative de la demande {piece.demande.numero}",
    ]
    paiement = Paiement.objects.get(demande__jeune=jeune)
    assert (paiement.beneficiaire, paiement.reference, paiement.montant) == ("[effacé]", "MANDAT-2026-0042", 150)
    assert Reallocation.objects.get().motif == "Abondement pour la demande de […] […]"
    assert not Alerte.objects.filter(jeune=jeune).exists()
    # Droit d'accès sur le dossier effacé (consultation exceptionnelle motivée) : servi, sans trace, en JSON et PDF.
    client.post(
        reverse("conservation:consultation_exceptionnelle", args=[jeune.pk]), {"motif": "Contrôle de l'effacement"}
    )
    for nom in ("conservation:droit_acces_json", "conservation:droit_acces_pdf"):
        reponse = client.get(reverse(nom, args=[jeune.pk]))
        assert reponse.status_code == 200
        texte = texte_pdf(reponse.content) if nom.endswith("pdf") else reponse.content.decode()
        assert "ANONYME" in texte and _traces(texte) == []


@pytest.mark.django_db
def test_anonymisation_a_l_echeance_n_en_laisse_aucune_trace(dossier_complet, media):
    jeune, temoin = dossier_complet
    rapport = conservation_appliquer(aujourd_hui=J(2033, 6, 1))
    assert rapport.anonymises == 1
    assert Jeune.objects.get(pk=jeune.pk).anonymise_le == J(2033, 6, 1)
    _sans_trace(media, temoin)
