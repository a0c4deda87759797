"""One process per store: an OS-level lock on a file beside the store.

The lock is released by the OS when the process dies, so a crash never leaves a stale lock. The file
also says who holds it (pid, host, window or command) so the second start can explain itself.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

from coordinateur.errors import StoreLockedError

_WINDOWS_LOCK_OFFSET = 1 << 20


class StoreLock:
    def __init__(self, path: Path, kind: str = "commande") -> None:
        self.path = path
        self.kind = kind
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            holder = read_holder(self.path)
            raise StoreLockedError(_locked_message(holder), holder) from None
        info = {
            "pid": str(os.getpid()),
            "hote": socket.gethostname(),
            "type": self.kind,
            "depuis": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        _write_at0(fd, info)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def read_holder(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_bytes().split(b"\0", 1)[0] or b"{}")
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _locked_message(holder: dict[str, str]) -> str:
    if holder.get("type") == "fenetre":
        return (
            "Coordinateur est déjà ouvert sur ce dossier de données"
            f" (processus {holder.get('pid', '?')}). Utilisez la fenêtre déjà ouverte."
        )
    if holder:
        return (
            "Ce dossier de données est utilisé par une autre commande Coordinateur en cours"
            f" (processus {holder.get('pid', '?')} sur {holder.get('hote', '?')}). Réessayez quand elle sera finie."
        )
    return "Ce dossier de données est déjà utilisé par un autre Coordinateur."


def _write_at0(fd: int, info: dict[str, str]) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(info).encode("utf-8"))


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
