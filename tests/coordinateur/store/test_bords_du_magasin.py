"""Files beside the store are a border too: a folder where the store or its lock should be, an emptied
store, a lost or mangled key file, a backup killed midway, files other users of the computer could read, a
full disk. Each is refused or mended with a French message, and nothing is lost or replaced silently."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from coordinateur.cli import main
from coordinateur.confiance.ouverture import open_store
from coordinateur.errors import StoreError
from coordinateur.paths import Paths

PHRASE = "Causse-Comtal 2026 !"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("which", "word"), [("store", "la base"), ("lock", "le verrou")])
def test_a_folder_where_the_store_or_its_lock_should_be(paths: Paths, which: str, word: str) -> None:
    paths.data.mkdir(parents=True)
    getattr(paths, which).mkdir()
    with pytest.raises(StoreError, match=f"devrait être {word} de Coordinateur, mais c'est un dossier"):
        open_store(paths)
    assert getattr(paths, which).is_dir()


def test_an_emptied_store_is_refused_when_the_folder_has_lived(paths: Paths) -> None:
    from coordinateur.confiance.sauvegarde import sauvegarde_manuelle

    with open_store(paths) as store:
        sauvegarde_manuelle(store)
    paths.store.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(str(paths.store) + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError, match=r"est vide \(0 octet\) alors que ce dossier a déjà servi"):
        open_store(paths)
    assert paths.store.stat().st_size == 0  # not replaced by a new empty store


def test_an_empty_file_in_a_new_folder_is_a_new_store(paths: Paths) -> None:
    paths.data.mkdir(parents=True)
    paths.store.write_bytes(b"")  # a first start killed before its first write
    with open_store(paths) as store:
        assert store.device_id


def test_a_missing_key_file_says_so(paths: Paths) -> None:
    with open_store(paths, phrase=PHRASE):
        pass
    keys = paths.data / "coordinateur.cles"
    keys.rename(paths.data / "ailleurs.cles")
    with pytest.raises(StoreError, match=r"le fichier de clés coordinateur\.cles est absent"):
        open_store(paths, phrase=PHRASE)


def test_a_mangled_key_file_says_so(paths: Paths) -> None:
    with open_store(paths, phrase=PHRASE):
        pass
    (paths.data / "coordinateur.cles").write_text("[]", encoding="utf-8")
    with pytest.raises(StoreError, match="n'a pas la forme attendue"):
        open_store(paths, phrase=PHRASE)


def test_a_backup_killed_midway_leaves_nothing_at_the_next_start(paths: Paths) -> None:
    with open_store(paths):
        pass
    leftover = paths.backups / "sauvegarde_20261127T101010Z_manuelle.db.tmp"
    leftover.write_bytes(b"SQLite format 3\x00" + b"\0" * 4096)
    with open_store(paths):
        assert not leftover.exists()


def test_the_store_and_its_keys_are_for_this_user_only(paths: Paths) -> None:
    paths.data.mkdir(parents=True, mode=0o755)
    paths.data.chmod(0o755)
    with open_store(paths, phrase=PHRASE):
        assert mode(paths.data) == 0o700 and mode(paths.backups) == 0o700
        for name in ("coordinateur.db", "coordinateur.cles", "coordinateur.verrou"):
            assert mode(paths.data / name) == 0o600, name


def test_a_full_disk_is_said_in_french(
    paths: Paths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import coordinateur.annuaire.imports.pilote as pilote

    with open_store(paths):
        pass
    source = paths.data.parent / "annuaire.csv"
    source.write_text("nom;prenom;profession\nCayla;Élodie;Infirmier\n", encoding="utf-8")

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pilote, "applique", full)
    assert main(["--data-dir", str(paths.data), "annuaire", "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "Le disque est plein : l'opération a été annulée" in err and "inattendue" not in err
