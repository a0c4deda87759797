from pathlib import Path

import pytest

from coordinateur.store.location import refusal_reason

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
//nas/partage /mnt/nas cifs rw,vers=3.0 0 0
nas:/export /home/camille/Réseau nfs4 rw 0 0
/dev/sdb1 /mnt/nas/usb vfat rw 0 0
/dev/sdc1 /media/cle\\040usb vfat rw 0 0
"""


def test_local_folder_is_accepted(tmp_path: Path) -> None:
    assert refusal_reason(tmp_path / "donnees", mounts=MOUNTS) is None


@pytest.mark.parametrize(
    ("path", "fstype"),
    [("/mnt/nas/coordinateur", "cifs"), ("/home/camille/Réseau/donnees", "nfs4")],
)
def test_network_shares_are_refused(path: str, fstype: str) -> None:
    reason = refusal_reason(Path(path), mounts=MOUNTS, platform="linux")
    assert reason is not None and fstype in reason and "partage réseau" in reason


def test_deepest_mount_wins() -> None:
    assert refusal_reason(Path("/mnt/nas/usb/donnees"), mounts=MOUNTS, platform="linux") is None
    assert refusal_reason(Path("/media/cle usb/donnees"), mounts=MOUNTS, platform="linux") is None


@pytest.mark.parametrize(
    ("marker", "client"),
    [(".stfolder", "Syncthing"), (".dropbox", "Dropbox"), (".owncloudsync.log", "Nextcloud"),
     ("._sync_3f2a9c.db", "Nextcloud")],
)  # fmt: skip
def test_sync_client_folders_are_refused(tmp_path: Path, marker: str, client: str) -> None:
    root = tmp_path / "synchro"
    root.mkdir()
    (root / marker).touch()
    reason = refusal_reason(root / "sous" / "donnees", mounts="")
    assert reason is not None and client in reason


@pytest.mark.parametrize(("name", "client"), [("OneDrive - CPTS Nord", "OneDrive"), ("Dropbox", "Dropbox")])
def test_sync_client_folder_names_are_refused(tmp_path: Path, name: str, client: str) -> None:
    reason = refusal_reason(tmp_path / name / "Coordinateur", mounts="")
    assert reason is not None and client in reason
