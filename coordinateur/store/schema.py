"""What schema this version knows, and a read-only look at an existing store before opening it.

`REVISIONS` lists the Alembic revisions shipped, oldest first (a test checks it against the scripts),
so that opening an up-to-date store never has to import Alembic.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coordinateur.errors import StoreError

REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
)
HEAD = REVISIONS[-1]
SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every Coordinateur store has from its first revision.
SIGNATURE_TABLES = frozenset({"alembic_version", "meta"})


def cle_brute(key: bytes) -> str:
    """SQLCipher's raw-key form `x'…'` (no per-connection key derivation); quote it in PRAGMA/ATTACH."""
    return f"x'{key.hex()}'"


def connect_raw(path: Path, key: bytes | None, *, read_only: bool = True) -> sqlite3.Connection:
    """A DB-API connection outside SQLAlchemy (checks, backups): sqlite3, or sqlcipher3 keyed."""
    target = f"{path.as_uri()}?mode=ro" if read_only else path.as_uri()
    if key is None:
        return sqlite3.connect(target, uri=True)
    import sqlcipher3

    conn: sqlite3.Connection = sqlcipher3.connect(target, uri=True)
    conn.execute(f'PRAGMA key = "{cle_brute(key)}"')
    return conn


def db_errors(key: bytes | None) -> tuple[type[Exception], ...]:
    """The DB-API errors of the module `connect_raw` uses."""
    if key is None:
        return (sqlite3.DatabaseError,)
    import sqlcipher3

    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def existing_revision(path: Path, key: bytes | None = None) -> str | None:
    """The schema revision of the store at `path`; None when there is no store yet (or an empty file).

    Never writes to the file. Raises StoreError, with the file untouched, when it is not a Coordinateur
    store, is damaged, or was made by a newer version. `key`: the data key of an encrypted store.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if (header == SQLITE_HEADER) == (key is not None):
        raise StoreError(
            f"Le fichier {path} n'est pas une base Coordinateur "
            + ("chiffrée alors que ce dossier a des clés" if key is not None else
               "lisible (format inconnu, chiffré par un autre logiciel, ou endommagé)")
            + ". Il n'a pas été modifié."
        )  # fmt: skip
    try:
        conn = connect_raw(path, key)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return None
            if not tables >= SIGNATURE_TABLES:
                raise StoreError(
                    f"Le fichier {path} est une base de données d'un autre logiciel, pas une base "
                    "Coordinateur. Il n'a pas été modifié."
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except db_errors(key) as exc:
        raise StoreError(
            f"La base {path} est endommagée et ne peut pas être lue ({exc}). Elle n'a pas été modifiée ; "
            "restaurez une sauvegarde."
        ) from exc
    revision = row[0] if row else None
    if revision is None:
        return None
    if revision not in REVISIONS:
        raise StoreError(
            "Ces données ont été enregistrées par une version plus récente de Coordinateur "
            f"(schéma {revision}). Installez la dernière version pour les ouvrir ; elles n'ont pas été modifiées."
        )
    return str(revision)
