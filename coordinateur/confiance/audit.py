"""The audit trail: append-only rows, each chained to the previous one.

Who, when, which record, what action, a short summary. Triggers refuse UPDATE and DELETE; editing a row
by other means breaks the chain, which `verify_chain` reports. In an encrypted store, the rows after the
seal was laid are chained with a keyed BLAKE2b under a secret derived from the data key (`cle_journal`;
the seal itself is `sceau`), so that
the chain cannot be recomputed without it; rows before stay SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from coordinateur.store.models import JournalAudit

GENESIS = "0" * 64

# The actions the log knows, with the French label the journal shows. Reads are recorded for liaison
# sheets and persons' files.
ACTIONS = {
    "creation": "Création", "modification": "Modification", "suppression": "Suppression",
    "lecture": "Consultation", "export": "Export", "impression": "Impression", "import": "Import",
    "parametrage": "Paramétrage", "fusion": "Fusion", "restauration": "Restauration",
    "migration": "Migration", "demo": "Démonstration", "sauvegarde": "Sauvegarde",
    "anonymisation": "Anonymisation", "droit_acces": "Droit d'accès", "purge": "Purge",
}  # fmt: skip


@dataclass(frozen=True)
class AuditEntry:
    horodatage: str
    utilisateur: str
    appareil: str
    action: str
    objet_type: str
    objet_id: str | None
    resume: str


def cle_journal(data_key: bytes) -> bytes:
    """The journal's secret, derived from the data key (keyed BLAKE2b, libsodium)."""
    from nacl.encoding import RawEncoder
    from nacl.hash import blake2b

    return blake2b(b"coordinateur:journal-audit:1", key=data_key, digest_size=32, encoder=RawEncoder)


def mac(cle: bytes, message: bytes) -> str:
    """Keyed BLAKE2b (libsodium) under the journal's secret, in hex: the chain's links and the seal."""
    from nacl.encoding import HexEncoder
    from nacl.hash import blake2b

    return blake2b(message, key=cle, digest_size=32, encoder=HexEncoder).decode("ascii")


def _payload(previous: str, entry: AuditEntry) -> bytes:
    return json.dumps(
        [previous, entry.horodatage, entry.utilisateur, entry.appareil, entry.action, entry.objet_type,
         entry.objet_id, entry.resume],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")  # fmt: skip


def _digest(previous: str, entry: AuditEntry) -> str:
    return hashlib.sha256(_payload(previous, entry)).hexdigest()


def _chain(previous: str, entry: AuditEntry, cle: bytes | None) -> str:
    """SHA-256 in a plain store; keyed BLAKE2b (libsodium) under the journal's secret in an encrypted one."""
    if cle is None:
        return _digest(previous, entry)
    return mac(cle, _payload(previous, entry))


def record(
    session: Session,
    *,
    utilisateur: str,
    appareil: str,
    action: str,
    objet_type: str,
    objet_id: str | None = None,
    resume: str = "",
    cle: bytes | None = None,
) -> JournalAudit:
    """Append one row in the caller's write transaction (which runs under BEGIN IMMEDIATE)."""
    if action not in ACTIONS:
        raise ValueError(f"action d'audit inconnue : {action}")
    previous = session.scalar(select(JournalAudit.hash).order_by(JournalAudit.id.desc()).limit(1)) or GENESIS
    entry = AuditEntry(
        horodatage=datetime.now(UTC).isoformat(timespec="microseconds"),
        utilisateur=utilisateur,
        appareil=appareil,
        action=action,
        objet_type=objet_type,
        objet_id=objet_id,
        resume=resume,
    )
    row = JournalAudit(**entry.__dict__, hash_precedent=previous, hash=_chain(previous, entry, cle))
    session.add(row)
    session.flush()
    return row


def verify_chain(conn: Connection | Session, cle: bytes | None = None, depuis: int = 0) -> list[str]:
    """French descriptions of every break in the chain; empty when the log is intact. With the journal's
    secret `cle`, rows after `depuis` must carry its keyed hash."""
    rows: Iterable = conn.execute(
        select(
            JournalAudit.id, JournalAudit.horodatage, JournalAudit.utilisateur, JournalAudit.appareil,
            JournalAudit.action, JournalAudit.objet_type, JournalAudit.objet_id, JournalAudit.resume,
            JournalAudit.hash_precedent, JournalAudit.hash,
        ).order_by(JournalAudit.id)
    )  # fmt: skip
    problems: list[str] = []
    previous = GENESIS
    for row in rows:
        entry = AuditEntry(*row[1:8])
        if row.hash_precedent != previous:
            problems.append(
                f"Journal d'audit : la ligne {row.id} ne suit pas la précédente (ligne retirée ?)."
            )
        keyed = cle if cle is not None and row.id > depuis else None
        if _chain(row.hash_precedent, entry, keyed) != row.hash:
            problems.append(f"Journal d'audit : la ligne {row.id} a été modifiée après son écriture.")
        previous = row.hash
    return problems
