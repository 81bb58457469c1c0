"""Vues de l'accompagnement, par parcours : dossier, premier accueil, événements, sessions, listes, situations."""
