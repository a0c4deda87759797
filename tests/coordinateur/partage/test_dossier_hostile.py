"""The shared folder's file system is hostile (issue 16, first part): links, junctions, FIFOs, devices,
sockets and huge files planted there are never followed, opened nor deleted; each is named in a French
warning and the rest of the sync goes on. Laptops are driven through the command line."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from pathlib import Path

import pytest

from .outils import en_equipe, portable, synchro_ok

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="liens et tubes nommés POSIX")


def empreintes(data: Path) -> dict[str, str]:
    return {name: hashlib.sha256((data / name).read_bytes()).hexdigest()
            for name in ("coordinateur.db", "coordinateur.cles", "coordinateur.verrou") if (data / name).exists()}  # fmt: skip


def cles(data: Path) -> dict:
    """The key file's keys (its journal seal moves at every write: see coordinateur.confiance.sceau)."""
    import json

    content = json.loads((data / "coordinateur.cles").read_text(encoding="utf-8"))
    content.pop("journal", None)
    return content


def test_a_link_planted_as_the_staging_folder_deletes_nothing(tmp_path: Path, shared: Path) -> None:
    """`ln -s ../../../../a appareils/<a>/.tmp`: the next sync used to 'clean its leftovers' through the
    link and delete the store, its key file and its lock."""
    a, b = portable(tmp_path / "a", chiffre=True), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    a.ajoute("Cayla")
    synchro_ok(a.sync(shared))
    before = empreintes(a.data)
    assert set(before) == {"coordinateur.db", "coordinateur.cles", "coordinateur.verrou"}
    keys_before = cles(a.data)
    staging = shared / "coordinateur" / "appareils" / a.device / ".tmp"
    for leftover in staging.iterdir():
        leftover.unlink()
    staging.rmdir()
    staging.symlink_to(Path("../../../../a"))
    assert staging.resolve() == a.data.resolve()
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    a.ajoute("Bras")
    result = a.sync(shared)
    report = synchro_ok(result)
    after = empreintes(
        a.data
    )  # the store, its key file (its keys unchanged) and its lock are all still there
    assert after.keys() == before.keys() and cles(a.data) == keys_before
    assert staging.is_symlink()  # the link itself is not deleted either
    assert str(staging) in result.stderr and "lien symbolique" in result.stderr
    assert report["recues"] == 1 and a.noms() == {"Cayla", "Vernhes", "Bras"}  # the pull went on
    assert a.etat(shared)["en_attente"] == 1  # Bras waits until the link is removed
    staging.unlink()
    assert synchro_ok(a.sync(shared))["envoyees"] == 1


def test_only_this_laptops_own_leftovers_are_cleaned(tmp_path: Path, shared: Path) -> None:
    a = portable(tmp_path / "a")
    staging = shared / "coordinateur" / "appareils" / a.device / ".tmp"
    staging.mkdir(parents=True)
    own = staging / f"{a.device}_00000001.seg.tmp"
    own.write_text("à moitié écrit")
    link = staging / f"{a.device}_00000002.seg.tmp"
    link.symlink_to(a.data / "coordinateur.db")
    fifo = staging / f"{a.device}_00000003.seg.tmp"
    os.mkfifo(fifo)
    foreign = staging / "notes.txt.tmp"
    foreign.write_text("pas à moi")
    a.ajoute("Cayla")
    result = a.sync(shared)
    synchro_ok(result)
    assert not own.exists()
    assert link.is_symlink() and fifo.exists() and foreign.read_text() == "pas à moi"
    assert (a.data / "coordinateur.db").stat().st_size > 0 and a.noms() == {"Cayla"}
    assert link.name in result.stderr and fifo.name in result.stderr and "tube nommé" in result.stderr


def test_a_fifo_device_card_or_segment_never_hangs_the_sync(tmp_path: Path, shared: Path) -> None:
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    card = shared / "coordinateur" / "appareils" / b.device / "appareil.cmb"
    card.unlink()
    os.mkfifo(card)
    fifo_segment = b.segments(shared) / f"{b.device}_00000002.seg"
    os.mkfifo(fifo_segment)
    start = time.monotonic()
    result = a.sync(shared, timeout=60)
    report = synchro_ok(result)
    assert time.monotonic() - start < 30
    assert report["recues"] == 1 and a.noms() == {"Vernhes"}
    assert str(card) in result.stderr and str(fifo_segment) in result.stderr
    assert "tube nommé (FIFO)" in result.stderr


def test_links_sockets_and_linked_folders_are_never_opened(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    elsewhere = tmp_path / "ailleurs"
    (elsewhere / "segments").mkdir(parents=True)
    b_segment = next(b.segments(shared).iterdir())
    # a link named like B's next segment, pointing to a copy of a real segment: never opened
    copy = elsewhere / "copie.seg"
    copy.write_bytes(b_segment.read_bytes())
    link = b.segments(shared) / f"{b.device}_00000002.seg"
    link.symlink_to(copy)
    # a whole device folder that is a link to a folder elsewhere
    other = "12345678-1234-4234-8234-123456789abc"
    linked_device = shared / "coordinateur" / "appareils" / other
    linked_device.symlink_to(elsewhere, target_is_directory=True)
    # a socket named like a segment
    sock_path = b.segments(shared) / f"{b.device}_00000003.seg"
    server = socket.socket(socket.AF_UNIX)
    try:
        monkeypatch.chdir(sock_path.parent)  # a socket's path is limited to about 100 characters
        server.bind(sock_path.name)
        monkeypatch.undo()
        result = a.sync(shared, timeout=60)
    finally:
        server.close()
    report = synchro_ok(result)
    assert report["recues"] == 1 and a.noms() == {"Vernhes"}
    for path in (link, linked_device):
        assert str(path) in result.stderr
    assert "lien symbolique" in result.stderr and "une socket" in result.stderr
    assert link.is_symlink() and linked_device.is_symlink() and copy.exists()


def test_a_huge_file_named_like_a_segment_is_refused_unread(tmp_path: Path, shared: Path) -> None:
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    huge = b.segments(shared) / f"{b.device}_00000002.seg"
    with huge.open("wb") as handle:  # 1 GB, sparse: no disk used, but 1 GB to read
        handle.truncate(1024**3)
    start = time.monotonic()
    result = a.sync(shared, mesure=True)
    report = synchro_ok(result)
    assert time.monotonic() - start < 30
    peak_kb = int(result.stderr.rsplit("MAXRSS", 1)[1])  # the sync's own peak memory
    assert peak_kb < 300 * 1024, f"{peak_kb // 1024} Mo"
    assert report["recues"] == 1 and str(huge) in result.stderr and "trop gros" in result.stderr


@pytest.mark.parametrize("content", [b"[]", b"{", b"null", b'"coordinateur-partage"', b"[" * 100_000])
def test_a_malformed_format_file_stops_with_a_french_message_naming_it(
    tmp_path: Path, shared: Path, content: bytes
) -> None:
    a = portable(tmp_path / "a")
    fmt = shared / "coordinateur" / "FORMAT.json"
    fmt.write_bytes(content)
    result = a.sync(shared)
    assert result.returncode == 4, result.stderr
    assert str(fmt) in result.stderr and "Erreur inattendue" not in result.stderr
    state = a.cli("partage", "etat", "--dossier", str(shared), "--json")
    assert state.returncode == 4 and "Erreur inattendue" not in state.stderr


def test_a_fifo_as_format_file_ends_in_bounded_time(tmp_path: Path, shared: Path) -> None:
    a = portable(tmp_path / "a")
    fmt = shared / "coordinateur" / "FORMAT.json"
    fmt.unlink()
    os.mkfifo(fmt)
    result = a.sync(shared, timeout=60)
    assert result.returncode == 4 and str(fmt) in result.stderr and "tube nommé" in result.stderr


@pytest.mark.parametrize("content", [b"[]", b"{pas du json", b'{"nom": {"a": 1}, "coordinateur": [1]}'])
def test_a_malformed_device_card_is_named_and_its_segments_still_apply(
    tmp_path: Path, shared: Path, content: bytes
) -> None:
    a, b = portable(tmp_path / "a"), portable(tmp_path / "b")
    en_equipe(shared, a, b)
    b.ajoute("Vernhes")
    synchro_ok(b.sync(shared))
    card = shared / "coordinateur" / "appareils" / b.device / "appareil.cmb"
    card.write_bytes(content)
    result = a.sync(shared)
    report = synchro_ok(result)
    assert report["recues"] == 1 and a.noms() == {"Vernhes"}
    if content != b'{"nom": {"a": 1}, "coordinateur": [1]}':
        assert str(card) in result.stderr


def test_a_malformed_checksum_list_or_a_link_among_the_exports_is_named(tmp_path: Path, shared: Path) -> None:
    from coordinateur.confiance.ouverture import open_store
    from coordinateur.partage.boite import depose
    from coordinateur.paths import resolve_paths

    a = portable(tmp_path / "a")
    with open_store(resolve_paths(a.data)) as store:
        depose(
            store,
            destinataire="CIAS",
            genre="releve",
            extension="pdf",
            contenu=b"%PDF-1.4",
            donnees_personnes=False,
        )
    folder = shared / "coordinateur" / "exports" / "cias" / "2026"
    folder.mkdir(parents=True)
    listing = folder / "SHA256SUMS_20261127T101010Z_abcd.sha256"
    listing.write_bytes(b"[]")
    link = folder / "releve_20261127T101010Z_abcd.pdf"
    link.symlink_to(a.data / "coordinateur.db")
    result = a.sync(shared)
    report = synchro_ok(result)
    assert report["exports"] == 1
    assert str(listing) in result.stderr and "mal formée" in result.stderr
    assert str(link) in result.stderr and link.is_symlink() and a.noms() == set()


def test_a_shared_tree_that_is_a_link_is_refused_by_name(tmp_path: Path) -> None:
    """`<dossier>/coordinateur` replaced by a link to a folder that looks like a shared tree (here the
    laptop's own data folder, with a FORMAT.json planted in it): never used."""
    a = portable(tmp_path / "a")
    (a.data / "FORMAT.json").write_text('{"format": "coordinateur-partage", "major": 1}')
    shared = tmp_path / "partage"
    shared.mkdir()
    (shared / "coordinateur").symlink_to(a.data, target_is_directory=True)
    a.ajoute("Cayla")
    result = a.sync(shared)
    assert result.returncode == 4 and str(shared / "coordinateur") in result.stderr
    assert "lien symbolique" in result.stderr and not (a.data / "appareils").exists()
    assert a.etat(shared)["indisponible"].startswith("Dossier de partage")
