"""Rules the import of segments and of snapshots share (kept apart from both: no import circle)."""

from __future__ import annotations

from typing import Any

from coordinateur.errors import CoordinateurError

SEUIL_SUPPRESSIONS = 0.20  # one import deleting more than this share of a kind of record stops and asks
KINDS_ANNUAIRE = ("intervenant", "structure")
PLANCHER = f"{0:015d}-000000-"
"""The start of the floor clock: a field held on a snapshot author's word for a colleague's value, which
any real clock outweighs. A record whose `deleted` is at the floor clock is a placeholder: its deletion by
its own author is not counted by the deletion guard (it was never more than a colleague's word here)."""


def attente(clock: str) -> bool:
    """Whether a clock is the floor clock (a placeholder's). It names the device the value was attributed
    to (`plancher`); it is nobody's word: an operation stamped with it is refused."""
    return clock.startswith(PLANCHER)


def plancher(clock: str) -> str:
    """The floor clock standing for `clock`: same device, below any real clock."""
    return PLANCHER + appareil_de(clock)


def appareil_de(clock: str) -> str:
    """The device part of a clock (after its wall time and counter)."""
    return clock.split("-", 2)[-1]


def attente_de(clock: str, device: str) -> bool:
    """Whether a clock is a placeholder of `device`'s word: only that device's deletion of it is not a
    deletion of what this laptop holds (the deletion guard leaves it out)."""
    return attente(clock) and appareil_de(clock) == device


class SuppressionsMassives(CoordinateurError):
    """One import would delete more than 20 % of a kind of record: stopped, nothing applied."""


def nouvelle_fiche(model: Any, rid: str, valeurs: dict[str, Any], **horloges: Any) -> Any:
    """A record received for the first time (from an operation or a snapshot): its values, and its sync
    columns (`created_at`, `updated_at`, `updated_by`, `field_clocks`); live unless it says otherwise."""
    record = model(id=rid, **horloges)
    for name, value in valeurs.items():
        setattr(record, name, value)
    if record.deleted is None:
        record.deleted = False
    return record
