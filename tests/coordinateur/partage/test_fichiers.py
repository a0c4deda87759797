"""The shared folder's file system helpers under the races and the Windows cases the command line cannot
show on this system: a reparse point (junction) is refused like a link; a file or a staging folder swapped
for another between the look (`lstat`) and the open is never used."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from coordinateur.partage import fichiers
from coordinateur.partage.dossier import motif_temporaires
from coordinateur.partage.fichiers import FichierRefuse

from .outils import en_equipe


def fake_stat(mode: int, attributes: int = 0) -> Any:
    return SimpleNamespace(st_mode=mode, st_file_attributes=attributes, st_size=10, st_ino=1, st_dev=1)


def test_a_windows_reparse_point_is_refused_like_a_link() -> None:
    junction = fake_stat(stat.S_IFDIR | 0o755, attributes=0x400)
    linked_file = fake_stat(stat.S_IFREG | 0o644, attributes=0x400)
    assert not fichiers.dossier_ordinaire(junction) and not fichiers.fichier_ordinaire(linked_file)
    assert fichiers.nature(junction) == "un lien ou une jonction Windows"
    assert fichiers.dossier_ordinaire(fake_stat(stat.S_IFDIR | 0o755))
    assert fichiers.fichier_ordinaire(fake_stat(stat.S_IFREG | 0o644))


def test_a_file_swapped_between_the_look_and_the_open_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "vu.seg"
    seen.write_bytes(b"ce qui a \xc3\xa9t\xc3\xa9 regard\xc3\xa9")
    opened = tmp_path / "ouvert.seg"
    opened.write_bytes(b"autre chose")
    real = fichiers.lstat
    monkeypatch.setattr(fichiers, "lstat", lambda path: real(seen) if path == opened else real(path))
    with pytest.raises(FichierRefuse):
        fichiers.lit(opened, 1000)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="liens symboliques")
def test_a_link_opened_instead_of_the_file_looked_at_is_never_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "coordinateur.cles"
    secret.write_text("clé")
    link = tmp_path / "appareil.cmb"
    link.symlink_to(secret)
    real = fichiers.lstat
    monkeypatch.setattr(fichiers, "lstat", lambda path: real(secret) if path == link else real(path))
    with pytest.raises(FichierRefuse, match="lien symbolique"):
        fichiers.lit(link, 1000)  # O_NOFOLLOW refuses the link even though the look saw a file


@pytest.mark.skipif(not fichiers.DIR_FD, reason="dir_fd (POSIX)")
def test_a_staging_folder_swapped_for_a_link_after_the_look_is_not_entered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = "0f0f0f0f-1111-4222-8333-444455556666"
    data = tmp_path / "donnees"
    data.mkdir()
    victim = data / f"{device}_00000001.seg.tmp"  # named like a leftover of this laptop
    victim.write_text("à garder")
    staging = tmp_path / ".tmp"
    staging.symlink_to(data, target_is_directory=True)
    real = fichiers.lstat
    monkeypatch.setattr(fichiers, "lstat", lambda path: real(data) if path == staging else real(path))
    removed, warnings = fichiers.nettoie(staging, motif_temporaires(device))
    assert removed == 0 and warnings and victim.read_text() == "à garder"


def test_own_staging_names_only() -> None:
    device = "0f0f0f0f-1111-4222-8333-444455556666"
    pattern = motif_temporaires(device)
    for name in ("appareil.cmb.tmp", f"{device}_00000001.seg.tmp", f"{device}_00000002.r3.seg.tmp",
                 "releve_20261127T101010Z_0f0f.pdf.tmp", "SHA256SUMS_20261127T101010Z_0f0f-2.sha256.tmp"):  # fmt: skip
        assert pattern.fullmatch(name), name
    for name in ("coordinateur.db", "coordinateur.cles.tmp", "0e0e0e0e-1111-4222-8333-444455556666_00000001.seg.tmp",
                 "releve_20261127T101010Z_0e0e.pdf.tmp", "notes.txt.tmp", "appareil.cmb"):  # fmt: skip
        assert not pattern.fullmatch(name), name


def test_a_share_that_stops_answering_ends_the_sync_in_bounded_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read blocked in the kernel (a hung SMB share, injected here) ends the sync with the folder's exit
    code and a French message naming the file, instead of hanging while holding the data folder's lock."""
    import threading
    import time

    from coordinateur.annuaire.fiches import FicheIntervenant
    from coordinateur.annuaire.service import enregistre
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.partage.dossier import initialise
    from coordinateur.partage.sync import synchronise
    from coordinateur.partage.tableau import etat
    from coordinateur.paths import resolve_paths

    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    with open_store(resolve_paths(tmp_path / "b")) as b:
        enregistre(b, FicheIntervenant(nom="Vernhes", profession_code="10"))
        synchronise(b, shared)
        other = b.device_id
        with open_store(resolve_paths(tmp_path / "a")) as a:
            en_equipe(shared, b, a)
    release = threading.Event()
    real = fichiers.lit
    hang = {"suffix": ".seg"}

    def hung(path: Path, limite: int, **options: Any) -> bytes:
        if path.suffix == hang["suffix"] and other in path.name:
            release.wait(30)  # the kernel does not give the read back
        return real(path, limite, **options)

    monkeypatch.setattr(fichiers, "lit", hung)
    monkeypatch.setattr(fichiers, "DELAI_LECTURE", 0.3)
    try:
        with open_store(resolve_paths(tmp_path / "a")) as a:
            start = time.monotonic()
            with pytest.raises(fichiers.LectureBloquee, match="ne répond pas") as info:
                synchronise(a, shared)
            # well before the 30 s the read hangs for, even on a loaded machine
            assert time.monotonic() - start < 20 and info.value.exit_code == 4
            assert f"{other}_00000001.seg" in info.value.message
            hang["suffix"], other = ".json", "FORMAT"  # FORMAT.json hangs: the state says so, no crash
            state = etat(a, shared)
            assert not state.connecte and "ne répond pas" in state.indisponible
    finally:
        release.set()


def test_reads_reuse_their_reader_and_a_blocked_one_is_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hundred reads start no hundred threads; a read blocked in the kernel is given up after the delay
    with the French message naming the file, and the next read (of a file that answers) is served by another
    reader at once; the blocked reader ends once its read comes back."""
    import threading

    answering, hanging = tmp_path / "a.seg", tmp_path / "b.seg"
    answering.write_bytes(b"segment de Lozere")
    hanging.write_bytes(b"segment bloque")
    real = fichiers.lit
    readers: list[threading.Thread] = []

    def noting(path: Path, limite: int, **options: Any) -> bytes:
        readers.append(threading.current_thread())
        return real(path, limite, **options)

    monkeypatch.setattr(fichiers, "lit", noting)
    for _ in range(100):
        assert fichiers.lit_borne(answering, 100) == b"segment de Lozere"
    assert len(set(readers)) == 1 and readers[0] is not threading.current_thread()

    release = threading.Event()
    blocked: list[threading.Thread] = []

    def hung(path: Path, limite: int, **options: Any) -> bytes:
        if path == hanging:
            blocked.append(threading.current_thread())
            release.wait(30)  # the kernel does not give the read back
        readers.append(threading.current_thread())
        return real(path, limite, **options)

    monkeypatch.setattr(fichiers, "lit", hung)
    monkeypatch.setattr(fichiers, "DELAI_LECTURE", 0.3)
    try:
        with pytest.raises(fichiers.LectureBloquee, match="ne répond pas") as info:
            fichiers.lit_borne(hanging, 100)
        assert "b.seg" in info.value.message
        assert fichiers.lit_borne(answering, 100) == b"segment de Lozere"  # not queued behind it
        assert readers[-1] is not blocked[0] and blocked[0].is_alive()
    finally:
        release.set()
    blocked[0].join(5)
    assert not blocked[0].is_alive()  # the one left behind ended with its read


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_process_reads_with_readers_of_its_own(tmp_path: Path) -> None:
    """The idle readers are threads of the parent: a child process would wait for them in vain."""
    path = tmp_path / "carte.json"
    path.write_bytes(b'{"nom": "Portable de Saint-Chely-d\'Apcher"}')
    fichiers.lit_borne(path, 1000)  # the parent now holds an idle reader
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if the read came back within a second
        code = 1
        try:
            fichiers.DELAI_LECTURE = 1.0
            code = 0 if fichiers.lit_borne(path, 1000).startswith(b'{"nom"') else 1
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
