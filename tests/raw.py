"""Reaching under the app: plain sqlite3 statements on a store file, as tampering or another program would."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def raw_sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
