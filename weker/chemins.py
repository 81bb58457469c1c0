"""Adresses d'une page qui en répète une par ligne (une par demande de l'écran de séance, par exemple)."""

from django.urls import reverse

_REPERE = 987654321


def chemin_par_pk(nom, *debut):
    """Fonction pk → reverse(nom, args=[*debut, pk]), en n'appelant reverse() qu'une fois.

    reverse() coûte ~40 µs (près de 300 appels Python) : sur une page de 40 lignes à deux liens chacune, plus que le
    rendu du reste de la ligne. Le dernier argument de l'adresse doit être un entier (convertisseur <int:…>).
    """
    avant, repere, apres = reverse(nom, args=[*debut, _REPERE]).rpartition(str(_REPERE))
    if not repere:
        raise ValueError(f"{nom} : le dernier argument n'apparaît pas tel quel dans l'adresse.")
    return lambda pk: f"{avant}{int(pk)}{apres}"
