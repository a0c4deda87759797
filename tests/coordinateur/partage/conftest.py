"""Fixtures the attacks on compaction share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.paths import resolve_paths
from coordinateur.store import Store


@pytest.fixture
def c(tmp_path: Path) -> Iterator[Store]:
    """A laptop's store, alone: what it is sent is merged as a sync would."""
    store = open_store(resolve_paths(tmp_path / "c"))
    try:
        yield store
    finally:
        store.close()
