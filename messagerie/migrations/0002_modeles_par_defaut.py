"""Modèles de message par défaut (français), modifiables ensuite dans /gestion/. Un modèle déjà présent (même code
et canal) n'est pas écrasé."""

from django.db import migrations

PIED_COURRIEL = (
    "\n\n{{ agence }} {{ agence_telephone }}\n"
    "Pour ne plus recevoir de courriels de la Mission Locale : {{ lien_desinscription }}"
)

MODELES = [
    (
        "convocation",
        "sms",
        "",
        "Bonjour {{ prenom }}, rendez-vous à la Mission Locale le {{ date }} à {{ heure }}, {{ lieu }}. "
        "En cas d'empêchement : {{ agence_telephone }}.",
    ),
    (
        "convocation",
        "courriel",
        "Votre rendez-vous à la Mission Locale le {{ date }}",
        "Bonjour {{ prenom }},\n\nVous avez rendez-vous avec {{ conseiller }} le {{ date }} à {{ heure }} "
        "({{ mode }}, {{ duree }}).\n{{ lieu }} {{ adresse }}\n\nL'invitation est jointe pour votre agenda. "
        "En cas d'empêchement, prévenez-nous.",
    ),
    (
        "reconvocation",
        "sms",
        "",
        "Bonjour {{ prenom }}, nouveau rendez-vous à la Mission Locale le {{ date }} à {{ heure }}, {{ lieu }}. "
        "En cas d'empêchement : {{ agence_telephone }}.",
    ),
    (
        "reconvocation",
        "courriel",
        "Nouveau rendez-vous à la Mission Locale le {{ date }}",
        "Bonjour {{ prenom }},\n\nUn nouveau rendez-vous vous est proposé avec {{ conseiller }} le {{ date }} à "
        "{{ heure }} ({{ mode }}, {{ duree }}).\n{{ lieu }} {{ adresse }}\n\nL'invitation est jointe pour votre "
        "agenda. En cas d'empêchement, prévenez-nous.",
    ),
    (
        "rappel",
        "sms",
        "",
        "Rappel : {{ prenom }}, rendez-vous demain {{ date }} à {{ heure }} à la Mission Locale, {{ lieu }}.",
    ),
    (
        "rappel",
        "courriel",
        "Rappel : votre rendez-vous de demain à {{ heure }}",
        "Bonjour {{ prenom }},\n\nNous vous rappelons votre rendez-vous avec {{ conseiller }} demain, {{ date }}, "
        "à {{ heure }} ({{ mode }}).\n{{ lieu }} {{ adresse }}",
    ),
    (
        "invitation_session",
        "sms",
        "",
        "Bonjour {{ prenom }}, vous êtes invité(e) à un atelier de la Mission Locale le {{ date }} à {{ heure }}, "
        "{{ lieu }}.",
    ),
    (
        "invitation_session",
        "courriel",
        "Invitation : {{ theme }}, le {{ date }}",
        "Bonjour {{ prenom }},\n\nVous êtes inscrit(e) à la session « {{ theme }} » le {{ date }} à {{ heure }}."
        "\n{{ lieu }} {{ adresse }}",
    ),
    (
        "decision_faj",
        "sms",
        "",
        "Bonjour {{ prenom }}, une décision a été prise sur votre demande d'aide. Contactez votre conseiller.",
    ),
    (
        "decision_faj",
        "courriel",
        "Votre demande d'aide : une décision a été prise",
        "Bonjour {{ prenom }},\n\nUne décision a été prise sur votre demande d'aide au Fonds d'aide aux jeunes. "
        "Votre conseiller vous en donnera le détail : contactez-le ou passez à la Mission Locale.",
    ),
]


def creer(apps, schema_editor):
    ModeleMessage = apps.get_model("messagerie", "ModeleMessage")
    for code, canal, sujet, corps in MODELES:
        if canal == "courriel":
            corps += PIED_COURRIEL
        ModeleMessage.objects.get_or_create(code=code, canal=canal, defaults={"sujet": sujet, "corps": corps})


class Migration(migrations.Migration):
    dependencies = [("messagerie", "0001_messages_consentements_modeles")]

    operations = [migrations.RunPython(creer, migrations.RunPython.noop)]
