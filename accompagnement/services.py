"""Écritures de l'accompagnement : services à arguments nommés, atomiques, qui valident avant d'enregistrer.

Tout refus métier lève `ValidationError` avec un message en français, que les vues affichent.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accompagnement.enums import (
    TYPES_PAR_CATEGORIE,
    CategorieSituation,
    Modalite,
    Nationalite,
    Presence,
    Service,
    TypeDocument,
    TypeEvenement,
)
from accompagnement.models import (
    AffectationReferent,
    DocumentJeune,
    Evenement,
    EvenementService,
    Jeune,
    Participation,
    RepresentantLegal,
    SessionCollective,
    Situation,
)
from accompagnement.regles import verifier_age_premier_accueil
from accompagnement.selectors import doublons_probables
from comptes.enums import Role
from weker.fichiers import verifier_fichier

CHAMPS_IDENTITE = (
    "identifiant_externe",
    "nom",
    "nom_usage",
    "prenom",
    "sexe",
    "date_naissance",
    "nationalite",
    "titre_sejour_numero",
    "titre_sejour_expiration",
    "adresse",
    "commune",
    "secteur",
    "telephone",
    "courriel",
)
CHAMPS_SITUATION = (
    "niveau",
    "derniere_classe",
    "diplomes",
    "hebergement",
    "transport",
    "permis",
    "situation_familiale",
    "enfants_a_charge",
    "ressources_mensuelles",
    "rsa",
    "rqth",
    "france_travail_identifiant",
    "qpv",
)
MODALITES_PAR_TYPE = {
    TypeEvenement.ENTRETIEN_INDIVIDUEL: (Modalite.PRESENTIEL, Modalite.TELEPHONE, Modalite.VISIO),
    TypeEvenement.CONTACT: (Modalite.TELEPHONE, Modalite.COURRIEL, Modalite.SMS),
}
ROLES_REFERENTS = (Role.CONSEILLER, Role.RESPONSABLE_ANTENNE)


# --- Règles partagées ---------------------------------------------------------------------------------------


def _completer_territoire(jeune):
    """Antenne déduite de la commune ; secteur explicite (de cette antenne) ou secteur par défaut de la commune."""
    commune = jeune.commune
    jeune.antenne_id = commune.antenne_id
    if jeune.secteur_id is None:
        jeune.secteur_id = commune.secteur_defaut_id
    if jeune.secteur_id is None:
        raise ValidationError(
            {"secteur": f"La commune {commune.nom} n'a pas de secteur par défaut : choisissez le secteur (quartier)."}
        )
    if jeune.secteur.antenne_id != commune.antenne_id:
        raise ValidationError(
            {
                "secteur": f"Le secteur « {jeune.secteur} » n'appartient pas à l'antenne de la commune "
                f"{commune.nom} ({commune.antenne})."
            }
        )


def _verifier_nationalite(jeune):
    if jeune.nationalite == Nationalite.HORS_UE:
        erreurs = {}
        if not jeune.titre_sejour_numero.strip():
            erreurs["titre_sejour_numero"] = "Pour une nationalité hors Union européenne, indiquez le titre de séjour."
        if jeune.titre_sejour_expiration is None:
            erreurs["titre_sejour_expiration"] = "Indiquez la date d'expiration du titre de séjour."
        if erreurs:
            raise ValidationError(erreurs)
    else:
        jeune.titre_sejour_numero = ""
        jeune.titre_sejour_expiration = None


def _verifier_base_active(jeune):
    if not jeune.est_dans_base_active:
        raise ValidationError("Ce dossier est sorti de la base active : il ne peut plus être modifié.")


def _verifier_referent(referent):
    if referent is None or not referent.is_active or referent.role not in ROLES_REFERENTS:
        raise ValidationError({"referent": "Le référent doit être un conseiller ou un responsable d'antenne actif."})


# --- Recalculs après une écriture du suivi -------------------------------------------------------------------

# Ce qui se calcule à partir du suivi d'un jeune (les alertes, dans dispositifs) vit au-dessus de cette application,
# qui ne l'importe pas. L'application concernée déclare ici sa fonction de recalcul, dans son AppConfig.ready() ;
# les services de ce module l'appellent explicitement, dans leur transaction, pour les jeunes qu'ils viennent
# d'écrire (événement, session émargée, premier accueil). Pas de signal sur les modèles : une écriture faite hors
# de ces services (import de reprise, jeu de démonstration) recalcule elle-même, en une fois.
_RECALCULS_DU_SUIVI = []


def recalcul_du_suivi_declarer(fonction):
    """`fonction(*, jeunes)` (ids des jeunes) sera appelée après chaque écriture du suivi par ces services."""
    if fonction not in _RECALCULS_DU_SUIVI:
        _RECALCULS_DU_SUIVI.append(fonction)


def _suivi_ecrit(jeunes):
    ids = sorted({j.pk for j in jeunes})
    if ids:
        for fonction in _RECALCULS_DU_SUIVI:
            fonction(jeunes=ids)


# --- Dossier jeune ------------------------------------------------------------------------------------------


@transaction.atomic
def jeune_creer(*, par, referent=None, confirme_sans_doublon=False, **donnees):
    """Premier accueil : crée le dossier après contrôle de l'âge, du territoire et des doublons probables."""
    aujourd_hui = timezone.localdate()
    donnees.setdefault("date_premier_accueil", aujourd_hui)
    situation = {champ: donnees[champ] for champ in CHAMPS_SITUATION if champ in donnees}
    jeune = Jeune(cree_par=par, **donnees)
    if jeune.date_premier_accueil > aujourd_hui:
        raise ValidationError({"date_premier_accueil": "La date du premier accueil ne peut pas être dans le futur."})
    verifier_age_premier_accueil(
        date_naissance=jeune.date_naissance,
        date_premier_accueil=jeune.date_premier_accueil,
        derogation_age_motif=jeune.derogation_age_motif,
    )
    _completer_territoire(jeune)
    _verifier_nationalite(jeune)
    if not confirme_sans_doublon:
        doublons = doublons_probables(nom=jeune.nom, prenom=jeune.prenom, date_naissance=jeune.date_naissance)
        if doublons:
            noms = ", ".join(f"{d} (né·e le {d.date_naissance:%d/%m/%Y})" for d in doublons[:5])
            raise ValidationError(
                f"Ce jeune a peut-être déjà un dossier : {noms}. Vérifiez, puis confirmez qu'il ne s'agit "
                "d'aucune de ces personnes."
            )
    jeune.confirmations = {
        champ: aujourd_hui.isoformat() for champ, valeur in situation.items() if valeur not in ("", None)
    }
    jeune.full_clean()
    jeune.save()
    if referent is not None:
        jeune_affecter_referent(jeune=jeune, referent=referent, par=par, date=jeune.date_premier_accueil)
    _suivi_ecrit([jeune])
    return jeune


@transaction.atomic
def jeune_modifier_identite(*, jeune, par, **donnees):
    """Identité et coordonnées ; un changement de commune recalcule l'antenne (et le secteur par défaut)."""
    _verifier_base_active(jeune)
    inconnus = set(donnees) - set(CHAMPS_IDENTITE)
    if inconnus:
        raise ValueError(f"Champs non modifiables ici : {sorted(inconnus)}")
    commune_avant, naissance_avant = jeune.commune_id, jeune.date_naissance
    for champ, valeur in donnees.items():
        setattr(jeune, champ, valeur)
    if jeune.commune_id != commune_avant and "secteur" not in donnees:
        jeune.secteur = None
    if jeune.date_naissance != naissance_avant:
        # Même règle qu'au premier accueil (un âge repris hors limites n'empêche pas de corriger le reste).
        _verifier_age_corrige(jeune)
    _completer_territoire(jeune)
    _verifier_nationalite(jeune)
    jeune.full_clean()
    jeune.save()
    return jeune


def _verifier_age_corrige(jeune):
    try:
        verifier_age_premier_accueil(
            date_naissance=jeune.date_naissance,
            date_premier_accueil=jeune.date_premier_accueil,
            derogation_age_motif=jeune.derogation_age_motif,
        )
    except ValidationError as erreur:
        # Le motif de dérogation ne se saisit pas avec l'identité : le refus porte sur la date de naissance.
        messages = [m for erreurs in erreur.message_dict.values() for m in erreurs]
        raise ValidationError({"date_naissance": messages}) from None


@transaction.atomic
def jeune_modifier_situation(*, jeune, par, confirmer_tout=False, date=None, **donnees):
    """Met à jour la situation ; chaque élément modifié (ou tous, si `confirmer_tout`) est daté du jour."""
    _verifier_base_active(jeune)
    inconnus = set(donnees) - set(CHAMPS_SITUATION)
    if inconnus:
        raise ValueError(f"Champs non modifiables ici : {sorted(inconnus)}")
    date = date or timezone.localdate()
    confirmations = dict(jeune.confirmations or {})
    for champ, valeur in donnees.items():
        if confirmer_tout or getattr(jeune, champ) != valeur:
            confirmations[champ] = date.isoformat()
        setattr(jeune, champ, valeur)
    jeune.confirmations = confirmations
    jeune.full_clean()
    jeune.save()
    return jeune


@transaction.atomic
def representant_legal_ajouter(*, jeune, par, **donnees):
    _verifier_base_active(jeune)
    if not jeune.est_mineur:
        raise ValidationError("Les représentants légaux ne se saisissent que pour un jeune mineur.")
    representant = RepresentantLegal(jeune=jeune, **donnees)
    representant.full_clean()
    representant.save()
    return representant


@transaction.atomic
def representant_legal_supprimer(*, representant, par):
    representant.delete()


# --- Documents du dossier -----------------------------------------------------------------------------------


@transaction.atomic
def document_jeune_ajouter(*, jeune, par, fichier, type, date):
    """Joint un document au dossier : mêmes contrôles que les pièces FAJ (contenu PDF, JPEG ou PNG reconnu à ses
    octets, 10 Mo au plus) ; rangé sous un nom aléatoire, le nom d'origine gardé pour le téléchargement."""
    _verifier_base_active(jeune)
    if type not in TypeDocument.values:
        raise ValidationError({"type": "Choisissez le type du document dans la liste."})
    if date is None:
        raise ValidationError({"date": "Indiquez la date du document."})
    if date > timezone.localdate():
        raise ValidationError({"date": "La date du document ne peut pas être dans le futur."})
    type_mime = verifier_fichier(fichier)
    document = DocumentJeune(
        jeune=jeune,
        type=type,
        date=date,
        nom_original=(fichier.name or "document")[:200],
        type_mime=type_mime,
        taille=fichier.size,
        ajoute_par=par,
    )
    document.fichier.save("document", fichier, save=False)
    try:
        document.full_clean()
    except ValidationError:
        document.fichier.delete(save=False)
        raise
    document.save()
    return document


@transaction.atomic
def document_jeune_supprimer(*, document, par):
    """Retire le document du dossier ; le fichier quitte le stockage une fois la suppression validée."""
    _verifier_base_active(document.jeune)
    stockage, nom = document.fichier.storage, document.fichier.name
    document.delete()
    if nom:
        transaction.on_commit(lambda: stockage.delete(nom))


# --- Référent -----------------------------------------------------------------------------------------------


@transaction.atomic
def jeune_affecter_referent(*, jeune, referent, par, motif="", date=None):
    """Clôt l'affectation en cours et en ouvre une nouvelle : l'historique des référents est conservé."""
    _verifier_referent(referent)
    date = date or timezone.localdate()
    Jeune.objects.select_for_update().filter(pk=jeune.pk).first()  # sérialise les affectations concurrentes
    en_cours = AffectationReferent.objects.filter(jeune=jeune, fin__isnull=True).first()
    if en_cours is not None and en_cours.referent_id == referent.pk:
        return en_cours
    if en_cours is not None:
        en_cours.fin = max(date, en_cours.debut)
        en_cours.save(update_fields=["fin"])
    affectation = AffectationReferent(jeune=jeune, referent=referent, debut=date, par=par, motif=motif)
    affectation.full_clean()
    affectation.save()
    jeune.referent = referent
    jeune.save(update_fields=["referent"])
    return affectation


@transaction.atomic
def jeune_transferer(*, jeune, commune, adresse="", secteur=None, par, motif):
    """Transfert du dossier vers l'antenne de la nouvelle commune de résidence, en une action avec historique : la
    commune (et l'adresse) changent, l'antenne et le secteur par défaut en découlent ; le référent passe à l'auteur
    du transfert s'il est conseiller de la nouvelle antenne, sinon l'affectation en cours est close."""
    _verifier_base_active(jeune)
    antenne_avant = jeune.antenne
    jeune.commune = commune
    if adresse:
        jeune.adresse = adresse
    jeune.secteur = secteur
    _completer_territoire(jeune)
    if jeune.antenne_id == antenne_avant.pk:
        raise ValidationError(
            {"commune": f"{commune.nom} relève déjà de l'antenne {antenne_avant} : modifiez simplement l'adresse."}
        )
    jeune._change_reason = f"Transfert de l'antenne {antenne_avant} vers l'antenne {jeune.antenne} : {motif}"[:100]
    jeune.full_clean()
    jeune.save()
    if par.role in ROLES_REFERENTS and par.antenne_id == jeune.antenne_id:
        jeune_affecter_referent(jeune=jeune, referent=par, par=par, motif=f"Transfert : {motif}")
    else:
        AffectationReferent.objects.filter(jeune=jeune, fin__isnull=True).update(fin=timezone.localdate())
        jeune.referent = None
        jeune.save(update_fields=["referent"])
    return jeune


@transaction.atomic
def jeunes_reaffecter(*, jeunes, referent, par, motif=""):
    """Réaffectation en masse ; renvoie le nombre de jeunes effectivement changés de référent."""
    _verifier_referent(referent)
    nombre = 0
    for jeune in jeunes:
        if jeune.referent_id != referent.pk:
            jeune_affecter_referent(jeune=jeune, referent=referent, par=par, motif=motif)
            nombre += 1
    return nombre


# --- Événements individuels ---------------------------------------------------------------------------------


def _actualiser_dernier_contact(jeune):
    jeune.date_dernier_contact = jeune.evenements.aggregate(d=Max("date"))["d"]
    jeune.save(update_fields=["date_dernier_contact"])


@transaction.atomic
def evenement_creer(
    *,
    jeune,
    par,
    type,
    date,
    modalite="",
    duree_minutes=None,
    conseiller=None,
    lieu=None,
    themes="",
    services=(),
    compte_rendu="",
    prochaine_etape="",
    prochain_rdv=None,
):
    """Entretien individuel ou contact ; met à jour le dernier contact et le prochain rendez-vous du jeune."""
    _verifier_base_active(jeune)
    if type not in MODALITES_PAR_TYPE:
        raise ValidationError({"type": "Seuls les entretiens individuels et les contacts se saisissent ici."})
    aujourd_hui = timezone.localdate()
    if date > aujourd_hui:
        raise ValidationError({"date": "La date ne peut pas être dans le futur : saisissez l'événement une fois fait."})
    if modalite not in MODALITES_PAR_TYPE[type]:
        permises = ", ".join(Modalite(m).label.lower() for m in MODALITES_PAR_TYPE[type])
        raise ValidationError({"modalite": f"Modalité possible pour ce type d'événement : {permises}."})
    if prochain_rdv is not None and prochain_rdv <= date:
        raise ValidationError({"prochain_rdv": "Le prochain rendez-vous doit être postérieur à cet événement."})
    codes = list(dict.fromkeys(services))
    inconnus = [c for c in codes if c not in Service.values]
    if inconnus:
        raise ValidationError({"services": f"Service inconnu : {', '.join(inconnus)}."})
    evenement = Evenement(
        jeune=jeune,
        type=type,
        date=date,
        modalite=modalite,
        duree_minutes=duree_minutes,
        conseiller=conseiller or par,
        lieu=lieu,
        themes=themes,
        compte_rendu=compte_rendu,
        prochaine_etape=prochaine_etape,
        prochain_rdv=prochain_rdv,
    )
    evenement.full_clean()
    evenement.save()
    EvenementService.objects.bulk_create([EvenementService(evenement=evenement, service=code) for code in codes])

    champs = []
    if jeune.date_dernier_contact is None or date > jeune.date_dernier_contact:
        jeune.date_dernier_contact = date
        champs.append("date_dernier_contact")
    if prochain_rdv is not None:
        jeune.date_prochain_rdv = prochain_rdv
        champs.append("date_prochain_rdv")
    elif (
        type == TypeEvenement.ENTRETIEN_INDIVIDUEL
        and jeune.date_prochain_rdv is not None
        and date >= jeune.date_prochain_rdv
    ):
        jeune.date_prochain_rdv = None  # le rendez-vous prévu a eu lieu
        champs.append("date_prochain_rdv")
    if champs:
        jeune.save(update_fields=champs)
    _suivi_ecrit([jeune])
    return evenement


CHAMPS_EVENEMENT_MODIFIABLES = (
    "date",
    "modalite",
    "duree_minutes",
    "conseiller",
    "lieu",
    "themes",
    "compte_rendu",
    "prochaine_etape",
)


@transaction.atomic
def evenement_modifier(*, evenement, par, services=None, **donnees):
    """Complète ou corrige un entretien individuel ou un contact (le même événement, historisé) : compte rendu,
    thèmes, prochaine étape… Mêmes règles qu'à la saisie ; la présence à une session se modifie par l'émargement."""
    jeune = evenement.jeune
    _verifier_base_active(jeune)
    if evenement.session_id is not None or evenement.type not in MODALITES_PAR_TYPE:
        raise ValidationError("La présence à une session collective se modifie depuis l'émargement de la session.")
    inconnus = set(donnees) - set(CHAMPS_EVENEMENT_MODIFIABLES)
    if inconnus:
        raise ValidationError(f"Champ non modifiable : {', '.join(sorted(inconnus))}.")
    for champ, valeur in donnees.items():
        setattr(evenement, champ, valeur)
    if evenement.conseiller_id is None:
        evenement.conseiller = par
    if evenement.date > timezone.localdate():
        raise ValidationError({"date": "La date ne peut pas être dans le futur : saisissez l'événement une fois fait."})
    if evenement.modalite not in MODALITES_PAR_TYPE[evenement.type]:
        permises = ", ".join(Modalite(m).label.lower() for m in MODALITES_PAR_TYPE[evenement.type])
        raise ValidationError({"modalite": f"Modalité possible pour ce type d'événement : {permises}."})
    codes = list(dict.fromkeys(services)) if services is not None else None
    inconnus = [c for c in codes or () if c not in Service.values]
    if inconnus:
        raise ValidationError({"services": f"Service inconnu : {', '.join(inconnus)}."})
    evenement.full_clean()
    evenement._history_user = par
    evenement.save()
    if codes is not None:
        evenement.services.exclude(service__in=codes).delete()
        deja = set(evenement.services.values_list("service", flat=True))
        EvenementService.objects.bulk_create(
            [EvenementService(evenement=evenement, service=c) for c in codes if c not in deja]
        )
    _actualiser_dernier_contact(jeune)
    _suivi_ecrit([jeune])
    return evenement


@transaction.atomic
def jeune_actualiser_prochain_rdv(*, jeune, prochain_rdv):
    """Le prochain rendez-vous du dossier, tenu par l'agenda (date locale du prochain rendez-vous planifié, ou
    None) : même champ et même recalcul du suivi (alertes) que la saisie d'un événement ci-dessus."""
    if jeune.date_prochain_rdv != prochain_rdv:
        jeune.date_prochain_rdv = prochain_rdv
        jeune.save(update_fields=["date_prochain_rdv"])
        _suivi_ecrit([jeune])
    return jeune


# --- Sessions collectives -----------------------------------------------------------------------------------


@transaction.atomic
def session_creer(*, par, **donnees):
    """Programme une session : à partir d'aujourd'hui, pour au moins une place, dans un lieu de son antenne.

    Une session passée ne se crée pas (son émargement, lui, reste possible après la date : session_emarger)."""
    donnees.setdefault("animateur", par)
    session = SessionCollective(**donnees)
    erreurs = {}
    aujourd_hui = timezone.localdate()
    if session.date and session.date < aujourd_hui:
        erreurs["date"] = (
            f"Le {session.date:%d/%m/%Y} est passé : une session se programme à partir d'aujourd'hui "
            f"({aujourd_hui:%d/%m/%Y})."
        )
    if session.capacite is not None and session.capacite < 1:
        erreurs["capacite"] = "La capacité doit être d'au moins une place."
    if session.lieu_id and session.antenne_id and session.lieu.antenne_id != session.antenne_id:
        erreurs["lieu"] = f"« {session.lieu} » n'est pas un lieu d'accueil de l'antenne de la session."
    if erreurs:
        raise ValidationError(erreurs)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_inscrire(*, session, jeunes, par):
    """Inscrit des jeunes (ceux déjà inscrits sont ignorés) dans la limite de la capacité ; renvoie le nombre."""
    session = SessionCollective.objects.select_for_update().get(pk=session.pk)
    deja = set(session.participations.values_list("jeune_id", flat=True))
    nouveaux = []
    for jeune in jeunes:
        if jeune.pk in deja:
            continue
        if not jeune.est_dans_base_active:
            raise ValidationError(f"Le dossier de {jeune} est sorti de la base active.")
        deja.add(jeune.pk)
        nouveaux.append(jeune)
    places = session.capacite - (len(deja) - len(nouveaux))
    if len(nouveaux) > places:
        raise ValidationError(
            f"Capacité dépassée : il reste {max(places, 0)} place(s) sur {session.capacite} et vous inscrivez "
            f"{len(nouveaux)} jeune(s). Augmentez la capacité ou réduisez la sélection."
        )
    Participation.objects.bulk_create([Participation(session=session, jeune=j) for j in nouveaux])
    return len(nouveaux)


@transaction.atomic
def session_desinscrire(*, session, jeune, par):
    Participation.objects.filter(session=session, jeune=jeune).delete()
    if Evenement.objects.filter(session=session, jeune=jeune).delete()[0]:
        _actualiser_dernier_contact(jeune)
        _suivi_ecrit([jeune])


@transaction.atomic
def session_emarger(*, session, presences, par):
    """Feuille d'émargement : `presences` associe l'id d'un jeune inscrit à sa présence.

    Un jeune présent reçoit un (seul) événement du type de la session ; repassé absent ou excusé, il le perd.
    """
    if session.date > timezone.localdate() and any(p == Presence.PRESENT for p in presences.values()):
        raise ValidationError("La session n'a pas encore eu lieu : la présence ne peut pas être enregistrée.")
    participations = {p.jeune_id: p for p in session.participations.select_related("jeune")}
    inconnus = set(presences) - set(participations)
    if inconnus:
        raise ValidationError("Certains jeunes ne sont pas inscrits à cette session.")
    existants = set(Evenement.objects.filter(session=session).values_list("jeune_id", flat=True))
    modifiees, a_creer, a_retirer = [], [], []
    for jeune_id, presence in presences.items():
        if presence not in Presence.values:
            raise ValidationError(f"Présence inconnue : {presence}.")
        participation = participations[jeune_id]
        if participation.presence != presence:
            participation.presence = presence
            modifiees.append(participation)
        if presence == Presence.PRESENT and jeune_id not in existants:
            a_creer.append(participation.jeune)
        elif presence != Presence.PRESENT and jeune_id in existants:
            a_retirer.append(participation.jeune)
    Participation.objects.bulk_update(modifiees, ["presence"])
    for jeune in a_creer:
        evenement = Evenement(
            jeune=jeune,
            type=session.type,
            date=session.date,
            modalite=Modalite.PRESENTIEL,
            duree_minutes=session.duree_minutes,
            conseiller=session.animateur,
            lieu=session.lieu,
            themes=session.theme,
            theme_atelier_id=session.theme_atelier_id,
            session=session,
        )
        evenement.full_clean()
        evenement.save()
        if jeune.date_dernier_contact is None or session.date > jeune.date_dernier_contact:
            jeune.date_dernier_contact = session.date
            jeune.save(update_fields=["date_dernier_contact"])
    if a_retirer:
        Evenement.objects.filter(session=session, jeune__in=a_retirer).delete()
        for jeune in a_retirer:
            _actualiser_dernier_contact(jeune)
    _suivi_ecrit(a_creer + a_retirer)
    return len(modifiees)


# --- Situations ---------------------------------------------------------------------------------------------


def _verifier_situation(situation):
    types = TYPES_PAR_CATEGORIE.get(situation.categorie, [])
    if situation.type not in types:
        raise ValidationError(
            {
                "type": f"Le type « {situation.get_type_display()} » ne correspond pas à la catégorie "
                f"« {situation.get_categorie_display()} »."
            }
        )
    if situation.categorie == CategorieSituation.FORMATION:
        if not situation.financeur:
            raise ValidationError({"financeur": "Indiquez le financeur de la formation."})
    else:
        situation.financeur = ""
        situation.programme = None
        situation.resultat_formation = ""
    if situation.entreprise_id is not None and situation.entreprise.section_naf:
        situation.secteur_naf = situation.entreprise.section_naf
    if situation.date_fin is not None and situation.date_fin < situation.date_debut:
        raise ValidationError({"date_fin": "La date de fin ne peut pas précéder la date de début."})


@transaction.atomic
def situation_creer(*, jeune, par, **donnees):
    _verifier_base_active(jeune)
    situation = Situation(jeune=jeune, saisi_par=par, **donnees)
    _verifier_situation(situation)
    situation.full_clean()
    situation.save()
    return situation


@transaction.atomic
def situation_modifier(*, situation, par, **donnees):
    _verifier_base_active(situation.jeune)
    for champ, valeur in donnees.items():
        setattr(situation, champ, valeur)
    _verifier_situation(situation)
    situation.full_clean()
    situation.save()
    return situation
