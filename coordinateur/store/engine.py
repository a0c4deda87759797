"""The single place that builds SQLAlchemy engines, plain or encrypted with SQLCipher.

Every connection gets the pragmas of architecture §2. Writes run in `BEGIN IMMEDIATE`; engines made
with `read_only_engine()` begin deferred transactions for reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, QueuePool, create_engine, event

from coordinateur.errors import StoreError
from coordinateur.store.schema import cle_brute

BUSY_TIMEOUT_MS = 5000

# Applied in this order on every new connection. journal_mode is persistent; the others are not.
PRAGMAS: tuple[tuple[str, str], ...] = (
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("secure_delete", "ON"),
)

READ_OPTION = "coordinateur_lecture"


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is broken for this).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    try:
        for name, value in PRAGMAS:
            cursor.execute(f"PRAGMA {name}={value}")
            if name == "journal_mode":
                mode = cursor.fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(
                        "Le système de fichiers refuse le mode de journalisation sûr (WAL) : "
                        "placez le dossier de données sur un disque local."
                    )
    finally:
        cursor.close()


def _on_begin(conn: Any) -> None:
    read = conn.get_execution_options().get(READ_OPTION, False)
    conn.exec_driver_sql("BEGIN DEFERRED" if read else "BEGIN IMMEDIATE")


def build_engine(path: Path, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at `path`, with the project's pragmas and write transactions.

    With `key` the file is a SQLCipher 4 store opened with that raw data key (architecture §5)."""
    url: str | URL = f"sqlite:///{path}"
    extra: dict[str, Any] = {}
    if key is not None:
        # The dialect sends `PRAGMA key` first on every connection; the raw-key form skips SQLCipher's
        # own key derivation, so a connection costs no more than a plain one.
        url = URL.create("sqlite+pysqlcipher", password=cle_brute(key), database=str(path))
        extra["poolclass"] = QueuePool
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_size=2,
        max_overflow=4,
        **extra,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_only_engine(engine: Engine) -> Engine:
    """The same pool, but transactions start deferred: for screens and searches that only read."""
    return engine.execution_options(**{READ_OPTION: True})
