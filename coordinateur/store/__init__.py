"""Storage: engines, sessions, pragmas, migrations, models, clock, location and lock.

Opening a store (its keys, an interrupted encryption, the copy before a migration, the audit journal's
seal) is the trust package's: `coordinateur.confiance.ouverture.open_store`.
"""

from coordinateur.store.store import Store

__all__ = ["Store"]
