"""The audit journal's seal: what makes cutting the journal visible (architecture §5).

In an encrypted store every journal row written after the seal was first laid is chained with a keyed
BLAKE2b (libsodium, through PyNaCl) under a secret derived from the data key, instead of a plain SHA-256
that anyone could recompute. The journal's head (the id and hash of its last row, and the id up to which
rows were chained before the seal existed) is sealed, with the same secret, in the key file
`coordinateur.cles`, at every write. `verifie` then sees a journal cut at its end, emptied, recomputed or
stripped of its triggers. A plain store has no secret: its journal is chained but not protected against
being rewritten whole, and `verifier` says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

TRIGGERS = ("journal_audit_pas_de_modification", "journal_audit_pas_de_suppression")
NON_PROTEGE = (
    "Journal d'audit : base en clair, le journal est chaîné mais pas protégé contre une réécriture complète "
    "(chiffrez la base pour le protéger)."
)


def cle_journal(data_key: bytes) -> bytes:
    """The journal's secret, derived from the data key (keyed BLAKE2b, libsodium)."""
    from nacl.encoding import RawEncoder
    from nacl.hash import blake2b

    return blake2b(b"coordinateur:journal-audit:1", key=data_key, digest_size=32, encoder=RawEncoder)


def mac(cle: bytes, message: bytes) -> str:
    from nacl.encoding import HexEncoder
    from nacl.hash import blake2b

    return blake2b(message, key=cle, digest_size=32, encoder=HexEncoder).decode("ascii")


def _message(depuis: int, ligne: int, hash_: str) -> bytes:
    return f"sceau:{depuis}:{ligne}:{hash_}".encode("ascii")


def lit(data: Path) -> dict[str, Any] | None:
    """The seal in the key file, or None when none was laid yet."""
    from coordinateur.store import chiffrement

    entry = chiffrement._read(data).get("journal")
    return entry if isinstance(entry, dict) else None


def scelle(data: Path, cle: bytes, depuis: int, ligne: int, hash_: str) -> None:
    """Write the journal's head into the key file, authenticated with the journal's secret."""
    from coordinateur.store import chiffrement

    content = chiffrement._read(data)
    content["journal"] = {
        "depuis": depuis,
        "ligne": ligne,
        "hash": hash_,
        "sceau": mac(cle, _message(depuis, ligne, hash_)),
    }
    chiffrement._write(data, content)


def tete(session: Any) -> tuple[int, str]:
    row = session.execute(text("SELECT id, hash FROM journal_audit ORDER BY id DESC LIMIT 1")).first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def verifie(session: Any, data: Path, cle: bytes | None) -> list[str]:
    """French descriptions of what the seal and the triggers reveal; empty when they hold."""
    problems = []
    present = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    missing = [t for t in TRIGGERS if t not in present]
    if missing:
        problems.append(
            "Journal d'audit : les protections qui interdisent de modifier ou d'effacer ses lignes ont été "
            f"retirées ({', '.join(missing)})."
        )
    if cle is None:
        return problems
    seal = lit(data)
    if seal is None:
        return [*problems, "Journal d'audit : son sceau a disparu du fichier de clés."]
    try:
        depuis, ligne, hash_ = int(seal["depuis"]), int(seal["ligne"]), str(seal["hash"])
        authentic = seal.get("sceau") == mac(cle, _message(depuis, ligne, hash_))
    except (KeyError, TypeError, ValueError):
        authentic = False
    if not authentic:
        return [*problems, "Journal d'audit : son sceau a été modifié."]
    if ligne:
        row = session.execute(text("SELECT hash FROM journal_audit WHERE id = :id"), {"id": ligne}).first()
        if row is None:
            count = session.execute(text("SELECT count(*) FROM journal_audit")).scalar_one()
            problems.append(
                f"Journal d'audit : des lignes ont été retirées (le sceau attend au moins {ligne} lignes, "
                f"il en reste {count})."
            )
        elif row[0] != hash_:
            problems.append(f"Journal d'audit : la ligne {ligne} n'est plus celle qui a été scellée.")
    return problems
