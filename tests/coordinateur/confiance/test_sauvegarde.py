"""Backups: verified copies (encrypted like the store), rotation, test-restore, restore, command line."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coordinateur.annuaire.fiches import FicheIntervenant
from coordinateur.annuaire.recherche import Filtre, cherche
from coordinateur.annuaire.service import enregistre
from coordinateur.cli import main
from coordinateur.confiance import sauvegarde as sv
from coordinateur.confiance.ouverture import open_store
from coordinateur.errors import StoreError
from coordinateur.paths import resolve_paths

PHRASE = "Causse-Comtal 2026 !"


def names(store: object) -> set[str]:
    return {r.nom for r in cherche(store, Filtre(), limite=100)}  # type: ignore[arg-type]


def test_encrypted_backup_verify_and_restore(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths, phrase=PHRASE) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        saved = sv.cree(paths, store.key)  # while the store is open
        enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="60"))
        key = store.key
    assert not saved.chemin.read_bytes().startswith(b"SQLite format 3")
    assert saved.chemin.with_suffix(".cles").exists()
    assert "intégrité vérifiée" in sv.verifie_derniere(paths, key)[0]
    with pytest.raises(StoreError, match="illisible"):
        sv.verifie(saved, os.urandom(32))
    sv.restaure(paths, saved.id, key)
    with open_store(paths, phrase=PHRASE) as store:
        assert names(store) == {"Cayla"}
    undo = [s for s in sv.liste(paths) if s.motif == "avant-restauration"]
    assert len(undo) == 1
    sv.restaure(paths, undo[0].id, key)  # a restore can itself be undone
    with open_store(paths, phrase=PHRASE) as store:
        assert names(store) == {"Cayla", "Vernhes"}


def test_two_backups_in_the_same_second_are_both_listed_and_restorable(tmp_path: Path) -> None:
    """The second backup of one second is named `…Z-1_<motif>.db` so as not to overwrite the first: it is
    listed like any other (the newest first), found by its id and restored."""
    paths = resolve_paths(tmp_path / "donnees")
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    with open_store(paths) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        first = sv.cree(paths, store.key, maintenant=moment)
        enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="60"))
        second = sv.cree(paths, store.key, maintenant=moment)
        enregistre(store, FicheIntervenant(nom="Bozouls", profession_code="60"))
    assert first.chemin != second.chemin
    assert [s.id for s in sv.liste(paths)] == [second.id, first.id]
    sv.restaure(paths, second.id, None)
    with open_store(paths) as store:
        assert names(store) == {"Cayla", "Vernhes"}


def test_a_damaged_backup_is_never_restored(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        saved = sv.cree(paths, None)
    data = bytearray(saved.chemin.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)  # every page but the first
    saved.chemin.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        sv.restaure(paths, saved.id, None)
    with open_store(paths) as store:
        assert names(store) == {"Cayla"}


def test_a_crash_during_a_backup_leaves_no_file_under_a_final_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))

        def dies(_fd: int) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("coordinateur.confiance.backup.os.fsync", dies)
        with pytest.raises(OSError):
            sv.cree(paths, None)
        monkeypatch.undo()
        assert sv.liste(paths) == [] and not list(paths.backups.glob("*.tmp"))
        assert names(store) == {"Cayla"}


def test_rotation_keeps_24_hourly_14_daily_8_weekly_12_monthly() -> None:
    start = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    every_half_hour = [start - timedelta(minutes=30 * n) for n in range(2 * 24 * 400)]  # 400 days
    backups = [sv.Sauvegarde(sv._stamp(d), Path(f"{sv._stamp(d)}.db"), d, "auto", 1) for d in every_half_hour]
    manual = sv.Sauvegarde("x", Path("manuelle.db"), start - timedelta(days=900), "manuelle", 1)
    kept = sv.a_garder([*backups, manual])
    kept_dates = sorted((b.date for b in backups if b.chemin in kept), reverse=True)
    assert Path("manuelle.db") in kept
    # the newest of each of the last 24 hours…
    assert all(any(d.replace(minute=0) == (start - timedelta(hours=h)).replace(minute=0) for d in kept_dates)
               for h in range(24))  # fmt: skip
    # …and one in each of the last 12 months, nothing older than a year and a bit
    months = {(d.year, d.month) for d in kept_dates}
    assert len(months) == 12 and min(kept_dates) > start - timedelta(days=366)
    assert len(kept_dates) <= 24 + 14 + 8 + 12


def test_sauvegarde_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d")
    phrase = tmp_path / "phrase.txt"
    phrase.write_text(PHRASE, encoding="utf-8")
    base = ["--data-dir", data, "--passphrase-file", str(phrase)]
    assert main([*base, "demo", "--no-gui"]) == 0
    assert main([*base, "sauvegarde", "creer"]) == 0
    ident = capsys.readouterr().out.strip()
    assert main([*base, "sauvegarde", "liste", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["id"] for b in listed] == [ident] and listed[0]["motif"] == "manuelle"
    assert main([*base, "sauvegarde", "verifier"]) == 0
    assert "intégrité vérifiée" in capsys.readouterr().err
    assert main(["--data-dir", data, "sauvegarde", "restaurer", ident]) == 3  # no passphrase
    assert main([*base, "sauvegarde", "restaurer", "inconnue"]) == 1
    assert "Aucune sauvegarde" in capsys.readouterr().err
    assert main([*base, "sauvegarde", "restaurer", ident]) == 0
    assert main([*base, "verifier"]) == 0


def test_automatic_backup_only_when_data_changed_and_rotated(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths, phrase=PHRASE) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        first = sv.sauvegarde_auto(store, maintenant=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
        assert first is not None and first.motif == "auto"
        assert sv.sauvegarde_auto(store, maintenant=datetime(2026, 11, 23, 10, 30, tzinfo=UTC)) is None
        enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="60"))
        second = sv.sauvegarde_auto(store, maintenant=datetime(2026, 11, 23, 10, 40, tzinfo=UTC))
        assert second is not None
        # same hour: the rotation keeps only the newest of that hour (and of that day, week, month)
        assert [s.id for s in sv.liste(paths)] == [second.id]


def test_an_automatic_backup_told_to_stop_leaves_nothing_and_the_next_one_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinateur.confiance import backup

    paths = resolve_paths(tmp_path / "donnees")
    monkeypatch.setattr(backup, "PAGES_PAR_PAS", 1)  # a step per page: told to stop midway
    with open_store(paths, phrase=PHRASE) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        steps: list[int] = []

        def after_three() -> bool:
            steps.append(1)
            return len(steps) > 3

        with pytest.raises(backup.CopieInterrompue, match="interrompue"):
            sv.sauvegarde_auto(store, cancelled=after_three)
        assert len(steps) == 4  # the copy looked between its steps and stopped at the fourth
        assert not [p for p in paths.backups.iterdir() if p.suffix in (".db", ".tmp", ".cles")]
        made = sv.sauvegarde_auto(store, cancelled=lambda: False)  # no mark was left: the next is made
        assert made is not None and [s.id for s in sv.liste(paths)] == [made.id]


def test_second_destination_takes_only_encrypted_copies_and_rotates(tmp_path: Path) -> None:
    usb = tmp_path / "cle-usb"
    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths) as plain:
        enregistre(plain, FicheIntervenant(nom="Cayla", profession_code="60"))
        saved, note = sv.sauvegarde_manuelle(plain, str(usb))
        assert saved.chemin.exists() and "chiffrées" in note  # the backup is made; the USB copy refused
    encrypted = resolve_paths(tmp_path / "chiffre")
    with open_store(encrypted, phrase=PHRASE) as store:
        enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
        _saved, note = sv.sauvegarde_manuelle(store, str(usb))
        assert "absente" in note  # key not plugged in: said, nothing else
        usb.mkdir()
        assert sv.seconde_a_jour(store, str(usb)).startswith("copiée")
        copies = sv.liste_dossier(usb)
        assert len(copies) == 1 and copies[0].chemin.with_suffix(".cles").exists()
        assert not copies[0].chemin.read_bytes().startswith(b"SQLite format 3")
        assert "intégrité vérifiée" in sv.verifie(copies[0], store.key)[0]
        assert sv.seconde_a_jour(store, str(usb)) == ""  # already there


CRASH_CHILD = """
import sys
from coordinateur.paths import resolve_paths
from coordinateur.confiance.ouverture import open_store
from coordinateur.confiance import sauvegarde as sv
paths = resolve_paths(sys.argv[1])
store = open_store(paths, phrase=sys.argv[2])
print("pret", flush=True)
while True:
    sv.cree(paths, store.key)
"""


def test_kill_9_during_backups_never_leaves_a_broken_backup_nor_harms_the_store(tmp_path: Path) -> None:
    import random
    import signal
    import subprocess
    import sys
    import time

    paths = resolve_paths(tmp_path / "donnees")
    with open_store(paths, phrase=PHRASE) as store:
        for n in range(300):
            enregistre(store, FicheIntervenant(nom=f"Cayla{n}", profession_code="60"))
        key = store.key
    rng = random.Random(7)
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", CRASH_CHILD, str(paths.data), PHRASE], stdout=subprocess.PIPE
        )
        assert child.stdout is not None and child.stdout.readline().strip() == b"pret"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
    backups = sv.liste(paths)
    assert backups  # some finished
    for backup in backups:  # everything under a final name is a whole, readable backup
        assert "intégrité vérifiée" in sv.verifie(backup, key)[0]
    with open_store(paths, phrase=PHRASE) as store:
        assert len(names(store)) == 100  # the search shows 100; the count below is exact
        from sqlalchemy import text

        with store.read() as session:
            assert session.execute(text("SELECT count(*) FROM intervenant")).scalar() == 300


def test_restore_and_encryption_from_the_window_close_run_and_reopen(tmp_path: Path) -> None:
    from coordinateur.confiance import chiffrement
    from coordinateur.confiance.journal import entrees
    from coordinateur.confiance.reouverture import chiffrement_de, ferme_et_rouvre, restauration

    paths = resolve_paths(tmp_path / "donnees")
    store = open_store(paths, kind="fenetre")
    store.user = "Hélène Bousquet"
    enregistre(store, FicheIntervenant(nom="Cayla", profession_code="60"))
    saved, _note = sv.sauvegarde_manuelle(store)
    enregistre(store, FicheIntervenant(nom="Vernhes", profession_code="60"))
    store, done, error = ferme_et_rouvre(store, restauration(saved.id))
    assert error == "" and done is not None and "restaurée" in done.message
    assert names(store) == {"Cayla"}
    last = entrees(store, limite=1)[0]
    assert (last.action, last.utilisateur) == ("restauration", "Hélène Bousquet")
    # a failing piece of work leaves the store as it was and says why
    store, done, error = ferme_et_rouvre(store, restauration("inexistante"))
    assert done is None and "Aucune sauvegarde" in error and names(store) == {"Cayla"}
    # encrypting the plain store from the window: reopened encrypted, recovery key to show
    store, done, error = ferme_et_rouvre(store, chiffrement_de(PHRASE))
    try:
        assert error == "" and done is not None and done.recovery and store.key is not None
        assert chiffrement.est_chiffre(paths.data) and not paths.store.read_bytes().startswith(
            b"SQLite format 3"
        )
        assert names(store) == {"Cayla"}
    finally:
        store.close()
