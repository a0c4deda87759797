"""Rules the import of segments and of snapshots share (kept apart from both: no import circle)."""

from __future__ import annotations

from coordinateur.errors import CoordinateurError

SEUIL_SUPPRESSIONS = 0.20  # one import deleting more than this share of a kind of record stops and asks
KINDS_ANNUAIRE = ("intervenant", "structure")


class SuppressionsMassives(CoordinateurError):
    """One import would delete more than 20 % of a kind of record: stopped, nothing applied."""
