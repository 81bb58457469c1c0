"""Vues du FAJ, par parcours : demandes (conseillers), séances (secrétariat et commission), budget et paiements."""
