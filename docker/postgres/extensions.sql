-- Exécuté une seule fois, à la création du volume PostgreSQL (image officielle : /docker-entrypoint-initdb.d).
-- Recherche approchée des noms (trigrammes) et sans accents.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
