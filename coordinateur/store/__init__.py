"""Storage: engines, sessions, pragmas, migrations, models, clock, location and lock.

Opening a store (its keys, an interrupted encryption, the copy before a migration, the audit journal's
seal) is the trust package's: `coordinateur.confiance.ouverture.open_store`.

`Store` is loaded on first use (PEP 562), so that a module that does not need the engine (the key file's
`confiance.chiffrement`, read before the passphrase dialog is shown) does not pull SQLAlchemy in with the
package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coordinateur.store.store import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from coordinateur.store import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
