"""Storage: engines, sessions, pragmas, migrations, lock, audit log, backups.

`Store` and `open_store` are loaded on first use (PEP 562), so that a submodule that does not need the
engine (the key file's `chiffrement`, read before the passphrase dialog is shown) does not pull SQLAlchemy in
with the package."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coordinateur.store.store import Store, open_store

__all__ = ["Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from coordinateur.store import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
