"""Refuse to keep the live store on a network share or inside a folder a sync client manages.

SQLite's locking and WAL are not safe over SMB/NFS, and sync clients copy a database mid-write and
produce conflicting copies. The shared folder (`partage/`) is the safe way to exchange data.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PureWindowsPath

NETWORK_FILESYSTEMS = frozenset(
    {
        "cifs", "smb", "smb2", "smb3", "smbfs", "nfs", "nfs4", "afpfs", "afs", "ncpfs", "9p",
        "sshfs", "fuse.sshfs", "davfs", "fuse.davfs2", "webdav", "fuse.rclone", "fuse.gvfsd-fuse",
    }
)  # fmt: skip

# Files a sync client leaves at the root of the folder it manages.
SYNC_MARKERS: tuple[tuple[str, str], ...] = (
    (".stfolder", "Syncthing"),
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".owncloudsync.log", "Nextcloud"),
    (".nextcloudsync.log", "Nextcloud"),
)
_NEXTCLOUD_JOURNAL = re.compile(r"^\.?_?sync_[0-9a-f]+\.db$")
# Folder names sync clients create by default.
SYNC_FOLDER_NAMES: tuple[tuple[str, str], ...] = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("nextcloud", "Nextcloud"),
)


def refusal_reason(path: Path, *, mounts: str | None = None, platform: str = sys.platform) -> str | None:
    """A French sentence saying why `path` must not hold the live store, or None if it may."""
    path = Path(os.path.abspath(path))
    reason = _sync_client_reason(path, platform)
    if reason:
        return reason
    fstype = _filesystem_type(path, mounts, platform)
    if fstype and fstype.lower() in NETWORK_FILESYSTEMS:
        return (
            f"Le dossier {path} est sur un partage réseau ({fstype}). Les données de Coordinateur doivent "
            "rester sur le disque de cet ordinateur ; utilisez le partage seulement comme dossier d'échange."
        )
    if platform == "win32" and _windows_remote(path):
        return (
            f"Le dossier {path} est sur un lecteur réseau. Les données de Coordinateur doivent rester sur "
            "le disque de cet ordinateur ; utilisez le partage seulement comme dossier d'échange."
        )
    return None


def _sync_client_reason(path: Path, platform: str) -> str | None:
    for folder in (path, *path.parents):
        client = _sync_client_at(folder)
        if client:
            return _sync_message(path, client)
    for part in path.parts:
        lowered = part.lower()
        for prefix, client in SYNC_FOLDER_NAMES:
            if lowered == prefix or lowered.startswith(prefix + " -") or lowered.startswith(prefix + "-"):
                return _sync_message(path, client)
    if platform == "win32":
        for var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
            root = os.environ.get(var)
            if root and _is_within(path, Path(root)):
                return _sync_message(path, "OneDrive")
    return None


def _sync_client_at(folder: Path) -> str | None:
    try:
        names = {entry.name for entry in os.scandir(folder)} if folder.is_dir() else set()
    except OSError:
        return None
    for marker, client in SYNC_MARKERS:
        if marker in names:
            return client
    if any(_NEXTCLOUD_JOURNAL.match(name) for name in names):
        return "Nextcloud"
    return None


def _sync_message(path: Path, client: str) -> str:
    return (
        f"Le dossier {path} est synchronisé par {client}. Une base de données ouverte ne doit jamais être "
        "synchronisée (copies en conflit, pertes). Choisissez un dossier local non synchronisé ; le partage "
        "entre coordinateurs passe par le dossier d'échange."
    )


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _filesystem_type(path: Path, mounts: str | None, platform: str) -> str | None:
    if mounts is None:
        mounts = _read_mounts(platform)
    if not mounts:
        return None
    best: tuple[int, str] | None = None
    for mount_point, fstype in _parse_mounts(mounts, platform):
        if _is_within(path, Path(mount_point)):
            depth = len(Path(mount_point).parts)
            if best is None or depth > best[0]:
                best = (depth, fstype)
    return best[1] if best else None


def _read_mounts(platform: str) -> str:
    try:
        if platform.startswith("linux"):
            return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        if platform == "darwin":  # pragma: no cover - macOS only
            import subprocess

            return subprocess.run(["mount"], capture_output=True, text=True, timeout=5).stdout
    except Exception:  # an unreadable mount table only means "not known to be remote"
        return ""
    return ""


def _parse_mounts(text: str, platform: str) -> list[tuple[str, str]]:
    result = []
    for line in text.splitlines():
        if platform == "darwin":
            match = re.match(r"^.+? on (.+) \(([^,)]+)", line)
            if match:
                result.append((match.group(1), match.group(2)))
            continue
        fields = line.split()
        if len(fields) >= 3:
            # /proc/mounts escapes spaces as \040
            result.append((fields[1].replace("\\040", " "), fields[2]))
    return result


def _windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    text = str(path)
    if text.startswith("\\\\"):
        return True
    drive = PureWindowsPath(text).drive
    if not drive:
        return False
    import ctypes

    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]
