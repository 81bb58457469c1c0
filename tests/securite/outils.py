"""Assertions réutilisables par toutes les applications : « cette vue a écrit une ligne au journal des accès ».

from tests.securite.outils import acces_journalise

with acces_journalise(jeune=jeune, utilisateur=conseiller_rennes, action="consultation"):
    client.get(url)
"""

from contextlib import contextmanager

from securite.models import JournalAcces


@contextmanager
def acces_journalise(*, jeune=None, utilisateur=None, action=None, objet_contient=None, nombre=1):
    """Vérifie que le bloc écrit exactement `nombre` ligne(s) au journal des accès, avec ces valeurs."""
    avant = set(JournalAcces.objects.values_list("pk", flat=True))
    yield
    nouvelles = list(JournalAcces.objects.exclude(pk__in=avant).order_by("pk"))
    assert len(nouvelles) == nombre, f"{len(nouvelles)} ligne(s) écrite(s) au journal des accès, {nombre} attendue(s)"
    for ligne in nouvelles:
        if jeune is not None:
            assert ligne.jeune_id == jeune.pk, f"jeune journalisé : {ligne.jeune_id}, attendu {jeune.pk}"
        if utilisateur is not None:
            assert ligne.utilisateur_id == utilisateur.pk
            assert ligne.role == utilisateur.role
        if action is not None:
            assert ligne.action == action, f"action journalisée : {ligne.action}, attendue {action}"
        if objet_contient is not None:
            assert objet_contient in ligne.objet


def assert_aucun_acces_journalise():
    """À appeler en début de test pour les vues qui ne doivent rien journaliser."""
    return acces_journalise(nombre=0)
