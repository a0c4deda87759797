"""Attacks on the pooled reader threads of `fichiers.lit_borne`: two callers at once, reads that block
again and again, every kind of exception inside `lit`, the memory an idle reader keeps, an interrupted
caller."""

from __future__ import annotations

import gc
import os
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coordinateur.partage import fichiers
from coordinateur.partage.fichiers import FichierRefuse


def lecteurs_vivants() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "lecture-partage"]


def _partage_qui_bloque(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delai: float
) -> tuple[Path, Path, threading.Event]:
    """(a file whose read hangs until the event is set, a file that answers, the event); reads given up
    after `delai` seconds."""
    hanging, answering = tmp_path / "bloque.seg", tmp_path / "repond.seg"
    hanging.write_bytes(b"bloque")
    answering.write_bytes(b"repond")
    real = fichiers.lit
    release = threading.Event()

    def hung(path: Path, limite: int, **options: Any) -> bytes:
        if path == hanging:
            release.wait(30)
        return real(path, limite, **options)

    monkeypatch.setattr(fichiers, "lit", hung)
    monkeypatch.setattr(fichiers, "DELAI_LECTURE", delai)
    return hanging, answering, release


def test_two_callers_never_get_each_others_data_nor_exceptions(tmp_path: Path) -> None:
    """The GUI's look and a sync's worker read at once, hundreds of times, some reads failing: each gets
    its own bytes and its own exception."""
    files = {}
    for who in ("gui", "sync"):
        for i in range(20):
            path = tmp_path / f"{who}_{i}.seg"
            if i % 5 == 4:
                path.write_bytes(b"x" * 2000)  # too big: FichierRefuse naming this very file
            elif i % 5 == 3:
                pass  # absent: FileNotFoundError
            else:
                path.write_bytes(f"{who}-{i}".encode() * (i + 1))
            files[path] = i
    errors: list[str] = []
    before = len(lecteurs_vivants())

    def caller(who: str) -> None:
        for _ in range(30):
            for path, i in files.items():
                if not path.name.startswith(who):
                    continue
                try:
                    data = fichiers.lit_borne(path, 1000)
                except FichierRefuse as exc:
                    if i % 5 != 4 or str(path) not in exc.message:
                        errors.append(f"{who}: wrong refusal {exc.message} for {path}")
                    continue
                except FileNotFoundError as exc:
                    if i % 5 != 3 or exc.args[0] != path:
                        errors.append(f"{who}: wrong FileNotFoundError {exc!r} for {path}")
                    continue
                if data != f"{who}-{i}".encode() * (i + 1):
                    errors.append(f"{who}: {data!r} for {path}")

    threads = [threading.Thread(target=caller, args=(who,)) for who in ("gui", "sync")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:5]
    assert len(lecteurs_vivants()) <= before + 2  # one reader per caller at most


def test_a_hung_read_on_one_thread_does_not_delay_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hanging, answering, release = _partage_qui_bloque(tmp_path, monkeypatch, 1.0)
    outcome: list[object] = []

    def sync() -> None:
        try:
            fichiers.lit_borne(hanging, 100)
        except fichiers.LectureBloquee as exc:
            outcome.append(exc)

    try:
        worker = threading.Thread(target=sync)
        worker.start()
        time.sleep(0.1)
        for _ in range(50):  # queued behind the hung read, each would end in LectureBloquee
            assert fichiers.lit_borne(answering, 100) == b"repond"
        worker.join(5)
        assert len(outcome) == 1 and "bloque.seg" in str(outcome[0])
    finally:
        release.set()


def test_every_exception_reaches_its_caller_and_the_reader_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = tmp_path / "ok.seg"
    ok.write_bytes(b"ok")
    link = tmp_path / "lien.seg"
    link.symlink_to(ok)
    fifo = tmp_path / "tube.seg"
    os.mkfifo(fifo)
    big = tmp_path / "gros.seg"
    with big.open("wb") as handle:
        handle.truncate(1024**3)
    folder = tmp_path / "dossier.seg"
    folder.mkdir()
    locked = tmp_path / "ferme.seg"
    locked.write_bytes(b"secret")
    locked.chmod(0)
    seen: list[threading.Thread] = []
    real = fichiers.lit

    class Interruption(BaseException):
        pass

    def noting(path: Path, limite: int, **options: Any) -> bytes:
        seen.append(threading.current_thread())
        if path.name == "interrompu.seg":
            raise Interruption(path)
        if path.name == "clavier.seg":
            raise KeyboardInterrupt(path)
        if path.name == "interdit.seg":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limite, **options)

    monkeypatch.setattr(fichiers, "lit", noting)
    fichiers.lit_borne(ok, 100)
    for path, kind in [
        (link, FichierRefuse),
        (fifo, FichierRefuse),
        (big, FichierRefuse),
        (folder, FichierRefuse),
        (tmp_path / "absent.seg", FileNotFoundError),
        (tmp_path / "interrompu.seg", Interruption),
        (tmp_path / "clavier.seg", KeyboardInterrupt),
        (tmp_path / "interdit.seg", PermissionError),
    ] + ([] if os.geteuid() == 0 else [(locked, PermissionError)]):
        start = time.monotonic()
        with pytest.raises(kind) as info:
            fichiers.lit_borne(path, 100)
        assert time.monotonic() - start < 5
        if kind is FichierRefuse:
            assert str(path) in info.value.message
        assert fichiers.lit_borne(ok, 100) == b"ok"
    assert len(set(seen)) == 1  # the same reader throughout


def test_a_share_that_hangs_at_every_sync_leaves_one_reader_per_blocked_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hanging, answering, release = _partage_qui_bloque(tmp_path, monkeypatch, 0.3)
    before = len(lecteurs_vivants())
    try:
        for _ in range(10):  # ten syncs, each a few good reads then the hung one
            for _ in range(5):
                assert fichiers.lit_borne(answering, 100) == b"repond"
            with pytest.raises(fichiers.LectureBloquee):
                fichiers.lit_borne(hanging, 100)
        assert len(lecteurs_vivants()) <= before + 10 + 1
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while len(lecteurs_vivants()) > before + 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(lecteurs_vivants()) <= before + 1


def test_an_idle_reader_does_not_keep_the_last_file_it_read(tmp_path: Path) -> None:
    """A team document may be 512 MB (`boite.DOCUMENT_MAX`), a snapshot 256 MB: once the caller is done
    with the bytes, they must be freed, not kept by the reader waiting for its next read."""
    big = tmp_path / "document.cdoc"
    big.write_bytes(os.urandom(32 * fichiers.MO))
    fichiers.lit_borne(tmp_path / "document.cdoc", 64 * fichiers.MO)  # a reader exists already
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        data = fichiers.lit_borne(big, 64 * fichiers.MO)
        assert len(data) == 32 * fichiers.MO
        del data
        deadline = time.monotonic() + 5  # the reader lets go once back at its queue
        while True:
            gc.collect()
            kept = tracemalloc.get_traced_memory()[0] - base
            if kept < 4 * fichiers.MO or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        tracemalloc.stop()
    assert kept < 4 * fichiers.MO, f"{kept / fichiers.MO:.0f} Mo kept after the read"


def test_an_interrupted_caller_does_not_leave_its_reader_waiting_forever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during a sync on the command line (the main thread waiting for its reader): once the read
    comes back, the reader must end, as the one-thread-per-read did; it used to wait forever for a next
    read no one would give it. The interruption lands in the caller's wait itself (a real signal could land
    anywhere, in a garbage collector's callback too)."""
    slow = tmp_path / "lent.seg"
    slow.write_bytes(b"lent")
    real = fichiers.lit
    release = threading.Event()
    caller = threading.current_thread()

    def hung(path: Path, limite: int, **options: Any) -> bytes:
        release.wait(10)
        return real(path, limite, **options)

    class Interrompue(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            if threading.current_thread() is caller and timeout == fichiers.DELAI_LECTURE:
                raise KeyboardInterrupt  # Ctrl-C while the caller waits for its read
            return super().wait(timeout)

    monkeypatch.setattr(fichiers, "lit", hung)

    def out_of_reach() -> int:  # alive, and neither idle nor told to end
        return len(lecteurs_vivants()) - len(fichiers._lecteurs_libres)

    before = out_of_reach()
    try:
        with monkeypatch.context() as patched:
            patched.setattr(threading, "Event", Interrompue)
            with pytest.raises(KeyboardInterrupt):
                fichiers.lit_borne(slow, 100)
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while out_of_reach() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    # either back among the idle readers (usable) or ended: never alive and out of reach
    assert out_of_reach() <= before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="tubes nommés POSIX")
def test_a_real_sync_goes_on_past_a_folder_fifos_and_a_huge_file_named_like_colleagues_files(
    tmp_path: Path,
) -> None:
    from coordinateur.partage.dossier import initialise

    from .outils import en_equipe, portable, synchro_ok

    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    b.ajoute("Bras")
    synchro_ok(b.sync(shared))
    segments = b.segments(shared)
    own = segments.parent
    folder_segment = segments / f"{b.device}_00000003.seg"
    folder_segment.mkdir()
    fifo_snap = own / f"{b.device}_20260101T000000Z.snap"
    os.mkfifo(fifo_snap)
    # named as receipts newer than B's own (it names A, a member it admitted), within the day of advance a
    # receipt may have: tried first
    soon = [(datetime.now(UTC) + timedelta(hours=h)).strftime("%Y%m%dT%H%M%SZ") for h in (1, 2)]
    fifo_lu = own / f"{b.device}_{soon[0]}.lu"
    os.mkfifo(fifo_lu)
    huge_lu = own / f"{b.device}_{soon[1]}.lu"
    with huge_lu.open("wb") as handle:
        handle.truncate(1024**3)
    fifo_member = shared / "coordinateur" / "equipe" / "membres" / ("ab" * 8 + ".cmb")
    os.mkfifo(fifo_member)
    start = time.monotonic()
    result = a.sync(shared, timeout=60)
    report = synchro_ok(result)
    assert time.monotonic() - start < 30
    assert report["recues"] == 2 and a.noms() == {"Vernhes", "Bras"}
    for path in (folder_segment, fifo_member):
        assert str(path) in result.stderr, path
    assert "tube nommé" in result.stderr
    for path in (fifo_snap, fifo_lu, huge_lu):
        assert path.name in result.stderr, path
    again = a.sync(shared, timeout=60)  # and again: nothing stuck, nothing left half done
    synchro_ok(again)
