"""Crée (ou remet à zéro) un compte de démonstration par rôle, et affiche identifiants et mots de passe."""

from django.core.management.base import BaseCommand

from antennes.models import Antenne
from comptes.enums import Role
from comptes.models import Utilisateur

# (identifiant, prénom, nom, rôle, code antenne) — mot de passe : « demo-<identifiant>-weker »
COMPTES = [
    ("accueil", "Awa", "Diallo", Role.ACCUEIL, "RENNES"),
    ("conseiller", "Camille", "Le Goff", Role.CONSEILLER, "RENNES"),
    ("conseiller.broceliande", "Yann", "Tanguy", Role.CONSEILLER, "BROCELIANDE"),
    ("responsable", "Rozenn", "Morvan", Role.RESPONSABLE_ANTENNE, "RENNES"),
    ("direction", "Dominique", "Bernard", Role.DIRECTION, None),
    ("secretariat", "Sophie", "Guillou", Role.SECRETARIAT_FAJ, None),
    ("commission", "Marc", "Lebreton", Role.MEMBRE_COMMISSION, None),
    ("admin", "Alex", "Martin", Role.ADMINISTRATEUR, None),
]


def mot_de_passe_demo(identifiant):
    return f"demo-{identifiant}-weker"


class Command(BaseCommand):
    help = "Crée un compte de démonstration par rôle (idempotent) et affiche les identifiants."

    def handle(self, *args, **options):
        antennes = {a.code: a for a in Antenne.objects.all()}
        lignes = []
        for identifiant, prenom, nom, role, code_antenne in COMPTES:
            user, _ = Utilisateur.objects.update_or_create(
                username=identifiant,
                defaults={
                    "first_name": prenom,
                    "last_name": nom,
                    "role": role,
                    "antenne": antennes.get(code_antenne) if code_antenne else None,
                    "email": f"{identifiant}@demo.weker.fr",
                    "is_staff": role == Role.ADMINISTRATEUR,
                    "is_superuser": False,  # les droits viennent du rôle (un superutilisateur passerait outre)
                    "is_active": True,
                },
            )
            user.set_password(mot_de_passe_demo(identifiant))
            user.save(update_fields=["password"])
            lignes.append((identifiant, mot_de_passe_demo(identifiant), role.label, code_antenne or "—"))
        self.stdout.write("\nComptes de démonstration (http://127.0.0.1:8000) :")
        self.stdout.write(f"  {'identifiant':<24}{'mot de passe':<36}{'rôle':<28}antenne")
        for identifiant, mdp, role, antenne in lignes:
            self.stdout.write(f"  {identifiant:<24}{mdp:<36}{role:<28}{antenne}")
        self.stdout.write("")
