"""The meetings' tests date things from "today": a run crossing midnight takes the date each test runs on,
not the one its module was imported on."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _aujourdhui(request: pytest.FixtureRequest) -> None:
    if hasattr(request.module, "TODAY"):
        request.module.TODAY = date.today()
