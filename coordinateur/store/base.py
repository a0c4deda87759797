"""The one declarative base, and the mixin that makes a record ready for the shared folder."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from sqlalchemy import JSON, Boolean, String, inspect, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


def new_uuid() -> str:
    return str(uuid.uuid4())


class SyncRecord:
    """Every record that can leave the laptop: random UUID, HLC clocks, device, tombstone, field clocks.

    Clocks are stamped automatically at flush (see `stamp_sync_records`); code never sets them by hand,
    except the shared-folder import, which applies remote clocks and marks its session `remote=True`.
    `field_clocks` only lists fields changed since creation: the others' clock is `created_at`
    (`clock_of`), which keeps a record small.
    """

    SYNC_COLUMNS: ClassVar[frozenset[str]] = frozenset(
        {"id", "created_at", "updated_at", "updated_by", "field_clocks"}
    )
    # The kind named in the shared folder's operations; records of kinds that do not travel (persons,
    # liaison sheets, situations) never leave the laptop.
    KIND: ClassVar[str] = ""
    TRAVELS: ClassVar[bool] = False

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    created_at: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[str] = mapped_column(String(80), index=True)
    updated_by: Mapped[str] = mapped_column(String(36))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))
    field_clocks: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    def clock_of(self, name: str) -> str:
        """The clock of one field: when it was last set (fields never changed since creation share it)."""
        return (self.field_clocks or {}).get(name) or self.created_at

    @classmethod
    def data_fields(cls) -> list[str]:
        """Columns that carry the record's content (and `deleted`), each merged by its own clock."""
        found = _CHAMPS.get(cls)
        if found is None:
            mapper = inspect(cls)
            found = _CHAMPS[cls] = tuple(c.key for c in mapper.column_attrs if c.key not in cls.SYNC_COLUMNS)
        return list(found)


# A model's data fields, by class: read from its mapper once (asked for each line of a snapshot or segment).
_CHAMPS: dict[type, tuple[str, ...]] = {}


def stamp_sync_records(session: Session, tick: Callable[[], str], device: str) -> list[dict[str, Any]]:
    """Give new and changed sync records their clocks; returns the operations for the shared folder's log
    (one per record that travels: its clock, upsert or delete, the fields set). Called at before_flush."""
    operations: list[dict[str, Any]] = []
    if session.info.get("remote"):
        return operations
    for obj in list(session.new):
        if isinstance(obj, SyncRecord):
            stamp = tick()
            if obj.id is None:
                obj.id = new_uuid()
            obj.created_at = stamp
            obj.updated_at = stamp
            obj.updated_by = device
            if obj.deleted is None:
                obj.deleted = False
            obj.field_clocks = {}
            if obj.TRAVELS:
                fields = {n: getattr(obj, n) for n in obj.data_fields() if getattr(obj, n) is not None}
                operations.append(_operation(obj, stamp, device, fields))
    for obj in list(session.dirty):
        if not isinstance(obj, SyncRecord) or not session.is_modified(obj, include_collections=False):
            continue
        state: Any = inspect(obj)
        changed = [name for name in obj.data_fields() if state.attrs[name].history.has_changes()]
        if not changed:
            continue
        stamp = tick()
        bases = {name: obj.clock_of(name) for name in changed}  # what this edit was made over
        clocks = dict(obj.field_clocks or {})
        for name in changed:
            clocks[name] = stamp
        obj.field_clocks = clocks
        obj.updated_at = stamp
        obj.updated_by = device
        if obj.TRAVELS:
            operations.append(_operation(obj, stamp, device, {n: getattr(obj, n) for n in changed}, bases))
    return operations


def _operation(
    obj: SyncRecord, stamp: str, device: str, fields: dict[str, Any], bases: dict[str, str] | None = None
) -> dict[str, Any]:
    """`bases`: each changed field's clock before the edit; a receiver whose clock differs had another
    edit of that field the sender had not seen — a concurrent edit, kept in its conflicts list."""
    return {
        "op_id": new_uuid(), "record_id": obj.id, "kind": obj.KIND, "clock": stamp, "device": device,
        "action": "delete" if fields.get("deleted") else "upsert", "fields": {"valeurs": fields, "bases": bases or {}},
    }  # fmt: skip
