"""Banc de mesure des performances (``manage.py bench`` / ``make bench``). Voir docs/benchmarks.md."""
