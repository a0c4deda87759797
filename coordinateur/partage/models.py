"""Local bookkeeping of the shared folder (never shared itself)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from coordinateur.store.base import Base


class SegmentEcrit(Base):
    """A segment this laptop wrote: what it must find again, intact, at every push (healing)."""

    __tablename__ = "segment_ecrit"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    nom: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    taille: Mapped[int] = mapped_column(Integer)
    ecrit_le: Mapped[str] = mapped_column(String(32))


class SegmentLu(Base):
    """A segment of another laptop, applied (importing it twice changes nothing)."""

    __tablename__ = "segment_lu"
    appareil: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64))
    lu_le: Mapped[str] = mapped_column(String(32))

    @staticmethod
    def dernier(session: Any, device: str) -> tuple[int, str]:
        """(seq, SHA-256) of `device`'s last segment applied here, (0, "") when none: one row read (the table
        keeps a row per segment ever read, a history's worth)."""
        row = session.execute(select(SegmentLu.seq, SegmentLu.sha256).where(SegmentLu.appareil == device)
                              .order_by(SegmentLu.seq.desc()).limit(1)).first()  # fmt: skip
        return (row[0], row[1]) if row else (0, "")


class AppareilVu(Base):
    __tablename__ = "appareil_vu"
    appareil: Mapped[str] = mapped_column(String(36), primary_key=True)
    nom: Mapped[str] = mapped_column(String(200))
    coordinateur: Mapped[str] = mapped_column(String(200))
    vu_le: Mapped[str] = mapped_column(String(32))
    bloque: Mapped[str] = mapped_column(Text, default="")  # why imports from it stopped (cloned install)


class Conflit(Base):
    """A value that lost a concurrent edit: kept so the user can review it and restore it."""

    __tablename__ = "conflit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    champ: Mapped[str] = mapped_column(String(64))
    valeur_gardee: Mapped[Any] = mapped_column(JSON, nullable=True)
    valeur_ecartee: Mapped[Any] = mapped_column(JSON, nullable=True)
    horloge_gardee: Mapped[str] = mapped_column(String(80))
    horloge_ecartee: Mapped[str] = mapped_column(String(80))
    detecte_le: Mapped[str] = mapped_column(String(32))
    regle: Mapped[bool] = mapped_column(Boolean, default=False)

    @staticmethod
    def muets_regles(session: Any, records: Iterable[Any]) -> int:
        """Settle the open conflicts of these records (just written by a sync) that leave nothing to decide:
        the record holds the discarded value again (a colleague restored it, or both sides reached it). They
        would stay on the list, and in the snapshots newcomers join from, with one value on both sides.
        Returns how many were settled (the sync's report says so: the coordinator had them on the list)."""
        held = {(r.KIND, r.id): r for r in records}
        ids = sorted({rid for _kind, rid in held})
        settled = 0
        for start in range(0, len(ids), 500):
            query = select(Conflit).where(~Conflit.regle, Conflit.record_id.in_(ids[start : start + 500]))
            for row in session.scalars(query):
                record = held.get((row.kind, row.record_id))
                if record is not None and getattr(record, row.champ, None) == row.valeur_ecartee:
                    row.regle = True
                    settled += 1
        return settled


class OperationTenue(Base):
    """An operation stamped more than a day in the future: held aside, shown, not applied."""

    __tablename__ = "operation_tenue"
    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    appareil: Mapped[str] = mapped_column(String(36))
    contenu: Mapped[dict[str, Any]] = mapped_column(JSON)
    motif: Mapped[str] = mapped_column(Text)


class BoiteEnvoi(Base):
    """An export waiting for the shared folder (survives restarts)."""

    __tablename__ = "boite_envoi"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    destinataire: Mapped[str] = mapped_column(String(200))
    genre: Mapped[str] = mapped_column(String(40))
    extension: Mapped[str] = mapped_column(String(8))
    contenu: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    donnees_personnes: Mapped[bool] = mapped_column(Boolean)
    cree_le: Mapped[str] = mapped_column(String(32))
    publie_le: Mapped[str] = mapped_column(String(32), default="")
    chemin: Mapped[str] = mapped_column(String(500), default="")
    erreur: Mapped[str] = mapped_column(Text, default="")


class Quarantaine(Base):
    """A segment of another laptop that verifies (its checksum holds) but fails validation: not applied,
    kept here with its file, its author and a plain French reason, and shown until lifted."""

    __tablename__ = "segment_quarantaine"
    __table_args__ = (UniqueConstraint("appareil", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    appareil: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fichier: Mapped[str] = mapped_column(String(500))  # below the shared folder's coordinateur/ root
    sha256: Mapped[str] = mapped_column(String(64))
    auteur: Mapped[str] = mapped_column(String(200))  # the device's name when the segment was refused
    motif: Mapped[str] = mapped_column(Text)
    detecte_le: Mapped[str] = mapped_column(String(32))
    levee: Mapped[bool] = mapped_column(
        Boolean, default=False
    )  # lifted: no longer shown, never refused again


class EquipeLocale(Base):
    """This laptop's membership of the shared folder's team (one row): its Ed25519 signing key, the team
    keys it holds, the members' keys pinned on first contact and the revocations it has accepted. It lives
    in the store, so under the data key of an encrypted store, and a backup or a conversion carries it."""

    __tablename__ = "equipe_locale"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    contenu: Mapped[dict[str, Any]] = mapped_column(JSON)


class FluxAppareil(Base):
    """Per colleague: its folder's listing when it was last read through (a sync with nothing new then reads
    nothing of it), and what it last published as read (its latest `lu` file), for pruning."""

    __tablename__ = "flux_appareil"
    appareil: Mapped[str] = mapped_column(String(36), primary_key=True)
    empreinte: Mapped[str] = mapped_column(String(64), default="")
    lu_nom: Mapped[str] = mapped_column(String(200), default="")
    lu: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # device → highest seq read
    lu_le: Mapped[str] = mapped_column(String(32), default="")


class InstantaneVu(Base):
    """A snapshot file of the folder, judged once while it stays the same file: what it covers (device → [seq, sha256]) and whether it
    validated (else why not, in French)."""

    __tablename__ = "instantane_vu"
    nom: Mapped[str] = mapped_column(String(300), primary_key=True)  # below the coordinateur/ root
    auteur: Mapped[str] = mapped_column(String(36))
    cree_le: Mapped[str] = mapped_column(String(32))
    couvre: Mapped[dict[str, Any]] = mapped_column(JSON)
    genres: Mapped[list[str]] = mapped_column(JSON, default=list)  # the kinds of records it holds
    valide: Mapped[bool] = mapped_column(Boolean)
    motif: Mapped[str] = mapped_column(Text, default="")
    applique: Mapped[bool] = mapped_column(Boolean, default=False)  # this laptop took its state
    # the file as judged (size, mtime, inode): a file changed in place since is judged again
    empreinte: Mapped[str] = mapped_column(String(100), default="")


def modeles() -> dict[str, type[Any]]:
    """The shared records' classes by kind: every model that travels through the folder."""
    from coordinateur.store.base import SyncRecord
    from coordinateur.store.registry import import_all_models

    import_all_models()
    return {m.class_.KIND: m.class_ for m in Base.registry.mappers
            if issubclass(m.class_, SyncRecord) and m.class_.TRAVELS}  # fmt: skip
