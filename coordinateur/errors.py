"""The core's exceptions. Each carries a French message meant for the user and a CLI exit code."""

from __future__ import annotations

import errno

# Exit codes of the command-line contract (architecture §6).
EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_SHARE_UNAVAILABLE = 4


class CoordinateurError(Exception):
    """Base of every error the user may see. `str(err)` is a French sentence."""

    exit_code = EXIT_REFUSED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def resume(self) -> str:
        """What the log keeps of the refusal: the message, unless it may name a person (then a count)."""
        return self.message


class StoreError(CoordinateurError):
    """The store cannot be opened or used (foreign file, newer schema, bad location…)."""


class StoreLockedError(CoordinateurError):
    """Another process already has this store open."""

    exit_code = EXIT_LOCKED

    def __init__(self, message: str, holder: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.holder = holder or {}


class UsageError(CoordinateurError):
    """A command-line argument that cannot be understood (exit code 2, as argparse)."""

    exit_code = EXIT_USAGE


class ValidationError(CoordinateurError):
    """Bad input: nothing was saved. `field` names the field at fault when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


_OS_ERRORS = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "disque plein",
    errno.EROFS: "support en lecture seule",
    errno.ENOTDIR: "ce n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
    errno.EEXIST: "existe déjà",
    errno.EIO: "erreur de lecture ou d'écriture sur le support",
    errno.ENAMETOOLONG: "nom trop long",
}


def decrit_erreur_systeme(exc: OSError) -> str:
    """A short French description of an OS error (the OS's own text is often in English)."""
    return _OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))


def erreur_connue(exc: BaseException) -> str | None:
    """A French message for the failures of the machine rather than of the program: a full disk, a disk
    that refuses to write, a database kept busy by another program past the wait. Looks through the exception's causes (SQLAlchemy wraps sqlite3's)."""
    import errno

    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            break
        text = str(seen).lower()
        if (isinstance(seen, OSError) and seen.errno == errno.ENOSPC) or "database or disk is full" in text:
            return (
                "Le disque est plein : l'opération a été annulée et rien n'a été modifié. Libérez de la place "
                "(la corbeille, les téléchargements), puis recommencez."
            )
        if "database is locked" in text or "database table is locked" in text:
            return (
                "Les données étaient occupées par une autre opération : rien n'a été modifié. Recommencez dans "
                "un instant."
            )
        if "disk i/o error" in text:
            return (
                "Le disque a refusé d'écrire (erreur d'entrée-sortie) : l'opération a été annulée. Vérifiez le "
                "disque ou la clé USB, puis recommencez."
            )
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return None
