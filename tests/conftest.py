"""Shared fixtures: offscreen Qt, a fresh data folder and store per test, no shared state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("COORDINATEUR_DATA_DIR", None)
# A developer's own passphrase would encrypt every store a test creates through the command line, and a
# module that copies the environment at import time (subprocess helpers) would keep it: removed here, and
# again around every test in case one sets it without monkeypatch. A test about it sets it itself.
os.environ.pop("COORDINATEUR_PASSPHRASE", None)

import pytest

from coordinateur.confiance.ouverture import open_store
from coordinateur.paths import Paths, resolve_paths
from coordinateur.store import Store


@pytest.fixture(autouse=True)
def no_passphrase_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COORDINATEUR_PASSPHRASE", raising=False)
    monkeypatch.delenv("COORDINATEUR_NOUVELLE_PASSPHRASE", raising=False)


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


@pytest.fixture
def annuaire(store: Store) -> dict[str, str]:
    """A small hand-built directory of the Nord-Aveyron; returns ids by short name."""
    from coordinateur.annuaire.fiches import FicheIntervenant, FicheStructure
    from coordinateur.annuaire.service import enregistre
    from coordinateur.demo import DEMO_COORDINATEUR
    from coordinateur.territoire import enregistre_premier_demarrage

    enregistre_premier_demarrage(store, DEMO_COORDINATEUR)
    ids: dict[str, str] = {}
    ids["ssiad"] = enregistre(store, FicheStructure(
        nom="SSIAD du Carladez", type_code="SSIAD", commune_code="12164", finess_et="010780195",
        zone_epcis=["200067171"], telephones=[{"type": "fixe", "numero": "05 65 66 10 20"}],
    )).id  # fmt: skip
    ids["saad"] = enregistre(store, FicheStructure(
        nom="Aide à domicile Viadène", type_code="SAAD", commune_code="12223", zone_communes=["12223", "12119"],
    )).id  # fmt: skip
    ids["jerome"] = enregistre(store, FicheIntervenant(
        civilite="M.", nom="Lefèvre", prenom="Jérôme", profession_code="60", commune_code="12216",
        rpps="10001045367", telephones=[{"type": "mobile", "numero": "06 12 34 56 78"}], email="jerome.lefevre@example.fr",
        structure_ids=[ids["ssiad"]],
    )).id  # fmt: skip
    ids["coeur"] = enregistre(store, FicheIntervenant(
        nom="Cœurdevey", prenom="Anne", profession_code="AIDE_DOM", commune_code="12119", structure_ids=[ids["saad"]],
    )).id  # fmt: skip
    ids["ancien"] = enregistre(store, FicheIntervenant(
        nom="Vernhes", prenom="Paul", profession_code="10", commune_code="12096", actif=False,
    )).id  # fmt: skip
    return ids
