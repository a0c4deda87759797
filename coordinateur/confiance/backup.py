"""Consistent copies of the store through SQLite's backup API: temp file, fsync, verify, rename."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from coordinateur.errors import StoreError

PAGES_PAR_PAS = 4096  # pages copied between two looks at `cancelled` (16 MB with SQLite's 4 KB pages)


class CopieInterrompue(StoreError):
    """A copy stopped because it was asked to (the window closing): nothing was written under its name."""


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder for fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ecrit_atomiquement(final: Path, data: bytes) -> None:
    """Replace `final` with `data` all at once: temporary file, fsync, rename, fsync of the folder. The file
    is readable by this user only (0600): it holds keys or the store's companions."""
    temp = final.with_name(final.name + ".tmp")
    temp.unlink(missing_ok=True)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, final)
    fsync_dir(final.parent)


def copy_store(
    source: Path, destination: Path, key: bytes | None = None, *, cancelled: Callable[[], bool] | None = None
) -> Path:
    """Copy the live store at `source` to `destination` safely; returns `destination`.

    The copy is written to a temporary name, flushed to disk, checked with `integrity_check`, then
    renamed. A failure leaves no file under the final name. An encrypted store (`key`) gives a copy
    encrypted with the same key: a backup never holds data in clear. `cancelled` is looked at between steps
    of the copy: when it says True, the copy stops (CopieInterrompue) and its temporary file is removed.
    """

    def step(_status: int, _remaining: int, _total: int) -> None:
        if cancelled is not None and cancelled():
            raise CopieInterrompue(
                f"Copie {destination.name} interrompue à la demande (Coordinateur se ferme) : elle n'a pas été "
                "gardée ; la prochaine sera complète."
            )

    from coordinateur.store.schema import connect_raw

    destination.parent.mkdir(parents=True, exist_ok=True)
    temp = destination.with_name(destination.name + ".tmp")
    temp.unlink(missing_ok=True)
    try:
        src = connect_raw(source, key)
        try:
            dst = connect_raw(temp, key, read_only=False)
            try:
                src.backup(dst, pages=PAGES_PAR_PAS, progress=step)
                dst.execute("PRAGMA journal_mode=DELETE")
                check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            raise StoreError(
                f"La copie de sauvegarde {destination.name} n'a pas passé la vérification : {check}"
            )
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, destination)
        fsync_dir(destination.parent)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return destination


def backup_before_migration(source: Path, backups: Path, revision: str, key: bytes | None = None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return copy_store(source, backups / f"avant-migration_{revision}_{stamp}.db", key)
