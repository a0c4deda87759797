"""Converting a plain store into an encrypted one, in place and safely (architecture §5).

Steps, each one leaving a store that opens with all its data if the laptop dies right there:
1. new keys written as `coordinateur.cles.nouveau` (not yet in force);
2. the plain store checkpointed, then copied by `sqlcipher_export` into `coordinateur.db.chiffre.tmp`;
3. the copy verified (integrity, same rows in every table), fsynced, and an encrypted backup made;
4. the old file kept under a second name (hard link), the copy renamed over the store;
5. the keys put in force (rename); then the old plain file overwritten with zeros and removed;
6. every earlier backup still in clear (manual, before an import, before a migration) encrypted with the
   same key the same way (export, verify, swap, the plain file overwritten and removed).
On opening, `reprend` finishes or undoes an interrupted conversion from what is on disk.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from coordinateur.confiance import chiffrement
from coordinateur.confiance.backup import copy_store, fsync_dir
from coordinateur.errors import StoreError
from coordinateur.paths import Paths
from coordinateur.store.lock import StoreLock
from coordinateur.store.schema import SQLITE_HEADER, cle_brute, connect_raw

log = logging.getLogger(__name__)

NEW_KEYS = chiffrement.KEYFILE + ".nouveau"
ENCRYPTED_COPY = ".chiffre.tmp"
OLD_PLAIN = ".ancien-en-clair"


def _is_plain(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def _shred(path: Path) -> None:
    """Overwrite with zeros, flush, remove (best effort on SSDs: the copy on disk is what can be reached)."""
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as handle:
        block = b"\0" * 65536
        remaining = size
        while remaining > 0:
            handle.write(block[: min(remaining, len(block))])
            remaining -= len(block)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _companions(store: Path) -> list[Path]:
    return [store.with_name(store.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def reprend(paths: Paths) -> None:
    """Finish or undo a conversion interrupted by a crash (called at opening, under the lock)."""
    new_keys = paths.data / NEW_KEYS
    copy = paths.store.with_name(paths.store.name + ENCRYPTED_COPY)
    old = paths.store.with_name(paths.store.name + OLD_PLAIN)
    if new_keys.exists():
        if _is_plain(paths.store):  # the swap did not happen: start again later from the plain store
            copy.unlink(missing_ok=True)
            new_keys.unlink()
        else:  # the encrypted copy is in place: put its keys in force
            os.replace(new_keys, paths.data / chiffrement.KEYFILE)
            fsync_dir(paths.data)
    copy.unlink(missing_ok=True)
    if old.exists() and chiffrement.est_chiffre(paths.data) and not _is_plain(paths.store):
        _shred(old)
    if paths.backups.is_dir():  # a backup's encryption interrupted: its plain copy goes, its temp too
        for leftover in paths.backups.glob(f"*{OLD_PLAIN}"):
            if not _is_plain(leftover.with_name(leftover.name.removesuffix(OLD_PLAIN))):
                _shred(leftover)
        for leftover in paths.backups.glob(f"*{ENCRYPTED_COPY}"):
            leftover.unlink(missing_ok=True)


def _exporte_chiffre(source: Path, target: Path, cle: bytes) -> dict[str, int]:
    """`sqlcipher_export` of a plain SQLite file into `target`, encrypted with `cle`; the row counts."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(source))
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
        expected = _counts(conn, [t for t in tables if "fts" not in t])
        conn.execute(f'ATTACH DATABASE ? AS chiffree KEY "{cle_brute(cle)}"', (str(target),))
        conn.execute("SELECT sqlcipher_export('chiffree')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA chiffree.user_version = {int(version)}")
        conn.execute("DETACH DATABASE chiffree")
    finally:
        conn.close()
    return expected


def _copie_conforme(copy: Path, cle: bytes, expected: dict[str, int]) -> bool:
    """The encrypted copy passes SQLite's integrity check and holds the same rows in every table."""
    check = connect_raw(copy, cle)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        got = _counts(check, list(expected))
    finally:
        check.close()
    return bool(verdict == "ok" and got == expected)


def chiffre_sauvegardes(paths: Paths, cle: bytes) -> int:
    """Encrypt, in place, every backup of `paths.backups` still in clear; returns how many were."""
    if not paths.backups.is_dir():
        return 0
    done = 0
    for backup in sorted(paths.backups.glob("*.db")):
        if not backup.is_file() or backup.is_symlink() or not _is_plain(backup):
            continue
        copy = backup.with_name(backup.name + ENCRYPTED_COPY)
        copy.unlink(missing_ok=True)
        expected = _exporte_chiffre(backup, copy, cle)
        if not _copie_conforme(copy, cle, expected):
            copy.unlink(missing_ok=True)
            raise StoreError(
                f"La sauvegarde {backup.name} n'a pas pu être chiffrée (copie non conforme) : elle est restée "
                "telle quelle ; supprimez-la ou relancez le chiffrement."
            )
        with copy.open("rb+") as handle:
            os.fsync(handle.fileno())
        old = backup.with_name(backup.name + OLD_PLAIN)
        old.unlink(missing_ok=True)
        os.link(backup, old)
        for companion in _companions(backup):
            companion.unlink(missing_ok=True)
        os.replace(copy, backup)
        fsync_dir(paths.backups)
        _shred(old)
        done += 1
    return done


def _counts(conn: object, tables: list[str]) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[attr-defined]


def chiffre(paths: Paths, phrase: str, *, etape: Callable[[str], None] | None = None) -> str:
    """Encrypt the plain store of `paths` with a new key wrapped by `phrase`; returns the recovery key.

    `etape`, for tests: a callable told the name of each step before it runs (to simulate a crash)."""
    step = etape or (lambda _name: None)
    chiffrement.exige_robuste(phrase)  # before anything is touched
    lock = StoreLock(paths.lock, "commande")
    lock.acquire()
    try:
        reprend(paths)
        if chiffrement.est_chiffre(paths.data):
            raise StoreError("Ces données sont déjà chiffrées.")
        if not _is_plain(paths.store):
            raise StoreError("Il n'y a pas encore de base à chiffrer dans ce dossier.")
        step("cles")
        staging = paths.data / "cles-en-preparation"
        staging.mkdir(exist_ok=True)
        for leftover in staging.iterdir():
            leftover.unlink()
        created = chiffrement.cree_cles(staging, phrase)
        os.replace(staging / chiffrement.KEYFILE, paths.data / NEW_KEYS)
        staging.rmdir()
        fsync_dir(paths.data)

        step("copie")
        copy = paths.store.with_name(paths.store.name + ENCRYPTED_COPY)
        copy.unlink(missing_ok=True)
        expected = _exporte_chiffre(paths.store, copy, created.cle)

        step("verification")
        if not _copie_conforme(copy, created.cle, expected):
            copy.unlink(missing_ok=True)
            (paths.data / NEW_KEYS).unlink(missing_ok=True)
            raise StoreError("La copie chiffrée ne correspond pas à la base : rien n'a été changé.")
        with copy.open("rb+") as handle:
            os.fsync(handle.fileno())
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy_store(copy, paths.backups / f"avant-chiffrement_{stamp}.db", created.cle)

        step("echange")
        old = paths.store.with_name(paths.store.name + OLD_PLAIN)
        old.unlink(missing_ok=True)
        os.link(paths.store, old)
        for companion in _companions(paths.store):
            companion.unlink(missing_ok=True)
        os.replace(copy, paths.store)
        fsync_dir(paths.data)

        step("cles-en-vigueur")
        os.replace(paths.data / NEW_KEYS, paths.data / chiffrement.KEYFILE)
        fsync_dir(paths.data)

        step("effacement")
        _shred(old)
        step("sauvegardes")
        count = chiffre_sauvegardes(paths, created.cle)
        log.info("Base chiffrée ; %d sauvegarde(s) ancienne(s) chiffrée(s)", count)
        return created.secours
    finally:
        lock.release()
