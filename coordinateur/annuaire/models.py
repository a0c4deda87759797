"""Directory records (sync-ready) and the local search index derived from them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordinateur.store.base import Base, SyncRecord

# A phone: {"type": "fixe"|"mobile"|"fax"|"autre", "numero": "+33565123456"}
Telephones = list[dict[str, str]]


class _Coordonnees:
    """Contact and place fields shared by intervenants and structures."""

    telephones: Mapped[Telephones] = mapped_column(JSON, default=list)
    email: Mapped[str] = mapped_column(String(200), default="")
    mssante: Mapped[str] = mapped_column(String(200), default="")
    adresse: Mapped[str] = mapped_column(String(300), default="")
    complement: Mapped[str] = mapped_column(String(300), default="")
    code_postal: Mapped[str] = mapped_column(String(5), default="")
    commune_code: Mapped[str] = mapped_column(String(5), default="", index=True)
    zone_communes: Mapped[list[str]] = mapped_column(JSON, default=list)
    zone_epcis: Mapped[list[str]] = mapped_column(JSON, default=list)
    horaires: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="saisie")
    source_ref: Mapped[str] = mapped_column(String(300), default="")
    date_verification: Mapped[str] = mapped_column(String(10), default="")
    actif: Mapped[bool] = mapped_column(Boolean, default=True)


class Structure(SyncRecord, _Coordonnees, Base):
    __tablename__ = "structure"
    KIND = "structure"
    TRAVELS = True

    nom: Mapped[str] = mapped_column(String(300))
    type_code: Mapped[str] = mapped_column(String(20), default="AUTRE")
    finess_ej: Mapped[str] = mapped_column(String(9), default="", index=True)
    finess_et: Mapped[str] = mapped_column(String(9), default="", index=True)
    siret: Mapped[str] = mapped_column(String(14), default="", index=True)
    publics: Mapped[list[str]] = mapped_column(JSON, default=list)
    # the date "outils partagés inscrits au projet d'établissement" was noted ("" = not yet)
    outils_partages_le: Mapped[str] = mapped_column(String(10), default="", server_default="")


class Intervenant(SyncRecord, _Coordonnees, Base):
    __tablename__ = "intervenant"
    KIND = "intervenant"
    TRAVELS = True

    civilite: Mapped[str] = mapped_column(String(10), default="")
    nom: Mapped[str] = mapped_column(String(200))
    prenom: Mapped[str] = mapped_column(String(200), default="")
    profession_code: Mapped[str] = mapped_column(String(20), default="AUTRE")
    specialite: Mapped[str] = mapped_column(String(200), default="")
    mode_exercice: Mapped[str] = mapped_column(String(1), default="")
    rpps: Mapped[str] = mapped_column(String(11), default="", index=True)
    adeli: Mapped[str] = mapped_column(String(9), default="", index=True)
    structure_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


# The local search index: derived from the records on every write, never shared, rebuildable.
annuaire_index = Table(
    "annuaire_index",
    Base.metadata,
    Column("rowid", Integer, primary_key=True),
    Column("record_id", String(36), nullable=False, unique=True),
    Column("categorie", String(12), nullable=False),
    Column("nom", String(300), nullable=False),
    Column("prenom", String(200), nullable=False),
    Column("profession_code", String(20), nullable=False),
    Column("profession", String(200), nullable=False),
    Column("structure", String(600), nullable=False),
    Column("commune_code", String(5), nullable=False),
    Column("commune", String(200), nullable=False),
    Column("telephone", String(40), nullable=False),
    Column("actif", Boolean, nullable=False),
    Column("tri", String(400), nullable=False),
    Index("ix_annuaire_index_tri", "tri"),
    Index("ix_annuaire_index_profession", "profession_code"),
)

# Where each indexed row works, by the integer rowid of its annuaire_index row (compact: ~10 rows a record).
annuaire_zone = Table(
    "annuaire_zone",
    Base.metadata,
    Column("commune_code", String(5), nullable=False, primary_key=True),
    Column("ligne", Integer, nullable=False, primary_key=True),
    Index("ix_annuaire_zone_ligne", "ligne"),
    sqlite_with_rowid=False,
)

# FTS5 over the folded text of each index row (rowid = annuaire_index.rowid); created by migration 0002.
FTS_TABLE = "annuaire_fts"


def record_fields(record: Any) -> dict[str, Any]:
    """The content fields of a directory record, as plain values."""
    return {name: getattr(record, name) for name in record.data_fields()}
