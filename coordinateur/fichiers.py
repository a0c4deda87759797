"""Writing user files safely: a temporary file beside the target, flushed to disk, then renamed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from coordinateur.errors import CoordinateurError, decrit_erreur_systeme


@contextmanager
def ecriture_atomique(path: Path, mode: str = "wb", **open_kwargs: object) -> Iterator[IO]:
    """Yield a handle on a temporary file; on success it replaces `path` in one step, never half-written."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CoordinateurError(
            f"Impossible d'écrire dans {path.parent} : {decrit_erreur_systeme(exc)}."
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CoordinateurError(f"Impossible d'écrire {path} : {decrit_erreur_systeme(exc)}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
