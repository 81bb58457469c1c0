"""Jeu de données de démonstration (et de mesure de performance) : génération déterministe et écritures en masse.

Point d'entrée : :func:`developpement.demo.generateur.generer` (appelé par ``manage.py generer_demo`` et
``manage.py bench``).
"""
