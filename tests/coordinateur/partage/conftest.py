"""Fixtures the partage tests share: a lone store, a new shared folder, teams of two, three and four laptops
on one shared folder, and a spy on what a sync reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.partage.dossier import initialise
from coordinateur.paths import resolve_paths
from coordinateur.store import Store

from .outils import en_equipe


@pytest.fixture
def c(tmp_path: Path) -> Iterator[Store]:
    """A laptop's store, alone: what it is sent is merged as a sync would."""
    store = open_store(resolve_paths(tmp_path / "c"))
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _equipe(tmp_path: Path, names: str) -> Iterator[tuple[Any, ...]]:
    """Laptops `names` in one team on a new shared folder: (store, …, shared folder)."""
    shared = tmp_path / "partage"
    shared.mkdir()
    initialise(shared)
    stores = [open_store(resolve_paths(tmp_path / n)) for n in names]
    en_equipe(shared, *stores)
    try:
        yield (*stores, shared)
    finally:
        for store in stores:
            store.close()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "partage"
    folder.mkdir()
    initialise(folder)
    return folder


@pytest.fixture
def laptops(tmp_path: Path, shared: Path) -> Iterator[tuple[Store, Store, Path]]:
    """Two laptops in the team of `shared`."""
    a, b = open_store(resolve_paths(tmp_path / "a")), open_store(resolve_paths(tmp_path / "b"))
    en_equipe(shared, a, b)
    try:
        yield a, b, shared
    finally:
        a.close()
        b.close()


@pytest.fixture
def equipe3(tmp_path: Path) -> Iterator[tuple[Store, Store, Store, Path]]:
    with _equipe(tmp_path, "abc") as team:
        yield team  # type: ignore[misc]


@pytest.fixture
def equipe4(tmp_path: Path) -> Iterator[tuple[Store, Store, Store, Store, Path]]:
    with _equipe(tmp_path, "abcd") as team:
        yield team  # type: ignore[misc]


def lectures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the path of every file of the shared folder a sync reads, in order."""
    from coordinateur.partage import fichiers

    read: list[str] = []
    real = fichiers.lit_borne

    def counting(path: Path, *args: Any, **kwargs: Any) -> bytes:
        read.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(fichiers, "lit_borne", counting)
    return read
