"""Storage: engines, sessions, pragmas, migrations, lock, audit log, backups."""

from coordinateur.store.store import Store, open_store

__all__ = ["Store", "open_store"]
