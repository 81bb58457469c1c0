"""Écritures en masse sans passer par les instances de modèles : COPY sur PostgreSQL, executemany sur SQLite.

Les lignes sont des dictionnaires {attname: valeur} ; les colonnes absentes prennent la valeur par défaut du
champ (calculée une fois). Les clés primaires dont on a besoin pour lier d'autres lignes (jeunes, événements,
inscriptions) sont réservées à l'avance : `nextval` de la séquence sur PostgreSQL (sûr même avec d'autres
écrivains), compteur à partir du maximum sur SQLite (base à un seul écrivain).
"""

import json

from django.db import connection, models


class Table:
    def __init__(self, model, colonnes_fournies):
        self.model = model
        self.nom = model._meta.db_table
        champs = list(model._meta.concrete_fields)
        self.colonnes = [f.column for f in champs if f.attname in colonnes_fournies]
        self.attnames = [f.attname for f in champs if f.attname in colonnes_fournies]
        self.defauts = {}
        for f in champs:
            if f.attname in colonnes_fournies or f.primary_key:
                continue
            valeur = f.get_default()
            if isinstance(f, models.JSONField):
                valeur = json.dumps(valeur)
            elif valeur is not None:
                valeur = f.get_db_prep_save(valeur, connection)
            self.colonnes.append(f.column)
            self.defauts[f.attname] = valeur
        self.ordre = self.attnames + list(self.defauts)

    def tuples(self, lignes):
        attnames = self.attnames
        defauts = tuple(self.defauts.values())
        for ligne in lignes:
            yield tuple(ligne[a] for a in attnames) + defauts


class Ecrivain:
    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.tables = {}
        self.compteurs = {}
        if not self.postgres:
            # Génération en masse : cache de pages plus large (256 Mo au plus) pour l'entretien des index.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")

    def _table(self, model, lignes):
        cle = (model, frozenset(lignes[0]))
        if cle not in self.tables:
            self.tables[cle] = Table(model, lignes[0].keys())
        return self.tables[cle]

    def reserver_ids(self, model, nombre):
        """Réserve `nombre` clés primaires pour `model` et les renvoie dans l'ordre."""
        if nombre == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, nombre]
                )
                return [r[0] for r in cursor.fetchall()]
            if table not in self.compteurs:
                cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
                self.compteurs[table] = cursor.fetchone()[0]
        debut = self.compteurs[table] + 1
        self.compteurs[table] += nombre
        return list(range(debut, debut + nombre))

    def inserer(self, model, lignes):
        if not lignes:
            return 0
        table = self._table(model, lignes)
        colonnes = ", ".join(f'"{c}"' for c in table.colonnes)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{table.nom}" ({colonnes}) FROM STDIN') as copie:
                    for t in table.tuples(lignes):
                        copie.write_row(t)
            else:
                marques = ", ".join(["%s"] * len(table.colonnes))
                cursor.executemany(
                    f'INSERT INTO "{table.nom}" ({colonnes}) VALUES ({marques})',  # noqa: S608
                    list(table.tuples(lignes)),
                )
        return len(lignes)
