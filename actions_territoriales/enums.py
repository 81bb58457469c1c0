from django.db import models


class TypeAction(models.TextChoices):
    RECRUTEMENT = "recrutement", "Recrutement (job dating, « Recruter autrement », forum emploi)"
    DECOUVERTE_METIERS = "decouverte_metiers", "Découverte des métiers (Exploratoire, Zoom secteur, forum métiers)"
    MIXITE = "mixite", "Mixité des métiers"
    GPECT = "gpect", "GPEC territoriale (emplois et compétences avec les employeurs)"
    ENTREPRENEURIAT = "entrepreneuriat", "Entrepreneuriat"
    SANTE = "sante", "Santé (aller-vers, Relais Santé Jeunes)"
    AUTRE = "autre", "Autre action"


# Publics comptés sans dossier : (champ du modèle et colonne du format d'échange, libellé).
PUBLICS = (
    ("public_tout_public", "Tout public"),
    ("public_scolaires", "Scolaires"),
    ("public_etudiants", "Étudiants"),
    ("public_salaries", "Salariés"),
    ("public_demandeurs_emploi", "Demandeurs d'emploi"),
    ("public_professionnels", "Professionnels"),
)
