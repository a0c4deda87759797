"""Where Coordinateur keeps its files.

Default folders follow the platform (platformdirs). `--data-dir` or the COORDINATEUR_DATA_DIR
environment variable puts *everything* (store, logs, backups, cache) under one folder, which is what
tests, the demo and administrators use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "COORDINATEUR_DATA_DIR"
STORE_FILENAME = "coordinateur.db"
LOCK_FILENAME = "coordinateur.verrou"
ACTIVATION_FILENAME = "coordinateur.activation"


@dataclass(frozen=True)
class Paths:
    data: Path
    logs: Path
    cache: Path
    backups: Path

    @property
    def store(self) -> Path:
        return self.data / STORE_FILENAME

    @property
    def lock(self) -> Path:
        return self.data / LOCK_FILENAME

    @property
    def activation(self) -> Path:
        return self.data / ACTIVATION_FILENAME

    def ensure(self) -> None:
        """Create the folders, readable by this user only (0700): they hold the store, its keys, backups,
        logs and previews."""
        for folder in (self.data, self.logs, self.cache, self.backups):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            prive(folder)


def prive(path: Path) -> None:
    """This user only: 0700 for a folder, 0600 for a file (on Windows the profile's ACLs already are)."""
    if os.name == "nt" or path.is_symlink() or not path.exists():
        return
    wanted = 0o700 if path.is_dir() else 0o600
    if path.stat().st_mode & 0o777 != wanted:
        try:
            os.chmod(path, wanted)
        except PermissionError:  # not ours (a shared machine's folder): the location check says so
            pass


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Folders for this run: explicit argument, then environment, then the platform's defaults."""
    chosen = data_dir or os.environ.get(ENV_DATA_DIR)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Paths(data=root, logs=root / "journaux", cache=root / "cache", backups=root / "sauvegardes")
    import platformdirs

    data = Path(platformdirs.user_data_dir("Coordinateur", appauthor=False))
    return Paths(
        data=data,
        logs=Path(platformdirs.user_log_dir("Coordinateur", appauthor=False)),
        cache=Path(platformdirs.user_cache_dir("Coordinateur", appauthor=False)),
        backups=data / "sauvegardes",
    )
