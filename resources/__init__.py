"""Shipped resources (reference data, icons, translations). One lookup for source and bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a resource file, whether running from source, an installed wheel or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) / "resources" if bundle else Path(__file__).resolve().parent
    return base.joinpath(*parts)
