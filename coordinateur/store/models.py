"""Tables of the foundation: store metadata, settings, and the append-only audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordinateur.store.base import Base


class Meta(Base):
    """Key/value facts about this store: device identity, clock state, creating version."""

    __tablename__ = "meta"

    cle: Mapped[str] = mapped_column(String(64), primary_key=True)
    valeur: Mapped[str] = mapped_column(Text)


class Parametre(Base):
    """A setting, JSON-encoded. Settings are declared once in `coordinateur.settings`."""

    __tablename__ = "parametre"

    cle: Mapped[str] = mapped_column(String(64), primary_key=True)
    valeur: Mapped[str] = mapped_column(Text)


class JournalAudit(Base):
    """One line of the audit trail. Append-only (triggers refuse UPDATE and DELETE), hash-chained."""

    __tablename__ = "journal_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    horodatage: Mapped[str] = mapped_column(String(32), index=True)
    utilisateur: Mapped[str] = mapped_column(String(200))
    appareil: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32), index=True)
    objet_type: Mapped[str] = mapped_column(String(64))
    objet_id: Mapped[str | None] = mapped_column(String(64), index=True)
    resume: Mapped[str] = mapped_column(Text)
    hash_precedent: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Operation(Base):
    """The local log of changes to records that travel: pushed as segments to the shared folder."""

    __tablename__ = "operation"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    clock: Mapped[str] = mapped_column(String(80))
    device: Mapped[str] = mapped_column(String(36))
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(8))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # segment it was pushed in
