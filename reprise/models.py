from django.db import models

from weker.travaux import TravailDeFond


class ImportReprise(TravailDeFond):
    """Import de reprise de données lancé depuis le navigateur : une archive zip des fichiers du format d'échange."""

    NOM_TACHE = "weker.reprise.executer_import"

    fichier = models.FileField("archive zip", upload_to="reprise/", blank=True)
    nom_fichier = models.CharField("fichier envoyé", max_length=255)
    simulation = models.BooleanField(
        "simulation", default=False, help_text="Valide les fichiers et annonce les nombres, sans rien enregistrer."
    )
    rapport = models.JSONField("rapport", default=dict, blank=True)

    class Meta(TravailDeFond.Meta):
        verbose_name = "import de reprise de données"
        verbose_name_plural = "imports de reprise de données"
        db_table = "weker_importreprise"  # table créée sous l'étiquette « weker », gardée telle quelle

    def fichiers_entree(self):
        return [self.fichier]  # données personnelles : l'archive n'est jamais conservée après le travail

    def __str__(self):
        return f"Import « {self.nom_fichier} » du {self.cree_le:%d/%m/%Y %H:%M}"
