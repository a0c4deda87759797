"""Imports every module that declares tables, so `Base.metadata` is complete (migrations, tests).

Each feature package adds its models module here.
"""

from __future__ import annotations

import importlib

MODEL_MODULES: tuple[str, ...] = (
    "coordinateur.store.models",
    "coordinateur.annuaire.models",
    "coordinateur.personnes.models",
    "coordinateur.reunions.models",
    "coordinateur.partage.models",
    "coordinateur.indicateurs.models",
)


def import_all_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
