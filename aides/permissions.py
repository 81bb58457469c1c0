"""Permissions de l'application (prédicats rules)."""

import rules  # noqa: F401
