"""Création en masse : COPY (psycopg 3) sur PostgreSQL, bulk_create ailleurs.

Les clés primaires sont réservées d'avance dans la séquence de la table (nextval), si bien que les lignes
créées par COPY sont aussitôt rattachables (services d'un événement, affectation d'un référent). Les valeurs
par défaut des champs (définies côté Python par Django) sont calculées une fois par lot.
"""

from django.db import connection
from django.db.models import JSONField


def _attributs_modele(attrs):
    return {k: v for k, v in attrs.items() if not k.startswith("_")}


def creer_en_masse(modele, lignes):
    """Crée une ligne par dictionnaire d'attributs (noms `attname`) ; pose `lignes[i]["pk"]`."""
    if not lignes:
        return
    if connection.vendor == "postgresql":
        _creer_par_copy(modele, lignes)
        return
    objets = modele.objects.bulk_create([modele(**_attributs_modele(a)) for a in lignes], batch_size=500)
    for attrs, objet in zip(lignes, objets, strict=True):
        attrs["pk"] = objet.pk


def _creer_par_copy(modele, lignes):
    from psycopg.types.json import Jsonb

    meta = modele._meta
    champs = [f for f in meta.concrete_fields if not f.primary_key]
    defauts = {}
    for champ in champs:
        valeur = champ.get_default()
        defauts[champ.attname] = Jsonb(valeur) if isinstance(champ, JSONField) else valeur
    colonnes = [meta.pk.column] + [f.column for f in champs]
    noms = [f.attname for f in champs]
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(lignes)],
        )
        pks = [pk for (pk,) in curseur.fetchall()]
        copie = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(meta.db_table), ", ".join(connection.ops.quote_name(c) for c in colonnes)
        )
        with curseur.cursor.copy(copie) as flux:
            for pk, attrs in zip(pks, lignes, strict=True):
                attrs["pk"] = pk
                flux.write_row([pk, *(attrs[n] if n in attrs else defauts[n] for n in noms)])
