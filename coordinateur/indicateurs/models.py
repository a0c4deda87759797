"""The registers the indicators need (conventions, events) and the frozen figures of closed periods."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coordinateur.store.base import Base, SyncRecord, new_uuid


class Convention(SyncRecord, Base):
    """A convention signed with partners of the directory (kept on this laptop)."""

    __tablename__ = "convention"
    KIND = "convention"

    titre: Mapped[str] = mapped_column(String(300))
    genre: Mapped[str] = mapped_column(String(20), index=True)
    partenaires: Mapped[list[str]] = mapped_column(JSON, default=list)  # structure ids
    signee_le: Mapped[str] = mapped_column(String(10), index=True)
    fin_le: Mapped[str] = mapped_column(String(10), default="")
    reference: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Evenement(SyncRecord, Base):
    """A day, a training or a meeting organised on autonomy."""

    __tablename__ = "evenement"
    KIND = "evenement"

    titre: Mapped[str] = mapped_column(String(300))
    genre: Mapped[str] = mapped_column(String(20), index=True)
    date: Mapped[str] = mapped_column(String(10), index=True)
    commune_code: Mapped[str] = mapped_column(String(5), default="")
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)  # directory ids
    nb_participants: Mapped[int] = mapped_column(Integer, default=0)
    organisateurs: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Cloture(Base):
    """A closed period: its figures frozen with the definitions' version. Triggers refuse changes."""

    __tablename__ = "cloture"
    __table_args__ = (UniqueConstraint("periode", "territoire"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    periode: Mapped[str] = mapped_column(String(40))
    territoire: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(20))
    contenu: Mapped[dict[str, Any]] = mapped_column(JSON)
    close_le: Mapped[str] = mapped_column(String(32))
    close_par: Mapped[str] = mapped_column(String(200))


class NoteBilan(Base):
    """The coordinator's comments on a period not closed yet (frozen into the closure when it is)."""

    __tablename__ = "note_bilan"

    periode: Mapped[str] = mapped_column(String(40), primary_key=True)
    territoire: Mapped[str] = mapped_column(String(20), primary_key=True)
    texte: Mapped[str] = mapped_column(Text, default="")
