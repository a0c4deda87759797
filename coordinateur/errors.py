"""The core's exceptions. Each carries a French message meant for the user and a CLI exit code."""

from __future__ import annotations

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


class StoreError(CoordinateurError):
    """The store cannot be opened or used (foreign file, newer schema, bad location…)."""


class StoreLockedError(CoordinateurError):
    """Another process already has this store open."""

    exit_code = EXIT_LOCKED

    def __init__(self, message: str, holder: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.holder = holder or {}


class ValidationError(CoordinateurError):
    """Bad input: nothing was saved. `field` names the field at fault when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
