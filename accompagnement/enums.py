"""Codes de l'accompagnement. Les valeurs sont celles du format d'échange (../shared/specs/echange.md)."""

from django.db import models


class Sexe(models.TextChoices):
    FEMME = "f", "Femme"
    HOMME = "m", "Homme"


class Nationalite(models.TextChoices):
    FRANCAISE = "francaise", "Française"
    UE = "ue", "Union européenne"
    HORS_UE = "hors_ue", "Hors Union européenne"


class Niveau(models.TextChoices):
    INFRA3 = "infra3", "Sans diplôme (infra 3, ancien VI/V bis)"
    N3 = "3", "Niveau 3 — CAP/BEP (ancien V)"
    N4 = "4", "Niveau 4 — bac (ancien IV)"
    N5 = "5", "Niveau 5 — bac+2 (ancien III)"
    N6 = "6", "Niveau 6 — bac+3/4 (ancien II)"
    N7 = "7", "Niveau 7 — bac+5"
    N8 = "8", "Niveau 8 — doctorat"


class Hebergement(models.TextChoices):
    FAMILLE = "famille", "Chez la famille"
    AUTONOME = "autonome", "Logement autonome"
    PRECAIRE = "precaire", "Hébergement précaire"


class Transport(models.TextChoices):
    COMMUN = "commun", "Transports en commun"
    MOTORISE = "motorise", "Véhicule motorisé"
    AUTRE = "autre", "Autre (vélo, marche…)"
    AUCUN = "aucun", "Aucun"


class Permis(models.TextChoices):
    OUI = "oui", "Oui"
    EN_COURS = "en_cours", "En cours"
    NON = "non", "Non"


class SituationFamiliale(models.TextChoices):
    CELIBATAIRE = "celibataire", "Célibataire"
    EN_COUPLE = "en_couple", "En couple"
    PARENT_ISOLE = "parent_isole", "Parent isolé"


class TypeEvenement(models.TextChoices):
    ENTRETIEN_INDIVIDUEL = "entretien_individuel", "Entretien individuel"
    ATELIER = "atelier", "Atelier"
    INFORMATION_COLLECTIVE = "information_collective", "Information collective"
    CONTACT = "contact", "Contact (appel, courriel, SMS)"


# Événements qui font d'un jeune un « jeune accompagné » (charte de saisie nationale).
TYPES_ACCOMPAGNEMENT = (
    TypeEvenement.ENTRETIEN_INDIVIDUEL,
    TypeEvenement.ATELIER,
    TypeEvenement.INFORMATION_COLLECTIVE,
)


class Modalite(models.TextChoices):
    PRESENTIEL = "presentiel", "Présentiel"
    TELEPHONE = "telephone", "Téléphone"
    VISIO = "visio", "Visioconférence"
    COURRIEL = "courriel", "Courriel"
    SMS = "sms", "SMS"


class Service(models.TextChoices):
    SANTE_INFORMATION = "sante_information", "Santé — information"
    SANTE_ORIENTATION = "sante_orientation", "Santé — orientation"
    SANTE_AIDE_FINANCIERE = "sante_aide_financiere", "Santé — aide financière"
    LOGEMENT_INFORMATION = "logement_information", "Logement — information"
    LOGEMENT_INTERMEDIATION = "logement_intermediation", "Logement — intermédiation"
    LOGEMENT_ORIENTATION = "logement_orientation", "Logement — orientation"
    LOGEMENT_AIDE_FINANCIERE = "logement_aide_financiere", "Logement — aide financière"
    MOBILITE_INFORMATION = "mobilite_information", "Mobilité — information"
    MOBILITE_AIDE = "mobilite_aide", "Mobilité — aide"


THEMES_SERVICES = {
    "sante": [s for s in Service if s.value.startswith("sante_")],
    "logement": [s for s in Service if s.value.startswith("logement_")],
    "mobilite": [s for s in Service if s.value.startswith("mobilite_")],
}


class Presence(models.TextChoices):
    INSCRIT = "inscrit", "Inscrit·e"
    PRESENT = "present", "Présent·e"
    ABSENT = "absent", "Absent·e"
    EXCUSE = "excuse", "Excusé·e"


class CategorieSituation(models.TextChoices):
    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    IMMERSION = "immersion", "Immersion"


class TypeSituation(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD_6_MOIS_PLUS = "cdd_6_mois_plus", "CDD de 6 mois ou plus"
    CDD_MOINS_6_MOIS = "cdd_moins_6_mois", "CDD de moins de 6 mois"
    INTERIM = "interim", "Intérim"
    APPRENTISSAGE = "apprentissage", "Contrat d'apprentissage"
    PROFESSIONNALISATION = "professionnalisation", "Contrat de professionnalisation"
    CONTRAT_AIDE = "contrat_aide", "Contrat aidé"
    CREATION_ACTIVITE = "creation_activite", "Création d'activité"
    MOBILISATION = "mobilisation", "Formation de mobilisation (préparatoire, pré-qualifiante)"
    QUALIFIANTE = "qualifiante", "Formation qualifiante"
    PMSMP = "pmsmp", "PMSMP (immersion en milieu professionnel)"
    SERVICE_CIVIQUE = "service_civique", "Service civique"


TYPES_PAR_CATEGORIE = {
    CategorieSituation.EMPLOI: [
        TypeSituation.CDI,
        TypeSituation.CDD_6_MOIS_PLUS,
        TypeSituation.CDD_MOINS_6_MOIS,
        TypeSituation.INTERIM,
        TypeSituation.APPRENTISSAGE,
        TypeSituation.PROFESSIONNALISATION,
        TypeSituation.CONTRAT_AIDE,
        TypeSituation.CREATION_ACTIVITE,
    ],
    CategorieSituation.FORMATION: [TypeSituation.MOBILISATION, TypeSituation.QUALIFIANTE],
    CategorieSituation.IMMERSION: [TypeSituation.PMSMP, TypeSituation.SERVICE_CIVIQUE],
}


class SectionNaf(models.TextChoices):
    """Sections de la nomenclature d'activités française (NAF rév. 2) : secteur de l'employeur."""

    A = "A", "A — Agriculture, sylviculture et pêche"
    B = "B", "B — Industries extractives"
    C = "C", "C — Industrie manufacturière"
    D = "D", "D — Électricité, gaz, vapeur et air conditionné"
    E = "E", "E — Eau, assainissement, gestion des déchets et dépollution"
    F = "F", "F — Construction"
    G = "G", "G — Commerce, réparation d'automobiles et de motocycles"
    H = "H", "H — Transports et entreposage"
    I = "I", "I — Hébergement et restauration"  # noqa: E741
    J = "J", "J — Information et communication"
    K = "K", "K — Activités financières et d'assurance"
    L = "L", "L — Activités immobilières"
    M = "M", "M — Activités spécialisées, scientifiques et techniques"
    N = "N", "N — Activités de services administratifs et de soutien"
    O = "O", "O — Administration publique"  # noqa: E741
    P = "P", "P — Enseignement"
    Q = "Q", "Q — Santé humaine et action sociale"
    R = "R", "R — Arts, spectacles et activités récréatives"
    S = "S", "S — Autres activités de services"
    T = "T", "T — Activités des ménages en tant qu'employeurs"
    U = "U", "U — Activités extra-territoriales"


class ResultatFormation(models.TextChoices):
    PROJET_VALIDE = "projet_valide", "Projet professionnel validé"
    QUALIFICATION = "qualification", "Qualification ou certification obtenue"
    ABANDON = "abandon", "Abandon"
    AUTRE = "autre", "Autre issue"


class Financeur(models.TextChoices):
    CONSEIL_REGIONAL = "conseil_regional", "Conseil régional"
    AUTRE = "autre", "Autre financeur"


class TypeDocument(models.TextChoices):
    """Documents joints au dossier du jeune (hors pièces d'une demande d'aide, jointes à la demande)."""

    PIECE_IDENTITE = "piece_identite", "Pièce d'identité ou titre de séjour"
    CV = "cv", "CV"
    ATTESTATION = "attestation", "Attestation (formation, stage, employeur…)"
    CONTRAT_CEJ = "contrat_cej", "Contrat d'engagement jeune signé"
    JUSTIFICATIF_DOMICILE = "justificatif_domicile", "Justificatif de domicile"
    DIPLOME = "diplome", "Diplôme ou certificat"
    AUTRE = "autre", "Autre document"
