"""Shared fixtures: offscreen Qt, a fresh data folder and store per test, no shared state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("COORDINATEUR_DATA_DIR", None)

import pytest

from coordinateur.paths import Paths, resolve_paths
from coordinateur.store import Store, open_store


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve_paths(tmp_path / "donnees")


@pytest.fixture
def store(paths: Paths) -> Iterator[Store]:
    opened = open_store(paths)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    from coordinateur.demo import remplir_demo

    remplir_demo(store)
    return store
