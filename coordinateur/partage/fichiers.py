"""The shared folder's file system is hostile ground (architecture §5): never follow a link there.

Anyone who can write to the shared folder can put a symbolic link, a junction, a FIFO, a device or a
socket where Coordinateur expects a file or a folder. Every access to the folder goes through here:
- entries are looked at with `lstat` (never `stat`), and only regular files and real folders are used;
  on Windows a reparse point (junction, symbolic link, cloud placeholder) is refused like a link;
- a file is opened with `O_NOFOLLOW | O_NONBLOCK` where they exist (a FIFO never blocks the open), then
  `fstat` must show the same regular file that `lstat` saw, and no more bytes are read than its kind may
  hold (a 1 GB file named like a segment is refused without being read);
- clean-up works through a descriptor of the staging folder itself (`dir_fd`), so that a `.tmp` replaced
  by a link to the laptop's data folder is never entered, and deletes only regular files named the way
  this laptop names its own staging files.
Whatever is refused raises `FichierRefuse`, whose French message names the file: the caller skips it,
warns, and goes on with the rest of the sync.
"""

from __future__ import annotations

import errno
import hashlib
import os
import queue
import re
import stat
import threading
from collections.abc import Callable
from pathlib import Path

from coordinateur.errors import CoordinateurError

KO = 1024
MO = 1024 * KO
_REPARSE = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
DIR_FD = os.unlink in os.supports_dir_fd and os.stat in os.supports_dir_fd and _DIRECTORY != 0


DELAI_LECTURE = 30.0  # seconds a read of another laptop's file may take before the folder is "not answering"


class FichierRefuse(CoordinateurError):
    """A file or folder of the shared folder that is not what it should be; the message names it."""


class LectureBloquee(CoordinateurError):
    """A read from the shared folder that does not come back (a hung network share): the sync ends, the
    way it does when the folder is unavailable (exit code 4)."""

    exit_code = 4


def _reparse(info: os.stat_result) -> bool:
    return bool(getattr(info, "st_file_attributes", 0) & _REPARSE)


def nature(info: os.stat_result) -> str:
    """What an entry is, in French, from its `lstat`."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "un lien symbolique"
    if _reparse(info):
        return "un lien ou une jonction Windows"
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISSOCK(mode):
        return "une socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "un périphérique"
    if stat.S_ISDIR(mode):
        return "un dossier"
    if stat.S_ISREG(mode):
        return "un fichier"
    return "un fichier spécial"


def fichier_ordinaire(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and not _reparse(info)


def dossier_ordinaire(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode) and not _reparse(info)


def _taille(octets: int) -> str:
    if octets >= MO:
        return f"{octets / MO:.0f} Mo".replace(".", ",")
    return f"{max(1, octets // KO)} Ko"


def refuse(path: Path, info: os.stat_result, attendu: str = "fichier") -> FichierRefuse:
    return FichierRefuse(
        f"Dossier de partage : « {path} » est {nature(info)} au lieu d'un {attendu} ordinaire ; "
        "Coordinateur ne l'ouvre pas et n'y touche pas."
    )


def lstat(path: Path) -> os.stat_result | None:
    """The entry itself (a link is not followed); None when absent."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def est_dossier(path: Path) -> bool:
    """`path` is a real folder (not a link to one, not a junction)."""
    info = lstat(path)
    return info is not None and dossier_ordinaire(info)


def existe(path: Path) -> bool:
    """Something is at `path`, link or not (a dangling link counts: it is never written over)."""
    return lstat(path) is not None


def verifie_dossier(path: Path) -> None:
    """Raise FichierRefuse unless `path` is absent or a real folder."""
    info = lstat(path)
    if info is not None and not dossier_ordinaire(info):
        raise refuse(path, info, "dossier")


def _ouvre(path: Path) -> tuple[int, os.stat_result]:
    """A read descriptor of the regular file at `path`, and its fstat; FichierRefuse otherwise."""
    before = lstat(path)
    if before is None:
        raise FileNotFoundError(path)
    if not fichier_ordinaire(before):
        raise refuse(path, before)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY | _CLOEXEC)
    except OSError as exc:
        info = lstat(path)
        if info is not None and not fichier_ordinaire(info):  # replaced by a link since the lstat
            raise refuse(path, info) from exc
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link (whatever the look saw)
            raise FichierRefuse(
                f"Dossier de partage : « {path} » est un lien symbolique au lieu d'un fichier ordinaire ; "
                "Coordinateur ne l'ouvre pas et n'y touche pas."
            ) from exc
        raise
    try:
        info = os.fstat(fd)
        if not fichier_ordinaire(info) or (info.st_ino, info.st_dev) != (before.st_ino, before.st_dev):
            raise refuse(path, info)
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def lit(path: Path, limite: int, *, debut: bool = False) -> bytes:
    """The bytes of the regular file at `path`, never more than `limite` (with `debut`, its first `limite`
    bytes whatever its size: a header looked at before the whole file is read).

    Raises FichierRefuse (link, special file, too large), FileNotFoundError, or OSError."""
    fd, info = _ouvre(path)
    try:
        if debut:
            return os.read(fd, limite)
        if info.st_size > limite:
            raise trop_gros(path, info.st_size, limite)
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(MO, limite + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limite:  # it grew while being read
                raise trop_gros(path, total, limite)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _Lecteur:
    """A daemon thread that reads the shared folder's files for `lit_borne`, one after the other: starting a
    thread for each read cost more than reading a small file (a joining laptop reads about a hundred)."""

    def __init__(self) -> None:
        self._travaux: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        threading.Thread(target=self._tourne, name="lecture-partage", daemon=True).start()

    def _tourne(self) -> None:
        while (travail := self._travaux.get()) is not None:
            travail()
            del travail  # idle, it keeps nothing of the last read (a document may weigh 512 MB)

    def confie(self, travail: Callable[[], None]) -> None:
        self._travaux.put(travail)

    def abandonne(self) -> None:
        """Left behind on a blocked read: it ends once the kernel gives the read back."""
        self._travaux.put(None)


_lecteurs_libres: list[_Lecteur] = []  # idle readers; a caller on another thread takes its own
_verrou_lecteurs = threading.Lock()


def _apres_fork() -> None:
    """A forked process has none of these threads, and the lock may have been held by another one."""
    global _verrou_lecteurs
    _verrou_lecteurs = threading.Lock()
    _lecteurs_libres.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_apres_fork)


def lit_borne(path: Path, limite: int, *, debut: bool = False) -> bytes:
    """`lit`, on a reader thread given `DELAI_LECTURE` seconds: a share that stops answering in the middle
    of a read (open, stat or read blocked in the kernel) ends the sync with a French message naming the
    file instead of hanging it while it holds the data folder's lock. The blocked reader is left behind
    (a daemon: it never delays the exit of the program) and the next read gets a new one."""
    result: dict[str, object] = {}
    fini = threading.Event()

    def work() -> None:
        try:
            result["data"] = lit(path, limite, debut=debut)
        except BaseException as exc:  # handed over to the caller
            result["exc"] = exc
        finally:
            fini.set()

    with _verrou_lecteurs:
        lecteur = _lecteurs_libres.pop() if _lecteurs_libres else _Lecteur()
    lecteur.confie(work)
    try:
        done = fini.wait(DELAI_LECTURE)
    except BaseException:  # interrupted (Ctrl-C): the reader ends with its read instead of waiting forever
        lecteur.abandonne()
        raise
    if not done:
        lecteur.abandonne()
        raise LectureBloquee(
            f"Le dossier de partage ne répond pas : la lecture de « {path} » dure depuis plus de "
            f"{DELAI_LECTURE:.0f} s (partage réseau bloqué ?). Rien n'est perdu : la synchronisation reprendra."
        )
    with _verrou_lecteurs:
        _lecteurs_libres.append(lecteur)
    if "exc" in result:
        raise result["exc"]  # type: ignore[misc]
    data = result["data"]
    assert isinstance(data, bytes)
    return data


def trop_gros(path: Path, size: int, limite: int) -> FichierRefuse:
    return FichierRefuse(
        f"Dossier de partage : « {path} » est trop gros ({_taille(size)} ; au plus {_taille(limite)} "
        "pour ce genre de fichier) : il est ignoré sans être lu."
    )


def empreinte(path: Path, limite: int) -> str:
    """SHA-256 of the regular file at `path`, read in pieces (never more than `limite` bytes)."""
    fd, info = _ouvre(path)
    try:
        if info.st_size > limite:
            raise trop_gros(path, info.st_size, limite)
        digest = hashlib.sha256()
        total = 0
        while chunk := os.read(fd, MO):
            total += len(chunk)
            if total > limite:
                raise trop_gros(path, total, limite)
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def noms(folder: Path) -> list[str]:
    """The names in a real folder, none of them stat'ed (what only tells whether something is new); [] when
    absent or when `folder` is not a real folder."""
    if not est_dossier(folder):
        return []
    try:
        return os.listdir(folder)
    except OSError:
        return []


def entrees(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """The entries of a real folder with their own `lstat` (links not followed); [] when absent or when
    `folder` is not a real folder."""
    if not est_dossier(folder):
        return []
    found = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        info = lstat(folder / name)
        if info is not None:
            found.append((folder / name, info))
    return found


def cree_exclusif(path: Path) -> int:
    """A new file at `path`, for writing; fails if anything (a link included) is already there."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY | _CLOEXEC, 0o600)


def nettoie(staging: Path, motif: re.Pattern[str]) -> tuple[int, list[str]]:
    """Remove this laptop's staging leftovers: regular files of `staging` whose name matches `motif`.

    `staging` must be a real folder; it is opened once and worked on through that descriptor (`dir_fd`)
    where the system allows, so that a folder swapped for a link meanwhile is never entered. Links and
    special files are never deleted: each is named in a warning. Returns (removed, warnings)."""
    info = lstat(staging)
    if info is None:
        return 0, []
    if not dossier_ordinaire(info):
        return 0, [str(refuse(staging, info, "dossier"))]
    removed, warnings = 0, []
    if DIR_FD:
        try:
            fd = os.open(staging, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
        except OSError:
            return 0, [f"Dossier de partage : « {staging} » n'a pas pu être ouvert ; rien n'y est effacé."]
        try:
            opened = os.fstat(fd)
            if (opened.st_ino, opened.st_dev) != (info.st_ino, info.st_dev):
                return 0, [
                    f"Dossier de partage : « {staging} » a changé pendant le nettoyage ; rien n'y est effacé."
                ]
            for name in sorted(os.listdir(fd)):
                try:
                    entry = os.stat(name, dir_fd=fd, follow_symlinks=False)
                except OSError:
                    continue
                if not fichier_ordinaire(entry):
                    warnings.append(str(refuse(staging / name, entry)))
                elif motif.fullmatch(name):
                    try:
                        os.unlink(name, dir_fd=fd)
                        removed += 1
                    except OSError:
                        pass
        finally:
            os.close(fd)
        return removed, warnings
    for path, entry in entrees(staging):  # Windows: no dir_fd; reparse points are refused above
        if not fichier_ordinaire(entry):
            warnings.append(str(refuse(path, entry)))
        elif motif.fullmatch(path.name):
            again = lstat(path)
            if again is not None and fichier_ordinaire(again):
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
    return removed, warnings
