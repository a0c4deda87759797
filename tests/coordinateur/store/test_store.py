"""Opening the store: pragmas, migrations, refusals that leave files untouched, identity, lock."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coordinateur.confiance import ouverture
from coordinateur.confiance.ouverture import open_store
from coordinateur.errors import StoreError, StoreLockedError
from coordinateur.paths import Paths, resolve_paths
from coordinateur.store import Store
from coordinateur.store import store as store_module
from coordinateur.store.schema import HEAD, REVISIONS
from tests.raw import raw_sql

DATA = Path(__file__).parents[2] / "data" / "stores"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("journal_mode", "wal"),
        ("synchronous", 2),
        ("foreign_keys", 1),
        ("busy_timeout", 5000),
        ("secure_delete", 1),
    ],
)
def test_every_connection_has_the_pragmas(store: Store, pragma: str, expected: object) -> None:
    for session_factory in (store.read, store.write):
        with session_factory() as session:
            assert session.execute(text(f"PRAGMA {pragma}")).scalar() == expected


def test_writes_take_the_write_lock_at_begin(store: Store) -> None:
    """BEGIN IMMEDIATE: while a write session is open, another writer is refused at once."""
    with store.write() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(store.paths.store, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    with store.read() as session:
        session.execute(text("SELECT 1"))
        other = sqlite3.connect(store.paths.store, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # a reader does not block writers
        other.rollback()
        other.close()


def test_new_store_is_migrated_to_head_and_matches_the_models(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from coordinateur.store.base import Base
    from coordinateur.store.registry import import_all_models

    import_all_models()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, kind, _p: (
                    not (kind == "table" and name.startswith("annuaire_fts"))
                )
            },
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_known_revisions_match_the_shipped_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(config)
    ordered = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(ordered) == REVISIONS
    assert script.get_current_head() == HEAD


@pytest.mark.parametrize("revision", REVISIONS)
def test_stores_of_every_released_schema_open(paths: Paths, revision: str) -> None:
    saved = DATA / f"{revision}.db"
    assert saved.exists(), f"keep a store of schema {revision} under tests/data/stores"
    paths.data.mkdir(parents=True)
    shutil.copy(saved, paths.store)
    with open_store(paths) as opened:
        from coordinateur.settings import load_settings

        assert load_settings(opened).territoire_nom == "Nord-Aveyron"
        with opened.read() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        if revision >= "0002":
            from coordinateur.annuaire.recherche import Filtre, cherche

            assert [ligne.nom for ligne in cherche(opened, Filtre(texte="cayla"))] == ["Cayla"]
        if revision >= "0003":
            from coordinateur.personnes.service import liste_personnes

            assert [(p.nom, p.etat.version) for p in liste_personnes(opened)] == [("Rouquette", 1)]


@pytest.mark.parametrize("revision", REVISIONS)
def test_encrypted_stores_of_every_released_schema_open_and_migrate(paths: Paths, revision: str) -> None:
    """The same stores, encrypted as a real first start makes them (a SQLCipher copy under a key file
    wrapped by a passphrase): they open with the passphrase, migrate, keep their data and their journal."""
    from coordinateur.confiance import chiffrement
    from coordinateur.confiance.conversion import _exporte_chiffre
    from coordinateur.confiance.verification import verifier

    phrase = "Causse-Comtal 2026 !"
    paths.data.mkdir(parents=True)
    plain = paths.data / "en-clair.db"
    shutil.copy(DATA / f"{revision}.db", plain)
    created = chiffrement.cree_cles(paths.data, phrase)
    _exporte_chiffre(plain, paths.store, created.cle)
    plain.unlink()
    assert not paths.store.read_bytes().startswith(b"SQLite format 3")
    with open_store(paths, phrase=phrase) as opened:
        with opened.read() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        if revision >= "0002":
            from coordinateur.annuaire.recherche import Filtre, cherche

            assert [ligne.nom for ligne in cherche(opened, Filtre(texte="cayla"))] == ["Cayla"]
        if revision >= "0003":
            from coordinateur.personnes.service import liste_personnes

            assert [(p.nom, p.etat.version) for p in liste_personnes(opened)] == [("Rouquette", 1)]
        assert verifier(opened).ok


def test_migration_makes_a_backup_first(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(paths).close()
    seen: list[Path] = []

    def fake_migrate(_engine: object) -> None:
        seen.extend(paths.backups.glob("avant-migration_*.db"))

    monkeypatch.setattr(ouverture, "HEAD", "9999")
    monkeypatch.setattr(ouverture, "migrate", fake_migrate)
    open_store(paths).close()
    assert len(seen) == 1
    copy = sqlite3.connect(seen[0])
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    copy.close()


def test_newer_store_is_refused_and_untouched(paths: Paths) -> None:
    open_store(paths).close()
    raw_sql(
        paths.store,
        "UPDATE alembic_version SET version_num = '9999'",
    )
    before = digest(paths.store)
    with pytest.raises(StoreError, match="version plus récente"):
        open_store(paths)
    assert digest(paths.store) == before
    assert not paths.lock.exists() or _lock_is_free(paths)


def _lock_is_free(paths: Paths) -> bool:
    from coordinateur.store.lock import StoreLock

    lock = StoreLock(paths.lock)
    lock.acquire()
    lock.release()
    return True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Nom;Prenom\nDupont;Jean\n", "pas une base Coordinateur"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "endommagée"),
    ],
)
def test_foreign_or_corrupt_file_is_refused_and_untouched(paths: Paths, content: bytes, message: str) -> None:
    paths.data.mkdir(parents=True)
    paths.store.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        open_store(paths)
    assert paths.store.read_bytes() == content
    assert not Path(str(paths.store) + "-wal").exists()


def test_another_programs_database_is_refused_and_untouched(paths: Paths) -> None:
    paths.data.mkdir(parents=True)
    raw_sql(
        paths.store,
        "CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)",
        "INSERT INTO clients (nom) VALUES ('Dupont')",
    )
    before = digest(paths.store)
    with pytest.raises(StoreError, match="autre logiciel"):
        open_store(paths)
    assert digest(paths.store) == before


def test_second_open_is_refused_while_the_first_is_open(paths: Paths) -> None:
    first = open_store(paths, kind="fenetre")
    try:
        with pytest.raises(StoreLockedError, match="déjà ouvert") as info:
            open_store(paths)
        assert info.value.exit_code == 3
        assert info.value.holder["type"] == "fenetre"
    finally:
        first.close()
    open_store(paths).close()


def test_device_identity_and_clock_survive_restart(paths: Paths) -> None:
    with open_store(paths) as first:
        device = first.device_id
        stamp = first.clock.tick()
        with first.write() as session:
            first._persist_clock(session)
    with open_store(paths) as second:
        assert second.device_id == device
        assert second.clock.tick() > stamp


def test_store_refuses_a_synced_folder(tmp_path: Path) -> None:
    from coordinateur.paths import resolve_paths

    synced = tmp_path / "Partage"
    (synced / ".stfolder").mkdir(parents=True)
    paths = resolve_paths(synced / "coordinateur")
    with pytest.raises(StoreError, match="Syncthing"):
        open_store(paths)
    assert not paths.data.exists()


MIGRATING_CHILD = """
import sys
from coordinateur.paths import resolve_paths
from coordinateur.confiance.ouverture import open_store
import coordinateur.store.migrations  # noqa: F401  (imports done before the signal to go)
print("pret", flush=True)
open_store(resolve_paths(sys.argv[1])).close()
print("fini", flush=True)
"""


def test_kill_9_during_migrations_leaves_a_store_at_one_revision_with_its_data(tmp_path: Path) -> None:
    """Killed at random moments while migrating the oldest store to the newest schema: whatever revision
    it stopped at, the store opens, finishes migrating and still holds its data."""
    import random
    import signal
    import subprocess
    import sys
    import time

    rng = random.Random(11)
    finished = 0
    for n in range(10):
        paths = resolve_paths(tmp_path / f"donnees{n}")
        paths.data.mkdir(parents=True)
        shutil.copy(DATA / "0001.db", paths.store)
        child = subprocess.Popen(
            [sys.executable, "-c", MIGRATING_CHILD, str(paths.data)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None and child.stdout.readline().strip() == b"pret"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        finished += child.returncode == 0
        revision = (
            sqlite3.connect(paths.store).execute("SELECT version_num FROM alembic_version").fetchone()[0]
        )
        assert revision in REVISIONS
        with open_store(paths) as opened:
            from coordinateur.settings import load_settings

            assert load_settings(opened).territoire_nom == "Nord-Aveyron"
            with opened.read() as session:
                assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
                assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert finished < 10  # some were really killed midway
