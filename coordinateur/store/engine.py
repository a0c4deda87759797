"""The single place that builds SQLAlchemy engines, so encryption can plug in here later.

Every connection gets the pragmas of architecture §2. Writes run in `BEGIN IMMEDIATE`; engines made
with `read_only_engine()` begin deferred transactions for reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from coordinateur.errors import StoreError

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


def build_engine(path: Path) -> Engine:
    """An engine on the SQLite file at `path`, with the project's pragmas and write transactions."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_size=2,
        max_overflow=4,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_only_engine(engine: Engine) -> Engine:
    """The same pool, but transactions start deferred: for screens and searches that only read."""
    return engine.execution_options(**{READ_OPTION: True})
